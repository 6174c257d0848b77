package telemetry

import (
	"fmt"
	"math"
	"time"

	"firedrill/game"
	"firedrill/game/sim/signal"
)

// Emit writes svc's standard families from src: the service's request
// families, then each per-pod family for every pod in svc.Pods order (a
// pod's series are gaps outside its life), then a Consumer's lag per
// partition. Series are named as families.go says, so every service of a
// kind has the same names.
func Emit(svc Service, src Source, opt Options) []*game.Series {
	e := newEmitter(opt)
	sfs := serviceFamilies(svc.Kind)
	pfs := podFamilies(svc.Kind, svc.Runtime)
	svcVals := make([][]*float64, len(sfs))
	podVals := make([][][]*float64, len(pfs))
	for f := range podVals {
		podVals[f] = make([][]*float64, len(svc.Pods))
	}
	lagVals := make([][]*float64, svc.Partitions)
	jit := e.jitter()
	for k := 0; k < e.clock.N; k++ {
		ts := e.readings(k)
		if e.rng != nil && svc.Missed != nil && svc.Missed(k) {
			for f := range sfs {
				svcVals[f] = append(svcVals[f], nil)
			}
			for f := range pfs {
				for p := range svc.Pods {
					podVals[f][p] = append(podVals[f][p], nil)
				}
			}
			for p := range lagVals {
				lagVals[p] = append(lagVals[p], nil)
			}
			continue
		}
		reqs := make([]Requests, len(ts))
		for i, t := range ts {
			reqs[i] = src.Requests(t)
		}
		sample := make([]float64, len(sfs))
		for f, fam := range sfs {
			sample[f] = e.noisy(fam, aggregate(fam.agg, reqs, fam.req, rpsOf), jit)
		}
		orderQuantiles(sample[2:5])
		for f := range sfs {
			v := round3(sample[f])
			svcVals[f] = append(svcVals[f], &v)
		}
		for p, pod := range svc.Pods {
			// A scrape sees the pods alive when it runs, at the window's
			// end; what they did in the window is what it reads.
			var alive []time.Duration
			for _, t := range ts {
				if pod.Alive(t) {
					alive = append(alive, t)
				}
			}
			if !pod.Alive(ts[len(ts)-1]) {
				alive = nil
			}
			if len(alive) == 0 {
				for f := range pfs {
					podVals[f][p] = append(podVals[f][p], nil)
				}
				continue
			}
			rs := make([]Resources, len(alive))
			for i, t := range alive {
				rs[i] = src.Pod(p, t)
			}
			for f, fam := range pfs {
				v := round3(e.noisy(fam, aggregate(fam.agg, rs, fam.res, nil), jit))
				podVals[f][p] = append(podVals[f][p], &v)
			}
		}
		for p := range lagVals {
			v := round3(e.noisy(family{agg: aggLast}, src.Lag(p, ts[len(ts)-1]), jit))
			lagVals[p] = append(lagVals[p], &v)
		}
	}
	var out []*game.Series
	for f, fam := range sfs {
		out = append(out, e.clock.Series(fam.name, svc.Name, fam.unit, svcVals[f]))
	}
	for f, fam := range pfs {
		for p, pod := range svc.Pods {
			out = append(out, e.clock.Series(PodSeriesName(fam.name, pod.Name), svc.Name, fam.unit, podVals[f][p]))
		}
	}
	for p := range lagVals {
		out = append(out, e.clock.Series(PartitionSeriesName(p), svc.Name, "messages", lagVals[p]))
	}
	return out
}

// Node is one machine of the cluster.
type Node struct {
	Name string
	// Missed reports whether scrape k of its node exporter failed.
	Missed func(k int) bool
}

// NodeState is one node's condition at one instant.
type NodeState struct {
	CPU           float64 // utilisation of its cores, 0..1
	DiskFreeGiB   float64 // free space on its root filesystem
	NetMbps       float64 // bytes received, in Mbit/s
	Conntrack     float64 // share of the conntrack table in use, 0..1
	ClockOffsetMs float64 // how far its clock is from true time
}

// NodeSource says what the nodes did; i indexes the nodes given to
// EmitNodes.
type NodeSource interface {
	Node(i int, t time.Duration) NodeState
}

// nodeFamilies are the node exporter's families every node has.
var nodeFamilies = []struct {
	name, unit string
	agg        agg
	noise      float64
	get        func(NodeState) float64
}{
	{NodeCPUName, "ratio", aggMean, 1.5, func(n NodeState) float64 { return n.CPU }},
	{NodeDiskName, "GiB", aggLast, 0.1, func(n NodeState) float64 { return n.DiskFreeGiB }},
	{NodeNetworkName, "Mbit/s", aggMean, 1.5, func(n NodeState) float64 { return n.NetMbps }},
	{NodeConntrack, "ratio", aggMean, 1.5, func(n NodeState) float64 { return n.Conntrack }},
	{NodeClockName, "ms", aggLast, 0, func(n NodeState) float64 { return n.ClockOffsetMs }},
}

// EmitNodes writes every node's families, family by family, under the
// pseudo-service that stands for the cluster's machines.
func EmitNodes(service string, nodes []Node, src NodeSource, opt Options) []*game.Series {
	e := newEmitter(opt)
	vals := make([][][]*float64, len(nodeFamilies))
	for f := range vals {
		vals[f] = make([][]*float64, len(nodes))
	}
	jit := e.jitter()
	for k := 0; k < e.clock.N; k++ {
		ts := e.readings(k)
		for n, node := range nodes {
			if e.rng != nil && node.Missed != nil && node.Missed(k) {
				for f := range nodeFamilies {
					vals[f][n] = append(vals[f][n], nil)
				}
				continue
			}
			states := make([]NodeState, len(ts))
			for i, t := range ts {
				states[i] = src.Node(n, t)
			}
			for f, fam := range nodeFamilies {
				v := aggregate(fam.agg, states, fam.get, nil)
				if fam.noise > 0 { // a clock offset is signed and read exactly
					v = e.noisy(family{unit: fam.unit, agg: fam.agg, noise: fam.noise}, v, jit)
				}
				v = round3(v)
				vals[f][n] = append(vals[f][n], &v)
			}
		}
	}
	var out []*game.Series
	for f, fam := range nodeFamilies {
		for n, node := range nodes {
			out = append(out, e.clock.Series(NodeSeriesName(fam.name, node.Name), service, fam.unit, vals[f][n]))
		}
	}
	return out
}

type emitter struct {
	clock signal.Scrape
	res   time.Duration
	rng   *signal.Rand
	sd    float64
}

func newEmitter(opt Options) *emitter {
	e := &emitter{clock: opt.Clock, res: opt.Resolution, rng: opt.Rand, sd: opt.Jitter}
	if e.res <= 0 {
		e.res = time.Second
	}
	return e
}

// jitter is the noise's relative sd for one service: the given one, or
// drawn in 3–5 %.
func (e *emitter) jitter() float64 {
	if e.rng == nil {
		return 0
	}
	if e.sd > 0 {
		return e.sd
	}
	return 0.03 + 0.02*e.rng.Float64()
}

// readings are the offsets at which window k is read: from its start, one
// Resolution apart, before its end.
func (e *emitter) readings(k int) []time.Duration {
	from, to := e.clock.Window(k)
	var ts []time.Duration
	for t := from; t < to; t += e.res {
		ts = append(ts, t)
	}
	if len(ts) == 0 {
		panic(fmt.Sprintf("telemetry: scrape window %d is empty", k))
	}
	return ts
}

// noisy perturbs a sample by the scrape's noise: a relative error drawn
// from a normal bounded at 2.5 standard deviations (a scraped rate is off
// by a few per cent, never by half), a quarter of it on gauges of memory
// (a working set does not jump between scrapes), none on counters.
// Ratios stay in [0, 1] and nothing goes negative.
func (e *emitter) noisy(f family, v, sd float64) float64 {
	if e.rng != nil && !f.exact {
		if f.noise > 0 {
			sd *= f.noise
		}
		v *= 1 + sd*math.Sqrt(3)*(2*e.rng.Float64()-1)
	}
	v = math.Max(0, v)
	if f.unit == "ratio" {
		v = math.Min(1, v)
	}
	return v
}

func rpsOf(r Requests) float64 { return r.RPS }

// aggregate folds a window's readings into one sample; weight, for
// aggWeighted, is each reading's traffic.
func aggregate[T any](a agg, xs []T, get func(T) float64, weight func(T) float64) float64 {
	switch a {
	case aggLast:
		return get(xs[len(xs)-1])
	case aggMax:
		m := math.Inf(-1)
		for _, x := range xs {
			m = math.Max(m, get(x))
		}
		return m
	case aggWeighted:
		if weight != nil {
			sum, w := 0.0, 0.0
			for _, x := range xs {
				wx := weight(x) + 1e-6
				sum += get(x) * wx
				w += wx
			}
			return sum / w
		}
	}
	sum := 0.0
	for _, x := range xs {
		sum += get(x)
	}
	return sum / float64(len(xs))
}

// orderQuantiles keeps p50 ≤ p95 ≤ p99 after noise.
func orderQuantiles(q []float64) {
	q[1] = math.Max(q[1], q[0])
	q[2] = math.Max(q[2], q[1])
}

// round3 keeps four significant digits (a tenth at most for values of a
// hundred and more) so files stay short without flattening small ratios
// into steps.
func round3(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	if math.Abs(x) >= 100 {
		return math.Round(x*10) / 10
	}
	scale := math.Pow(10, 3-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*scale) / scale
}
