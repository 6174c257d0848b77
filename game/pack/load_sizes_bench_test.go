package pack

import (
	"runtime"
	"runtime/metrics"
	"testing"

	"firedrill/internal/bigpack"
)

// liveHeap is the heap still reachable after a forced GC.
func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// BenchmarkLoadSizes loads the make perf pack (internal/bigpack) at 100k
// and 1M lines (3M with FIREDRILL_BENCH_3M=1): read, parse, validate,
// sort, index. Beside ns/op it reports the JSONL bytes and the heap the
// loaded scenario keeps after a forced GC, in bytes and per JSONL byte,
// so the curve shows whether time and memory grow linearly.
func BenchmarkLoadSizes(b *testing.B) {
	for _, n := range bigpack.BenchSizes() {
		b.Run(bigpack.SizeName(n), func(b *testing.B) {
			fsys, raw := bigpack.FS(n)
			b.SetBytes(int64(raw))
			var retained float64
			for b.Loop() {
				b.StopTimer()
				before := liveHeap()
				b.StartTimer()
				p, errs := Load(fsys, ".")
				if len(errs) > 0 || p.Scenarios[0].Logs.Len() != n {
					b.Fatalf("load: %v", errs)
				}
				b.StopTimer()
				retained = float64(liveHeap()) - float64(before)
				runtime.KeepAlive(p)
				b.StartTimer()
			}
			b.ReportMetric(float64(raw), "jsonl-B")
			b.ReportMetric(retained, "retained-B")
			b.ReportMetric(retained/float64(raw), "retained/jsonl")
			b.ReportMetric(retained/float64(n), "retained-B/line")
		})
	}
}
