package pack

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// Hostile include files for the export readers: huge numbers, nesting
// 10 000 deep, the wrong shape, an enormous string, NaN and Inf, negative
// durations. Each is one clear error at file:line, quickly, never a panic
// or a hang. The timings are logged (go test -v) and bounded loosely: in a
// plain run each takes milliseconds, the 4 MiB name well under a
// second.

func deep(open, close string, n int) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

const (
	hostileSpan   = `{"traceId":"aa","spanId":"01","name":"x","startTimeUnixNano":"1755698460000000000","endTimeUnixNano":"1755698460000000001"}`
	hostileOTLP   = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[%s]}]}]}`
	hostileJaeger = `{"data":[{"traceID":"aa","processes":{"p1":{"serviceName":"api"}},"spans":[{"traceID":"aa","spanID":"01","operationName":"x","startTime":%s,"duration":%s,"processID":"p1"}]}]}`
	hostileZipkin = `[{"traceId":"aa","id":"01","name":"x","timestamp":%s,"duration":%s,"localEndpoint":{"serviceName":"api"}}]`
	hostileProm   = `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x","job":"api"},"values":[[%s,%s]]}]}}`
)

func fill(format string, args ...string) string {
	for _, a := range args {
		format = strings.Replace(format, "%s", a, 1)
	}
	return format
}

var hostileReaderInputs = []struct {
	name, section, format string
	body                  func() string
	want                  string
}{
	{"otlp: 10k-deep arrays", "traces", "otlp-json", func() string { return `{"resourceSpans":` + deep("[", "]", 10000) + `}` },
		"scenarios/x:1: want \"{\", got ["},
	{"otlp: 10k-deep objects in an attribute", "traces", "otlp-json", func() string {
		return fill(hostileOTLP, strings.Replace(hostileSpan, `"name":"x"`, `"name":"x","attributes":[{"key":"k","value":{"kvlistValue":`+deep(`{"a":`, "}", 10000)+`}}]`, 1))
	}, "scenarios/x:1: JSON nested deeper than 10000 levels"},
	{"otlp: a huge time", "traces", "otlp-json", func() string {
		return fill(hostileOTLP, strings.Replace(hostileSpan, `"1755698460000000000"`, `"99999999999999999999999"`, 1))
	}, `scenarios/x:1: want nanoseconds since 1970, got "99999999999999999999999"`},
	{"otlp: an enormous name", "traces", "otlp-json", func() string {
		return fill(hostileOTLP, strings.Replace(hostileSpan, `"name":"x"`, `"name":"`+strings.Repeat("x", 4<<20)+`"`, 1))
	}, "scenarios/x:1: name: longer than 65536 bytes (MaxLineBytes)"},
	{"otlp: NaN in the JSON", "traces", "otlp-json", func() string {
		return fill(hostileOTLP, strings.Replace(hostileSpan, `"name":"x"`, `"name":NaN`, 1))
	}, "scenarios/x:1: invalid character 'N'"},
	{"otlp: the wrong shape", "traces", "otlp-json", func() string { return `{"resourceSpans":{"spans":[]}}` },
		"scenarios/x:1: want an array, got {"},
	{"jaeger: a negative duration", "traces", "jaeger-json", func() string { return fill(hostileJaeger, "1755698460000000", "-5") },
		"scenarios/x:1: duration: the span ends before it starts (-5µs)"},
	{"jaeger: a huge time", "traces", "jaeger-json", func() string { return fill(hostileJaeger, "1e300", "5") },
		`scenarios/x:1: want a whole number, got "1e300"`},
	{"jaeger: 10k-deep data", "traces", "jaeger-json", func() string { return `{"data":` + deep("[", "]", 10000) + `}` },
		"scenarios/x:1: not a Jaeger trace object"},
	{"zipkin: a negative duration", "traces", "zipkin-json", func() string { return fill(hostileZipkin, "1755698460000000", "-1") },
		"scenarios/x:1: duration: the span ends before it starts (-1µs)"},
	{"zipkin: a huge timestamp", "traces", "zipkin-json", func() string { return fill(hostileZipkin, "99999999999999999999", "1") },
		`scenarios/x:1: want a whole number, got "99999999999999999999"`},
	{"zipkin: 10k-deep lists", "traces", "zipkin-json", func() string { return deep("[", "]", 10000) },
		"scenarios/x:1: want a Zipkin v2 span object"},
	{"prometheus: +Inf", "metrics", "prometheus-json", func() string { return fill(hostileProm, "1755698460", `"+Inf"`) },
		`scenarios/x:1: values: series x: "+Inf": an infinite sample cannot be plotted`},
	{"prometheus: a huge time", "metrics", "prometheus-json", func() string { return fill(hostileProm, "1e300", `"1"`) },
		`scenarios/x:1: values: series x: time "1e300": want seconds since 1970`},
	{"prometheus: a step of a nanosecond over a day", "metrics", "prometheus-json", func() string {
		return strings.Replace(fill(hostileProm, "1755698460", `"1"`), `]]}]`, `],[1755698460.000000001,"2"],[1755701940,"3"]]}]`, 1)
	}, "scenarios/x:1: time: series api/x would need 3480000000001 samples at step 1ns (limit 1000000)"},
	{"loki: 10k-deep values", "logs", "loki-json", func() string {
		return `{"data":{"resultType":"streams","result":[{"stream":{"job":"api"},"values":` + deep("[", "]", 10000) + `}]}}`
	}, "scenarios/x:1: JSON nested deeper than 10000 levels"},
	{"jsonl: 10k-deep array", "logs", "jsonl", func() string { return deep("[", "]", 10000) },
		"scenarios/x:1: want a JSON object in the array"},
	{"jsonl: an enormous pretty record", "logs", "jsonl", func() string { return "{\n\"msg\": \"" + strings.Repeat("x", 2<<20) + "\"\n}" },
		"scenarios/x:1: a record longer than 1 MiB (MaxRecordBytes)"},
	{"journald: a message nested deeper than JSON allows", "logs", "journald", func() string {
		return `{"__REALTIME_TIMESTAMP":"1755698460000000","SYSLOG_IDENTIFIER":"api","MESSAGE":` + deep("[", "]", 10001) + `}`
	}, "scenarios/x:1: invalid JSON at column 80: malformed nested value"},
	{"k8s: an event of the wrong shape", "events", "k8s-events", func() string { return `{"items":[{"reason":{"deep":` + deep("[", "]", 9000) + `}}]}` },
		"scenarios/x:1: field reason: want string, got JSON object"},
	{"syslog: a PRI past 191 is no header", "logs", "syslog", func() string { return "<999>1 2025-08-20T14:01:00Z h app - - - x\n" },
		"scenarios/x:1: not a syslog line"},
	{"access log: a huge status line", "logs", "access-log", func() string {
		return `1.2.3.4 - - [20/Aug/2025:14:01:00 +0000] "` + strings.Repeat("A", 70000) + `" 200 1`
	},
		"scenarios/x:1: line is longer than 65536 bytes (MaxLineBytes)"},
}

func TestHostileReaderInputs(t *testing.T) {
	for _, tt := range hostileReaderInputs {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, errs := loadMap(t, map[string]string{
				"scenarios/s.yaml": strings.Replace(scenarioWith(tt.section+":\n  - include: x\n    format: "+tt.format+"\n"),
					"  - name: postgres\n", "  - name: postgres\n  - name: x\n", 1),
				"scenarios/x": body,
			})
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Fatalf("errors = %.500v\nwant one, starting %q", errs, tt.want)
			}
			// A guard against hangs, not a benchmark: the race detector
			// on a busy machine is many times slower than a plain run.
			if took > 30*time.Second {
				t.Errorf("took %v", took)
			}
			t.Logf("%s: %v, %d KiB in, %d MiB allocated", tt.name, took, len(body)>>10, (after.TotalAlloc-before.TotalAlloc)>>20)
		})
	}
}
