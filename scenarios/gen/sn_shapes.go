package main

import (
	"math"
	"slices"

	"firedrill/game/sim/telemetry"
)

// Shapes the starter and nightmare scripts describe their services with,
// on top of Std: a service's traffic from three curves, and its pods'
// resources from five, when the Web kit's derivations (CPU and pools from
// traffic) do not say what the story needs.

// std is a Std service from its traffic and its pods' resources by slot.
func std(kind telemetry.Kind, rt telemetry.Runtime, req func(m float64) telemetry.Requests, res func(slot int, m float64) telemetry.Resources) *Std {
	return &Std{Kind: kind, Runtime: rt, Req: req, Jitter: 0.02,
		Res: func(p telemetry.Pod, m float64) telemetry.Resources { return res(p.Slot, m) }}
}

// web is an HTTP service's traffic: rps, error share and median latency
// by minute; p95 is the median times tail and p99 2.2 times that.
func web(rps, errs, p50 Fn, tail float64) func(m float64) telemetry.Requests {
	return func(m float64) telemetry.Requests {
		p := p50(m)
		return telemetry.Requests{RPS: rps(m), Err: errs(m), P50: p, P95: p * tail, P99: p * tail * 2.2}
	}
}

// pods is a service's pods' resources: CPU cores, working set, the worst
// GC pause, busy workers and pool use by minute, the same on every pod
// but for a small fixed skew per slot (replicas never share load exactly).
func pods(cpu, mem, gc, busy, pool Fn) func(slot int, m float64) telemetry.Resources {
	return func(slot int, m float64) telemetry.Resources {
		k := 1 + 0.04*float64(slot%3-1)
		return telemetry.Resources{CPU: cpu(m) * k, MemMiB: mem(m) * (1 + 0.02*float64(slot%3)), GCPauseMs: gc(m) * k,
			Busy: math.Min(1, busy(m)*k), Pool: math.Min(1, pool(m)*k), Throttled: 0.01 * k}
	}
}

// Tel is one service's standard telemetry, declared next to the story
// and attached to the script's service of the same name by setStd.
type Tel struct {
	Svc     string
	Kind    telemetry.Kind
	RT      telemetry.Runtime
	Req     func(m float64) telemetry.Requests
	Res     func(slot int, m float64) telemetry.Resources
	Gaps    [][2]float64 // minutes in which every scrape of the service failed
	Version string
	// Rollout is the minute NewVersion replaces the pods, one at a time
	// (when NewVersion is set).
	Rollout    float64
	NewVersion string
}

// setStd attaches each Tel to its service of s.
func setStd(s *Script, tels []Tel) {
	for _, t := range tels {
		i := slices.IndexFunc(s.Services, func(sv Svc) bool { return sv.Name == t.Svc })
		if i < 0 {
			panic(s.ID + ": telemetry for an undeclared service " + t.Svc)
		}
		st := std(t.Kind, t.RT, t.Req, t.Res)
		st.Gaps = t.Gaps
		sv := &s.Services[i]
		sv.Std, sv.Version = st, t.Version
		if t.NewVersion != "" {
			sv.Rollouts = append(sv.Rollouts, Rollout{At: t.Rollout, Version: t.NewVersion})
		}
	}
}
