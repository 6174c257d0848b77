package main

import (
	"fmt"
	"time"

	"firedrill/game"
	"firedrill/game/sim/signal"
	"firedrill/game/sim/telemetry"
)

// Std declares a service's standard telemetry: the families every service
// of its kind exposes (game/sim/telemetry: rate, errors and duration
// quantiles; per pod CPU, throttling, memory, restarts, GC pauses, busy
// workers and pool; a consumer's lag per partition), read from what the
// service did. A script says what happened, as functions of the minute;
// it never picks which series exist, so the culprit's series is one of
// many with the same name.
type Std struct {
	Kind    telemetry.Kind
	Runtime telemetry.Runtime
	// Partitions is how many partitions a Consumer reads (one lag series
	// each).
	Partitions int
	// Req is the service's traffic at minute m.
	Req func(m float64) telemetry.Requests
	// Res is one pod's resources at minute m; Emit asks only while the
	// pod lives. p.From and p.Version say which pod it is (a leak grows
	// from the pod's start, a new version behaves differently).
	Res func(p telemetry.Pod, m float64) telemetry.Resources
	// Lag is a Consumer's lag on one partition at minute m.
	Lag func(partition int, m float64) float64
	// Gaps are minute ranges in which every scrape of the service failed.
	Gaps [][2]float64
	// Jitter is the scrape noise's relative sd; 0 draws it in 3–5 %.
	Jitter float64
}

// Rollout is a change to a Std service's pods at minute At: a new Version
// rolled out (every pod replaced, one at a time) or, with Version empty, a
// scale to Replicas. A rollout that no change event announces is a change
// applied by hand: it shows only in the pods' names and version label.
type Rollout struct {
	At       float64
	Version  string
	Replicas int
}

// Hosts are the cluster's nodes: Std pods are scheduled on them and, when
// F is set, their node-exporter families (CPU, free disk, network,
// conntrack, clock offset) are emitted under Service, which the script
// declares among its services.
type Hosts struct {
	Service string
	Names   []string
	F       func(node int, m float64) telemetry.NodeState
	Gaps    [][2]float64
}

// minutes is an offset from the window's start in script minutes.
func minutes(d time.Duration) float64 { return d.Minutes() }

// offset is a script minute as an offset from the window's start.
func offset(m float64) time.Duration { return time.Duration(m * float64(time.Minute)) }

// nodeNames are the hosts' names, drawn once when the script names none.
func (s *Script) nodeNames(g *G) []string {
	if s.Hosts != nil && len(s.Hosts.Names) > 0 {
		return s.Hosts.Names
	}
	if g.nodes == nil {
		for range 4 {
			g.nodes = append(g.nodes, fmt.Sprintf("ip-10-0-%d-%d", 1+g.IntN(6), 10+g.IntN(240)))
		}
	}
	return g.nodes
}

// stdPods names a Std service's pods over the window, rollouts and scales
// included, and records them for the logs and traces.
func (s *Script) stdPods(g *G, sv Svc) {
	n := sv.Pods
	if n == 0 {
		n = 3
	}
	nodes := s.nodeNames(g)
	var pods []telemetry.Pod
	if sv.Sts {
		if len(sv.Rollouts) > 0 {
			panic(fmt.Sprintf("%s: a StatefulSet script has no rollouts (its pods keep their names)", sv.Name))
		}
		pods = telemetry.StatefulSet(sv.Name, n, sv.Version, nodes)
	} else {
		var changes []telemetry.Change
		for _, r := range sv.Rollouts {
			if r.Version != "" && sv.Version == "" {
				panic(fmt.Sprintf("%s: a rollout of %s needs the version the service ran before (Svc.Version)", sv.Name, r.Version))
			}
			changes = append(changes, telemetry.Change{At: offset(r.At), Version: r.Version, Replicas: r.Replicas})
		}
		pods = telemetry.Deployment(g.Rand, sv.Name, n, sv.Version, nodes, changes...)
	}
	g.live[sv.Name] = pods
	for _, p := range pods {
		g.pods[sv.Name] = append(g.pods[sv.Name], p.Name)
	}
}

// podAt is a pod of svc alive at minute m (any pod for a service without
// standard telemetry, whose pods live all window) and its version label
// ("" when the service declares none).
func (g *G) podAt(svc string, m float64) (name, version string) {
	pods, ok := g.live[svc]
	if !ok {
		return g.pod(svc), ""
	}
	alive := telemetry.AliveAt(pods, offset(m))
	if len(alive) == 0 {
		alive = pods
	}
	p := alive[g.IntN(len(alive))]
	return p.Name, p.Version
}

// slotAt is the pod filling replica slot at minute m (the newer one while
// a rollout replaces it).
func (g *G) slotAt(svc string, slot int, m float64) (name, version string) {
	var got *telemetry.Pod
	for i, p := range g.live[svc] {
		if p.Slot == slot && p.Alive(offset(m)) {
			got = &g.live[svc][i]
		}
	}
	if got == nil {
		panic(fmt.Sprintf("%s has no pod in slot %d at minute %.2f", svc, slot, m))
	}
	return got.Name, got.Version
}

// drawStd emits every Std service's families, in the order the services
// are declared, then the hosts' families.
func drawStd(s *Script, g *G, clock signal.Scrape) []*game.Series {
	var out []*game.Series
	missed := func(gaps [][2]float64) func(k int) bool {
		if len(gaps) == 0 {
			return nil
		}
		return func(k int) bool { return inGap(gaps, minutes(clock.Offset(k))) } // as a hand-drawn series' gaps
	}
	for _, sv := range s.Services {
		std := sv.Std
		if std == nil {
			continue
		}
		src := telemetry.Funcs{}
		if std.Req != nil {
			src.Req = func(t time.Duration) telemetry.Requests { return std.Req(minutes(t)) }
		}
		pods := g.live[sv.Name]
		if std.Res != nil {
			src.Res = func(i int, t time.Duration) telemetry.Resources { return std.Res(pods[i], minutes(t)) }
		}
		if std.Lag != nil {
			src.Part = func(p int, t time.Duration) float64 { return std.Lag(p, minutes(t)) }
		}
		svc := telemetry.Service{Name: sv.Name, Kind: std.Kind, Runtime: std.Runtime, Pods: pods,
			Partitions: std.Partitions, Missed: missed(std.Gaps)}
		out = append(out, telemetry.Emit(svc, src, telemetry.Options{Clock: clock, Rand: g.Rand, Jitter: std.Jitter})...)
	}
	if h := s.Hosts; h != nil && h.F != nil {
		var nodes []telemetry.Node
		for _, n := range s.nodeNames(g) {
			nodes = append(nodes, telemetry.Node{Name: n, Missed: missed(h.Gaps)})
		}
		src := nodeFuncs(func(i int, t time.Duration) telemetry.NodeState { return h.F(i, minutes(t)) })
		out = append(out, telemetry.EmitNodes(h.Service, nodes, src, telemetry.Options{Clock: clock, Rand: g.Rand})...)
	}
	return out
}

type nodeFuncs func(i int, t time.Duration) telemetry.NodeState

func (f nodeFuncs) Node(i int, t time.Duration) telemetry.NodeState { return f(i, t) }
