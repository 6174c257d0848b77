package pack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"firedrill/game"
)

// scenarioWith returns a valid scenario (start 14:00Z, one hour, services
// api, checkout and postgres) with extra top-level sections appended.
func scenarioWith(extra string) string {
	return `format: firedrill/v1
id: inc
title: Include test
difficulty: 2
time_limit: 10m
start: 2025-08-20T14:00:00Z
duration: 1h
briefing: test
services:
  - name: api
    calls: [checkout]
  - name: checkout
    calls: [postgres]
  - name: postgres
choices:
  - {id: a, text: A}
  - {id: b, text: B}
  - {id: c, text: C}
` + extra
}

func loadMap(t *testing.T, files map[string]string) (*game.Scenario, []error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return LoadScenario(fsys, "scenarios/s.yaml")
}

func mustLoad(t *testing.T, files map[string]string) *game.Scenario {
	t.Helper()
	s, errs := loadMap(t, files)
	if len(errs) > 0 {
		t.Fatalf("load: %v", errs)
	}
	return s
}

var t0 = time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)

func TestJSONLAliasesAndAttrs(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("traces_sampled: 0.1\nlogs:\n  - include: ../data/app.jsonl\n    format: jsonl\n    service: checkout\n"),
		"data/app.jsonl": `{"ts":"2025-08-20T14:00:01.123456789Z","level":"info","msg":"hello","pod":"p-1","attempt":2,"ok":true}
{"@timestamp":"2025-08-20T16:00:02+02:00","severity":"WARNING","message":"tab\there \u001b[2J","service.name":"api","traceId":"ABCDEF0123"}

{"time":1755698403,"lvl":"error","msg":"epoch s","app":"postgres","nested":{"a":[1,2]},"nil":null}
{"timestamp":"+4m","level":"DEBUG","msg":"offset","trace_id":"ff"}
{"ts":1755698405250,"msg":"epoch ms, pino level","level":50}
`,
	})
	if s.Logs.Len() != 5 {
		t.Fatalf("got %d lines, want 5", s.Logs.Len())
	}
	tests := []struct {
		at      time.Time
		service string
		level   game.Level
		msg     string
		trace   string
		attrs   string
	}{
		{t0.Add(time.Second + 123456789), "checkout", game.LevelInfo, "hello", "", "attempt=2 ok=true pod=p-1"},
		{t0.Add(2 * time.Second), "api", game.LevelWarn, "tab here ^[[2J", "abcdef0123", ""},
		{t0.Add(3 * time.Second), "postgres", game.LevelError, "epoch s", "", `nested={"a":[1,2]}`},
		{t0.Add(4*time.Minute + 0), "checkout", game.LevelDebug, "offset", "ff", ""},
		{t0.Add(5*time.Second + 250*time.Millisecond), "checkout", game.LevelError, "epoch ms, pino level", "", ""},
	}
	// Logs are sorted by time: the +4m line comes last.
	order := []int{0, 1, 2, 4, 3}
	for i, want := range order {
		got, w := s.Logs.Line(i), tests[want]
		var attrs []string
		for _, a := range got.Attrs {
			attrs = append(attrs, a.Key+"="+a.Value)
		}
		if !got.At.Equal(w.at) || got.Service != w.service || got.Level != w.level || got.Msg != w.msg ||
			got.Trace != w.trace || strings.Join(attrs, " ") != w.attrs {
			t.Errorf("line %d = %v %q %v %q %q %q; want %v %q %v %q %q %q", i, got.At, got.Service, got.Level,
				got.Msg, got.Trace, attrs, w.at, w.service, w.level, w.msg, w.trace, w.attrs)
		}
	}
	if got := s.Index.OfServices("checkout"); len(got) != 3 {
		t.Errorf("OfServices(checkout) = %v, want 3 lines", got)
	}
}

func TestLogfmtAndText(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("logs:\n  - include: lf.log\n    format: logfmt\n    service: api\n" +
			"  - include: tx.log\n    format: text\n"),
		"scenarios/lf.log": `time=2025-08-20T14:00:01Z level=warn msg="pool \"main\" exhausted" pod=api-1 retry
ts=+2s lvl=ERROR message=plain service=postgres
`,
		"scenarios/tx.log": "2025-08-20T14:00:03Z INFO checkout GET /cart 200  12ms\r\n2025-08-20T14:00:04.5Z FATAL postgres\n",
	})
	want := []string{
		`14:00:01 WARN api pool "main" exhausted [pod=api-1 retry=true]`,
		`14:00:02 ERROR postgres plain []`,
		`14:00:03 INFO checkout GET /cart 200  12ms []`,
		`14:00:04.5 FATAL postgres  []`,
	}
	if s.Logs.Len() != len(want) {
		t.Fatalf("got %d lines, want %d", s.Logs.Len(), len(want))
	}
	for i, l := range s.Logs.All() {
		var attrs []string
		for _, a := range l.Attrs {
			attrs = append(attrs, a.Key+"="+a.Value)
		}
		got := l.At.Format("15:04:05.999") + " " + l.Level.String() + " " + l.Service + " " + l.Msg + " [" + strings.Join(attrs, " ") + "]"
		if got != want[i] {
			t.Errorf("line %d = %s\nwant       %s", i, got, want[i])
		}
	}
}

func TestIncludeErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, format, body, want string
	}{
		{"bad level", "jsonl", `{"ts":"+1s","level":"info","service":"api"}` + "\n\n" + `{"ts":"+2s","level":"LOUD","service":"api"}`,
			`scenarios/x.log:3: level: "LOUD" is not a level`},
		{"not json", "jsonl", `{"ts":"+1s",`, `scenarios/x.log:1: invalid JSON at column 13`},
		{"two objects", "jsonl", `{"ts":"+1s"} {}`, `scenarios/x.log:1: invalid JSON at column 14: text after`},
		{"no time", "jsonl", `{"msg":"x"}`, `scenarios/x.log:1: time: missing`},
		{"bad time", "jsonl", `{"ts":"yesterday"}`, `scenarios/x.log:1: time: "yesterday": want RFC 3339`},
		{"outside window", "jsonl", `{"ts":"+2h"}`, `scenarios/x.log:1: time: 2025-08-20T16:00:00Z is outside`},
		{"undeclared service", "logfmt", `ts=+1s service=redis msg=x`, `scenarios/x.log:1: service: "redis" is not declared`},
		{"no service", "text", `2025-08-20T14:00:03Z INFO`, `scenarios/x.log:1: want <time> <LEVEL> <service> <message>`},
		{"unknown trace", "jsonl", `{"ts":"+1s","service":"api","trace_id":"abc"}`, `scenarios/x.log:1: trace: "abc" names no trace`},
		{"long line", "jsonl", `{"ts":"+1s","msg":"` + strings.Repeat("x", MaxLineBytes) + `"}`, `scenarios/x.log:1: line is longer than 65536 bytes`},
		{"logfmt quote", "logfmt", `ts=+1s msg="open`, `scenarios/x.log:1: invalid logfmt at column 12: unterminated`},
		{"bad format", "yaml", `x`, `scenarios/s.yaml:21: format: "yaml": log includes are access-log, journald, jsonl, k8s-events, logfmt, loki-json, otlp-json, syslog or text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := loadMap(t, map[string]string{
				"scenarios/s.yaml": scenarioWith("logs:\n  - include: x.log\n    format: " + tt.format + "\n"),
				"scenarios/x.log":  tt.body,
			})
			if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Fatalf("errors = %v\nwant one starting %q", errs, tt.want)
			}
		})
	}
}

func TestIncludeErrorsAreCapped(t *testing.T) {
	body := strings.Repeat(`{"ts":"+1s","level":"LOUD"}`+"\n", 100)
	_, errs := loadMap(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("logs:\n  - include: x.log\n    format: jsonl\n    service: api\n"),
		"scenarios/x.log":  body,
	})
	if len(errs) != maxErrorsPerInclude+1 || !strings.Contains(errs[len(errs)-1].Error(), "80 more errors") {
		t.Fatalf("got %d errors, last %v; want %d and a count of the rest", len(errs), errs[len(errs)-1], maxErrorsPerInclude+1)
	}
}

func TestIncludePathsStayInThePack(t *testing.T) {
	for _, inc := range []string{"/etc/passwd", "../../outside.jsonl", `..\x.jsonl`, ""} {
		_, errs := loadMap(t, map[string]string{
			"scenarios/s.yaml": scenarioWith("logs:\n  - include: '" + inc + "'\n    format: jsonl\n"),
		})
		if inc == "" {
			// An empty include is an inline line with no fields: its errors are the validator's.
			continue
		}
		if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), "scenarios/s.yaml:20: include: ") {
			t.Errorf("include %q: errors = %v, want an include error at line 20", inc, errs)
		}
	}
}

func TestSymlinkOutOfPackFails(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "secret.jsonl")
	pack := filepath.Join(dir, "pack")
	must(t, os.WriteFile(outside, []byte(`{"ts":"+1s","service":"api","msg":"secret"}`+"\n"), 0o600))
	must(t, os.MkdirAll(filepath.Join(pack, "scenarios"), 0o755))
	must(t, os.WriteFile(filepath.Join(pack, "pack.yaml"), []byte("format: firedrill/v1\nid: p\ntitle: P\nscenarios: [scenarios/s.yaml]\n"), 0o600))
	must(t, os.WriteFile(filepath.Join(pack, "scenarios", "s.yaml"),
		[]byte(scenarioWith("logs:\n  - include: ../evil.jsonl\n    format: jsonl\n")), 0o600))
	must(t, os.Symlink(outside, filepath.Join(pack, "evil.jsonl")))
	_, errs := Open(pack)
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "evil.jsonl") {
		t.Fatalf("errors = %v; want the symlink out of the pack refused", errs)
	}
	// The same include through a regular file inside the pack loads.
	must(t, os.Remove(filepath.Join(pack, "evil.jsonl")))
	must(t, os.WriteFile(filepath.Join(pack, "evil.jsonl"), []byte(`{"ts":"+1s","service":"api","msg":"fine"}`+"\n"), 0o600))
	p, errs := Open(pack)
	if len(errs) > 0 || p.Scenarios[0].Logs.Len() != 1 {
		t.Fatalf("errors = %v; want the in-pack file to load", errs)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestErrorsQuoteShortly: a huge bad value is cut in the message.
func TestErrorsQuoteShortly(t *testing.T) {
	_, errs := loadMap(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("logs:\n  - include: x.log\n    format: jsonl\n    service: api\n"),
		"scenarios/x.log":  `{"ts":"+1s","level":"` + strings.Repeat("\u202e", 20000) + `"}`,
	})
	if len(errs) != 1 || len(errs[0].Error()) > 700 || !strings.Contains(errs[0].Error(), `<U+202E><U+202E>…" is not a level`) {
		t.Fatalf("errors = %.300v (len %d)", errs, len(errs[0].Error()))
	}
}

// TestIsCleanBytes checks the word-at-a-time test against the plain one on
// every byte value at every position of a word.
func TestIsCleanBytes(t *testing.T) {
	plain := func(b []byte) bool {
		for _, c := range b {
			if c < 0x20 || c >= 0x7f {
				return false
			}
		}
		return true
	}
	for n := 1; n <= 17; n++ {
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				b := make([]byte, n)
				for i := range b {
					b[i] = 'a' + byte(i%26)
				}
				b[pos] = byte(c)
				if got, want := isCleanBytes(b), plain(b); got != want {
					t.Fatalf("isCleanBytes(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

// TestLogTimeOutsideTheStoresRange: a line dated where int64 nanoseconds
// cannot reach (the log store keeps times so) is an error naming the
// file, line and field, not a time wrapped round to another century.
func TestLogTimeOutsideTheStoresRange(t *testing.T) {
	_, errs := loadMap(t, map[string]string{
		"scenarios/s.yaml": strings.Replace(scenarioWith("logs:\n  - include: ../data/app.jsonl\n    format: jsonl\n"),
			"start: 2025-08-20T14:00:00Z", "start: 2999-01-01T00:00:00Z", 1),
		"data/app.jsonl": `{"ts":"2999-01-01T00:00:01Z","level":"INFO","service":"api","msg":"hi"}` + "\n",
	})
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "data/app.jsonl:1: time:") ||
		!strings.Contains(errs[0].Error(), "1678 to 2261") {
		t.Fatalf("errors %v; want one: data/app.jsonl:1: time: … 1678 to 2261", errs)
	}
}
