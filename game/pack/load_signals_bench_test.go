package pack

import (
	"fmt"
	"iter"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"testing/fstest"
	"time"

	"firedrill/game"
)

// Realistic trace and metric includes for the memory benchmarks: the heap
// a loaded scenario keeps, against the bytes of the export it came from.

// benchServices are the services of the benchmark traces and metrics.
var benchServices = []string{"api-gateway", "checkout", "inventory", "payments", "cart",
	"catalog", "users", "shipping", "search", "notifications"}

// benchSpan is one span of the generated traces, before any format.
type benchSpan struct {
	trace, id, parent string
	service, name     string
	start, dur        int64 // ns since 1970, ns
	err               bool
	attrs             [][2]string
	intAttr           map[string]bool // keys whose value is a number
}

// benchTraces makes n spans in traces of 10 to 30 spans across ten
// services, four operation names a service (forty in all), 3 to 8
// attributes a span (method, route, status, peer, db system, port, a
// target with an order number, a worker thread) and about 3% errors,
// over the two hours from t0.
func benchTraces(n int) []benchSpan {
	methods := []string{"GET", "GET", "GET", "POST", "PUT", "DELETE"}
	verbs := []string{"list", "get", "create", "update"}
	dbs := []string{"postgresql", "redis", "postgresql", "mongodb"}
	out := make([]benchSpan, 0, n)
	rnd := uint64(0x9e3779b97f4a7c15)
	next := func() uint64 { // xorshift: deterministic, cheap
		rnd ^= rnd << 13
		rnd ^= rnd >> 7
		rnd ^= rnd << 17
		return rnd
	}
	const window = 2 * time.Hour
	traces := n / 20
	for t := 0; len(out) < n; t++ {
		size := min(10+int(next()%21), n-len(out))
		traceID := fmt.Sprintf("%016x%016x", next(), next())
		root := t0.Add(time.Duration(t) * window / time.Duration(traces+1)).UnixNano()
		first := len(out)
		for j := 0; j < size; j++ {
			svc := benchServices[0]
			if j > 0 {
				svc = benchServices[1+next()%uint64(len(benchServices)-1)]
			}
			si := 0
			for i, s := range benchServices {
				if s == svc {
					si = i
				}
			}
			verb := verbs[next()%4]
			route := fmt.Sprintf("/api/v1/%s/%s", svc, verb)
			sp := benchSpan{trace: traceID, id: fmt.Sprintf("%016x", next()), service: svc,
				name: verb + " " + svc, start: root + int64(j)*int64(time.Millisecond),
				dur: int64(1+next()%400) * int64(time.Millisecond) / 4, err: next()%33 == 0,
				intAttr: map[string]bool{"http.status_code": true, "net.peer.port": true}}
			if j > 0 {
				sp.parent = out[first+int(next()%uint64(j))].id
			}
			status := "200"
			if sp.err {
				status = []string{"500", "503", "504"}[next()%3]
			} else if next()%20 == 0 {
				status = "404"
			}
			all := [][2]string{
				{"http.method", methods[next()%uint64(len(methods))]},
				{"http.route", route},
				{"http.status_code", status},
				{"net.peer.name", benchServices[(si+1)%len(benchServices)] + ".prod.svc.cluster.local"},
				{"db.system", dbs[si%len(dbs)]},
				{"net.peer.port", []string{"5432", "6379", "8080", "27017"}[si%4]},
				{"http.target", fmt.Sprintf("/api/v1/%s/%d", svc, next()%1_000_000)},
				{"thread.name", fmt.Sprintf("worker-%d", next()%32)},
			}
			sp.attrs = all[:3+next()%6]
			out = append(out, sp)
		}
	}
	return out
}

// traceScenario is a scenario over the two hours from t0 that declares the
// benchmark services and reads one trace include.
func traceScenario(file, format string) string {
	return signalScenario("spans", "traces_sampled: 0.1\n", "traces", file, format)
}

// signalScenario is a scenario with id id over the two hours from t0 that
// declares the benchmark services and reads one include in section.
func signalScenario(id, extra, section, file, format string) string {
	y := "format: firedrill/v1\nid: " + id + "\ntitle: " + id + "\ndifficulty: 2\ntime_limit: 10m\n" +
		"start: 2025-08-20T14:00:00Z\nduration: 3h\nbriefing: " + id + "\n" + extra + "services:\n"
	for _, s := range benchServices {
		y += "  - name: " + s + "\n"
	}
	return y + section + ":\n  - include: " + file + "\n    format: " + format + "\n" +
		"choices:\n  - {id: a, text: A}\n  - {id: b, text: B}\n  - {id: c, text: C}\n"
}

// otlpJSON writes spans as the collector's file exporter does: JSON Lines,
// one export a batch of 50 traces, one resourceSpans a service.
func otlpJSON(spans []benchSpan) []byte {
	var buf []byte
	for lo := 0; lo < len(spans); {
		hi, traces := lo, 0
		for hi < len(spans) && (traces < 50 || spans[hi].trace == spans[hi-1].trace) {
			if hi == lo || spans[hi].trace != spans[hi-1].trace {
				traces++
			}
			hi++
		}
		buf = append(buf, `{"resourceSpans":[`...)
		for si, svc := range benchServices {
			if si > 0 {
				buf = append(buf, ',')
			}
			buf = fmt.Appendf(buf, `{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":%q}}]},"scopeSpans":[{"scope":{"name":"otel-go"},"spans":[`, svc)
			n := 0
			for _, sp := range spans[lo:hi] {
				if sp.service != svc {
					continue
				}
				if n++; n > 1 {
					buf = append(buf, ',')
				}
				buf = fmt.Appendf(buf, `{"traceId":%q,"spanId":%q,"parentSpanId":%q,"name":%q,"kind":2,"startTimeUnixNano":"%d","endTimeUnixNano":"%d","attributes":[`,
					sp.trace, sp.id, sp.parent, sp.name, sp.start, sp.start+sp.dur)
				for i, a := range sp.attrs {
					if i > 0 {
						buf = append(buf, ',')
					}
					if sp.intAttr[a[0]] {
						buf = fmt.Appendf(buf, `{"key":%q,"value":{"intValue":"%s"}}`, a[0], a[1])
					} else {
						buf = fmt.Appendf(buf, `{"key":%q,"value":{"stringValue":%q}}`, a[0], a[1])
					}
				}
				buf = append(buf, `],"status":{`...)
				if sp.err {
					buf = append(buf, `"code":2`...)
				}
				buf = append(buf, "}}"...)
			}
			buf = append(buf, "]}]}"...)
		}
		buf = append(buf, "]}\n"...)
		lo = hi
	}
	return buf
}

// jaegerJSON writes spans as Jaeger's query API does: {"data": [trace…]},
// each trace with its processes, one line a trace.
func jaegerJSON(spans []benchSpan) []byte {
	buf := []byte(`{"data":[` + "\n")
	for t, trace := range byTrace(spans) {
		if t > 0 {
			buf = append(buf, ",\n"...)
		}
		buf = fmt.Appendf(buf, `{"traceID":%q,"spans":[`, trace[0].trace)
		for i, sp := range trace {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = fmt.Appendf(buf, `{"traceID":%q,"spanID":%q,"operationName":%q,"references":[`, sp.trace, sp.id, sp.name)
			if sp.parent != "" {
				buf = fmt.Appendf(buf, `{"refType":"CHILD_OF","traceID":%q,"spanID":%q}`, sp.trace, sp.parent)
			}
			buf = fmt.Appendf(buf, `],"startTime":%d,"duration":%d,"tags":[`, sp.start/1000, sp.dur/1000)
			for j, a := range sp.attrs {
				if j > 0 {
					buf = append(buf, ',')
				}
				if sp.intAttr[a[0]] {
					buf = fmt.Appendf(buf, `{"key":%q,"type":"int64","value":%s}`, a[0], a[1])
				} else {
					buf = fmt.Appendf(buf, `{"key":%q,"type":"string","value":%q}`, a[0], a[1])
				}
			}
			if sp.err {
				buf = append(buf, `,{"key":"error","type":"bool","value":true}`...)
			}
			buf = fmt.Appendf(buf, `],"logs":[],"processID":"p%d","warnings":null}`, benchServiceIndex(sp.service)+1)
		}
		buf = append(buf, `],"processes":{`...)
		for i, s := range benchServices {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = fmt.Appendf(buf, `"p%d":{"serviceName":%q,"tags":[]}`, i+1, s)
		}
		buf = append(buf, `},"warnings":null}`...)
	}
	return append(buf, "\n]}\n"...)
}

// byTrace yields the runs of spans that share a trace (spans come grouped
// by trace), numbered from 0.
func byTrace(spans []benchSpan) iter.Seq2[int, []benchSpan] {
	return func(yield func(int, []benchSpan) bool) {
		for t, lo := 0, 0; lo < len(spans); t++ {
			hi := lo + 1
			for hi < len(spans) && spans[hi].trace == spans[lo].trace {
				hi++
			}
			if !yield(t, spans[lo:hi]) {
				return
			}
			lo = hi
		}
	}
}

// zipkinJSON writes spans as Zipkin's /api/v2/traces does: a list of
// traces, each a list of spans, one line a span.
func zipkinJSON(spans []benchSpan) []byte {
	buf := []byte("[\n")
	for t, trace := range byTrace(spans) {
		if t > 0 {
			buf = append(buf, ",\n"...)
		}
		buf = append(buf, "[\n"...)
		for i, sp := range trace {
			if i > 0 {
				buf = append(buf, ",\n"...)
			}
			buf = fmt.Appendf(buf, `{"traceId":%q,"id":%q,`, sp.trace, sp.id)
			if sp.parent != "" {
				buf = fmt.Appendf(buf, `"parentId":%q,`, sp.parent)
			}
			buf = fmt.Appendf(buf, `"name":%q,"timestamp":%d,"duration":%d,"localEndpoint":{"serviceName":%q,"ipv4":"10.1.2.3"},"tags":{`,
				sp.name, sp.start/1000, sp.dur/1000, sp.service)
			for j, a := range sp.attrs {
				if j > 0 {
					buf = append(buf, ',')
				}
				buf = fmt.Appendf(buf, `%q:%q`, a[0], a[1])
			}
			if sp.err {
				buf = append(buf, `,"error":"true"`...)
			}
			buf = append(buf, "}}"...)
		}
		buf = append(buf, "\n]"...)
	}
	return append(buf, "\n]\n"...)
}

func benchServiceIndex(svc string) int {
	for i, s := range benchServices {
		if s == svc {
			return i
		}
	}
	return -1
}

// loadRetained loads scenario s.yaml of fsys once per op and reports the
// include's bytes (raw-B), the heap the loaded scenario keeps after a
// forced GC (retained-B, the way BenchmarkLoadJSONL1M measures it), their
// ratio, the retained bytes per unit (a span, a sample), and the most heap
// seen during the load (peak-B: sampled every millisecond, garbage not
// yet collected included, so it moves with GOGC; a rough guide to RSS).
func loadRetained(b *testing.B, fsys fstest.MapFS, raw, units int, unit string, check func(*testing.B, *game.Scenario)) {
	b.SetBytes(int64(raw))
	b.ReportAllocs()
	var retained, peak float64
	for b.Loop() {
		b.StopTimer()
		before := liveHeap()
		stop, top := heapPeak()
		b.StartTimer()
		s, errs := LoadScenario(fsys, "s.yaml")
		if len(errs) > 0 {
			b.Fatalf("load: %v", errs[0])
		}
		check(b, s)
		b.StopTimer()
		close(stop)
		peak = float64(<-top) - float64(before)
		retained = float64(liveHeap()) - float64(before)
		runtime.KeepAlive(s)
		b.StartTimer()
	}
	b.ReportMetric(float64(raw), "raw-B")
	b.ReportMetric(retained, "retained-B")
	b.ReportMetric(retained/float64(raw), "retained/raw")
	b.ReportMetric(retained/float64(units), "retained-B/"+unit)
	b.ReportMetric(peak, "peak-B")
}

// heapPeak samples the heap's objects every millisecond until stop is
// closed, then sends the most it saw.
func heapPeak() (stop chan struct{}, top chan uint64) {
	stop, top = make(chan struct{}), make(chan uint64, 1)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var most uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			most = max(most, s[0].Value.Uint64())
			select {
			case <-stop:
				top <- most
				return
			case <-tick.C:
			}
		}
	}()
	return stop, top
}

// BenchmarkLoadSpans100k loads 100 000 realistic spans (benchTraces) as
// OTLP/JSON, Jaeger JSON and Zipkin JSON, and reports what the loaded
// traces keep beside the export's bytes.
func BenchmarkLoadSpans100k(b *testing.B) {
	const n = 100_000
	for _, f := range []struct {
		format string
		write  func([]benchSpan) []byte
	}{{FormatOTLPJSON, otlpJSON}, {FormatJaegerJSON, jaegerJSON}, {FormatZipkinJSON, zipkinJSON}} {
		b.Run(f.format, func(b *testing.B) {
			data := f.write(benchTraces(n)) // only the export stays in the heap
			fsys := fstest.MapFS{
				"s.yaml": {Data: []byte(traceScenario("t.json", f.format))},
				"t.json": {Data: data},
			}
			loadRetained(b, fsys, len(data), n, "span", func(b *testing.B, s *game.Scenario) {
				if got := spanCount(s); got != n {
					b.Fatalf("%d spans, want %d", got, n)
				}
			})
		})
	}
}

// benchMetrics makes series × samples one-second samples over two hours
// from t0: twenty metrics a service of benchServices, a gap in about one
// slot of 200. each gets the service, name, unit, time and value
// (formatted as an exporter would) of every sample that exists.
func benchMetrics(series, samples int, each func(svc, name, unit string, at time.Time, v string)) {
	kinds := []struct{ name, unit string }{{"http_requests_per_second", "req/s"}, {"http_errors_per_second", "req/s"},
		{"http_latency_p50_ms", "ms"}, {"http_latency_p99_ms", "ms"}, {"cpu_usage", "cores"}, {"memory_rss_bytes", "bytes"}}
	rnd := uint64(88172645463325252)
	for i := 0; i < series; i++ {
		svc := benchServices[i%len(benchServices)]
		k := kinds[(i/len(benchServices))%len(kinds)]
		name := k.name
		if i >= len(benchServices)*len(kinds) {
			name = fmt.Sprintf("%s_%d", k.name, i/(len(benchServices)*len(kinds)))
		}
		for j := 0; j < samples; j++ {
			rnd ^= rnd << 13
			rnd ^= rnd >> 7
			rnd ^= rnd << 17
			if rnd%200 == 0 && j > 0 && j < samples-1 {
				continue
			}
			v := strconv.FormatFloat(float64(rnd%100_000)/100, 'f', -1, 64)
			each(svc, name, k.unit, t0.Add(time.Duration(j)*time.Second), v)
		}
	}
}

// metricScenario is a scenario that reads one metric include.
func metricScenario(file, format string) string {
	return signalScenario("series", "", "metrics", file, format)
}

// BenchmarkLoadSeries1M44 loads 200 series × 7 200 one-second samples
// (1.44M samples) as CSV and as a Prometheus query_range response, and
// reports what the loaded series keep beside the export's bytes.
func BenchmarkLoadSeries1M44(b *testing.B) {
	const series, samples = 200, 7_200
	for _, f := range []struct {
		format string
		write  func(series, samples int) []byte
	}{{FormatCSV, metricsCSV}, {FormatPrometheusJSON, metricsPrometheus}} {
		b.Run(f.format, func(b *testing.B) {
			data := f.write(series, samples)
			fsys := fstest.MapFS{
				"s.yaml": {Data: []byte(metricScenario("m.data", f.format))},
				"m.data": {Data: data},
			}
			loadRetained(b, fsys, len(data), series*samples, "sample", func(b *testing.B, s *game.Scenario) {
				if got := sampleSlots(s); got != series*samples {
					b.Fatalf("%d sample slots, want %d", got, series*samples)
				}
			})
		})
	}
}

// metricsCSV writes benchMetrics as a metrics CSV include.
func metricsCSV(series, samples int) []byte {
	data := []byte("time,service,name,value,unit\n")
	benchMetrics(series, samples, func(svc, name, unit string, at time.Time, v string) {
		data = at.AppendFormat(data, time.RFC3339)
		data = fmt.Appendf(data, ",%s,%s,%s,%s\n", svc, name, v, unit)
	})
	return data
}

// metricsPrometheus writes benchMetrics as a query_range response.
func metricsPrometheus(series, samples int) []byte {
	data := []byte(`{"status":"success","data":{"resultType":"matrix","result":[`)
	last := ""
	benchMetrics(series, samples, func(svc, name, unit string, at time.Time, v string) {
		if key := svc + name; key != last {
			if last != "" {
				data = append(data, "]},\n"...)
			}
			last = key
			data = fmt.Appendf(data, `{"metric":{"__name__":%q,"service":%q,"instance":"%s:9090","job":"kubernetes-pods"},"values":[`, name, svc, svc)
		} else {
			data = append(data, ',')
		}
		data = fmt.Appendf(data, `[%d,%q]`, at.Unix(), v)
	})
	return append(data, "]}\n]}}\n"...)
}

func spanCount(s *game.Scenario) int {
	n := 0
	for _, t := range s.Traces {
		n += len(t.Spans)
	}
	return n
}

func sampleSlots(s *game.Scenario) int {
	n := 0
	for _, sr := range s.Metrics {
		n += sr.Len()
	}
	return n
}
