package sim

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/sim/signal"
	"firedrill/game/sim/telemetry"
)

// Abstract metric names the archetypes use in their refs (cause, symptoms,
// chain). They are not series names: resolve turns each into the series a
// real exporter writes (game/sim/telemetry), by the service's kind, and
// for per-pod and per-partition families into the one series that moved
// first — the archetype never picks a series by a name that states its
// mechanism.
const (
	MetricRPS       = "rps"
	MetricP50       = "latency_p50"
	MetricP95       = "latency_p95"
	MetricP99       = "latency_p99"
	MetricErr       = "error_rate"
	MetricSat       = "saturation"
	MetricHit       = "cache_hit_ratio" // on a client: its cache server's hit ratio
	MetricPool      = "pool_in_use"
	MetricHeap      = "memory"
	MetricGC        = "gc_pause"
	MetricRestarts  = "restarts"
	MetricThrottled = "cpu_throttled"
	MetricCPU       = "cpu_usage"
	MetricLag       = "consumer_lag"
	MetricConsume   = "consume_rate"
	MetricProduce   = "produce_rate"
	MetricNodeCPU   = "node_cpu"
	MetricNodeDisk  = "node_disk_free"
	MetricConntrack = "node_conntrack"
	MetricClock     = "node_clock"
)

// nodesService is the pseudo-service the cluster's machines report under.
const nodesService = "nodes"

func telemetryKind(k Kind) telemetry.Kind {
	switch k {
	case KindDB:
		return telemetry.Postgres
	case KindCache:
		return telemetry.Redis
	case KindBroker:
		return telemetry.Kafka
	case KindConsumer:
		return telemetry.Consumer
	}
	return telemetry.HTTP
}

func telemetryRuntime(st Stack) telemetry.Runtime {
	switch st {
	case StackGo:
		return telemetry.Go
	case StackJava, StackKafka:
		return telemetry.JVM
	}
	return telemetry.Native
}

// family maps an abstract name to the family name a service of that kind
// exports, and whether the family is split per pod, partition or node.
func (g *gen) family(svc int, name string) (fam string, split bool) {
	k := telemetryKind(g.m.Services[svc].Kind)
	switch name {
	case MetricRPS, MetricConsume:
		return telemetry.RateName(k), false
	case MetricP50:
		return telemetry.DurationName(k, "p50"), false
	case MetricP95:
		return telemetry.DurationName(k, "p95"), false
	case MetricP99:
		return telemetry.DurationName(k, "p99"), false
	case MetricErr:
		return telemetry.ErrorsName(k), false
	case MetricHit:
		return telemetry.HitRatioName, false
	case MetricProduce:
		return telemetry.TopicInName, false
	case MetricSat:
		return telemetry.BusyName, true
	case MetricPool:
		return telemetry.PoolName, true
	case MetricHeap:
		return telemetry.MemoryName, true
	case MetricGC:
		return telemetry.GCPauseName, true
	case MetricRestarts:
		return telemetry.RestartsName, true
	case MetricThrottled:
		return telemetry.ThrottledName, true
	case MetricCPU:
		return telemetry.CPUName, true
	case MetricLag:
		return telemetry.LagName, true
	case MetricNodeCPU:
		return telemetry.NodeCPUName, true
	case MetricNodeDisk:
		return telemetry.NodeDiskName, true
	case MetricConntrack:
		return telemetry.NodeConntrack, true
	case MetricClock:
		return telemetry.NodeClockName, true
	}
	return name, false
}

// resolve turns an archetype's abstract ref into a series of the scenario:
// a cache hit ratio lives on the cache server; a per-pod (per-partition,
// per-node) family resolves to the series that leaves its band first after
// onset, ties to the larger move. A ref that already names a series stays.
func (g *gen) resolve(series []*game.Series, r SignalRef) SignalRef {
	if findSeries(series, r) != nil {
		return r
	}
	svc := g.m.Index(r.Service)
	if r.Service == nodesService {
		svc = 0
	} else if svc < 0 {
		return r
	}
	if r.Name == MetricHit {
		for _, d := range g.m.Services[svc].Deps {
			if d.Cache != nil {
				r.Service = g.m.Services[d.Cache.Server].Name
			}
		}
	}
	fam, split := g.family(svc, r.Name)
	if !split {
		return SignalRef{r.Service, fam}
	}
	best, bestAt, bestMove := SignalRef{r.Service, fam}, math.MaxInt, -1.0
	for _, sr := range series {
		if sr.Service != r.Service || !strings.HasPrefix(sr.Name, fam+"{") {
			continue
		}
		i := FirstLeaveFrom(sr, sr.Index(g.at(g.onset)))
		if i < 0 {
			i = math.MaxInt - 1
		}
		mean, _, _ := baseline(sr)
		move := 0.0
		for j := max(i, 0); j < sr.Len() && i < math.MaxInt-1; j++ {
			if v, ok := sr.At(j); ok {
				move = math.Max(move, math.Abs(v-mean)/math.Max(math.Abs(mean), 1e-9))
			}
		}
		if i < bestAt || i == bestAt && move > bestMove {
			best, bestAt, bestMove = SignalRef{r.Service, sr.Name}, i, move
		}
	}
	return best
}

// rollout is one release of a service: logged or not, it replaces the
// service's pods with pods of a new version.
type rollout struct {
	svc     int
	at      int
	version string
}

var versionRe = regexp.MustCompile(`v\d+\.\d+\.\d+ \([0-9a-f]{7}\)`)

// planPods names every pod that lives in the window: a Deployment's pods
// are replaced at each rollout (the deploy events, and the releases no one
// logged), a StatefulSet's keep their names. Nodes are shared by all.
func (g *gen) planPods() {
	rng := g.stream(9)
	n := 3 + len(g.m.Services)/3
	g.nodes = make([]string, n)
	for i := range g.nodes {
		g.nodes[i] = fmt.Sprintf("ip-10-0-%d-%d.ec2.internal", rng.IntN(8), 4+rng.IntN(250))
	}
	for _, e := range g.events {
		if e.Kind != game.EventDeploy {
			continue
		}
		if s := g.m.Index(e.Service); s >= 0 {
			g.rollouts = append(g.rollouts, rollout{svc: s, at: int(e.At.Sub(g.start) / time.Second), version: versionRe.FindString(e.Text)})
		}
	}
	slices.SortStableFunc(g.rollouts, func(a, b rollout) int { return a.at - b.at })
	g.podsOf = make([][]telemetry.Pod, len(g.m.Services))
	for s, svc := range g.m.Services {
		first := g.semverFrom(rng)
		if svc.Kind == KindDB || svc.Kind == KindCache || svc.Kind == KindBroker {
			g.podsOf[s] = telemetry.StatefulSet(svc.Name, svc.Pods, first, g.nodes)
			continue
		}
		var changes []telemetry.Change
		for _, r := range g.rollouts {
			if r.svc == s {
				v := r.version
				if v == "" {
					v = g.semverFrom(rng)
				}
				changes = append(changes, telemetry.Change{At: g.dur(r.at), Version: v})
			}
		}
		g.podsOf[s] = telemetry.Deployment(rng, svc.Name, svc.Pods, first, g.nodes, changes...)
	}
}

func (g *gen) semverFrom(r *signal.Rand) string {
	return fmt.Sprintf("v%d.%d.%d (%s)", 1+r.IntN(5), r.IntN(20), r.IntN(10), r.Hex(7))
}

// podAt picks one of service s's pods alive at second t.
func (g *gen) podAt(r *signal.Rand, s, t int) telemetry.Pod {
	alive := telemetry.AliveAt(g.podsOf[s], g.dur(t))
	if len(alive) == 0 {
		return g.podsOf[s][0]
	}
	return alive[r.IntN(len(alive))]
}

// source reads one service's model states as its exporters would see them.
type source struct {
	g    *gen
	run  *Run
	s    int
	pods []telemetry.Pod
	skew []float64 // per slot: pods share load a little unevenly
	mem  []float64 // per slot: working set at rest, MiB
	lag  []float64 // per partition: its share of the lag
	hot  int       // the partition a hot key's backlog lands on (-1: none)
}

func (x *source) sec(t time.Duration) int {
	return min(max(int(t/time.Second), 0), x.g.secs-1)
}

func (x *source) Requests(t time.Duration) telemetry.Requests {
	sec := x.sec(t)
	st := &x.run.States[sec][x.s]
	r := telemetry.Requests{RPS: st.RPS, Err: st.Err, P50: st.P50, P95: st.P95, P99: st.P99, Produced: st.Produce}
	if x.g.m.Services[x.s].Kind == KindCache {
		r.Hit = x.g.hitOf(x.run, sec, x.s)
	}
	return r
}

func (x *source) Pod(i int, t time.Duration) telemetry.Resources {
	sec := x.sec(t)
	st := &x.run.States[sec][x.s]
	svc := &x.g.m.Services[x.s]
	pod := x.pods[i]
	slot := pod.Slot % len(x.skew)
	k := x.skew[slot]
	res := telemetry.Resources{
		CPU:       st.CPUUsed * k,
		Throttled: math.Min(1, st.Throttled*k),
		MemMiB:    x.mem[slot] * (1 + 0.04*st.Sat),
		Busy:      math.Min(1, st.Sat*k),
		GCPauseMs: 0.4 + 0.6*st.Sat,
	}
	if svc.Kind != KindAPI && svc.Kind != KindConsumer {
		res.CPU = st.RPS * math.Max(svc.CPUms, 0.05) / 1000 / float64(svc.Pods) * k
	}
	if h := svc.Heap; h != nil && slot < len(st.PodHeap) {
		res.GCPauseMs = st.GCPauseMs * k
		res.MemMiB = st.PodHeap[slot] + x.mem[slot]*0.3
		if st.PodHeap[slot] == 0 { // restarting: the container is gone
			res = telemetry.Resources{MemMiB: x.mem[slot] * 0.2}
		}
		from := x.sec(pod.From)
		res.Restarts = st.PodRestarts[slot] - x.run.States[from][x.s].PodRestarts[slot]
	}
	if x.g.hotNode != nil && x.g.hotNode(pod, sec) {
		res.Throttled = math.Max(res.Throttled, 0.45+0.2*k)
		res.CPU *= 0.7
	}
	if svc.Pool != nil && st.PoolSize > 0 {
		res.Pool = math.Min(1, st.PoolInUse/st.PoolSize*k)
	} else {
		busy := 0.0
		for _, e := range x.run.Edges[sec][x.s] {
			busy += e.Calls * e.Attempts * e.Latency / 1000
		}
		res.Pool = math.Min(1, busy/float64(svc.Pods*32)*k)
	}
	return res
}

func (x *source) Lag(p int, t time.Duration) float64 {
	sec := x.sec(t)
	lag := x.run.States[sec][x.s].Lag
	if x.hot < 0 || sec < x.g.onset {
		return lag * x.lag[p]
	}
	// A hot partition holds the backlog that built up after onset.
	before := x.run.States[x.g.onset][x.s].Lag
	v := math.Min(lag, before) * x.lag[p]
	if p == x.hot {
		v += math.Max(0, lag-before)
	}
	return v
}

// hitOf is a cache server's hit ratio at second t: its clients' hit
// ratios weighted by the calls each makes to it.
func (g *gen) hitOf(run *Run, t, server int) float64 {
	sum, w := 0.0, 0.0
	for c := range g.m.Services {
		for di, d := range g.m.Services[c].Deps {
			if d.Cache != nil && d.Cache.Server == server {
				calls := run.States[t][c].RPS*d.PerReq + 1e-6
				_ = di
				sum += run.States[t][c].Hit * calls
				w += calls
			}
		}
	}
	if w == 0 {
		return 0.95
	}
	return sum / w
}

// sources builds each service's telemetry description; the draws come from
// their own stream, so the same seed with and without the fault describes
// the services the same way.
func (g *gen) sources(run *Run, noisy bool) []*source {
	rng := g.stream(10)
	out := make([]*source, len(g.m.Services))
	for s, svc := range g.m.Services {
		x := &source{g: g, run: run, s: s, pods: g.podsOf[s], skew: make([]float64, svc.Pods), mem: make([]float64, svc.Pods), hot: -1}
		base := map[Kind]float64{KindAPI: 180, KindDB: 2400, KindCache: 900, KindBroker: 3000, KindConsumer: 220}[svc.Kind]
		if svc.Stack == StackJava {
			base *= 3
		}
		b := base * (0.8 + 0.4*rng.Float64())
		for p := range x.skew {
			x.skew[p] = 0.9 + 0.2*rng.Float64()
			x.mem[p] = b * (0.95 + 0.1*rng.Float64())
		}
		if q := svc.Queue; q != nil {
			x.lag = make([]float64, q.Partitions)
			sum := 0.0
			for p := range x.lag {
				x.lag[p] = 0.8 + 0.4*rng.Float64()
				sum += x.lag[p]
			}
			for p := range x.lag {
				x.lag[p] /= sum
			}
			if g.hotPartition >= 0 && g.fault.Service == s {
				x.hot = g.hotPartition % q.Partitions
			}
		}
		out[s] = x
	}
	return out
}

// telemetryService describes service s to the emitter; missed scrapes are
// drawn from the service's saturation (an overloaded host misses more).
func (g *gen) telemetryService(run *Run, s int, rng *signal.Rand) telemetry.Service {
	svc := &g.m.Services[s]
	ts := telemetry.Service{Name: svc.Name, Kind: telemetryKind(svc.Kind), Runtime: telemetryRuntime(svc.Stack), Pods: g.podsOf[s]}
	if svc.Queue != nil {
		ts.Partitions = svc.Queue.Partitions
	}
	if rng != nil {
		clock := g.scrape()
		missed := make([]bool, clock.N)
		for k := range missed {
			lo, hi := g.window(clock, k)
			sat := 0.0
			for t := lo; t < hi; t++ {
				sat = math.Max(sat, run.States[t][s].Sat)
			}
			missed[k] = rng.Float64() < 0.006+0.3*math.Pow(sat, 6)
		}
		ts.Missed = func(k int) bool { return missed[k] }
	}
	return ts
}

// observeMetrics writes every service's standard families through
// game/sim/telemetry, each from its own random stream, then the nodes'.
func (g *gen) observeMetrics(run *Run) []*game.Series {
	var out []*game.Series
	srcs := g.sources(run, true)
	for s := range g.m.Services {
		rng := g.stream(100 + uint64(s))
		out = append(out, telemetry.Emit(g.telemetryService(run, s, rng), srcs[s], telemetry.Options{Clock: g.scrape(), Rand: rng})...)
	}
	rng := g.stream(99)
	out = append(out, telemetry.EmitNodes(nodesService, g.telemetryNodes(), &nodeSource{g: g, run: run, srcs: srcs},
		telemetry.Options{Clock: g.scrape(), Rand: rng})...)
	return out
}

func (g *gen) telemetryNodes() []telemetry.Node {
	out := make([]telemetry.Node, len(g.nodes))
	for i, n := range g.nodes {
		out[i] = telemetry.Node{Name: n}
	}
	return out
}

// nodeSource sums what the pods on each node did; an archetype's node
// effect (a neighbour, a disk, a clock) adds on top.
type nodeSource struct {
	g    *gen
	run  *Run
	srcs []*source
}

func (n *nodeSource) Node(i int, t time.Duration) telemetry.NodeState {
	g := n.g
	cores, used, rps := 8.0, 0.6, 0.0
	for s := range g.m.Services {
		for p, pod := range g.podsOf[s] {
			if pod.Node == g.nodes[i] && pod.Alive(t) {
				used += n.srcs[s].Pod(p, t).CPU
				rps += n.srcs[s].Requests(t).RPS / float64(g.m.Services[s].Pods)
			}
		}
	}
	ns := telemetry.NodeState{
		CPU:         math.Min(1, used/cores),
		DiskFreeGiB: 60 + 7*float64(i) - 0.0004*t.Seconds(),
		NetMbps:     4 + rps*0.08,
		Conntrack:   math.Min(1, 0.04+rps/20000),
	}
	if g.nodeFx != nil {
		g.nodeFx(i, int(t/time.Second), &ns)
	}
	return ns
}

// scrape is the metric clock: one sample per step over the window.
func (g *gen) scrape() signal.Scrape {
	return signal.Scrape{Start: g.start, Step: time.Duration(g.step) * time.Second, N: g.secs / g.step}
}

// window is the span of simulated seconds sample k summarises.
func (g *gen) window(clock signal.Scrape, k int) (lo, hi int) {
	from, to := clock.Window(k)
	return int(from / time.Second), min(int(to/time.Second), g.secs)
}

// Truth is a series as the model saw it: the same scrape windows and
// aggregation as the observed one, without jitter or scrape gaps. Tests use
// it to check causal order without the noise deciding it.
func (o *Output) Truth(ref SignalRef) *game.Series {
	return findSeries(o.TruthOf(ref.Service), ref)
}

// TruthOf is every series of one service (or of the nodes) as the model
// saw them: see Truth.
func (o *Output) TruthOf(service string) []*game.Series {
	g := o.g
	opt := telemetry.Options{Clock: g.scrape()}
	srcs := g.sources(o.Run, false)
	if service == nodesService {
		return telemetry.EmitNodes(nodesService, g.telemetryNodes(), &nodeSource{g: g, run: o.Run, srcs: srcs}, opt)
	}
	s := g.m.Index(service)
	if s < 0 {
		return nil
	}
	return telemetry.Emit(g.telemetryService(o.Run, s, nil), srcs[s], opt)
}

// round3 keeps three significant-ish decimals so the YAML stays short.
func round3(x float64) float64 {
	switch {
	case x >= 100:
		return math.Round(x*10) / 10
	case x >= 1:
		return math.Round(x*1000) / 1000
	}
	return math.Round(x*100000) / 100000
}

// resolveRefs turns the archetype's abstract refs (cause, symptoms, chain)
// into the scenario's series, once they exist.
func (g *gen) resolveRefs(series []*game.Series) {
	g.cause = g.resolve(series, g.cause)
	for i, r := range g.symptoms {
		g.symptoms[i] = g.resolve(series, r)
	}
	for i, l := range g.chain {
		if l.ref != nil {
			r := g.resolve(series, *l.ref)
			g.chain[i].ref = &r
		}
	}
}
