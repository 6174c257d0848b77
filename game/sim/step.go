package sim

import (
	"math"
	"slices"

	"firedrill/game/sim/signal"
)

// State is one service's condition during one simulated second.
type State struct {
	RPS           float64 // requests (attempts) it received; for a consumer, records consumed
	Err           float64 // fraction of those that failed, 0..1
	P50, P95, P99 float64 // ms
	Sigma         float64 // log-normal shape of its latency this second
	Own           float64 // ms of its own work (median), for traces
	QueueMs       float64 // ms waited for a worker or a connection
	Sat           float64 // utilisation of its tightest resource, 0..1
	Shed          float64 // fraction shed after waiting past the server timeout
	Hit           float64 // cache hit ratio of its cached edge (-1: none)
	PoolInUse     float64 // connections busy or leaked (all pods)
	PoolSize      float64
	PoolFail      float64 // fraction that gave up waiting for a connection
	Lag           float64 // consumer lag, messages
	Produce       float64 // messages/s into its topic
	HeapMiB       float64 // live heap after GC, mean over pods
	GCPauseMs     float64
	Restarts      int // cumulative
	PodsUp        float64
	Throttled     float64 // share of CFS periods throttled
	CPUUsed       float64 // cores used per pod
	FlagFrac      float64 // share of its traffic in a flag cohort
	FlagErr       float64
	FailErr       float64 // share failing for a FaultFail
	// PodHeap and PodRestarts are per pod (managed heaps only): each
	// pod's live heap (0 while it restarts) and its restarts so far.
	PodHeap     []float64
	PodRestarts []int
}

// Edge is one client edge during one second.
type Edge struct {
	Calls    float64 // calls/s before retries (after the cache, for cached edges)
	Attempts float64 // attempts per call, retries included
	Fail     float64 // probability one attempt fails (timeout or callee error)
	TimedOut float64 // probability one attempt hits the client timeout
	CallFail float64 // probability the call fails after every retry
	Broken   float64 // share of calls that cannot connect (DNS, TLS)
	Latency  float64 // expected ms per call, retries and backoff included
	Timeout  float64 // the client timeout in force, ms
	Retries  int
}

// runtime is the per-service memory carried from one second to the next.
type runtime struct {
	prevLat     float64 // mean latency last second, for Little's law
	hit         float64
	leaked      float64
	lag         float64
	heap        []float64 // live MiB per pod
	downUntil   []int     // pod is restarting until this second
	restarts    int
	podRestarts []int
	killedAt    int
	flagErr     float64
	flagFrac    float64
	failErr     float64 // a FaultFail's share of failing requests
	extraLoad   float64 // a FaultLoad's extra requests/s
	consumed    float64
}

type edgeRT struct {
	prevFail float64
	broken   float64
}

// world is one run: a private copy of the model that faults mutate.
type world struct {
	m      Model
	tr     *Traffic
	faults []Fault
	rt     []runtime
	base   []Service // the services before any fault, for staged changes
	edges  [][]edgeRT
	order  []int
	entry  []float64
	rng    *signal.Rand
}

// Run is the result of stepping a model: States[t][s] and Edges[t][s][d].
type Run struct {
	Model  *Model // the model as it stood at the end (faults applied)
	Base   *Model // the model before any fault
	States [][]State
	Edges  [][][]Edge
	Entry  []float64
}

// Simulate steps the model for secs seconds with the faults applied.
func Simulate(m *Model, tr *Traffic, faults []Fault, secs int, rng *signal.Rand) *Run {
	w := &world{m: cloneModel(m), tr: tr, faults: faults, rng: rng}
	w.order = w.m.topoOrder()
	w.rt = make([]runtime, len(w.m.Services))
	w.base = slices.Clone(w.m.Services)
	w.edges = make([][]edgeRT, len(w.m.Services))
	for i, s := range w.m.Services {
		w.rt[i].hit = -1
		for _, d := range s.Deps {
			if d.Cache != nil {
				w.rt[i].hit = d.Cache.Target
			}
		}
		w.rt[i].heap = make([]float64, s.Pods)
		w.rt[i].downUntil = make([]int, s.Pods)
		w.rt[i].podRestarts = make([]int, s.Pods)
		if s.Heap != nil {
			for p := range w.rt[i].heap {
				w.rt[i].heap[p] = s.Heap.LiveMiB * (0.97 + 0.06*rng.Float64())
			}
		}
		w.rt[i].prevLat = s.Median
		w.rt[i].killedAt = -10
		w.edges[i] = make([]edgeRT, len(s.Deps))
	}
	w.entry = tr.entrySeries(m.EntryRPS, secs, rng)
	run := &Run{Base: m, States: make([][]State, secs), Edges: make([][][]Edge, secs), Entry: w.entry}
	for t := 0; t < secs; t++ {
		for i := range w.faults {
			w.faults[i].apply(w, t)
		}
		run.States[t], run.Edges[t] = w.step(t)
	}
	run.Model = &w.m
	return run
}

func cloneModel(m *Model) Model {
	c := Model{EntryRPS: m.EntryRPS, Services: make([]Service, len(m.Services))}
	for i, s := range m.Services {
		s.Deps = append([]Dep(nil), s.Deps...)
		for j := range s.Deps {
			if s.Deps[j].Cache != nil {
				cc := *s.Deps[j].Cache
				s.Deps[j].Cache = &cc
			}
		}
		if s.Pool != nil {
			p := *s.Pool
			s.Pool = &p
		}
		if s.Heap != nil {
			h := *s.Heap
			s.Heap = &h
		}
		if s.Queue != nil {
			q := *s.Queue
			s.Queue = &q
		}
		c.Services[i] = s
	}
	return c
}

// step advances one second: loads flow down the graph (retries use the
// failure odds each edge saw last second), then latency and errors flow
// back up from the leaves, then the slow state (caches, pools, heaps, lag)
// moves.
func (w *world) step(t int) ([]State, [][]Edge) {
	n := len(w.m.Services)
	st := make([]State, n)
	ed := make([][]Edge, n)
	load := make([]float64, n)
	load[0] = w.entry[t]
	for _, s := range w.order {
		svc := &w.m.Services[s]
		rt := &w.rt[s]
		load[s] += w.tr.burstAt(s, t) + rt.extraLoad
		if q := svc.Queue; q != nil {
			produce := load[q.Producer] * q.PerReq
			st[s].Produce = produce
			capacity := float64(w.podsUp(s, t)*q.Threads) * 1000 / (q.PerRecord + w.depMs(s))
			load[s] = math.Min(capacity, rt.lag+produce)
			rt.consumed = load[s]
			rt.lag = math.Max(0, rt.lag+produce-load[s])
		}
		ed[s] = make([]Edge, len(svc.Deps))
		for di, d := range svc.Deps {
			e := &ed[s][di]
			calls := load[s] * d.PerReq
			if d.Cache != nil {
				load[d.Cache.Server] += calls
				calls *= 1 - rt.hit
			}
			ert := w.edges[s][di]
			e.Calls, e.Broken, e.Fail = calls, ert.broken, ert.prevFail
			e.Timeout, e.Retries = d.Timeout, d.Retries
			e.Attempts = 0
			for k, p := 0, 1.0; k <= d.Retries; k++ {
				e.Attempts += p
				p *= ert.prevFail
			}
			load[d.To] += calls * (1 - ert.broken) * e.Attempts
		}
	}
	for i := n - 1; i >= 0; i-- {
		w.latency(w.order[i], t, load[w.order[i]], st, ed)
	}
	w.evolve(t, st, ed)
	return st, ed
}

// depMs is the latency a consumer's record spends in its dependencies.
func (w *world) depMs(s int) float64 {
	return math.Max(0, w.rt[s].prevLat-w.m.Services[s].Median)
}

func (w *world) podsUp(s, t int) int {
	up := 0
	for _, until := range w.rt[s].downUntil {
		if t >= until {
			up++
		}
	}
	return up
}

// phi is the standard normal CDF.
func phi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// latency computes one service's latency, errors and saturation from its
// load and its callees' states (already computed: reverse topological order).
func (w *world) latency(s, t int, load float64, st []State, ed [][]Edge) {
	svc := &w.m.Services[s]
	rt := &w.rt[s]
	out := &st[s]
	up := float64(w.podsUp(s, t))
	out.RPS, out.PodsUp, out.Hit = load, up, rt.hit
	out.FlagFrac, out.FlagErr, out.FailErr = rt.flagFrac, rt.flagErr, rt.failErr
	out.Restarts = rt.restarts
	if up == 0 {
		out.Err, out.Shed, out.Sat = 1, 1, 1
		out.P50, out.P95, out.P99, out.Sigma = 2, 3, 5, svc.Sigma
		return
	}
	// Utilisation: CPU demand against the limit, and concurrency (Little's
	// law with last second's latency) against the worker pool.
	cpuDemand := load * svc.CPUms / 1000 / up
	rhoCPU := cpuDemand / svc.CPU
	rhoW := 0.0
	if svc.Workers > 0 && svc.Queue == nil {
		rhoW = load * rt.prevLat / 1000 / (up * float64(svc.Workers))
	}
	rho := math.Max(rhoCPU, rhoW)
	out.Sat = math.Min(1, rho)
	out.CPUUsed = math.Min(cpuDemand, svc.CPU)
	// CFS throttling: bursty demand hits the quota well before the mean does.
	out.Throttled = math.Min(1, 0.9*rhoCPU*rhoCPU)
	own := svc.Median / (1 - math.Min(rho, 0.96))
	sigma := svc.Sigma
	// Beyond capacity the service serves what it can (1/ρ of requests);
	// those wait a bounded time for a worker and the rest are shed after
	// waiting (statement timeout, 503). No unbounded backlog: real servers
	// cap their accept queues, and it keeps overload partial, so retries
	// decide how bad it gets.
	timeout := svc.ServerTimeout
	if timeout == 0 {
		timeout = 10000
	}
	queueMs := 0.0
	if rho > 1 {
		out.Shed = 1 - 1/rho
		queueMs = math.Min(timeout/2, svc.Median*10*rho)
	}
	// A managed heap under pressure collects more often and for longer.
	if h := svc.Heap; h != nil {
		frac := 0.0
		for p, live := range rt.heap {
			if t >= rt.downUntil[p] {
				frac += live / h.LimitMiB
				out.HeapMiB += live
			}
		}
		frac /= up
		out.HeapMiB /= up
		pause := h.PauseMs * (1 + 2*frac/(1-math.Min(frac, 0.985)))
		if frac > 0.93 {
			pause += 2400 * (frac - 0.93) / 0.07 // full, compacting collections
		}
		out.GCPauseMs = pause
		gcShare := math.Min(0.6, pause/1000*0.4/(1-math.Min(frac, 0.9)))
		own /= 1 - gcShare
		sigma += 0.5 * gcShare
	}
	if rhoCPU > 0.5 { // throttled periods stall a request by most of a 100 ms period
		sigma += 0.25 * out.Throttled
	}
	ownMedian := own
	total := own + queueMs
	okProb := (1 - svc.BaseErr) * (1 - out.Shed) * (1 - rt.flagErr) * (1 - rt.failErr)
	tail95, tail99 := 0.0, 0.0
	// No request outlives its own work's tail plus every attempt timing out.
	maxMs := queueMs + own*math.Exp(2.326*sigma)
	if t-rt.killedAt < 3 { // a pod was just killed: its in-flight requests failed
		okProb *= 1 - 1/float64(svc.Pods)
	}
	for di, d := range svc.Deps {
		e := &ed[s][di]
		c := &st[d.To]
		cm := math.Max(c.P50, 0.1)
		pTO := 1 - phi((math.Log(d.Timeout)-math.Log(cm))/math.Max(c.Sigma, 0.05))
		pf := math.Min(1, c.Err+(1-c.Err)*pTO)
		e.TimedOut = pTO
		w.edges[s][di].prevFail = pf
		// An attempt that fails costs the timeout (or the callee's time for a
		// fast error); retries wait 100/200/400 ms between.
		okMs := math.Min(cm*math.Exp(c.Sigma*c.Sigma/2), d.Timeout)
		failMs := okMs
		if pf > 0 {
			failMs = (pTO*d.Timeout + c.Err*(1-pTO)*cm) / pf
		}
		exp, p, back := 0.0, 1.0, d.BackoffMs
		for k := 0; k <= d.Retries; k++ {
			if k > 0 {
				exp += p * back
				back *= 2
			}
			exp += p * ((1-pf)*okMs + pf*failMs)
			p *= pf
		}
		callFail := math.Pow(pf, float64(d.Retries+1))
		if d.Cache != nil {
			hitMs := math.Max(st[d.Cache.Server].P50, 0.3)
			exp = hitMs + (1-rt.hit)*exp
			callFail *= 1 - rt.hit
		}
		callFail = e.Broken + (1-e.Broken)*callFail
		exp = e.Broken*2 + (1-e.Broken)*exp
		e.CallFail, e.Latency = callFail, exp
		n := math.Max(d.PerReq, 0)
		worst := e.Broken*2 + (1-e.Broken)*float64(d.Retries+1)*d.Timeout + d.BackoffMs*(math.Pow(2, float64(d.Retries))-1)
		if svc.Pool != nil && svc.Pool.Dep == di {
			wait := w.pool(s, t, up, e, exp, out)
			queueMs += wait // waiting for a connection is shared, not spread
			total += wait
			worst += wait
		}
		total += n * exp
		maxMs += math.Max(n, 1) * worst
		f := math.Min(1, callFail+out.PoolFail)
		if n < 1 { // only a share n of requests make this call
			okProb *= 1 - n*f
		} else {
			okProb *= math.Pow(1-f, n)
		}
		// Timeouts and retries make a heavy tail: a request with one
		// timed-out attempt takes at least the timeout plus a backoff.
		anyTO := 1 - math.Pow(1-pTO*(1-e.Broken), math.Max(n, 0.5))
		slow := d.Timeout + d.BackoffMs + okMs
		if pf > 0.3 {
			slow = exp
		}
		// Blend the tail in as its share crosses the quantile, so a small
		// change in load never makes p95 jump.
		tail95 = math.Max(tail95, slow*clamp01((anyTO-0.03)/0.04))
		tail99 = math.Max(tail99, slow*(1+pf)*clamp01((anyTO-0.005)/0.01))
	}
	out.Own, out.QueueMs, out.Sigma = ownMedian, queueMs, sigma
	out.Err = math.Min(1, math.Max(0, 1-okProb))
	out.P50 = total
	// The queue wait is shared by every request; the log-normal spread
	// applies to the work and the calls.
	work := total - queueMs
	out.P95 = math.Min(maxMs, math.Max(queueMs+work*math.Exp(1.645*sigma), tail95))
	out.P99 = math.Min(maxMs, math.Max(queueMs+work*math.Exp(2.326*sigma), math.Max(tail99, out.P95)))
	out.P50 = math.Min(out.P50, out.P95)
	if svc.Heap != nil && out.GCPauseMs > 100 {
		out.P99 = math.Max(out.P99, total+out.GCPauseMs)
	}
	if out.Throttled > 0.05 && rhoCPU > 0.5 {
		out.P99 += 100 * math.Ceil(4*out.Throttled)
	}
	// Workers are held for the service's own work and its calls, not for
	// the time requests queued waiting for a worker.
	rt.prevLat = svc.Median + (total - ownMedian - queueMs)
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }
