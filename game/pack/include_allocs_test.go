package pack

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestReadersAllocateNothingPerLine guards the memory the include readers
// leave behind: the loader reads with the collector paused (gcpause.go),
// so whatever a reader allocates per line stays until the load ends. A
// file of 4000 lines may cost no more allocations than one of 2000 plus
// a few (the store's arrays double, attribute values are interned until
// the interner gives up on unique ones). Kubernetes events are decoded by
// encoding/json, which makes a string per field: they are held to that.
// OTLP logs are left out: their reader decodes each record into a dozen
// objects, and runs with the collector on (memoryChurns).
func TestReadersAllocateNothingPerLine(t *testing.T) {
	if raceEnabled {
		// the race detector's instrumentation allocates, and its
		// sync.Pool drops items at random; make test runs this test again
		// without it
		t.Skip("allocations are not counted under the race detector")
	}
	at := func(i int) time.Time {
		return time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC).Add(time.Duration(i) * 300 * time.Millisecond)
	}
	lines := func(n int, line func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(line(i) + "\n")
		}
		return b.String()
	}
	list := func(sep string, item func(i int) string) func(n int) string {
		return func(n int) string {
			items := make([]string, n)
			for i := range n {
				items[i] = item(i)
			}
			return strings.Join(items, sep)
		}
	}
	tests := []struct {
		name, entry string
		file        func(n int) string
		max         float64 // allocations per line
	}{
		{"jsonl", "format: jsonl", func(n int) string {
			return lines(n, func(i int) string {
				return fmt.Sprintf(`{"ts":"%s","level":"INFO","service":"api","msg":"a \"quoted\" word\n","pod":"api-1","request_id":"%08x"}`, at(i).Format(time.RFC3339Nano), i)
			})
		}, 0},
		{"logfmt", "format: logfmt", func(n int) string {
			return lines(n, func(i int) string {
				return fmt.Sprintf(`ts=%s level=warn service=api msg="pool \"exhausted\"" pod=api-1 request_id=%08x`, at(i).Format(time.RFC3339Nano), i)
			})
		}, 0},
		{"text", "format: text", func(n int) string {
			return lines(n, func(i int) string {
				return fmt.Sprintf("%s INFO api request %08x done", at(i).Format(time.RFC3339Nano), i)
			})
		}, 0},
		{"syslog RFC 5424", "format: syslog", func(n int) string {
			return lines(n, func(i int) string {
				return fmt.Sprintf(`<134>1 %s node-1 api 12 ID7 [m@1 request_id="%08x" pod="api-1"] request done`, at(i).Format(time.RFC3339Nano), i)
			})
		}, 0},
		{"syslog RFC 3164", "format: syslog", func(n int) string {
			return lines(n, func(i int) string {
				return fmt.Sprintf("<13>%s node-1 api[12]: request %08x done", at(i).Format(time.Stamp), i)
			})
		}, 0},
		{"access-log", "format: access-log\nservice: api", func(n int) string {
			return lines(n, func(i int) string {
				return fmt.Sprintf(`10.0.0.1 - - [%s] "GET /cart?id=%08x HTTP/1.1" 200 12 "-" "curl/8" 0.003`, at(i).Format(accessTimeLayout), i)
			})
		}, 0},
		{"loki-json", "format: loki-json", func(n int) string {
			return `{"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"api","level":"info","pod":"api-1"},"values":[` +
				list(",", func(i int) string {
					return fmt.Sprintf(`["%d","{\"msg\":\"request done\",\"request_id\":\"%08x\"}"]`, at(i).UnixNano(), i)
				})(n) + `]}]}}`
		}, 0},
		{"k8s-events", "format: k8s-events\nservice: api", func(n int) string {
			return `{"kind":"List","items":[` + list(",", func(i int) string {
				return fmt.Sprintf(`{"reason":"Unhealthy","message":"probe %08x failed","type":"Warning","count":1,"firstTimestamp":"%s",`+
					`"involvedObject":{"kind":"Pod","namespace":"prod","name":"api-7d9f8c6b5-x7k2p"},"source":{"component":"kubelet","host":"node-1"}}`, i, at(i).Format(time.RFC3339))
			})(n) + `]}`
		}, 14},
	}
	for _, tt := range tests {
		allocs := func(n int) float64 {
			body := tt.file(n)
			return testing.AllocsPerRun(1, func() {
				s, errs := loadLogs(t, tt.entry, body)
				if len(errs) > 0 || s.Logs.Len() != n {
					t.Fatalf("%s: %d lines of %d, errors %v", tt.name, s.Logs.Len(), n, errs)
				}
			})
		}
		small, big := allocs(2000), allocs(4000)
		if perLine := (big - small) / 2000; perLine > max(tt.max, 0.05) {
			t.Errorf("%s: %.2f allocations per line (%.0f for 2000 lines, %.0f for 4000)", tt.name, perLine, small, big)
		}
	}
}
