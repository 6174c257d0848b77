package main

import (
	"cmp"
	"math"
	"time"

	"firedrill/game/sim/signal"
	"firedrill/game/sim/telemetry"
)

// Standard telemetry for the starter and nightmare scripts: every service
// is described by what it did (its traffic, each pod's resources) and the
// same families are emitted for all of them through game/sim/telemetry,
// so no culprit series is picked by hand and no series name states a
// mechanism. The emitted samples become Metrics whose curve reads them
// back exactly (no further noise): the scrape clock is the one drawMetrics
// reads them on.

// Tel is one service's standard telemetry.
type Tel struct {
	Svc     string
	Kind    telemetry.Kind
	RT      telemetry.Runtime
	Req     func(m float64) telemetry.Requests
	Res     func(pod int, m float64) telemetry.Resources // pod: the replica's slot
	Parts   int                                          // a Consumer's partitions
	Lag     func(p int, m float64) float64
	Version string
	// Rollout, when set, is the minute a new ReplicaSet running NewVersion
	// replaces the pods one by one: the new pods get new names, and the
	// service's log lines move to them (rollLogs).
	Rollout    float64
	NewVersion string
	// Missed says which scrapes of the service failed (gaps in every
	// series of it).
	Missed func(k int) bool
	// Jitter is the scrape noise's relative sd (default 2 %).
	Jitter float64
}

// NodeTel is the cluster's machines: their names and what each did.
type NodeTel struct {
	Names []string
	State func(i int, m float64) telemetry.NodeState
}

// telFor emits tels (and nodes, when given) for s and returns them as
// metrics; it also fixes s's pods so that logs name the same pods.
func telFor(s *Script, tels []Tel, nodes *NodeTel) []Metric {
	seed := s.Seed
	if seed == "" {
		seed = s.ID
	}
	g := newG(seed) // replays draw()'s pod naming: same seed, same order
	for _, sv := range s.Services {
		n := sv.Pods
		if n == 0 {
			n = 3
		}
		if sv.Sts {
			g.statefulSet(sv.Name, n)
		} else {
			g.deployment(sv.Name, n)
		}
	}
	step := time.Duration(s.Step * float64(time.Second))
	clock := signal.Scrape{Start: s.Start, Step: step}
	clock.N = clock.Covering(time.Duration(s.Minutes * float64(time.Minute)))
	rng := signal.New(signal.Hash(seed+"/telemetry"), 7)
	nodeNames := []string{"ip-10-0-1-23", "ip-10-0-2-41", "ip-10-0-3-17"}
	if nodes != nil {
		nodeNames = nodes.Names
	}
	var out []Metric
	for _, t := range tels {
		names := g.pods[t.Svc]
		var pods []telemetry.Pod
		for i, name := range names {
			pods = append(pods, telemetry.Pod{Name: name, Node: nodeNames[(i+len(t.Svc))%len(nodeNames)], Version: t.Version, Slot: i})
		}
		if t.NewVersion != "" {
			hash := signal.PodChars(rng, 9+rng.IntN(2))
			for i := range names {
				from := time.Duration((t.Rollout*60 + 15*float64(i)) * float64(time.Second))
				pods[i].To = from + 10*time.Second
				pods = append(pods, telemetry.Pod{Name: t.Svc + "-" + hash + "-" + signal.PodChars(rng, 5),
					Node: nodeNames[(i+len(t.Svc)+1)%len(nodeNames)], Version: t.NewVersion, From: from, Slot: i})
			}
			rolled[s.ID+"/"+t.Svc] = pods
		}
		slots := make([]int, len(pods))
		for i, p := range pods {
			slots[i] = p.Slot
		}
		src := telemetry.Funcs{
			Req: func(d time.Duration) telemetry.Requests { return t.Req(d.Minutes()) },
			Res: func(i int, d time.Duration) telemetry.Resources {
				if t.Res == nil {
					return telemetry.Resources{}
				}
				return t.Res(slots[i], d.Minutes())
			},
			Part: func(p int, d time.Duration) float64 {
				if t.Lag == nil {
					return 0
				}
				return t.Lag(p, d.Minutes())
			},
		}
		svc := telemetry.Service{Name: t.Svc, Kind: t.Kind, Runtime: t.RT, Pods: pods, Partitions: t.Parts, Missed: t.Missed}
		for _, sr := range telemetry.Emit(svc, src, telemetry.Options{Clock: clock, Resolution: 5 * time.Second, Rand: rng, Jitter: cmp.Or(t.Jitter, 0.02)}) {
			out = append(out, readBack(sr.Service, sr.Name, sr.Unit, clock, sr.Len(), sr.At))
		}
	}
	if nodes != nil {
		var ns []telemetry.Node
		for _, n := range nodes.Names {
			ns = append(ns, telemetry.Node{Name: n})
		}
		src := nodeFuncs(nodes.State)
		for _, sr := range telemetry.EmitNodes("nodes", ns, src, telemetry.Options{Clock: clock, Resolution: 5 * time.Second, Rand: rng}) {
			out = append(out, readBack(sr.Service, sr.Name, sr.Unit, clock, sr.Len(), sr.At))
		}
	}
	return out
}

type nodeFuncs func(i int, m float64) telemetry.NodeState

func (f nodeFuncs) Node(i int, t time.Duration) telemetry.NodeState { return f(i, t.Minutes()) }

// rolled keeps each rolled-out service's pods for rollLogs.
var rolled = map[string][]telemetry.Pod{}

// readBack turns emitted samples into a Metric that drawMetrics samples
// back unchanged: F reads the sample stamped at the minute asked, and a
// missed scrape is a gap around its stamp.
func readBack(svc, name, unit string, clock signal.Scrape, n int, at func(int) (float64, bool)) Metric {
	vals := make([]float64, n)
	var gaps [][2]float64
	stepMin := clock.Step.Minutes()
	for i := range n {
		v, ok := at(i)
		vals[i] = v
		if !ok {
			m := clock.Offset(i).Minutes()
			gaps = append(gaps, [2]float64{m - stepMin/4, m + stepMin/4})
		}
	}
	f := func(m float64) float64 {
		i := int(math.Round(m/stepMin)) - 1
		return vals[min(max(i, 0), n-1)]
	}
	return Metric{Svc: svc, Name: name, Unit: unit, F: f, Jit: 0, Gaps: gaps, Prec: precFor(unit)}
}

func precFor(unit string) int {
	switch unit {
	case "ratio":
		return 4
	case "count":
		return 0
	}
	return -1 // decimals by magnitude
}

// rollLogs moves the log lines of every rolled-out service of s onto the
// pods alive when they are written: each of its sources becomes one
// source per pod, sharing the rate among the pods alive at the minute.
func rollLogs(s *Script) {
	var out []Src
	for _, src := range s.Logs {
		pods, ok := rolled[s.ID+"/"+src.Svc]
		if !ok || src.Pod != "" {
			out = append(out, src)
			continue
		}
		if src.once {
			alive := aliveAt(pods, src.at)
			src.Pod = alive[int(src.at*7)%len(alive)].Name
			src.Extra = append([]string{"version", alive[0].Version}, src.Extra...)
			for _, p := range alive {
				if p.Name == src.Pod {
					src.Extra[1] = p.Version
				}
			}
			out = append(out, src)
			continue
		}
		for _, p := range pods {
			p, per := p, src.PerMin
			one := src
			one.Pod = p.Name
			one.Extra = append([]string{"version", p.Version}, src.Extra...)
			one.PerMin = func(m float64) float64 {
				d := time.Duration(m * float64(time.Minute))
				if !p.Alive(d) {
					return 0
				}
				return per(m) / float64(len(aliveAt(pods, m)))
			}
			out = append(out, one)
		}
	}
	s.Logs = out
}

func aliveAt(pods []telemetry.Pod, m float64) []telemetry.Pod {
	return telemetry.AliveAt(pods, time.Duration(m*float64(time.Minute)))
}

// The shapes the scripts describe services with.

// web is an HTTP service's traffic: rps, error share and median latency
// by minute; the tail is the median times tail (p95) and 2.2×tail (p99).
func web(rps, errs, p50 Fn, tail float64) func(m float64) telemetry.Requests {
	return func(m float64) telemetry.Requests {
		p := p50(m)
		return telemetry.Requests{RPS: rps(m), Err: errs(m), P50: p, P95: p * tail, P99: p * tail * 2.2}
	}
}

// pods is a service's pods' resources: CPU cores, working set, the worst
// GC pause, busy workers and pool use by minute, the same on every pod but
// for a small fixed skew per slot (pods are never identical).
func pods(cpu, mem, gc, busy, pool Fn) func(pod int, m float64) telemetry.Resources {
	return func(pod int, m float64) telemetry.Resources {
		k := 1 + 0.04*float64(pod%3-1)
		return telemetry.Resources{CPU: cpu(m) * k, MemMiB: mem(m) * (1 + 0.02*float64(pod%3)), GCPauseMs: gc(m) * k,
			Busy: math.Min(1, busy(m)*k), Pool: math.Min(1, pool(m)*k), Throttled: 0.01 * k}
	}
}

// podNames are the pods draw() names for svc (the same seed, the same
// order), for lines that one pod writes (a reload, a crash).
func podNames(s *Script, svc string) []string {
	seed := s.Seed
	if seed == "" {
		seed = s.ID
	}
	g := newG(seed)
	for _, sv := range s.Services {
		n := sv.Pods
		if n == 0 {
			n = 3
		}
		if sv.Sts {
			g.statefulSet(sv.Name, n)
		} else {
			g.deployment(sv.Name, n)
		}
	}
	return g.pods[svc]
}
