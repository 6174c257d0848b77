package pack

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"testing/fstest"
	"time"
)

// jsonl1M builds a pack-less scenario with one JSONL include of n realistic
// lines (~190 bytes: ts, level, service, msg, trace_id, pod, request_id).
func jsonl1M(n int) (fstest.MapFS, int) {
	services := []string{"api-gateway", "checkout", "inventory", "cache", "postgres"}
	levels := []string{"INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"}
	msgs := []string{"GET /api/v1/cart 200", "upstream timeout calling inventory", "cache miss catalog:v2:sku",
		"slow query on orders", "connection pool exhausted"}
	buf := make([]byte, 0, n*190)
	start := t0
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i) * 3 * time.Millisecond)
		svc := services[i%len(services)]
		buf = append(buf, `{"ts":"`...)
		buf = at.AppendFormat(buf, "2006-01-02T15:04:05.000Z07:00")
		buf = append(buf, `","level":"`...)
		buf = append(buf, levels[i%len(levels)]...)
		buf = append(buf, `","service":"`...)
		buf = append(buf, svc...)
		buf = append(buf, `","msg":"`...)
		buf = append(buf, msgs[i%len(msgs)]...)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(i%997), 10)
		buf = append(buf, `ms","trace_id":"`...)
		buf = fmt.Appendf(buf, "%016x", uint64(i)*0x9e3779b97f4a7c15)
		buf = append(buf, `","pod":"`...)
		buf = append(buf, svc...)
		buf = fmt.Appendf(buf, "-7d9f8c6b5-%05d", i%7)
		buf = append(buf, `","request_id":"`...)
		buf = fmt.Appendf(buf, "%08x%08x", uint32(i*2654435761), i)
		buf = append(buf, "\"}\n"...)
	}
	yaml := `format: firedrill/v1
id: big
title: Big
difficulty: 2
time_limit: 10m
start: 2025-08-20T14:00:00Z
duration: 2h
briefing: big
traces_sampled: 0.01
services:
  - name: api-gateway
  - name: checkout
  - name: inventory
  - name: cache
  - name: postgres
logs:
  - include: ../data/app.jsonl
    format: jsonl
choices:
  - {id: a, text: A}
  - {id: b, text: B}
  - {id: c, text: C}
`
	return fstest.MapFS{
		"scenarios/s.yaml": {Data: []byte(yaml)},
		"data/app.jsonl":   {Data: buf},
	}, len(buf)
}

// BenchmarkLoadJSONL1M loads and indexes a million JSONL lines. Besides
// ns/op and B/op it reports the raw size and the heap still held by the
// loaded scenario (retained-B), both per op.
func BenchmarkLoadJSONL1M(b *testing.B) {
	fsys, raw := jsonl1M(1_000_000)
	b.SetBytes(int64(raw))
	var retained float64
	for b.Loop() {
		var before, after runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		s, errs := LoadScenario(fsys, "scenarios/s.yaml")
		if len(errs) > 0 || s.Logs.Len() != 1_000_000 {
			b.Fatalf("load: %d lines, %v", s.Logs.Len(), errs)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained = float64(after.HeapAlloc) - float64(before.HeapAlloc)
		runtime.KeepAlive(s)
		b.StartTimer()
	}
	// Reported after the loop: metrics set before it are reset.
	b.ReportMetric(float64(raw), "raw-B")
	b.ReportMetric(float64(raw)/1e6, "raw-B/line")
	b.ReportMetric(retained, "retained-B")
	b.ReportMetric(retained/float64(raw), "retained/raw")
}

// BenchmarkLoadOTLP100k loads 100 000 spans in one OTLP/JSON export: the
// reader must stay linear in the file (no per-span rescans).
func BenchmarkLoadOTLP100k(b *testing.B) {
	var buf []byte
	buf = append(buf, `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[`...)
	for i := 0; i < 100_000; i++ {
		if i > 0 {
			buf = append(buf, ",\n"...)
		}
		start := t0.Add(time.Duration(i) * time.Millisecond).UnixNano()
		buf = fmt.Appendf(buf, `{"traceId":"%032x","spanId":"%016x","name":"GET /x","startTimeUnixNano":"%d","endTimeUnixNano":"%d","attributes":[{"key":"http.status_code","value":{"intValue":"200"}}]}`,
			i/10, i+1, start, start+int64(time.Millisecond))
	}
	buf = append(buf, "]}]}]}\n"...)
	fsys := fstest.MapFS{
		"s.yaml": {Data: []byte(scenarioWith("traces:\n  - include: t.json\n    format: otlp-json\n"))},
		"t.json": {Data: buf},
	}
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		s, errs := LoadScenario(fsys, "s.yaml")
		if len(errs) > 0 || len(s.Traces) != 10_000 {
			b.Fatalf("%d traces, %v", len(s.Traces), errs)
		}
	}
}

// BenchmarkOpenJSONL1MDisk is BenchmarkLoadJSONL1M through Open on a
// temp dir: the path a player's installed pack takes (os.Root, two reads of
// the include: one to count lines, one to parse).
func BenchmarkOpenJSONL1MDisk(b *testing.B) {
	fsys, raw := jsonl1M(1_000_000)
	dir := b.TempDir()
	for name, f := range fsys {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "pack.yaml"), []byte("format: firedrill/v1\nid: big\ntitle: Big\nscenarios: [scenarios/s.yaml]\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(raw))
	b.ReportAllocs()
	for b.Loop() {
		p, errs := Open(dir)
		if len(errs) > 0 || p.Scenarios[0].Logs.Len() != 1_000_000 {
			b.Fatalf("%v", errs)
		}
	}
}
