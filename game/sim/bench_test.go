package sim

import (
	"io"
	"testing"
	"time"
)

// BenchmarkGenerate is the yardstick: a 45-minute, 8-service
// scenario, simulated, observed and written as YAML.
func BenchmarkGenerate(b *testing.B) {
	var lines, spans, bytes int
	for i := 0; b.Loop(); i++ {
		o, err := GenerateWith("cache-stampede", uint64(i), 4, Options{Duration: 45 * time.Minute, Services: 8})
		if err != nil {
			b.Fatal(err)
		}
		cw := &countWriter{}
		if err := o.WriteYAML(cw); err != nil {
			b.Fatal(err)
		}
		lines, spans, bytes = o.Lines, o.Spans, cw.n
	}
	b.ReportMetric(float64(lines), "lines/op")
	b.ReportMetric(float64(spans), "spans/op")
	b.ReportMetric(float64(bytes), "yaml-bytes/op")
}

type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
