package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/signal"
)

// A platform "right-sizing" batch cuts graphql's CPU limit from 2 cores to
// 500m. graphql bursts to ~0.9 cores; capped, its threads wait out CFS
// periods, the tail grows in ~100 ms quanta and readiness probes time out.
// CPU usage looks low (it is pinned at exactly 0.5) and node CPU is 40%.
// The same batch capped accounts, which is fine; search deploys two
// minutes later.
func cpuThrottle() *Script {
	const T = 15.0 // right-sizing batch #14 applied
	p99 := PL(0, 180, T+0.2, 185, T+0.3, 480, T+1, 580, T+1.1, 780, T+2.5, 880, T+2.6, 1080, 40, 1100)
	return &Script{
		ID: "tail-latency", Seed: "cpu-throttle", Title: "Tail latency up, median fine", Difficulty: 4, TimeLimit: 20 * time.Minute,
		Tags:  []string{"latency", "graphql", "kubernetes"},
		Start: time.Date(2026, 1, 13, 11, 0, 0, 0, time.UTC), Minutes: 40, Step: 15, Sampled: 0.02,
		Briefing: `[SEV2] api-gateway p99 above 1s for 5 minutes (normally ~190 ms); the median barely moved.
graphql pods keep dropping out of the load balancer and coming back.
Find the root cause.
`,
		Hints: []string{
			"Low usage and starved are not opposites. Look at the numbers that say what a pod is allowed to use.",
			"Open a slow graphql trace: are its children slow, or the gaps between them?",
			"Read what graphql's pods printed about GOMAXPROCS when they restarted at 11:15.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"graphql", "mobile-bff"}},
			{Name: "mobile-bff", Calls: []string{"graphql"}, Pods: 2},
			{Name: "graphql", Calls: []string{"accounts", "catalog", "search", "redis"}, Pods: 6},
			{Name: "accounts", Calls: []string{"postgres"}},
			{Name: "catalog", Calls: []string{"postgres"}},
			{Name: "search", Pods: 4},
			{Name: "redis", Pods: 1, Sts: true},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 6, ID: "bff-deploy", Kind: "deploy", Svc: "mobile-bff", Text: "mobile-bff v3.0.7 (git 0a1b2c3) rolled out by argo-cd (2/2 pods)"},
			{At: T, ID: "rightsizing-accounts", Kind: "config", Svc: "accounts", Text: "resources.limits.cpu 1 -> 500m, requests 250m -> 100m (platform right-sizing batch #14, VPA recommendation)"},
			{At: T, ID: "rightsizing-graphql", Kind: "config", Svc: "graphql", Text: "resources.limits.cpu 2 -> 500m, requests 1 -> 500m (platform right-sizing batch #14, VPA recommendation)"},
			{At: 17, ID: "search-deploy", Kind: "deploy", Svc: "search", Text: "search v12.4.0 (git f00dbab) rolled out by argo-cd (4/4 pods): synonyms v3"},
			{At: 19, ID: "alert-ready", Kind: "alert", Svc: "graphql", Text: "[WARN] graphql: ready pods < 5/6 for 1m"},
			{At: 21, ID: "alert-p99", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway p99 > 1s for 5m"},
		},
		Metrics: []Metric{
			{Svc: "api-gateway", Name: "http_request_p99_ms", Unit: "ms", F: Sum(p99, C(10)), Jit: 0.04},
			{Svc: "api-gateway", Name: "http_request_p50_ms", Unit: "ms", F: PL(0, 41, T+0.2, 41, T+1, 56), Jit: 0.03},
			{Svc: "api-gateway", Name: "http_5xx_ratio", Unit: "%", F: PL(0, 0.1, T+3, 0.1, T+5, 3.8), Jit: 0.06},
			{Svc: "graphql", Name: "cpu_throttled_periods_ratio", Unit: "%", F: PL(0, 3, T, 3, T+0.25, 41, T+1, 65), Jit: 0.05, Gaps: [][2]float64{{T + 5, T + 5.5}}},
			{Svc: "graphql", Name: "cpu_usage_cores", Unit: "cores", F: PL(0, 0.9, T, 0.9, T+0.25, 0.5), Noise: PL(0, 0.05, T, 0.05, T+0.25, 0.002), Gaps: [][2]float64{{T + 5, T + 5.5}}},
			{Svc: "graphql", Name: "http_request_p99_ms", Unit: "ms", F: p99, Jit: 0.04, Gaps: [][2]float64{{T + 5, T + 5.5}}},
			{Svc: "graphql", Name: "ready_pods", Unit: "count", F: PL(0, 6, T+3.5, 6, T+3.6, 4, T+4.5, 5, T+6, 6, T+7, 4, T+8, 5, T+9, 6, T+11, 4, T+12, 5, T+14, 4, T+16, 5, T+19, 6, T+21, 4, 40, 5), Prec: 0},
			{Svc: "graphql", Name: "go_gc_pause_p99_ms", Unit: "ms", F: C(0.6), Jit: 0.08},
			{Svc: "accounts", Name: "cpu_throttled_periods_ratio", Unit: "%", F: C(0.4), Jit: 0.08},
			{Svc: "accounts", Name: "cpu_usage_cores", Unit: "cores", F: C(0.11), Jit: 0.06},
			{Svc: "graphql", Name: "node_cpu_pct", Unit: "%", F: PL(0, 41, T, 41, T+0.5, 38), Jit: 0.03},
			{Svc: "search", Name: "http_request_p95_ms", Unit: "ms", F: Pulse(C(62), 17, 17.75, 45), Jit: 0.04},
			{Svc: "search", Name: "cpu_pct", Unit: "%", F: Pulse(C(35), 11, 12, 30), Jit: 0.04},
			{Svc: "redis", Name: "command_p99_ms", Unit: "ms", F: C(1.1), Jit: 0.06},
			{Svc: "postgres", Name: "cpu_pct", Unit: "%", F: C(29), Jit: 0.04},
		},
		Logs: []Src{
			Access("api-gateway", C(8), PL(0, 42, T+0.2, 42, T+1, 56), 0.75, "POST /graphql 200", "GET /m/home 200", "GET /m/product/{int:1000:9999} 200"),
			Reqs("api-gateway", "ERROR", PL(0, 0.05, T+3, 0.05, T+5, 7),
				"POST /graphql 503 {ms:3:0.4}ms upstream=graphql: upstream connect error or disconnect/reset before headers. reset reason: connection termination",
				"POST /graphql 504 {ms:3000:0.05}ms upstream=graphql: upstream request timeout"),
			{Svc: "graphql", Level: "INFO", Req: true, PerMin: C(8.5), Msg: func(g *G, m float64) string {
				d := g.LogNormal(40, 0.6)
				if m >= T+0.25 && g.Float64() < 0.2 {
					d += float64(1+g.IntN(9)) * 100 // whole CFS periods spent waiting
				}
				op := signal.Pick(g, "ProductPage", "HomeFeed", "Cart", "SearchResults", "Account")
				return fmt.Sprintf("POST /graphql op=%s 200 %dms", op, int(d))
			}},
			Reqs("graphql", "WARN", PL(0, 0.1, T+0.25, 0.1, T+1, 3), "resolver {pick:ProductPage.reviews|HomeFeed.rails|SearchResults.facets|Cart.totals} took {ms:420:0.5}ms (budget 250ms)"),
			Lines("graphql", "WARN", PL(0, 0, T+1, 0, T+3, 2.5), `Readiness probe failed: Get "http://{ip}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`),
			Reqs("graphql", "ERROR", C(0.3), "resolver Account.orders: accounts.ListOrders: rpc error: code = PermissionDenied desc = token scope missing orders:read"),
			Once("graphql", "INFO", T+0.1, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota"),
			Once("graphql", "INFO", T+0.4, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota"),
			Once("graphql", "INFO", T+0.7, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota"),
			Once("graphql", "INFO", T+0.75, "starting graphql v8.2.1 (git 7e7e7e1) go1.24.5: schema 412 types"),
			Once("accounts", "INFO", T+0.2, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota"),
			Once("accounts", "INFO", T+0.25, "starting accounts v2.9.0 (git 33aa7c0)"),
			Access("mobile-bff", C(4), C(70), 0.6, "GET /m/home 200", "GET /m/product/{int:1000:9999} 200"),
			Access("accounts", C(4), C(4), 0.5, "/accounts.v1.Accounts/GetUser OK", "/accounts.v1.Accounts/ListOrders OK"),
			Access("catalog", C(5), C(6), 0.5, "/catalog.v1.Catalog/GetProduct OK", "/catalog.v1.Catalog/BatchGet OK"),
			Access("search", C(4), Pulse(C(25), 17, 17.75, 20), 0.6, "POST /v1/search 200"),
			Reqs("search", "ERROR", C(2.2), "query parse error: unexpected token '{pick:)|]|:|AND}' at position {int:3:40} in user query", "query parse error: too many clauses (max 1024)"),
			Once("search", "INFO", 11, "reindex products: 482113 docs (cron 0 11 * * *)"),
			Once("search", "INFO", 12, "reindex products: done in 61.2s"),
			Once("search", "INFO", 17.1, "starting search v12.4.0 (git f00dbab): synonyms v3 loaded (18211 sets)"),
			Lines("redis", "INFO", C(0.2), "Background saving started by pid {int:100:999}", "DB saved on disk"),
			Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
		},
		Holes: []Hole{{Svc: "mobile-bff", From: 24, To: 25.5}},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{3.3, 8.1, 12.9} {
				trs = append(trs, Tr{At: at, Root: graphqlTrace(g, 0, false)})
			}
			for i, at := range []float64{15.6, 18.4, 20.2, 24.7, 28.8, 33.1, 37.5} {
				trs = append(trs, Tr{At: at, Root: graphqlTrace(g, []float64{0.3, 0.9, 0.2, 0.8, 0.6, 0.1, 0.7}[i], i == 3)})
			}
			return trs
		},
		Choices: []Choice{
			{"search-release", "search's new release made graphql wait on slower search queries"},
			{"graphql-gc", "graphql's garbage collector pauses stall requests under more load"},
			{"node-neighbour", "a noisy neighbour on the nodes steals CPU time from graphql pods"},
			{"graphql-cpu-cap", "the right-sizing batch capped graphql's CPU below its bursts"},
			{"redis-latency", "redis latency spikes hold graphql resolvers waiting on the cache"},
			{"gateway-pool", "api-gateway's upstream pool to graphql is too small for the peak"},
			{"probe-too-strict", "graphql's readiness probe is too strict and ejects healthy pods"},
			{"accounts-cap", "the right-sizing batch starved accounts, and graphql waits on it"},
		},
		Answer: Answer{
			Choice: "graphql-cpu-cap", Onset: T,
			Chain: []string{
				"Right-sizing batch #14 (11:15) cut graphql's CPU limit from 2 cores to 500m; graphql bursts to ~0.9 cores",
				"The kernel's CFS quota now stops graphql's threads for the rest of each 100 ms period: cpu_throttled_periods_ratio 3% -> 65%, usage pinned at exactly 0.50",
				"Requests that hit a throttled period wait whole periods: p99 180 ms -> 1.1 s in ~100 ms steps, p50 only 41 -> 56 ms",
				"Readiness probes (1 s timeout) fail on throttled pods, pods leave the load balancer, and the rest take more load: 503s at the gateway",
			},
			Evidence: []string{
				"cpu_throttled_periods_ratio (graphql) jumps 3% -> 41% in the 11:15:15 scrape and reaches 65%, while cpu_usage_cores drops from ~0.9 to a flat 0.50",
				"http_request_p99_ms (graphql) climbs in ~100 ms steps from 11:15:30 while p50 moves 15 ms; go_gc_pause_p99_ms stays 0.6 ms",
				"graphql pods log 'maxprocs: Updating GOMAXPROCS=1: determined from CPU quota' as they restart at 11:15",
				"Slow graphql traces: each child call is fast (2-10 ms) and the time goes in 100-300 ms gaps between them",
			},
			Wrong: [][2]string{
				{"search-release", "search deployed at 11:17, two minutes after the tail grew; its p95 blips during the rollout and returns to 62 ms, and search spans in slow traces stay fast."},
				{"graphql-gc", "go_gc_pause_p99_ms stays at 0.6 ms and traffic is flat; the time goes in throttled periods, not in GC."},
				{"node-neighbour", "Node CPU is ~40% and steady; a neighbour takes shared CPU, but here graphql's own quota throttles it while the node has room to spare."},
				{"redis-latency", "redis' command p99 stays at 1.1 ms, and cache calls in slow traces are fast; the gaps are between calls."},
				{"gateway-pool", "A small pool would queue at the gateway with fast graphql spans; graphql's own server spans are the slow ones."},
				{"probe-too-strict", "The probe config did not change and passed for weeks; probes time out because the pods are throttled. Loosening them would hide the cause."},
				{"accounts-cap", "accounts got the same cap but uses ~0.1 cores, is never throttled, and its spans stay at ~4 ms."},
			},
			RedHerrings: []string{"search-deploy", "rightsizing-accounts", "bff-deploy", "search", "accounts-cap"},
			Proof: []Proof{
				ProveEvent(1, "rightsizing-graphql"),
				ProveLog(1, "graphql", "maxprocs: Updating GOMAXPROCS=1"),
				ProveMetric(2, "graphql", "cpu_throttled_periods_ratio", T, T+6),
				ProveMetric(3, "graphql", "http_request_p99_ms", T, T+6),
				ProveLog(4, "api-gateway", "upstream=graphql").Within(T+3, T+6),
			},
			Debrief: `A platform right-sizing batch applied VPA recommendations to 31 deployments. The
recommendation for graphql looked at average usage (~0.4 cores) and set a 500m limit, but
graphql bursts to ~0.9 cores on every page render. With a CFS quota of 50 ms per 100 ms period,
a burst exhausts the quota early and every thread waits for the next period: the median barely
moves, the tail grows in 100 ms steps, and the readiness probe's 1 s timeout starts to fail.

Fastest path: "usage is low" is what the dashboards show, so look at throttling. The throttled
ratio jumps at 11:15:15, usage flattens at exactly 0.50 (a ceiling, not a workload), and the
pods restarted with GOMAXPROCS=1. A slow trace shows fast children separated by waits.

Coaching: a number pinned flat at a round value is a limit. accounts got the same change and is
fine, which tells you the change is not harmful in itself: it is harmful where usage meets the
cap. The search deploy at 11:17 and the probe failures are things that happened after the cause;
ask of each change whether it is upstream of the symptom and whether it came first.
`,
		},
	}
}

// graphqlTrace is POST /graphql (ProductPage). throttle in [0,1] sets the
// waits between children (throttled CFS periods); dropped loses catalog's
// server span, so its SQL span is an orphan.
func graphqlTrace(g *G, throttle float64, dropped bool) *Sp {
	var kids []*Sp
	off := 0.8
	wait := func() float64 {
		if throttle == 0 {
			return g.Uniform(0.2, 1.5)
		}
		if g.Float64() < throttle {
			return float64(1+g.IntN(3))*100 - g.Uniform(0, 40)
		}
		return g.Uniform(0.5, 3)
	}
	add := func(sp *Sp) {
		sp.Off = off
		kids = append(kids, sp)
		off += sp.Dur + wait()
	}
	add(Leaf("graphql", "redis GET session", 0, g.LogNormal(0.5, 0.3)).A("db.system", "redis"))
	add(Call(g, "graphql", "accounts.GetUser", 0, S("accounts", "/accounts.v1.Accounts/GetUser", 0, g.LogNormal(3.5, 0.3))))
	cat := S("catalog", "/catalog.v1.Catalog/GetProduct", 0, g.LogNormal(6, 0.3))
	cat.Kids = []*Sp{Leaf("catalog", "SELECT products", 0.6, cat.Dur-1.2).A("db.system", "postgresql")}
	if dropped {
		cat.Drop()
	}
	add(Call(g, "graphql", "catalog.GetProduct", 0, cat))
	add(Call(g, "graphql", "search POST /v1/search", 0, S("search", "POST /v1/search", 0, g.LogNormal(24, 0.3))))
	add(Leaf("graphql", "redis MGET reviews", 0, g.LogNormal(0.7, 0.3)).A("db.system", "redis"))
	gq := S("graphql", "POST /graphql", 0, off+1, kids...).A("graphql.operation.name", "ProductPage")
	root := S("api-gateway", "POST /graphql", 0, gq.Dur+3, Call(g, "api-gateway", "graphql POST /graphql", 1.5, gq)).A("http.status_code", "200")
	return root.L(fmt.Sprintf("POST /graphql 200 %dms", int(root.Dur)))
}
