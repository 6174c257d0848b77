package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// Another team's feature backfill is scheduled onto one of the shared
// nodes and takes every idle core: the node's CPU goes to 97 %, and the
// pods that live there (one search pod, one api-gateway pod) get less CPU
// than they ask for. Search's tail grows; no quota is hit, so nothing is
// throttled, and the pods' own CPU use even drops. No change causes it.
// The first Metrics screen shows search's tail rising while the median
// holds, which six stories draw alike: one pod starved by a neighbour,
// one pod in long GC pauses, one pod throttled at its limit, one hot
// shard, one node's network, a few pathological queries; and
// redis' hit ratio drops two points at the same moment. The change log
// holds search's config reload 36 s before (a bigger query cache: more
// memory for good) and redis' right-sizing 30 s after (a lower hit ratio
// for good). Only per-pod and per-node series, kubelet's lines and the
// traces' node attribute tell them apart.
// hotSlot is the replica slot of the search pod the generator places on
// the hot node (placement_nodes_test.go checks it).
const hotSlot = 0

func noisyNode() *Script {
	const (
		T = 15.0 // the backfill's container starts
		Q = 14.4 // search query-cache resize
		R = 15.5 // redis maxmemory cut
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
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(1.6)), Err: C(0.0006), P50: C(8), Tail: C(3), CPUms: 0.8, Tweak: squeeze}.Std()},
			{Name: "redis", Pods: 1, Sts: true, Version: "7.2.5",
				Std: Web{Kind: telemetry.Redis, Runtime: telemetry.Native, Pods: 1, RPS: Mul(users, C(3)), Err: C(0), P50: C(0.3), Tail: C(3.5), CPUms: 0.05,
					Hit: PL(0, 0.91, R+0.1, 0.91, R+0.9, 0.89), Mem: 3100}.Std()},
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
			{At: Q, ID: "search-cache", Kind: "config", Svc: "search", Text: "search: config SRCH-77 hot-reloaded by search-oncall (4/4 pods)"},
			{At: R, ID: "redis-config", Kind: "config", Svc: "redis", Text: "redis: platform right-sizing PLAT-310 applied"},
			{At: 20.5, ID: "alert-search", Kind: "alert", Svc: "search", Text: "[SEV2] search p99 > 1.5s for 5m"},
		},
		Logs: Join(
			Shares("api-gateway", C(16), Mul(srErr, C(0.4)), Sum(srP50, C(5)), 0.8, []string{"GET /api/search 200", "GET /api/products/{int:1000:9999} 200", "GET /api/search/suggest 200"},
				[]string{"GET /api/search 504"}),
			searchAccess(hotSlot, srP50, load),
			Of(
				Reqs("search", "WARN", Mul(load, C(3)), "query {hex:8} took {int:900:2600}ms (budget 500ms): phase=scoring docs={int:2000:90000} merchant={int:1000:9999}").OnSlot(hotSlot),
				Lines("search", "INFO", C(1.5), "query {hex:8} took {int:14:60}ms: phase=scoring docs={int:2000:90000} merchant={int:1000:9999}"),
				Lines("search", "INFO", C(1), "query-cache stats: size={pick:512MB|512MB|1.4GB} hit_ratio=0.{int:55:70} evictions={int:0:400}/min"),
				Once("search", "INFO", Q+0.02, "config reloaded: query_cache.size=1.4GB").OnSlot(0),
				Once("search", "INFO", Q+0.03, "config reloaded: query_cache.size=1.4GB").OnSlot(1),
				Once("search", "INFO", Q+0.03, "config reloaded: query_cache.size=1.4GB").OnSlot(2),
				Once("search", "INFO", Q+0.04, "config reloaded: query_cache.size=1.4GB").OnSlot(3),
				Access("catalog", C(6), C(8), 0.5, "GET /v1/products/{int:1000:9999} 200"),
				Reqs("catalog", "WARN", C(2.5), "price for product {int:1000:9999}: currency {pick:CHF|SEK|NOK} has no rate for today, using yesterday's"),
				Lines("redis", "INFO", C(0.3), "Background saving started by pid {int:100:999}", "DB saved on disk"),
				Lines("redis", "ERROR", C(0.6), "Error accepting a client connection: error:0A000126:SSL routines::unexpected eof while reading (addr={ip}:{int:30000:60000} laddr=10.0.3.9:6379)"),
				Once("redis", "INFO", R+0.02, "CONFIG SET maxmemory 3221225472").On("redis-0"),
				Lines("redis", "INFO", PL(0, 0, R+0.1, 0, R+0.2, 0.5), "evicted_keys={int:40:160} in the last 60s (maxmemory-policy allkeys-lru, used_memory=3.0G)").On("redis-0"),
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
			{"search-pod-gc", "one search pod's JVM stalls in long garbage-collection pauses under load"},
			{"hot-shard", "one search shard holds a big merchant's catalog and its pod does most work"},
			{"redis-evicts", "redis was shrunk and now evicts the results search keeps cached in it"},
			{"search-throttled", "one search pod reaches its CPU limit and is throttled through the peak"},
			{"batch-neighbour", "another team's job on a node we share starves one search pod of CPU"},
			{"node-network", "the node under one search pod drops packets and its calls wait on resends"},
			{"bad-queries", "a few shoppers send queries that make the engine score every document"},
		},
		Answer: Answer{
			Choice: "batch-neighbour", Onset: T,
			Chain: []string{
				"At 14:15 the scheduler put data-eng's `feature-backfill-29117-vx2kq` on " + hot + " with `limits: none`; no change event in our log, only kubelet's lines on that node",
				`node_cpu_utilization_ratio{node="` + hot + `"} goes from ~0.45 to ~0.97 at 14:15:30 while the other nodes stay under 0.5`,
				"The search pod on that node gets less CPU than it asks for: its workers_busy_ratio climbs fivefold while its own CPU use drops and nothing is throttled",
				"A quarter of search requests land on the starved pod: search's http_request_duration_p99_ms goes from ~110 ms to ~1.5 s while the median barely moves",
			},
			Evidence: []string{
				`node_cpu_utilization_ratio{node="` + hot + `"} jumps to ~0.97 in the 14:15:30 scrape; the three other nodes stay flat`,
				"nodes logs `feature-backfill-29117-vx2kq` assigned to " + hot + " and `limits: none` at 14:14:57-14:15:00",
				"Of the four search pods, only the one on " + hot + " shows workers_busy_ratio climbing; its throttling and GC pauses stay low",
			},
			Wrong: [][2]string{
				{"search-pod-gc", "The cache resize at 14:14:24 is real and lasting: every pod's memory_working_set_mib rose ~900 MiB at once. But gc_pause_p99_ms stays in the tens of ms on all four pods, and three of them stay fast with the same cache."},
				{"hot-shard", "The slow pod does less work, not more: its CPU use drops. Its slow queries (the 'took …ms (budget 500ms)' warnings) span every merchant and the same doc counts as the fast ones on the other pods."},
				{"redis-evicts", "redis' right-sizing at 14:15:30 is real: the hit ratio fell two points for good and it evicts keys. But a miss costs a ~20 ms query, not a second; the redis spans in slow traces take under a millisecond, and three of four search pods stay fast."},
				{"search-throttled", "The slow pod is below its 2-core limit and its cpu_throttled_ratio stays low; its own CPU use drops. It is starved by its node, not capped by its quota."},
				{"node-network", "node_network_receive_mbps and conntrack on that node stay flat, and the calls out of the slow pod are fast: the redis span under a millisecond, catalog's ~8 ms. The second is spent in search's own work between them."},
				{"bad-queries", "The slow queries are ordinary ones (same doc counts, every merchant); the same queries on other pods answer in ~30 ms. Only where they run differs."},
			},
			RedHerrings: []string{"search-cache", "redis-config", "search-throttled"},
			Proof: []Proof{
				ProveLog(1, "nodes", "feature-backfill-29117-vx2kq"),
				ProveLog(1, "nodes", "limits: none"),
				ProveMetric(2, "nodes", telemetry.NodeSeriesName(telemetry.NodeCPUName, hot), T, 36),
				ProvePod(3, "search", telemetry.BusyName, hotSlot, T, 36),
				ProveMetric(4, "search", telemetry.DurationName(telemetry.HTTP, "p99"), T, 36),
			},
			Debrief: `At 14:15 the scheduler placed data-eng's feature-backfill job on ` + hot + `. It asked for
100m of CPU and had no limit, so it took every idle core of the node: node CPU went from
~45% to ~97%. The search pod on that node now got less CPU than it asked for (so did an
api-gateway pod, which needs little). No quota was hit, so nothing shows as throttled; the
pod's own CPU use even dropped.
A quarter of search requests landed on the starved pod, and the p99 went from ~110 ms to
~1.5 s while the median barely moved.

The tempting quick bet: "slow for some, median fine" says one pod, and the first Metrics
screen shows search's tail rising at 14:15 and nothing else slowing. But one slow pod has
many causes: its own GC, its CPU quota, a hot shard, its node's network, a few bad queries,
or a neighbour.
And two real changes bracket the moment: search's config reload 36 s before (a bigger query
cache, more memory on every pod for good) and redis' right-sizing 30 s after (two points of
hit ratio lost for good, on the first screen).

Fastest path: compare the pods of the slow service. One is slow, and busier while using less
CPU, with no throttling and short GC pauses: it is starved, not working harder. Ask what it
shares with no other search pod: its node, at 97% CPU, and kubelet's log on that node names the
new tenant. Requests without limits make every workload on a node a neighbour.
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

// searchAccess is search's access log, replica by replica: the pod in
// slot hot answers ~10x slower and fails all of the service's timeouts
// once the node is loaded; the others keep the baseline. The statuses
// add up to the service's error ratio (0.001 + 0.012 × load).
func searchAccess(hot int, p50, load Fn) []Src {
	var out []Src
	for slot := range 4 {
		lat, err := p50, C(0.001)
		if slot == hot {
			lat, err = Sum(p50, Mul(load, C(250))), Sum(C(0.001), Mul(load, C(0.048)))
		}
		for _, src := range Shares("search", C(4), err, lat, 0.9, []string{"POST /v1/search 200", "POST /v1/suggest 200"}, []string{"POST /v1/search 503"}) {
			out = append(out, src.OnSlot(slot))
		}
	}
	return out
}
