package emit

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"firedrill/game"
	"firedrill/game/pack"
)

var t0 = time.Date(2025, 3, 4, 14, 0, 0, 0, time.UTC)

func f(v float64) *float64 { return &v }

// sample is a small scenario with every part the writers handle: prose
// that needs quoting and a block, events with and without ids, attributes,
// a log line's trace, a scrape gap, a series that starts late, a span
// whose parent is missing, and notes on wrong choices listed out of order.
func sample() *game.Scenario {
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	return &game.Scenario{
		ID: "sample", Title: "Checkout: slow", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags: []string{"latency", "yes"}, Start: t0, Duration: 30 * time.Minute,
		Briefing:      "[SEV2] checkout p95 > 2s for 5m.\nFind the root cause.\n",
		TracesSampled: 0.05, Hints: []string{"Which moved first?", "true"},
		Services: []game.Service{{Name: "api", Calls: []string{"db"}}, {Name: "db"}},
		Events: []game.Event{
			{At: at(6 * time.Minute), ID: "db-deploy", Kind: game.EventDeploy, Service: "db", Text: "db v2 rolled out: 'fast' path"},
			{At: at(12*time.Minute + 30*time.Second), Kind: game.EventAlert, Service: "api", Text: "[FIRING] p95 > 2s"},
		},
		Logs: game.NewLogStore([]game.LogLine{
			{At: at(time.Minute + 250*time.Millisecond), Service: "api", Level: game.LevelInfo, Msg: `GET /x 200 "ok"`,
				Trace: "4bf92f3577b34da64bf92f3577b34da6", Attrs: game.Attrs{{Key: "pod", Value: "api-7d9f8c6b5-x2k4q"}, {Key: "request_id", Value: "r-1"}}},
			{At: at(7 * time.Minute), Service: "db", Level: game.LevelError, Msg: "canceled: x < y && <b>",
				Attrs: game.Attrs{{Key: "peer", Value: "api"}, {Key: "pod", Value: "db-0"}}},
		}),
		Metrics: []*game.Series{
			game.NewSeries("p95", "api", "ms", t0, 10*time.Minute, []*float64{f(120), nil, f(2400.5), f(0.001)}),
			game.NewSeries("qps", "db", "qps, per pod", t0.Add(10*time.Minute), 10*time.Minute, []*float64{f(7), f(8)}),
		},
		Traces: []*game.Trace{game.NewTrace("aaaabbbbccccddddaaaabbbbccccdddd", []game.Span{
			{ID: "a1", Service: "api", Name: "GET /x", At: at(time.Minute), Dur: 2410 * time.Millisecond, Error: true,
				Attrs: game.Attrs{{Key: "http.status_code", Value: "504"}}},
			{ID: "a3", Parent: "a2", Service: "db", Name: "SELECT", At: at(time.Minute + 5*time.Millisecond), Dur: 2 * time.Second},
		})},
		Choices: []game.Choice{{ID: "slow-db", Text: "db's release made queries slow"}, {ID: "api-bug", Text: "api regressed"},
			{ID: "net", Text: "the network drops packets"}},
		Answer: &game.Answer{Choice: "slow-db", Onset: at(6 * time.Minute), Chain: []string{"db slowed", "api waited"},
			Evidence: []string{"db qps at +10m"}, Wrong: map[string]string{"net": "no resets", "api-bug": "api's own time is flat"},
			RedHerrings: []string{"api-bug"}, Debrief: "Two lines\nof debrief.\n",
			Proof: []game.ProofItem{
				{Step: 1, Event: "db-deploy"},
				{Step: 1, Metric: &game.MetricSelector{Service: "db", Name: "qps", From: at(10 * time.Minute), To: at(20 * time.Minute)}},
				{Step: 2, Log: &game.LogSelector{Service: "db", Regex: `canceled: x < y`, From: at(6 * time.Minute)}},
				{Step: 2, Span: &game.SpanSelector{Service: "api", Name: "GET /x", Status: game.StatusError}},
			}},
	}
}

// load reads files back through the game's own loader.
func load(t *testing.T, files map[string][]byte) *game.Scenario {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	sc, errs := pack.LoadScenario(fsys, "scenarios/sample.yaml")
	for _, err := range errs {
		t.Error(err)
	}
	if sc == nil {
		t.FailNow()
	}
	return sc
}

// content prints what a player and the grader see of a scenario, so that
// two loads can be compared field by field.
func content(s *game.Scenario) string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	p("%q %q %d %v %q %v %v %q %v %q %v", s.ID, s.Title, s.Difficulty, s.TimeLimit, s.Tags, s.Start, s.Duration,
		s.Briefing, s.TracesSampled, s.Hints, s.Services)
	for _, e := range s.Events {
		p("event %+v", e)
	}
	for _, l := range s.Logs.All() {
		p("log %+v", l)
	}
	for _, m := range s.Metrics {
		p("series %q %q %q %v %v", m.Name, m.Service, m.Unit, m.Step, m.From)
		for i := 0; i < m.Len(); i++ {
			v, ok := m.At(i)
			p("  %v %v", v, ok)
		}
	}
	for _, tr := range s.Traces {
		p("trace %s %+v", tr.ID, tr.Spans)
	}
	a := *s.Answer
	a.Proof = nil // pointers: printed by what they select
	p("%+v %+v", s.Choices, a)
	for _, it := range s.Answer.Proof {
		p("proof %d %s", it.Step, it.Describe(s.Start))
	}
	return b.String()
}

func write(t *testing.T, sc *game.Scenario, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Scenario(&b, sc, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestInlineAndIncludesLoadAsTheScenario: the same scenario written as one
// file and as a scenario with include files loads back as itself both ways.
func TestInlineAndIncludesLoadAsTheScenario(t *testing.T) {
	want := content(sample())
	inline := load(t, map[string][]byte{"scenarios/sample.yaml": write(t, sample(), Options{Comment: "made by a test"})})
	if got := content(inline); got != want {
		t.Errorf("inline round trip:\n got %s\nwant %s", got, want)
	}
	sc := sample()
	var logs, metrics, traces bytes.Buffer
	if err := Logs(&logs, sc.Logs.Lines()); err != nil {
		t.Fatal(err)
	}
	if err := Metrics(&metrics, sc.Metrics, nil); err != nil {
		t.Fatal(err)
	}
	if err := Traces(&traces, sc.Traces, nil); err != nil {
		t.Fatal(err)
	}
	split := load(t, map[string][]byte{
		"scenarios/sample.yaml": write(t, sc, Options{Includes: &Includes{Logs: "../data/l.jsonl", Metrics: "../data/m.csv", Traces: "../data/t.json"}}),
		"data/l.jsonl":          logs.Bytes(), "data/m.csv": metrics.Bytes(), "data/t.json": traces.Bytes(),
	})
	if got := content(split); got != want {
		t.Errorf("include round trip:\n got %s\nwant %s", got, want)
	}
}

func TestScenarioReadsAsIfTypedByHand(t *testing.T) {
	out := string(write(t, sample(), Options{Comment: "generated by a test"}))
	for _, want := range []string{
		"# generated by a test\nformat: firedrill/v1\n",
		"time_limit: 15m\n", "duration: 30m\n",
		"briefing: |\n  [SEV2] checkout p95 > 2s for 5m.\n  Find the root cause.\n",
		"  - at: +6m\n    id: db-deploy\n", "  - at: +12m30s\n    kind: alert\n",
		"  - {name: qps, service: db, unit: \"qps, per pod\", step: 10m, from: +10m, values: [7, 8]}\n",
		"values: [120, ~, 2400.5, 0.001]",
		// wrong notes in the order the player sees the choices
		"  wrong:\n    api-bug: api's own time is flat\n    net: no resets\n",
		"  red_herrings: [api-bug]\n",
		// proof: one selector a line, times as offsets
		"  proof:\n    - step: 1\n      event: db-deploy\n",
		"      metric: {service: db, name: qps, from: +10m, to: +20m}\n",
		"      log: {service: db, regex: 'canceled: x < y', from: +6m}\n",
		"      span: {service: api, name: GET /x, status: error}\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the file lacks %q:\n%s", want, out)
		}
	}
}

func TestIncludesNameTheirFormats(t *testing.T) {
	out := string(write(t, sample(), Options{Includes: &Includes{Logs: "../data/l.jsonl", Metrics: "../data/m.csv", Traces: "../data/t.json"}}))
	want := "logs:\n  - include: ../data/l.jsonl\n    format: jsonl\nmetrics:\n  - include: ../data/m.csv\n    format: csv\n" +
		"traces:\n  - include: ../data/t.json\n    format: otlp-json\nchoices:\n"
	if !strings.Contains(out, want) {
		t.Errorf("want the include sections\n%s\nin\n%s", want, out)
	}
}

func TestLogsPutResourceAndIDsAroundTheMessage(t *testing.T) {
	var b bytes.Buffer
	line := game.LogLine{At: t0.Add(1500 * time.Millisecond), Service: "api", Level: game.LevelWarn, Msg: "x < y", Trace: "t1",
		Attrs: game.Attrs{{Key: "zone", Value: "b"}, {Key: "pod", Value: "api-1"}, {Key: "request_id", Value: "r1"}, {Key: "flag", Value: "on"}}}
	if err := Logs(&b, []game.LogLine{line}); err != nil {
		t.Fatal(err)
	}
	want := `{"ts":"2025-03-04T14:00:01.500Z","level":"WARN","service":"api","pod":"api-1","msg":"x < y","request_id":"r1","trace_id":"t1","zone":"b","flag":"on"}` + "\n"
	if b.String() != want {
		t.Errorf("Logs =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestMetricsCSVQuotesWhatNeedsIt(t *testing.T) {
	var b bytes.Buffer
	sr := game.NewSeries("hit", "cache, eu", "%", t0, 15*time.Second, []*float64{f(97.5), nil})
	if err := Metrics(&b, []*game.Series{sr}, func(_ *game.Series, v float64) string { return fmt.Sprintf("%.2f", v) }); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"time", "service", "name", "value", "unit"},
		{"2025-03-04T14:00:00Z", "cache, eu", "hit", "97.50", "%"}, {"2025-03-04T14:00:15Z", "cache, eu", "hit", "", "%"}}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("rows = %q; want %q", rows, want)
	}
}

func TestTracesMarkClientSpans(t *testing.T) {
	var b bytes.Buffer
	tr := sample().Traces[0]
	client := func(_ *game.Trace, sp *game.Span) bool { return sp.ID == "a3" }
	if err := Traces(&b, []*game.Trace{tr}, client); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`"spanId":"a1","name":"GET /x","kind":2`, `"spanId":"a3","parentSpanId":"a2","name":"SELECT","kind":3`,
		`"status":{"code":2}`, `{"key":"service.name","value":{"stringValue":"db"}}`} {
		if !strings.Contains(out, want) {
			t.Errorf("the export lacks %s:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 4 {
		t.Errorf("%d lines; want one per service between the brackets", n)
	}
}

func TestOffsetAndDurationReadAsTyped(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{{0, "+0s"}, {18*time.Minute + 15*time.Second, "+18m15s"}, {6 * time.Minute, "+6m"}, {61 * time.Minute, "+1h1m"},
		{2 * time.Hour, "+2h"}, {time.Hour + 30*time.Second, "+1h0m30s"}, {1500*time.Millisecond + 400, "+1.5s"}} {
		if got := Offset(t0, t0.Add(tc.d)); got != tc.want {
			t.Errorf("Offset(%v) = %q; want %q", tc.d, got, tc.want)
		}
	}
}

// TestQuoteRoundTrips: every scalar the inline writer emits reads back as
// the same string, plain or quoted.
func TestQuoteRoundTrips(t *testing.T) {
	for _, s := range []string{"api-gateway", "true", "null", "1e5", "0x1f", "4bf92f3577b34da6", "", "~",
		`say "hi"`, "tab\there", "line\nbreak", "ESC\x1b[31m", "colon: space", "- dash", "# hash", "ünïcödé →", "{braces}", "[x]", "a, b"} {
		var got string
		if err := yaml.Unmarshal([]byte("v: "+q(s)), &struct{ V *string }{&got}); err != nil {
			t.Errorf("q(%q) = %s: %v", s, q(s), err)
			continue
		}
		if got != s {
			t.Errorf("q(%q) = %s reads back as %q", s, q(s), got)
		}
	}
}

func TestPackListsItsScenarios(t *testing.T) {
	var b bytes.Buffer
	p := &game.Pack{ID: "starter", Title: "Starter", Version: "1.0.0", Author: "firedrill", Description: "Three warm-ups.\nMore.\n"}
	if err := Pack(&b, p, []string{"scenarios/a.yaml", "scenarios/b.yaml"}); err != nil {
		t.Fatal(err)
	}
	want := "format: firedrill/v1\nid: starter\ntitle: Starter\nversion: 1.0.0\nauthor: firedrill\ndescription: |\n  Three warm-ups.\n  More.\n" +
		"scenarios:\n  - scenarios/a.yaml\n  - scenarios/b.yaml\n"
	if b.String() != want {
		t.Errorf("Pack =\n%s\nwant\n%s", b.String(), want)
	}
}

// A scenario without its answer (a sealed pack's) is written without the
// answer block, not with an empty one.
func TestNoAnswerNoAnswerBlock(t *testing.T) {
	sc := sample()
	sc.Answer = nil
	out := string(write(t, sc, Options{}))
	if strings.Contains(out, "answer:") || !strings.HasSuffix(out, "    text: the network drops packets\n") {
		t.Errorf("the file should end with the choices:\n%s", out[max(0, len(out)-300):])
	}
}
