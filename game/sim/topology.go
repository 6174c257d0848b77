package sim

import (
	"math"
	"slices"

	"firedrill/game"
	"firedrill/game/sim/signal"
)

// add appends a service and returns its index.
func (g *gen) add(s Service) int {
	if s.Pods == 0 {
		s.Pods = 3 + g.rng.IntN(3)
	}
	if s.Sigma == 0 {
		s.Sigma = 0.55 + 0.3*g.rng.Float64()
	}
	if s.CPUms == 0 {
		s.CPUms = math.Max(0.5, s.Median*0.25)
	}
	g.m.Services = append(g.m.Services, s)
	return len(g.m.Services) - 1
}

// api is an HTTP service template.
func api(name string, stack Stack, median float64, endpoint string) Service {
	return Service{Name: name, Kind: KindAPI, Stack: stack, Median: median, Endpoint: endpoint, BaseErr: 0.001}
}

// dep is a client edge with the common defaults (one call, 2 s timeout,
// one retry, 100 ms backoff).
func dep(to int, op string) Dep {
	return Dep{To: to, PerReq: 1, Timeout: 2000, Retries: 1, BackoffMs: 100, Op: op}
}

func (g *gen) link(from int, d Dep) int {
	g.m.Services[from].Deps = append(g.m.Services[from].Deps, d)
	return len(g.m.Services[from].Deps) - 1
}

// gateway adds the entry service; archetypes call it first.
func (g *gen) gateway() int {
	g.entryName = "api-gateway"
	return g.add(Service{Name: "api-gateway", Kind: KindAPI, Stack: StackGo, Median: 2, Sigma: 0.5,
		Endpoint: "GET /api/*", BaseErr: 0.0008, CPUms: 0.4})
}

// postgres adds a database.
func (g *gen) postgres(name string) int {
	return g.add(Service{Name: name, Kind: KindDB, Stack: StackPostgres, Median: 3, Sigma: 0.9,
		Endpoint: "SELECT", BaseErr: 0.0002, ServerTimeout: 5000, CPUms: 1.2, Pods: 1, Quiet: true})
}

// redis adds a cache server.
func (g *gen) redis(name string) int {
	return g.add(Service{Name: name, Kind: KindCache, Stack: StackRedis, Median: 0.3, Sigma: 0.5,
		Endpoint: "GET", CPUms: 0.02, Pods: 1, Quiet: true})
}

var fillerPool = []Service{
	api("auth", StackGo, 4, "POST /v1/token/verify"),
	api("users", StackJava, 9, "GET /users/{id}"),
	api("search", StackJava, 25, "GET /search"),
	api("reviews", StackGo, 8, "GET /reviews"),
	api("shipping", StackGo, 14, "POST /v1/quote"),
	api("notifications", StackGo, 6, "POST /notify"),
	api("profile", StackGo, 5, "GET /profile"),
	api("fraud", StackJava, 18, "POST /score"),
	api("geo", StackGo, 3, "GET /v1/geo"),
	api("wishlist", StackGo, 7, "GET /wishlist"),
	api("media", StackGo, 11, "GET /media/{id}"),
	api("loyalty", StackJava, 10, "GET /points"),
}

// finishTopology pads the graph with filler services up to the difficulty's
// count, sizes every service for its mean load, and names the pods.
func (g *gen) finishTopology() {
	want := g.serviceCount()
	for _, i := range g.rng.Perm(len(fillerPool)) {
		if len(g.m.Services) >= want {
			break
		}
		f := fillerPool[i]
		if g.m.Index(f.Name) >= 0 {
			continue
		}
		f.Quiet = g.rng.IntN(3) == 0
		s := g.add(f)
		// Hang it off the gateway or another API service already present.
		var parents []int
		for p := range g.m.Services[:s] {
			if g.m.Services[p].Kind == KindAPI && g.m.Services[p].Queue == nil {
				parents = append(parents, p)
			}
		}
		p := parents[g.rng.IntN(len(parents))]
		d := dep(s, f.Name+"."+[]string{"Get", "Check", "Lookup", "List"}[g.rng.IntN(4)])
		d.PerReq = 0.2 + 0.6*g.rng.Float64()
		d.Timeout = 1000 + float64(g.rng.IntN(3))*500
		g.link(p, d)
	}
	g.size()
	for s := range g.m.Services {
		g.pods = append(g.pods, g.podNames(s))
	}
	// One hop is uninstrumented (no tracing library, no sidecar): a
	// non-entry API service with callees, so the gap shows as orphaned
	// children in its traces.
	var hops []int
	for s := 1; s < len(g.m.Services); s++ {
		if len(g.m.Services[s].Deps) > 0 && g.m.Services[s].Kind == KindAPI && s != g.m.Index(g.cause.Service) && s != g.fault.Service {
			hops = append(hops, s)
		}
	}
	if len(hops) > 0 {
		g.m.Services[hops[g.rng.IntN(len(hops))]].Uninstrumented = true
	}
}

// size runs the healthy model briefly with unbounded capacity to learn each
// service's load and latency, then sets workers and CPU so that mean
// utilisation sits at the service's target (a healthy 30–50 %).
func (g *gen) size() {
	probe := cloneModel(&g.m)
	for i := range probe.Services {
		probe.Services[i].Workers = 1 << 20
		probe.Services[i].CPU = 1 << 20
	}
	flat := &Traffic{StartHour: g.traffic.StartHour}
	run := Simulate(&probe, flat, nil, 30, g.stream(9))
	last := run.States[len(run.States)-1]
	for i := range g.m.Services {
		s := &g.m.Services[i]
		load := last[i].RPS * 1.05
		pods := float64(s.Pods)
		rw, rc := s.rhoW, s.rhoC
		if rw == 0 {
			rw = 0.3 + 0.1*g.rng.Float64()

		}
		if rc == 0 {
			rc = 0.2 + 0.15*g.rng.Float64()
		}
		conc := load * (last[i].P50 - last[i].QueueMs) * 1.3 / 1000 / pods
		s.Workers = max(4, int(math.Ceil(conc/rw)))
		if s.Stack == StackGo || s.Stack == StackRedis || s.Stack == StackKafka {
			s.Workers = 0 // goroutines and event loops: CPU is the limit, not threads
		}
		if s.CPU == 0 {
			s.CPU = load * s.CPUms / 1000 / pods / rc
			if s.Kind == KindAPI {
				s.CPU = math.Max(0.25, math.Ceil(s.CPU*4)/4)
			}
		}
		g.meanLoad = append(g.meanLoad, last[i].RPS)
		if q := s.Queue; q != nil {
			s.Workers = 0
		}
	}
}

// podNames names a service's pods as Kubernetes would: a Deployment's
// (svc-<ReplicaSet hash>-<5 chars>), or a StatefulSet's for databases,
// caches and brokers (postgres-0). Both draw the Deployment names, so the
// stream does not depend on the kind.
func (g *gen) podNames(s int) []string {
	svc := &g.m.Services[s]
	pods := g.rng.Pods(svc.Name, svc.Pods)
	if svc.Kind == KindDB || svc.Kind == KindCache || svc.Kind == KindBroker {
		return signal.StatefulPods(svc.Name, svc.Pods)
	}
	return pods
}

// services lists the topology for the scenario: each service with the
// services it calls (cache servers and brokers included), sorted calls.
func (g *gen) services() []game.Service {
	out := make([]game.Service, len(g.m.Services))
	for i, s := range g.m.Services {
		var calls []string
		for _, d := range s.Deps {
			calls = append(calls, g.m.Services[d.To].Name)
			if d.Cache != nil {
				calls = append(calls, g.m.Services[d.Cache.Server].Name)
			}
		}
		if s.Queue != nil {
			for _, d := range g.m.Services[s.Queue.Producer].Deps {
				if g.m.Services[d.To].Kind == KindBroker {
					calls = append(calls, g.m.Services[d.To].Name)
				}
			}
		}
		slices.Sort(calls)
		out[i] = game.Service{Name: s.Name, Calls: slices.Compact(calls)}
	}
	// The cluster's machines report under a service of their own.
	return append(out, game.Service{Name: nodesService})
}

// noisyService is the service that logs chronic errors: a filler if there
// is one, else the first non-entry service that is not the cause.
func (g *gen) noisyService() int {
	cause := g.m.Index(g.cause.Service)
	for s := len(g.m.Services) - 1; s > 0; s-- {
		if s != cause && g.m.Services[s].Kind == KindAPI {
			return s
		}
	}
	return 0
}
