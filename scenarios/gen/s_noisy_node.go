package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// Another team's feature backfill is scheduled onto one of the shared
// nodes and takes every idle core: the node's CPU goes to 97 %, and the
// pods that live there (one search pod, one catalog pod) get less CPU
// than they ask for. Search's tail grows; no quota is hit, so nothing is
// throttled, and the pods' own CPU use even drops. No change causes it.
// The change log holds search's query-cache resize 36 s before (more
// memory for good) and a redis change five minutes later.
func noisyNode() *Script {
	const (
		T = 15.0 // the backfill's container starts
		Q = 14.4 // search query-cache resize
	)
	nodes := []string{"ip-10-0-1-23", "ip-10-0-2-41", "ip-10-0-3-17", "ip-10-0-4-88"}
	hot := nodes[2]
	load := PL(0, 0, T, 0, T+0.3, 1)
	users := Wave(310, 0.03, 29, 0.35)
	squeeze := func(p telemetry.Pod, m float64, r *telemetry.Resources) { // a pod on the hot node
		if p.Node == hot {
			r.CPU *= 1 - 0.15*load(m)
			r.Busy = math.Min(1, r.Busy*(1+4*load(m)))
		}
	}
	srP50 := Sum(PL(0, 31, Q+0.2, 31, Q+0.6, 28), Mul(load, C(6)))
	srTail := Sum(C(3.5), Mul(load, C(40)))
	srErr := Sum(C(0.001), Mul(load, C(0.012)))
	return &Script{
		ID: "search-results-slow", Title: "Search results slow for some", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"search", "latency", "kubernetes"},
		Start: time.Date(2026, 6, 3, 14, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.03,
		Briefing: `[SEV2] search p99 above 1.5s for 5 minutes (normally ~110 ms); the median barely moved.
Some shoppers say search "hangs", most see nothing wrong.
Find the root cause.
`,
		Hints: []string{
			"Is every search pod slow, or some? What do the slow ones have in common?",
			"Look below the pods: what else runs where they run?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"search", "catalog"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(2.4)), Err: Mul(srErr, C(0.4)), P50: Sum(srP50, C(5)), Tail: srTail, CPUms: 0.4, Tweak: squeeze}.Std()},
			{Name: "search", Calls: []string{"redis", "catalog"}, Pods: 4, Version: "v12.4.0",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 4, RPS: users, Err: srErr, P50: srP50, Tail: srTail, CPUms: 5, Mem: 2400, Limit: 2,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.MemMiB += 900 * Step(Q+0.05, 0, 1)(m) // the bigger query cache fills at once
						squeeze(p, m, r)
					}}.Std([2]float64{24, 24.5})},
			{Name: "catalog", Pods: 2, Version: "v8.0.2",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(1.6)), Err: C(0.0006), P50: C(8), Tail: Sum(C(3), Mul(load, C(2))), CPUms: 0.8, Tweak: squeeze}.Std()},
			{Name: "redis", Pods: 1, Sts: true, Version: "7.2.5",
				Std: Web{Kind: telemetry.Redis, Runtime: telemetry.Native, Pods: 1, RPS: Mul(users, C(3)), Err: C(0), P50: C(0.3), Tail: C(3.5), CPUms: 0.05,
					Hit: PL(0, 0.91, 20.2, 0.91, 21, 0.89), Mem: 3100}.Std()},
			{Name: "nodes"},
		},
		Hosts: &Hosts{Service: "nodes", Names: nodes, F: func(i int, m float64) telemetry.NodeState {
			cpu := []float64{0.42, 0.38, 0.45, 0.36}[i]
			if nodes[i] == hot {
				cpu += 0.52 * load(m)
			}
			return telemetry.NodeState{CPU: cpu, DiskFreeGiB: []float64{61, 58, 64, 70}[i] - 0.01*m, NetMbps: []float64{180, 160, 200, 150}[i], Conntrack: 0.08}
		}},
		Events: []Ev{
			{At: Q, ID: "search-cache", Kind: "config", Svc: "search", Text: "search: query-cache size 512MB -> 1.4GB (hot reload, search-team, SRCH-77)"},
			{At: 20.5, ID: "alert-search", Kind: "alert", Svc: "search", Text: "[SEV2] search p99 > 1.5s for 5m"},
			{At: 20, ID: "redis-config", Kind: "config", Svc: "redis", Text: "redis CONFIG SET maxmemory 4gb -> 3gb (platform, right-sizing)"},
		},
		Logs: Join(
			Shares("api-gateway", C(16), Mul(srErr, C(0.4)), Sum(srP50, C(5)), 0.8, []string{"GET /api/search 200", "GET /api/products/{int:1000:9999} 200", "GET /api/search/suggest 200"},
				[]string{"GET /api/search 504"}),
			Shares("search", C(16), srErr, srP50, 0.9, []string{"POST /v1/search 200", "POST /v1/suggest 200"}, []string{"POST /v1/search 503"}),
			Of(
				Reqs("search", "WARN", Mul(load, C(3)), "query {hex:8} took {int:900:2600}ms (budget 500ms): phase=scoring docs={int:2000:90000}"),
				Lines("search", "INFO", C(1), "query-cache stats: size={pick:512MB|512MB|1.4GB} hit_ratio=0.{int:55:70} evictions={int:0:400}/min"),
				Once("search", "INFO", Q+0.02, "config reloaded: query_cache.size=1.4GB").OnSlot(0),
				Once("search", "INFO", Q+0.03, "config reloaded: query_cache.size=1.4GB").OnSlot(1),
				Once("search", "INFO", Q+0.03, "config reloaded: query_cache.size=1.4GB").OnSlot(2),
				Once("search", "INFO", Q+0.04, "config reloaded: query_cache.size=1.4GB").OnSlot(3),
				Access("catalog", C(6), C(8), 0.5, "GET /v1/products/{int:1000:9999} 200"),
				Reqs("catalog", "WARN", C(2.5), "price for product {int:1000:9999}: currency {pick:CHF|SEK|NOK} has no rate for today, using yesterday's"),
				Lines("redis", "INFO", C(0.3), "Background saving started by pid {int:100:999}", "DB saved on disk"),
				Lines("redis", "ERROR", C(0.6), "Error accepting a client connection: error:0A000126:SSL routines::unexpected eof while reading (addr={ip}:{int:30000:60000} laddr=10.0.3.9:6379)"),
				Once("redis", "INFO", 20.02, "CONFIG SET maxmemory 3221225472").On("redis-0"),
				Once("nodes", "INFO", T-0.05, "kube-scheduler: Successfully assigned data-eng/feature-backfill-29117-vx2kq to "+hot).On(hot),
				Once("nodes", "INFO", T, "kubelet: Started container backfill in pod data-eng/feature-backfill-29117-vx2kq (requests cpu=100m, limits: none)").On(hot),
				Src{Svc: "nodes", Level: "INFO", PerMin: C(0.5), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("kubelet: Successfully pulled image \"registry.internal/%s\" in %dms", []string{"search:v12.4.0", "catalog:v8.0.2", "fluent-bit:3.1", "node-exporter:1.8"}[g.IntN(4)], 300+g.IntN(2000))
				}, Pod: nodes[0]},
				Lines("nodes", "WARN", C(0.2), "kubelet: eviction manager: imagefs.available={int:30:40}% is above threshold, nothing to do").On(nodes[1]),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.2, 6.8, 11.5} {
				trs = append(trs, Tr{At: at, Root: searchTrace(g, false, i == 1)})
			}
			for i, at := range []float64{15.7, 17.4, 19.9, 22.8, 25.3, 28.6, 31.4, 33.9} {
				trs = append(trs, Tr{At: at, Root: searchTrace(g, i%2 == 0, i == 5)})
			}
			return trs
		},
		Choices: []Choice{
			{"batch-neighbour", "another team's batch work landed on a machine we share"},
			{"search-cache", "search's bigger query cache makes its JVMs pause for GC"},
			{"redis-shrunk", "redis was shrunk and now evicts what search caches in it"},
			{"search-undersized", "search has too few pods for the afternoon's queries"},
			{"catalog-slow", "catalog answers search's product lookups too slowly"},
			{"bad-queries", "a few shoppers send queries that make the engine scan everything"},
		},
		Answer: Answer{
			Choice: "batch-neighbour", Onset: T,
			Chain: []string{
				"At 14:15 the scheduler put data-eng's feature-backfill pod, with no CPU limit, on " + hot + "; no change event in our log, only kubelet's lines on that node",
				`node_cpu_utilization_ratio{node="` + hot + `"} goes from ~0.45 to ~0.97 at 14:15:30 while the other nodes stay under 0.5`,
				"The search pod and the catalog pod on that node get less CPU than they ask for: their busy workers climb and their own CPU use even drops; nothing is throttled",
				"A quarter of search requests land on the starved pod: search p99 goes from ~110 ms to ~1.5 s while the median barely moves",
			},
			Evidence: []string{
				`node_cpu_utilization_ratio{node="` + hot + `"} jumps to ~0.97 in the 14:15:30 scrape; the three other nodes stay flat`,
				"nodes logs 'Successfully assigned data-eng/feature-backfill-29117-vx2kq to " + hot + "' and 'Started container backfill … limits: none' at 14:14:57-14:15:00",
				"Of the four search pods, only the one on " + hot + " shows workers_busy_ratio climbing; its cpu_throttled_ratio stays low",
				"Slow search traces all carry the pod on " + hot + "; the same queries on other pods are fast",
			},
			Wrong: [][2]string{
				{"search-cache", "The cache resize at 14:14:24 is real and lasting (every pod's memory rose ~900 MiB at once), but GC pauses stay in the tens of ms and three of the four pods stay fast with the same cache."},
				{"redis-shrunk", "The redis change came at 14:20, five minutes in, and costs two points of hit ratio; cache calls in slow traces are fast."},
				{"search-undersized", "Three of four search pods stay fast at the same traffic; the slow one is not busier with requests, it gets less CPU."},
				{"catalog-slow", "catalog's p99 rises a little too, only on its pod on the same node; its spans in slow search traces stay ~8 ms."},
				{"bad-queries", "The slow queries are ordinary ones, fast on the other pods; only where they run differs."},
			},
			RedHerrings: []string{"search-cache", "redis-config", "catalog", "search-undersized"},
			Proof: []Proof{
				ProveLog(1, "nodes", "feature-backfill-29117-vx2kq"),
				ProveMetric(2, "nodes", telemetry.NodeSeriesName(telemetry.NodeCPUName, hot), T, T+10),
				ProveMetric(4, "search", telemetry.DurationName(telemetry.HTTP, "p99"), T, T+10),
			},
			Debrief: `At 14:15 the scheduler placed data-eng's feature-backfill job on ` + hot + `. It asked for
100m of CPU and had no limit, so it took every idle core of the node: node CPU went from
~45% to ~97%. The search pod and the catalog pod on that node now got less CPU than they
asked for. No quota was hit, so nothing shows as throttled; their own CPU use even dropped.
A quarter of search requests landed on the starved pod, and the p99 went from ~110 ms to
~1.5 s while the median barely moved.

The tempting shortcut: the change log. search resized its query cache 36 s before, on the
very service that pages, and it is real: every pod's memory rose for good. But three of the
four pods, with the same cache, stay fast. No change of ours caused this; a neighbour did.

Fastest path: compare the pods of the slow service. One is slow; ask what it shares with the
others that are not. Its node is at 97% CPU, and kubelet's log on that node names the new
tenant. Requests without limits make every workload on a node a neighbour.
`,
		},
	}
}

// searchTrace is GET /api/search. starved runs on the pod on the busy
// node (its own work takes 5-15x longer); dropped loses catalog's server
// span.
func searchTrace(g *G, starved, dropped bool) *Sp {
	work := g.LogNormal(22, 0.3)
	if starved {
		work *= g.Uniform(5, 15)
	}
	cache := Leaf("search", "redis GET query-cache", 1, g.LogNormal(0.4, 0.3)).A("db.system", "redis")
	cat := S("catalog", "POST /v1/products:batchGet", 0, g.LogNormal(8, 0.3))
	if dropped {
		cat.Drop()
		cat.Kids = []*Sp{Leaf("catalog", "SELECT products", 0.4, cat.Dur-1).A("db.system", "postgresql")}
	}
	cc := Call(g, "search", "catalog POST /v1/products:batchGet", cache.Off+cache.Dur+work, cat)
	sr := S("search", "POST /v1/search", 0, cc.Off+cc.Dur+2, cache, cc)
	if starved {
		sr.A("k8s.node.name", "ip-10-0-3-17")
	} else {
		sr.A("k8s.node.name", []string{"ip-10-0-1-23", "ip-10-0-2-41", "ip-10-0-4-88"}[g.IntN(3)])
	}
	root := S("api-gateway", "GET /api/search", 0, sr.Dur+4, Call(g, "api-gateway", "search POST /v1/search", 2, sr))
	return root.A("http.status_code", "200").L(fmt.Sprintf("GET /api/search 200 %dms", int(root.Dur)))
}
