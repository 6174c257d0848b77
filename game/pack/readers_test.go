package pack

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Behaviours of the export readers that the real fixtures do not show.

func logRowsOf(t *testing.T, entry, body string) []string {
	t.Helper()
	s, errs := loadLogs(t, entry, body)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	var out []string
	for _, l := range s.Logs.All() {
		row := l.At.Format("01-02 15:04:05.999") + " " + l.Level.String() + " " + l.Service + " " + l.Msg
		for _, a := range l.Attrs {
			row += " " + a.Key + "=" + a.Value
		}
		out = append(out, row)
	}
	return out
}

// TestSyslogYearRollover: BSD syslog has no year; a log that runs from
// December into January moves to the next year there.
func TestSyslogYearRollover(t *testing.T) {
	yaml := strings.NewReplacer("start: 2025-08-20T14:00:00Z", "start: 2024-12-31T23:00:00Z", "duration: 1h", "duration: 2h").Replace(
		scenarioWith("logs:\n  - include: x.log\n    format: syslog\n"))
	s := mustLoad(t, map[string]string{"scenarios/s.yaml": yaml,
		"scenarios/x.log": "<11>Dec 31 23:59:59 h1 api[7]: last of the year\n<11>Jan  1 00:00:01 h1 api[7]: first\n"})
	if s.Logs.Len() != 2 || s.Logs.At(0).Year() != 2024 || s.Logs.At(1).Year() != 2025 ||
		!s.Logs.At(1).Equal(time.Date(2025, 1, 1, 0, 0, 1, 0, time.UTC)) {
		t.Fatalf("times %v, %v", s.Logs.At(0), s.Logs.At(1))
	}
}

func TestAccessLogLevels(t *testing.T) {
	rows := logRowsOf(t, "format: access-log\nservice: api", `10.0.0.1 - - [20/Aug/2025:16:00:01 +0200] "POST /pay HTTP/2.0" 503 0 "-" "curl/8"
10.0.0.1 - alice [20/Aug/2025:14:00:02 +0000] "GET /cart?x=\"1\" HTTP/1.1" 404 12
10.0.0.1 - - [20/Aug/2025:14:00:03 +0000] "-" 400 0 "-" "-"
`)
	sameRows(t, "lines", rows, []string{
		"08-20 14:00:01 ERROR api POST /pay 503 bytes=0 protocol=HTTP/2.0 remote_addr=10.0.0.1 status=503 user_agent=curl/8",
		`08-20 14:00:02 WARN api GET /cart?x="1" 404 bytes=12 protocol=HTTP/1.1 remote_addr=10.0.0.1 status=404 user=alice`,
		"08-20 14:00:03 WARN api - 400 bytes=0 remote_addr=10.0.0.1 status=400",
	})
}

// TestPrometheusSnapsJitter: raw scrapes jitter by milliseconds around
// their interval; they snap to a 15 s grid, and a missing scrape is a gap.
func TestPrometheusSnapsJitter(t *testing.T) {
	base := t0.Unix()
	var pairs []string
	for i, jitter := range []string{"000", "998", "003", "", "001", "997"} {
		if jitter == "" {
			continue // a scrape that never came
		}
		sec := base + int64(i*15)
		if jitter > "500" {
			sec-- // 14.998 s after the last one
		}
		pairs = append(pairs, fmt.Sprintf(`[%d.%s,"%d"]`, sec, jitter, i))
	}
	body := `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"api"},"values":[` +
		strings.Join(pairs, ",") + `]}]}}`
	s := mustLoad(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("metrics:\n  - include: m.json\n    format: prometheus-json\n"),
		"scenarios/m.json": body,
	})
	if got := seriesRow(s.Metrics[0]); got != "api up 15s 2025-08-20T14:00:00Z [0 1 2 - 4 5]" {
		t.Errorf("series = %s", got)
	}
}

func TestOTLPLogSeverities(t *testing.T) {
	rec := func(fields string) string {
		return `{"timeUnixNano":"1755698401000000000",` + fields + `,"body":{"stringValue":"m"}}`
	}
	body := `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}},{"key":"host.name","value":{"stringValue":"h1"}}]},` +
		`"scopeLogs":[{"logRecords":[` + strings.Join([]string{
		rec(`"severityNumber":"SEVERITY_NUMBER_WARN2"`), rec(`"severityNumber":21`), rec(`"severityText":"Error"`),
		rec(`"severityText":"notice"`), `{"observedTimeUnixNano":"1755698402000000000","body":{"kvlistValue":{"values":[{"key":"k","value":{"intValue":"7"}}]}}}`,
	}, ",") + `]}]}]}`
	rows := logRowsOf(t, "format: otlp-json", body)
	sameRows(t, "lines", rows, []string{
		"08-20 14:00:01 WARN api m host.name=h1", "08-20 14:00:01 FATAL api m host.name=h1",
		"08-20 14:00:01 ERROR api m host.name=h1", "08-20 14:00:01 INFO api m host.name=h1",
		`08-20 14:00:02 INFO api {"k":7} host.name=h1`,
	})
}

// TestLokiLines: a JSON line and a logfmt line give their fields; the
// stream's labels give the service and a level the line may refine.
func TestLokiLines(t *testing.T) {
	body := `{"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"api","level":"info","pod":"api-1"},"values":[` +
		`["1755698401000000000","{\"ts\":\"x\",\"level\":\"error\",\"msg\":\"json line\",\"service\":\"other\"}"],` +
		`["1755698402000000000","level=warn msg=\"logfmt line\" user=7"],` +
		`["1755698403000000000","plain = text"],` +
		`["1755698404000000000","{\"broken\":"]]}]}}`
	sameRows(t, "auto", logRowsOf(t, "format: loki-json", body), []string{
		"08-20 14:00:01 ERROR api json line pod=api-1 service=other ts=x",
		"08-20 14:00:02 WARN api logfmt line pod=api-1 user=7",
		"08-20 14:00:03 INFO api plain = text pod=api-1",
		`08-20 14:00:04 INFO api {"broken": pod=api-1`,
	})
	sameRows(t, "raw", logRowsOf(t, "format: loki-json\nline_format: raw", body)[1:2], []string{
		`08-20 14:00:02 INFO api level=warn msg="logfmt line" user=7 pod=api-1`,
	})
}

// TestLokiMetadata: structured metadata as the push API writes it and as
// a categorize-labels answer groups it both become attributes; a bad
// timestamp or metadata is one error for its line, not one per reading.
func TestLokiMetadata(t *testing.T) {
	body := `{"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"api"},"values":[` +
		`["1755698401000000000","flat",{"trace_id":"t1"}],` +
		`["1755698402000000000","grouped",{"structuredMetadata":{"pod":"api-1"},"parsed":{"user":"7"}}],` +
		`["1755698403000000000","none",{}]]}]}}`
	sameRows(t, "metadata", logRowsOf(t, "format: loki-json", body), []string{
		"08-20 14:00:01 INFO api flat trace_id=t1",
		"08-20 14:00:02 INFO api grouped pod=api-1 user=7",
		"08-20 14:00:03 INFO api none",
	})
	for _, tc := range []struct{ value, err string }{
		{`["soon","plain line"]`, `x.log:1: values: "soon": want a number of nanoseconds`},
		{`["1755698401000000000","plain line",{"pod":1}]`, `x.log:1: values: structured metadata "pod": want a string`},
		{`["1755698401000000000","plain line",["pod"]]`, `x.log:1: values: structured metadata: want {"name": "value"}`},
	} {
		_, errs := loadLogs(t, "format: loki-json", `{"data":{"resultType":"streams","result":[{"stream":{"app":"api"},"values":[`+tc.value+`]}]}}`)
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.err) {
			t.Errorf("%s: errors %v, want one with %q", tc.value, errs, tc.err)
		}
	}
}

func TestCloudWatchCapitalised(t *testing.T) {
	rows := logRowsOf(t, "format: jsonl\npreset: cloudwatch\nservice: api", `[{"Timestamp":1755698401500,"Message":"hello","LogStream":"s1"}]`)
	sameRows(t, "lines", rows, []string{"08-20 14:00:01.5 INFO api hello LogStream=s1"})
}

// TestMetricsCSVInterleaved: rows of two series interleaved and out of
// time order land on each series' grid in time order, an empty value is a
// gap, and the series keep the order they first came in.
func TestMetricsCSVInterleaved(t *testing.T) {
	s := mustLoad(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("metrics:\n  - include: m.csv\n    format: csv\n"),
		"scenarios/m.csv": "time,service,name,value,unit\n" +
			"+20s,api,rps,3,req/s\n+0s,checkout,p95,10,ms\n+0s,api,rps,1,req/s\n+30s,checkout,p95,,ms\n" +
			"+10s,api,rps,,req/s\n+10s,checkout,p95,11,ms\n+30s,api,rps,4,req/s\n+20s,checkout,p95,12,ms\n",
	})
	var got []string
	for _, sr := range s.Metrics {
		got = append(got, seriesRow(sr)+" "+sr.Unit)
	}
	sameRows(t, "series", got, []string{
		"api rps 10s 2025-08-20T14:00:00Z [1 - 3 4] req/s",
		"checkout p95 10s 2025-08-20T14:00:00Z [10 11 12 -] ms",
	})
}

// TestMetricsCSVErrorOrder: a series with too many slots and a second
// sample in one slot of another are reported in the order the series came.
func TestMetricsCSVErrorOrder(t *testing.T) {
	_, errs := loadMap(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("metrics:\n  - include: m.csv\n    format: csv\n    step: 1ns\n"),
		"scenarios/m.csv": "time,service,name,value\n+0s,api,a,1\n+0s,api,a,2\n" +
			"+0s,api,b,1\n+59m,api,b,2\n+0s,checkout,c,1\n+0s,checkout,c,2\n",
	})
	var got []string
	for _, err := range errs {
		got = append(got, err.Error())
	}
	sameRows(t, "errors", got, []string{
		"scenarios/m.csv:3: time: a second sample for api/a in the 1ns slot at 2025-08-20T14:00:00Z",
		"scenarios/m.csv:4: time: series api/b would need 3540000000001 samples at step 1ns (limit 1000000)",
		"scenarios/m.csv:7: time: a second sample for checkout/c in the 1ns slot at 2025-08-20T14:00:00Z",
	})
}

// TestJSONTypeErrorLine: a field of the wrong type is reported at its own
// line, however far into the file the record that holds it lies (the
// decoder counts a type error's offset from the record it decoded).
func TestJSONTypeErrorLine(t *testing.T) {
	span := `{"traceId":"%032x","spanId":"%016x","name":%s,"startTimeUnixNano":"1755698401000000000","endTimeUnixNano":"1755698402000000000"}`
	otlp := `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[` + "\n" +
		fmt.Sprintf(span, 1, 1, `"a"`) + ",\n" + fmt.Sprintf(span, 2, 2, `"b"`) + ",\n" + fmt.Sprintf(span, 3, 3, `5`) + "\n]}]}]}\n"
	jaeger := "{\"data\": [{\"traceID\": \"t1\", \"spans\": [\n  {\n    \"spanID\": \"s1\",\n    \"operationName\": \"GET\",\n    \"startTime\": 1755698401000000\n  },\n" +
		"  {\n    \"spanID\": \"s2\",\n    \"startTime\": 1755698401000000,\n    \"operationName\": [\"GET\"]\n  }\n]}]}\n"
	for _, tt := range []struct{ format, body, want string }{
		{"otlp-json", otlp, "scenarios/t.json:4: field name: want string, got JSON number"},
		{"jaeger-json", jaeger, "scenarios/t.json:10: field operationName: want string, got JSON array"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			_, errs := loadMap(t, map[string]string{
				"scenarios/s.yaml": scenarioWith("traces:\n  - include: t.json\n    format: " + tt.format + "\n"),
				"scenarios/t.json": tt.body,
			})
			if len(errs) == 0 || errs[0].Error() != tt.want {
				t.Errorf("errors = %v\nwant first %q", errs, tt.want)
			}
		})
	}
}
