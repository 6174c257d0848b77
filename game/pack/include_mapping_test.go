package pack

import (
	"strings"
	"testing"

	"firedrill/game"
)

// Field mapping for JSON (and logfmt) log includes: fields:, presets,
// dotted paths into nested objects, level maps and schemes, time formats.

// loadLogs loads body as a log include whose entry adds entry's lines.
func loadLogs(t *testing.T, entry, body string) (*game.Scenario, []error) {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.Split(entry, "\n") {
		b.WriteString("    " + line + "\n")
	}
	return loadMap(t, map[string]string{
		"scenarios/s.yaml": strings.Replace(scenarioWith("logs:\n  - include: x.log\n"+b.String()),
			"  - name: postgres\n", "  - name: postgres\n  - name: kube-system/coredns\n  - name: user@1000.service\n  - name: redis:6379\ntraces_sampled: 0.5\n", 1),
		"scenarios/x.log": body,
	})
}

func TestFieldMapping(t *testing.T) {
	tests := []struct {
		name, entry, body string
		want              []string // "time LEVEL service msg trace"
	}{
		{"explicit fields, nested and flat dotted paths",
			"format: jsonl\nfields: {time: event.created, level: log.level, service: service.name, message: msg.text, trace: trace.id}",
			`{"event":{"created":"2025-08-20T14:00:01Z"},"log":{"level":"warning"},"service":{"name":"api"},"msg":{"text":"hi"},"trace":{"id":"ABC"}}
{"event.created":"2025-08-20T14:00:02Z","log.level":"CRITICAL","service.name":"checkout","msg.text":"flat"}`,
			[]string{"14:00:01 WARN api hi abc", "14:00:02 FATAL checkout flat "}},
		{"a list of candidates: the first that a record has wins",
			"format: jsonl\nfields: {service: [svc, app]}",
			`{"ts":"+1s","app":"api","svc":"checkout","msg":"both"}
{"ts":"+2s","app":"api","msg":"app only"}`,
			[]string{"14:00:01 INFO checkout both ", "14:00:02 INFO api app only "}},
		{"level names real loggers write",
			"format: jsonl\nservice: api",
			`{"ts":"+1s","level":"Information"}
{"ts":"+2s","level":"Warning"}
{"ts":"+3s","level":"Fatal"}
{"ts":"+4s","level":"Verbose"}
{"ts":"+5s","level":"SEVERE"}
{"ts":"+6s","level":"INFO2"}`,
			[]string{"14:00:01 INFO api  ", "14:00:02 WARN api  ", "14:00:03 FATAL api  ", "14:00:04 TRACE api  ", "14:00:05 ERROR api  ", "14:00:06 INFO api  "}},
		{"syslog priorities", "format: jsonl\nservice: api\nlevel_numbers: syslog",
			`{"ts":"+1s","level":0}
{"ts":"+2s","level":"3"}
{"ts":"+3s","level":4}
{"ts":"+4s","level":6}
{"ts":"+5s","level":7}`,
			[]string{"14:00:01 FATAL api  ", "14:00:02 ERROR api  ", "14:00:03 WARN api  ", "14:00:04 INFO api  ", "14:00:05 DEBUG api  "}},
		{"OTLP severity numbers", "format: jsonl\nservice: api\nlevel_numbers: otlp",
			`{"ts":"+1s","severity":1}
{"ts":"+2s","severity":10}
{"ts":"+3s","severity":17}
{"ts":"+4s","severity":24}`,
			[]string{"14:00:01 TRACE api  ", "14:00:02 INFO api  ", "14:00:03 ERROR api  ", "14:00:04 FATAL api  "}},
		{"a level map", "format: logfmt\nservice: api\nlevels: {I: INFO, E: ERROR, Notice: WARN}",
			"ts=+1s level=I\nts=+2s level=e\nts=+3s level=notice\n",
			[]string{"14:00:01 INFO api  ", "14:00:02 ERROR api  ", "14:00:03 WARN api  "}},
		{"epochs by magnitude", "format: jsonl\nservice: api",
			`{"ts":1755698401}
{"ts":1755698402500}
{"ts":1755698403000001}
{"ts":"1755698404000000001"}`,
			[]string{"14:00:01 INFO api  ", "14:00:02.5 INFO api  ", "14:00:03.000001 INFO api  ", "14:00:04.000000001 INFO api  "}},
		{"an explicit epoch unit", "format: jsonl\nservice: api\ntime_format: unix_ms",
			`{"ts":1755698401000}
{"ts":"1755698402500.5"}`,
			[]string{"14:00:01 INFO api  ", "14:00:02.5005 INFO api  "}},
		{"a Go layout in a zone", "format: jsonl\nservice: api\ntime_format: 2006-01-02 15:04:05.000\nzone: +02:00",
			`{"time":"2025-08-20 16:00:01.250"}`,
			[]string{"14:00:01.25 INFO api  "}},
		{"service names as real systems write them", "format: jsonl",
			`{"ts":"+1s","service":"kube-system/coredns"}
{"ts":"+2s","service":"user@1000.service"}
{"ts":"+3s","service":"redis:6379"}`,
			[]string{"14:00:01 INFO kube-system/coredns  ", "14:00:02 INFO user@1000.service  ", "14:00:03 INFO redis:6379  "}},
		{"pretty-printed objects one after another", "format: jsonl\nservice: api",
			"{\n  \"ts\": \"+1s\",\n  \"msg\": \"one\"\n}\n{\n  \"ts\": \"+2s\",\n  \"msg\": \"two\"\n}\n",
			[]string{"14:00:01 INFO api one ", "14:00:02 INFO api two "}},
		{"a JSON array", "format: jsonl\nservice: api",
			"[{\"ts\":\"+1s\",\"msg\":\"one\"},\n {\"ts\":\"+2s\",\"msg\":\"two\"}]",
			[]string{"14:00:01 INFO api one ", "14:00:02 INFO api two "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := loadLogs(t, tt.entry, tt.body)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			var got []string
			for _, l := range s.Logs.All() {
				got = append(got, l.At.Format("15:04:05.999999999")+" "+l.Level.String()+" "+l.Service+" "+l.Msg+" "+l.Trace)
			}
			sameRows(t, "lines", got, tt.want)
		})
	}
}

// TestFieldMappingDisplaced: a role's losing candidates and unmapped
// fields stay as attributes; journald's addressing fields are dropped.
func TestFieldMappingDisplaced(t *testing.T) {
	s, errs := loadLogs(t, "format: jsonl\nfields: {service: [svc, app]}", `{"ts":"+1s","app":"api","svc":"checkout","pod":"p-1"}`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if a := s.Logs.Attrs(0); attrOf(a, "app") != "api" || attrOf(a, "pod") != "p-1" || len(a) != 2 {
		t.Errorf("attrs = %v", a)
	}
}

func TestFieldMappingErrors(t *testing.T) {
	tests := []struct{ name, entry, body, want string }{
		{"unknown role", "format: jsonl\nfields: {when: t}", `{"t":"+1s"}`, `scenarios/s.yaml:26: fields: unknown role "when"`},
		{"unknown preset", "format: jsonl\npreset: splunk", `{"t":"+1s"}`, `scenarios/s.yaml:26: preset: "splunk": presets are ecs, cloudwatch and journald`},
		{"preset on logfmt", "format: logfmt\npreset: ecs", `t=1`, `scenarios/s.yaml:26: preset: a logfmt include takes no preset`},
		{"bad time format", "format: jsonl\ntime_format: yyyy-mm-dd", `{"t":"+1s"}`, `scenarios/s.yaml:26: time_format: "yyyy-mm-dd": want auto`},
		{"bad zone", "format: jsonl\nzone: Mars/Olympus", `{"t":"+1s"}`, `scenarios/s.yaml:26: zone: "Mars/Olympus": want UTC`},
		{"bad level map", "format: jsonl\nlevels: {I: LOUD}", `{"t":"+1s"}`, `scenarios/s.yaml:26: levels: "LOUD" is not a level`},
		{"bad scheme", "format: jsonl\nlevel_numbers: log4j", `{"t":"+1s"}`, `scenarios/s.yaml:26: level_numbers: "log4j": level_numbers are pino, syslog or otlp`},
		{"time not in the layout", "format: jsonl\nservice: api\ntime_format: 2006-01-02 15:04:05", `{"ts":"yesterday"}`,
			`scenarios/x.log:1: time: "yesterday": does not match time_format "2006-01-02 15:04:05"`},
		{"time not in the unit", "format: jsonl\nservice: api\ntime_format: unix_ms", `{"ts":"2025-08-20T14:00:00Z"}`,
			`scenarios/x.log:1: time: "2025-08-20T14:00:00Z": want a number of milliseconds since 1970 (time_format: unix_ms)`},
		{"unmapped level", "format: jsonl\nservice: api", `{"ts":"+1s","level":"LOUD"}`, `scenarios/x.log:1: level: "LOUD" is not a level (TRACE DEBUG INFO WARN ERROR FATAL; map others with levels:)`},
		{"undeclared service", "format: jsonl", `{"ts":"+1s","service":"kube-system/dns"}`, `scenarios/x.log:1: service: "kube-system/dns" is not declared in services (declare it, or list it in a service's aliases)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := loadLogs(t, tt.entry, tt.body)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Fatalf("errors = %v\nwant one, starting %q", errs, tt.want)
			}
		})
	}
}
