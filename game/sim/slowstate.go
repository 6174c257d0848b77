package sim

import (
	"math"
	"slices"
)

// pool models a connection pool in front of one edge: busy connections by
// Little's law plus leaked ones; waiting for a connection adds latency, and
// waiters past connectionTimeout fail. It returns the added wait in ms.
func (w *world) pool(s, t int, up float64, e *Edge, callMs float64, out *State) float64 {
	p := w.m.Services[s].Pool
	rt := &w.rt[s]
	size := float64(p.Size) * up
	avail := size - rt.leaked
	busy := e.Calls * callMs / 1000
	rho := busy / math.Max(avail, 1e-9)
	if avail < 0.5 { // every connection leaked: nothing is ever handed out
		rho = math.Inf(1)
	}
	out.PoolSize = size
	out.PoolInUse = math.Min(size, busy+rt.leaked)
	switch {
	case rho < 0.8:
		return 0
	case rho < 1:
		return callMs * (rho - 0.8) * 5
	default:
		out.PoolFail = math.Min(1, 1-1/rho)
		return p.WaitMs * math.Min(1, rho-1)
	}
}

// evolve moves the slow state: cache refill, leaked connections, heaps and
// restarts. It runs after the second's latency is known.
func (w *world) evolve(t int, st []State, ed [][]Edge) {
	for s := range w.m.Services {
		svc := &w.m.Services[s]
		rt := &w.rt[s]
		out := &st[s]
		out.Lag = rt.lag
		for di, d := range svc.Deps {
			if d.Cache != nil {
				ok := 1 - ed[s][di].CallFail/math.Max(1-rt.hit, 1e-9)
				rt.hit += (d.Cache.Target - rt.hit) * d.Cache.RefillPerSec * math.Max(0, ok)
			}
		}
		if p := svc.Pool; p != nil && p.LeakPerKE > 0 {
			failed := out.RPS * math.Max(out.Err, 0.01)
			rt.leaked = math.Min(float64(p.Size)*out.PodsUp, rt.leaked+failed*p.LeakPerKE/1000)
		}
		if h := svc.Heap; h != nil {
			for p := range rt.heap {
				if t < rt.downUntil[p] {
					continue
				}
				rt.heap[p] += h.LeakMiBs * (0.8 + 0.1*float64(p%5)) // pods leak at slightly different rates
				if rt.heap[p] >= h.LimitMiB {
					rt.heap[p] = h.LiveMiB
					rt.downUntil[p] = t + 40 + 5*(p%3)
					rt.restarts++
					rt.podRestarts[p]++
					rt.killedAt = t
				}
			}
			out.PodHeap = make([]float64, len(rt.heap))
			for p, live := range rt.heap {
				if t >= rt.downUntil[p] {
					out.PodHeap[p] = live
				}
			}
			out.PodRestarts = slices.Clone(rt.podRestarts)
		}
	}
}
