package pack

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestMetricsCSV(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("metrics:\n  - include: m.csv\n    format: csv\n"),
		"scenarios/m.csv": `time,service,name,value,unit
+0s,api,p95,120,ms
+10s,api,p95,,ms
+20s,api,p95,119.5,ms
2025-08-20T14:00:50.004Z,api,p95,2400,ms
+0s,postgres,qps,300,
+60s,postgres,qps,900,
`,
	})
	if len(s.Metrics) != 2 {
		t.Fatalf("got %d series, want 2", len(s.Metrics))
	}
	p95, qps := s.Metrics[0], s.Metrics[1]
	if p95.Name != "p95" || p95.Service != "api" || p95.Unit != "ms" || p95.Step != 10*time.Second || !p95.From.Equal(t0) {
		t.Fatalf("p95 = %+v", p95)
	}
	// slots: 120, gap (empty), 119.5, gap, gap (no rows), 2400 (jittered by 4ms)
	want := []string{"120", "-", "119.5", "-", "-", "2400"}
	var got []string
	for i := 0; i < p95.Len(); i++ {
		if v, ok := p95.At(i); ok {
			got = append(got, fmt.Sprint(v))
		} else {
			got = append(got, "-")
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") || p95.Gaps() != 3 {
		t.Errorf("p95 samples = %v, want %v", got, want)
	}
	if qps.Step != time.Minute || qps.Len() != 2 {
		t.Errorf("qps step %v len %d, want 1m and 2", qps.Step, qps.Len())
	}
}

func TestMetricsCSVErrors(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"nan", "time,service,name,value\n+0s,api,p95,NaN\n", `scenarios/m.csv:2: value: "NaN": NaN and Inf`},
		{"inf", "time,service,name,value\n+0s,api,p95,+Inf\n", `scenarios/m.csv:2: value: "+Inf": NaN and Inf`},
		{"text", "time,service,name,value\n+0s,api,p95,high\n", `scenarios/m.csv:2: value: "high" is not a number`},
		{"header", "when,service,name,value\n", `scenarios/m.csv:1: unknown column "when"`},
		{"service", "time,service,name,value\n+0s,api,p95,1\n+1s,redis,p95,1\n", `scenarios/m.csv:3: service: "redis" is not declared`},
		{"window", "time,service,name,value\n+2h,api,p95,1\n", `scenarios/m.csv:2: time: 2025-08-20T16:00:00Z is outside`},
		{"fields", "time,service,name,value\n+0s,api\n", `scenarios/m.csv:2: row has 2 fields`},
		{"duplicate slot", "time,service,name,value\n+0s,api,p95,1\n+10s,api,p95,1\n+10.001s,api,p95,1\n",
			`scenarios/m.csv:4: time: a second sample for api/p95`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := loadMap(t, map[string]string{
				"scenarios/s.yaml": scenarioWith("metrics:\n  - include: m.csv\n    format: csv\n"),
				"scenarios/m.csv":  tt.body,
			})
			if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Fatalf("errors = %v\nwant one starting %q", errs, tt.want)
			}
		})
	}
}

// otlpOneObject is the shape of an OTLP/JSON export: scopeSpans, string
// times, mixed-case ids, a parent that is not in the file, and fields the
// game ignores (kind, flags, events, links).
const otlpOneObject = `{
  "resourceSpans": [{
    "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "api"}}]},
    "scopeSpans": [{
      "scope": {"name": "otel"},
      "spans": [
        {"traceId": "4BF92F3577B34DA6A3CE929D0E0E4736", "spanId": "00F067AA0BA902B7", "name": "GET /checkout",
         "kind": 2, "flags": 1, "startTimeUnixNano": "1755698401000000000", "endTimeUnixNano": "1755698403410000000",
         "status": {"code": 2, "message": "timeout"},
         "attributes": [{"key": "http.status_code", "value": {"intValue": "504"}},
                        {"key": "retry", "value": {"boolValue": true}},
                        {"key": "ratio", "value": {"doubleValue": 0.5}}],
         "events": [{"name": "exception"}], "links": []},
        {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "b7ad6b7169203331", "parentSpanId": "deadbeefdeadbeef",
         "name": "SELECT", "startTimeUnixNano": 1755698401010000000, "endTimeUnixNano": 1755698402910000000,
         "status": {"code": "STATUS_CODE_OK"}}
      ]
    }]
  }]
}`

// otlpLines is the collector's file exporter: JSON Lines, the older
// instrumentationLibrarySpans name; the second line writes its ids in
// base64, as plain proto3 JSON exporters do.
const otlpLines = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"instrumentationLibrarySpans":[{"spans":[{"traceId":"4BF92F3577B34DA6A3CE929D0E0E47AA","spanId":"0000000000000001","name":"root","startTimeUnixNano":"1755698460000000000","endTimeUnixNano":"1755698460500000000","status":{"code":"STATUS_CODE_ERROR"}}]}]}]}
{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"postgres"}}]},"scopeSpans":[{"spans":[{"traceId":"S/kvNXezTaajzpKdDg5Hqg==","spanId":"AAAAAAAAAAI=","parentSpanId":"AAAAAAAAAAE=","name":"child","startTimeUnixNano":"1755698460100000000","endTimeUnixNano":"1755698460200000000"}]}]}]}
`

func TestOTLPTraces(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("traces:\n  - include: t.json\n    format: otlp-json\n  - include: t.jsonl\n    format: otlp-json\n" +
			"logs:\n  - {at: +1s, service: api, level: INFO, msg: x, trace: 4bf92f3577b34da6a3ce929d0e0e4736}\n"),
		"scenarios/t.json":  otlpOneObject,
		"scenarios/t.jsonl": otlpLines,
	})
	if len(s.Traces) != 2 {
		t.Fatalf("got %d traces, want 2", len(s.Traces))
	}
	tr := s.Trace("4bf92f3577b34da6a3ce929d0e0e4736")
	if tr == nil || len(tr.Spans) != 2 {
		t.Fatalf("trace = %+v", tr)
	}
	root := tr.Spans[tr.Root()]
	if root.ID != "00f067aa0ba902b7" || root.Service != "api" || !root.Error || root.Dur != 2410*time.Millisecond ||
		!root.At.Equal(t0.Add(time.Second)) {
		t.Errorf("root = %+v", root)
	}
	if v, _ := root.Attrs.Get("http.status_code"); v != "504" {
		t.Errorf("http.status_code = %q, want 504", v)
	}
	if v, _ := root.Attrs.Get("retry"); v != "true" {
		t.Errorf("retry = %q", v)
	}
	if len(tr.Orphans()) != 1 || tr.Spans[tr.Orphans()[0]].Error {
		t.Errorf("orphans = %v; want the SELECT span, status ok", tr.Orphans())
	}
	aa := s.Trace("4bf92f3577b34da6a3ce929d0e0e47aa") // hex on one line, base64 on the other
	if aa == nil || len(aa.Roots()) != 1 || len(aa.Children(aa.Roots()[0])) != 1 || !aa.Spans[0].Error {
		t.Errorf("trace aa = %+v; want a root with one child across two lines", aa)
	}
}

func TestOTLPErrors(t *testing.T) {
	span := func(fields string) string {
		return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[{` +
			fields + `}]}]}]}` + "\n"
	}
	ok := `"traceId":"aa","spanId":"01","startTimeUnixNano":"1755698460000000000","endTimeUnixNano":"1755698460000000001"`
	tests := []struct{ name, body, want string }{
		{"syntax", "{\n  \"resourceSpans\": [\n  }", "scenarios/t.json:3: invalid character"},
		{"bad hex", span(`"traceId":"zz","spanId":"01","startTimeUnixNano":"1755698460000000000"`), `scenarios/t.json:1: traceId: "zz" is not a hex id`},
		{"bad time", span(`"traceId":"aa","spanId":"01","startTimeUnixNano":"soon"`), `scenarios/t.json:1: want nanoseconds since 1970`},
		{"ends early", span(`"traceId":"aa","spanId":"01","startTimeUnixNano":"1755698460000000000","endTimeUnixNano":"1"`), `scenarios/t.json:1: endTimeUnixNano: the span ends before`},
		{"window", span(`"traceId":"aa","spanId":"01","startTimeUnixNano":"1","endTimeUnixNano":"2"`), `scenarios/t.json:1: startTimeUnixNano: 1970-01-01T00:00:00.000000001Z is outside`},
		{"conflicting duplicate span", span(ok) + span(strings.Replace(ok, `"01"`, `"01","name":"other"`, 1)),
			`scenarios/t.json:2: spanId: 01 appears twice in trace aa with different content`},
		{"undeclared", strings.Replace(span(ok), `"api"`, `"redis"`, 1), `scenarios/t.json:1: service.name: "redis" is not declared`},
		{"not an object", "[1, 2]", `scenarios/t.json:1: an OTLP/JSON export is an object`},
		{"not an array", "\n{\"resourceSpans\": {}}", `scenarios/t.json:2: want an array`},
		{"no service", `{"resourceSpans":[{"scopeSpans":[{"spans":[{` + ok + `}]}]}]}`, `scenarios/t.json:1: service.name: the resource of span 01 has no service.name`},
		{"resource after spans", `{"resourceSpans":[{"scopeSpans":[{"spans":[{` + ok + `}]}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"redis"}}]}}]}`,
			`scenarios/t.json:1: service.name: "redis" is not declared`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := loadMap(t, map[string]string{
				"scenarios/s.yaml": scenarioWith("traces:\n  - include: t.json\n    format: otlp-json\n"),
				"scenarios/t.json": tt.body,
			})
			if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Fatalf("errors = %v\nwant one starting %q", errs, tt.want)
			}
		})
	}
}

// TestParseStampMatchesTimeParse checks the fast RFC 3339 path against the
// time package on random instants, offsets and precisions: the same instant,
// to the nanosecond, and a round trip through Format.
func TestParseStampMatchesTimeParse(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	layouts := []string{time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04:05.000000Z07:00"}
	for i := 0; i < 20000; i++ {
		sec := r.Int64N(300 * 365 * 86400) // 1970..2270
		loc := time.FixedZone("", (r.IntN(48)-24)*1800)
		tm := time.Unix(sec, r.Int64N(1e9)).In(loc)
		s := tm.Format(layouts[r.IntN(len(layouts))])
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseStamp([]byte(s), time.Time{})
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Fatalf("parseStamp(%q) = %v, %v; want %v", s, got, err, want)
		}
		if back, _ := parseStamp([]byte(got.Format(time.RFC3339Nano)), time.Time{}); !back.Equal(got) {
			t.Fatalf("round trip of %q lost precision: %v", s, back)
		}
	}
	for _, bad := range []string{"2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T00:00:00", "2025-01-01 00:00:00Z"} {
		_, fastOK := parseRFC3339Fast([]byte(bad))
		_, err := time.Parse(time.RFC3339Nano, bad)
		if fastOK && err != nil {
			t.Errorf("fast path accepted %q, which time.Parse rejects", bad)
		}
	}
	epochs := map[string]time.Time{
		"1755698400":          t0,
		"1755698400.5":        t0.Add(500 * time.Millisecond),
		"1755698400123":       t0.Add(123 * time.Millisecond),
		"1755698400123456":    t0.Add(123456 * time.Microsecond),
		"1755698400123456789": t0.Add(123456789),
	}
	for in, want := range epochs {
		if got, err := parseStamp([]byte(in), time.Time{}); err != nil || !got.Equal(want) {
			t.Errorf("parseStamp(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestMetricsCSVHugeWindow(t *testing.T) {
	yaml := strings.Replace(scenarioWith("metrics:\n  - include: m.csv\n    format: csv\n"), "duration: 1h", "duration: 2562047h", 1)
	_, errs := loadMap(t, map[string]string{
		"scenarios/s.yaml": yaml,
		"scenarios/m.csv":  "time,service,name,value\n+0s,api,p,1\n+1ns,api,p,1\n+2ns,api,p,1\n+2562000h,api,p,1\n",
	})
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "would need") {
		t.Fatalf("errors = %v; want the series refused for its size", errs)
	}
}
