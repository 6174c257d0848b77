package pack

import (
	"os"
	"strings"
	"testing"
)

// No silent zero: an include that yields nothing, or JSON of the wrong
// shape, is one error at file:line that says what was expected (and what
// the file looks like, when that can be told).

func TestIncludeYieldsNothing(t *testing.T) {
	jaeger, err := os.ReadFile(importDir + "jaeger-json/ui-trace.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, section, format, body, want string }{
		{"empty jsonl", "logs", "jsonl", "", `scenarios/x:1: no log lines in this file: want JSON objects, one a line, or a JSON document of them`},
		{"blank lines", "logs", "logfmt", "\n\n  \n", `scenarios/x:1: no log lines in this file: want key=value lines`},
		{"empty syslog", "logs", "syslog", "", `scenarios/x:1: no log lines in this file: want syslog lines`},
		{"empty array", "logs", "jsonl", "\n[]\n", `scenarios/x:1: no log lines in this file`},
		{"traces where logs are wanted", "logs", "otlp-json", `{"resourceSpans": []}`,
			`scenarios/x:1: no "resourceLogs" in this file: want an OTLP/JSON export: {"resourceLogs": [...]} or {"resourceSpans": [...]}; this looks like OTLP/JSON traces (traces, format: otlp-json)`},
		{"Jaeger JSON named otlp-json", "traces", "otlp-json", string(jaeger),
			`scenarios/x:1: no "resourceSpans" in this file: want an OTLP/JSON export: {"resourceLogs": [...]} or {"resourceSpans": [...]}; this looks like Jaeger query JSON (traces, format: jaeger-json)`},
		{"no spans in resourceSpans", "traces", "otlp-json", "\n\n{\"resourceSpans\": [{\"scopeSpans\": []}]}",
			`scenarios/x:3: no spans in this file: its "resourceSpans" hold none`},
		{"no traces in data", "traces", "jaeger-json", `{"data": [], "total": 0}`, `scenarios/x:1: no spans in this file: its "data" hold none`},
		{"OTLP named jaeger-json", "traces", "jaeger-json", `{"resourceSpans": []}`,
			`scenarios/x:1: no "data" in this file: want a Jaeger query or UI export: {"data": [{"traceID": ..., "spans": [...]}]}; this looks like OTLP/JSON traces (traces, format: otlp-json)`},
		{"no Zipkin spans", "traces", "zipkin-json", `[]`, `scenarios/x:1: no spans in this file: want a Zipkin v2 JSON list of spans`},
		{"Jaeger JSON named zipkin-json", "traces", "zipkin-json", string(jaeger),
			`scenarios/x:1: not a Zipkin v2 span (no id): want a Zipkin v2 JSON list of spans; this looks like Jaeger query JSON (traces, format: jaeger-json)`},
		{"no series", "metrics", "prometheus-json", `{"status":"success","data":{"resultType":"matrix","result":[]}}`,
			`scenarios/x:1: no series in this file: its "data" hold none`},
		{"Loki streams as metrics", "metrics", "prometheus-json", `{"status":"success","data":{"resultType":"streams","result":[]}}`,
			`scenarios/x:1: resultType "streams" holds no series: want matrix (query_range) or vector (query)`},
		{"a Prometheus error response", "metrics", "prometheus-json", `{"status":"error","errorType":"bad_data","error":"parse error at char 4"}`,
			`scenarios/x:1: the export is an error response: bad_data: parse error at char 4`},
		{"a metric query as Loki logs", "logs", "loki-json", `{"status":"success","data":{"resultType":"matrix","result":[]}}`,
			`scenarios/x:1: resultType "matrix" holds no log lines: want streams (a log query); read a metric query with prometheus-json`},
		{"an empty EventList", "events", "k8s-events", `{"kind":"List","apiVersion":"v1","items":[]}`,
			`scenarios/x:1: no events in this file: its "items" hold none`},
		{"a PodList as events", "events", "k8s-events", "{\"kind\":\"PodList\",\n\"items\":[{\"metadata\":{\"name\":\"p\"}}]}",
			`scenarios/x:2: not a Kubernetes event (no reason, no involvedObject)`},
		{"a CSV with a header only", "metrics", "csv", "time,service,name,value\n", `scenarios/x:1: no samples in this file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := loadMap(t, map[string]string{
				"scenarios/s.yaml": scenarioWith(tt.section + ":\n  - include: x\n    format: " + tt.format + "\n"),
				"scenarios/x":      tt.body,
			})
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Fatalf("errors = %v\nwant one, starting\n%s", errs, tt.want)
			}
		})
	}
}
