package sim

import (
	"fmt"
	"math"
	"time"

	"firedrill/game"
	"firedrill/game/sim/signal"
)

// observeTraces samples whole requests through the graph: head sampling at
// g.headRate, plus errored requests kept up to one every four seconds (tail
// rule "keep errors", rate-limited as real collectors are). Each request is
// re-simulated span by span from that second's states, so a slow trace is
// slow for the reason the model says: retries are sibling client spans with
// 100/200/400 ms gaps, a broken host is a 2 ms failed client span with no
// server span, and an uninstrumented service leaves its children orphaned.
func (g *gen) observeTraces(run *Run) ([]*game.Trace, int) {
	rng := g.stream(3)
	var out []*game.Trace
	spans := 0
	errBudget := 0.0
	entry := g.firstCaller()
	for t := 0; t < g.secs; t++ {
		n := rng.Poisson(run.Entry[t] * g.headRate)
		errBudget = math.Min(errBudget+0.25, 2)
		extra := 0
		if e := run.States[t][entry].Err; errBudget >= 1 && rng.Float64() < math.Min(1, e*run.Entry[t]*0.05) {
			extra = 1
			errBudget--
		}
		for i := 0; i < n+extra; i++ {
			tb := &traceBuilder{g: g, run: run, rng: rng, t: t, id: rng.Hex(32)}
			at := g.at(t).Add(time.Duration(rng.IntN(1000)) * time.Millisecond)
			tb.span(entry, at, "", 0)
			if i >= n && !tb.failed { // the kept-error slot only keeps failures
				continue
			}
			if tb.outlives(g.at(g.secs)) { // still running when the window closed: not exported yet
				continue
			}
			out = append(out, game.NewTrace(tb.id, tb.spans))
			spans += len(tb.spans)
		}
	}
	// A single inline file holds at most pack.MaxNodes YAML nodes: keep
	// the spans within budget by thinning whole traces evenly over the
	// window, and say so in the sampling rate the scenario declares.
	if spans > MaxSpans {
		keep := float64(MaxSpans) / float64(spans)
		var kept []*game.Trace
		n := spans
		for n > MaxSpans {
			kept, n = thin(out, keep)
			keep *= 0.98 * float64(MaxSpans) / float64(max(n, MaxSpans))
		}
		g.headRate = math.Max(0.0001, math.Round(g.headRate*float64(len(kept))/float64(len(out))*10000)/10000)
		out, spans = kept, n
	}
	return out, spans
}

// thin keeps an evenly spaced share of the traces (no randomness: the
// same input always keeps the same traces).
func thin(traces []*game.Trace, keep float64) ([]*game.Trace, int) {
	var out []*game.Trace
	n, acc := 0, 0.0
	for _, tr := range traces {
		if acc += keep; acc >= 1 {
			acc--
			out = append(out, tr)
			n += len(tr.Spans)
		}
	}
	return out, n
}

// MaxSpans and MaxLines bound what one generated file carries, so that it
// stays well under the loader's per-file node limit (~20 nodes a span,
// ~16 a log line) without include files.
const (
	MaxSpans = 9000
	MaxLines = 32000
)

// firstCaller is the service external traffic enters (index 0).
func (g *gen) firstCaller() int { return 0 }

type traceBuilder struct {
	g      *gen
	run    *Run
	rng    *signal.Rand
	t      int
	id     string
	spans  []game.Span
	failed bool
	next   int
	base   uint64
}

// emit records a span of service s unless s is uninstrumented: then
// neither its server nor its client spans exist, and its callees' spans
// point at a parent missing from the trace.
func (tb *traceBuilder) emit(s int, sp game.Span) {
	if !tb.g.m.Services[s].Uninstrumented {
		tb.spans = append(tb.spans, sp)
	}
}

// outlives reports whether any span ends after the window does.
func (tb *traceBuilder) outlives(end time.Time) bool {
	for _, sp := range tb.spans {
		if sp.End().After(end) {
			return true
		}
	}
	return false
}

func (tb *traceBuilder) newID() string {
	if tb.next == 0 {
		tb.base = tb.rng.Uint64() >> 4
	}
	tb.next++
	return fmt.Sprintf("%016x", tb.base+uint64(tb.next)*0x9e3779b9)
}

// span simulates service s serving one request that starts at `at`, and
// returns how long it took and whether it failed.
func (tb *traceBuilder) span(s int, at time.Time, parent string, depth int) (float64, bool) {
	g := tb.g
	svc := &g.m.Services[s]
	st := &tb.run.States[tb.t][s]
	id := tb.newID()
	self := len(tb.spans)
	if !svc.Uninstrumented {
		tb.spans = append(tb.spans, game.Span{ID: id, Parent: parent, Service: svc.Name, Name: svc.Endpoint, At: at})
	}
	// Spans of an uninstrumented service are never recorded, but its
	// children keep pointing at the id it would have had: a visible gap.
	ms := st.QueueMs*math.Exp(0.3*tb.rng.NormFloat64()) + tb.rng.LogNormal(st.Own, st.Sigma)
	failed := tb.rng.Float64() < svc.BaseErr+st.Shed+st.FlagErr+st.FailErr+st.PoolFail
	var attrs game.Attrs
	if st.FlagFrac > 0 && tb.rng.Float64() < st.FlagFrac {
		attrs = append(attrs, game.Attr{Key: "flag.new_pricing", Value: "on"})
		failed = failed || tb.rng.Float64() < st.FlagErr/st.FlagFrac
	}
	cursor := ms / 2 // half the own work before the calls, half after
	if depth < 6 {
		for di, d := range svc.Deps {
			calls := int(d.PerReq)
			if tb.rng.Float64() < d.PerReq-float64(calls) {
				calls++
			}
			for c := 0; c < min(calls, 3); c++ {
				dur, ok := tb.call(s, di, at.Add(msDur(cursor)), id, depth)
				cursor += dur
				if !ok {
					failed = true
				}
			}
		}
	}
	total := cursor + ms/2
	if failed {
		tb.failed = true
	}
	if !svc.Uninstrumented {
		sp := &tb.spans[self]
		sp.Dur, sp.Error = msDur(total), failed
		code := "200"
		if failed {
			code = "503"
		}
		if svc.Kind == KindAPI {
			attrs = append(attrs, game.Attr{Key: "http.status_code", Value: code})
		}
		sp.Attrs = attrs
	}
	return total, !failed
}

// call is one client edge: the cache first, then attempts with backoff.
// It returns the ms it took and whether the call finally succeeded.
func (tb *traceBuilder) call(s, di int, at time.Time, parent string, depth int) (float64, bool) {
	g := tb.g
	d := &g.m.Services[s].Deps[di]
	e := &tb.run.Edges[tb.t][s][di]
	elapsed := 0.0
	if d.Cache != nil {
		redis := &g.m.Services[d.Cache.Server]
		ms := tb.rng.LogNormal(math.Max(tb.run.States[tb.t][d.Cache.Server].P50, 0.3), 0.4)
		hit := tb.rng.Float64() < tb.run.States[tb.t][s].Hit
		res := "miss"
		if hit {
			res = "hit"
		}
		tb.emit(s, game.Span{ID: tb.newID(), Parent: parent, Service: g.m.Services[s].Name,
			Name: redis.Name + ".GET", At: at, Dur: msDur(ms), Attrs: game.Attrs{{Key: "cache.result", Value: res}}})
		elapsed += ms
		if hit {
			return elapsed, true
		}
	}
	callee := g.m.Services[d.To].Name
	back := d.BackoffMs
	for k := 0; k <= e.Retries; k++ {
		if k > 0 {
			elapsed += back * (0.9 + 0.2*tb.rng.Float64())
			back *= 2
		}
		start := at.Add(msDur(elapsed))
		cid := tb.newID()
		client := game.Span{ID: cid, Parent: parent, Service: g.m.Services[s].Name, Name: d.Op, At: start,
			Attrs: game.Attrs{{Key: "peer.service", Value: callee}, {Key: "retry.attempt", Value: fmt.Sprint(k)}}}
		if tb.rng.Float64() < e.Broken {
			client.Dur, client.Error = msDur(1.5+tb.rng.Float64()), true
			tb.emit(s, client)
			elapsed += 2
			return elapsed, false // a lookup or handshake failure is not retried
		}
		gap := 0.2 + 1.8*tb.rng.Float64()
		dur, ok := tb.span(d.To, start.Add(msDur(gap/2)), cid, depth+1)
		took := dur + gap
		if took > e.Timeout {
			took, ok = e.Timeout, false
			client.Attrs = game.Attrs{{Key: "error", Value: "DeadlineExceeded"}, client.Attrs[0], client.Attrs[1]}
		}
		client.Dur, client.Error = msDur(took), !ok
		tb.emit(s, client)
		elapsed += took
		if ok {
			return elapsed, true
		}
	}
	return elapsed, false
}

func msDur(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
