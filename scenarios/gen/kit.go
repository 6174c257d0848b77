package main

import (
	"math"

	"firedrill/game/sim/telemetry"
)

// Web describes what a service did from a few curves of the minute: its
// traffic, its error ratio and its median latency. The rest of its
// standard families follow as they do in a real service: the quantiles
// from the median, CPU from the traffic, busy workers and pool use from
// traffic × time held (Little's law), throttling from CPU against the
// limit. Tweak changes one pod's resources at a minute (a leak, a pinned
// CPU, a restart counter), after the defaults are worked out.
type Web struct {
	Kind     telemetry.Kind
	Runtime  telemetry.Runtime
	Pods     int     // replicas sharing the traffic (the Svc's Pods)
	Replicas Fn      // replicas over time, when a scale changes them (nil: Pods)
	RPS      Fn      // requests (queries, records) per second, whole service
	Err      Fn      // share failed, 0..1 (nil: none)
	P50      Fn      // median latency, ms
	Tail     Fn      // p99 / p50 (nil: 4); p95 sits 60 % of the way up
	CPUms    float64 // CPU ms per request (0: 2)
	CPUBase  float64 // cores a pod uses idle (0: 0.05)
	Limit    float64 // a pod's CPU limit in cores (0: 1)
	// PodLimit, when set, is each pod's CPU limit (a hand edit of the
	// limits rolls new pods with another one).
	PodLimit func(p telemetry.Pod) float64
	Mem      float64 // a pod's working set, MiB (0: 300)
	Workers  float64 // a pod's workers (threads, backends) (0: 64)
	Pool     float64 // a pod's client pool size (0: 20)
	PoolMs   Fn      // ms a request holds a pooled connection (nil: a third of the median)
	Hit      Fn      // a redis' keyspace hit ratio
	Prod     Fn      // messages per second produced to a consumer's topic
	Lag      func(partition int, m float64) float64
	Parts    int
	Tweak    func(p telemetry.Pod, m float64, r *telemetry.Resources)
}

// Std is the service's standard telemetry, with scrape gaps.
func (w Web) Std(gaps ...[2]float64) *Std {
	def := func(v, d float64) float64 {
		if v == 0 {
			return d
		}
		return v
	}
	pods := float64(max(w.Pods, 1))
	cpuMs, base, limit := def(w.CPUms, 2), def(w.CPUBase, 0.05), def(w.Limit, 1)
	mem, workers, pool := def(w.Mem, 300), def(w.Workers, 64), def(w.Pool, 20)
	at := func(f Fn, m, d float64) float64 {
		if f == nil {
			return d
		}
		return f(m)
	}
	s := &Std{Kind: w.Kind, Runtime: w.Runtime, Gaps: gaps, Partitions: w.Parts, Lag: w.Lag}
	s.Req = func(m float64) telemetry.Requests {
		p50 := w.P50(m)
		tail := at(w.Tail, m, 4)
		return telemetry.Requests{RPS: w.RPS(m), Err: at(w.Err, m, 0), P50: p50, P95: p50 * (1 + 0.6*(tail-1)), P99: p50 * tail,
			Hit: at(w.Hit, m, 0), Produced: at(w.Prod, m, 0)}
	}
	s.Res = func(p telemetry.Pod, m float64) telemetry.Resources {
		n := pods
		if w.Replicas != nil {
			n = w.Replicas(m)
		}
		rps := w.RPS(m) / n
		lean := 1 + 0.05*float64(p.Slot%3-1) // replicas never share load exactly
		cpu := (base + rps*cpuMs/1000) * lean
		r := telemetry.Resources{CPU: cpu, MemMiB: mem * (1 + 0.03*float64(p.Slot%4)),
			Busy:      math.Min(1, rps*1.3*w.P50(m)/1000/workers*lean),
			Pool:      math.Min(1, rps*at(w.PoolMs, m, w.P50(m)/3)/1000/pool*lean),
			GCPauseMs: gcPause(w.Runtime, cpu/limit)}
		if w.Tweak != nil {
			w.Tweak(p, m, &r)
		}
		lim := limit
		if w.PodLimit != nil {
			lim = w.PodLimit(p)
		}
		r.Throttled = throttled(r.CPU / lim)
		r.CPU = math.Min(r.CPU, lim)
		return r
	}
	return s
}

// throttled is the share of CFS periods throttled at a utilisation of the
// limit: a few per cent of bursts even when idle, climbing fast past two
// thirds (the bursts hit the quota), most periods when pinned at it.
func throttled(util float64) float64 {
	return math.Min(0.95, 0.01+0.02*util+math.Max(0, util-0.65)*2.2)
}

// gcPause is a runtime's worst pause at a CPU utilisation: Go's stop-the-
// world phases stay under a millisecond, a JVM's young collections take
// tens of milliseconds.
func gcPause(rt telemetry.Runtime, util float64) float64 {
	switch rt {
	case telemetry.Go:
		return 0.3 + 0.4*util
	case telemetry.JVM:
		return 12 + 20*util
	}
	return 0
}

// Wave is a slow swing around base: amp (a share of base) over period
// minutes, starting at phase (0..1): the drift of real traffic.
func Wave(base, amp, period, phase float64) Fn {
	return func(m float64) float64 { return base * (1 + amp*math.Sin(2*math.Pi*(m/period+phase))) }
}

// Ramp is a curve that is a before at, then moves linearly to b over
// minutes, then holds.
func Ramp(at, a, b, minutes float64) Fn { return PL(0, a, at, a, at+minutes, b) }

// Shares splits a service's access log so its statuses agree with its
// error ratio: perMin lines a minute, a share err(m) of them failed
// (ERROR, from the failed templates), the rest OK. Latency is log-normal
// around lat(m).
func Shares(svc string, perMin, err, lat Fn, sigma float64, ok []string, failed []string) []Src {
	okSrc := Access(svc, Mul(perMin, Sum(C(1), Mul(C(-1), err))), lat, sigma, ok...)
	bad := Access(svc, Mul(perMin, err), lat, sigma, failed...)
	bad.Level = "ERROR"
	return []Src{okSrc, bad}
}

// Join concatenates log sources written in groups.
func Join(groups ...[]Src) []Src {
	var out []Src
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// Of wraps single sources as a group for Join.
func Of(srcs ...Src) []Src { return srcs }
