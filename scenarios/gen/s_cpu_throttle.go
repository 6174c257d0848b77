package main

import (
	"fmt"
	"math"
	"slices"
	"time"

	"firedrill/game/sim/signal"
	"firedrill/game/sim/telemetry"
)

// Someone cuts graphql's CPU limit from 2 cores to 500m with kubectl edit:
// no change event, only a rollout of the same version (new pod names) and
// the new pods' "GOMAXPROCS=1: determined from CPU quota" lines. graphql
// bursts to ~0.9 cores; capped, its threads wait out CFS periods, the
// tail grows in ~100 ms quanta and readiness probes time out. The logged
// right-sizing of accounts lands 30 s later (a real and harmless cap:
// accounts restarts and is a little slower); search swaps its synonyms two
// minutes on.
func cpuThrottle() *Script {
	const (
		T = 15.0 // the hand edit rolls graphql
		A = 15.5 // accounts right-sizing, logged
	)
	capped := PL(0, 0, T+0.1, 0, T+0.85, 1) // share of graphql's pods on the 500m limit
	users := Wave(520, 0.03, 27, 0.7)
	gqlP50 := Sum(C(38), Mul(capped, C(14)))
	tail := Sum(C(4.5), Mul(capped, C(15)))
	gwErr := PL(0, 0.001, T+3, 0.001, T+5, 0.035)
	accP50 := PL(0, 3.5, A+0.3, 3.5, A+0.8, 4.6)
	return &Script{
		ID: "tail-latency", Seed: "cpu-throttle", Title: "Tail latency up, median fine", Difficulty: 4, TimeLimit: 20 * time.Minute,
		Tags:  []string{"latency", "graphql", "kubernetes"},
		Start: time.Date(2026, 1, 13, 11, 0, 0, 0, time.UTC), Minutes: 32, Step: 30, Sampled: 0.02,
		Briefing: `[SEV2] api-gateway p99 above 1s for 5 minutes (normally ~190 ms); the median barely moved.
graphql pods keep dropping out of the load balancer and coming back.
Find the root cause.
`,
		Hints: []string{
			"Low usage and starved are not opposites. Look at the numbers that say what a pod is allowed to use.",
			"Open a slow graphql trace: are its children slow, or the gaps between them?",
			"graphql's pods changed names at 11:15 with no release. Read what the new ones printed when they started.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"graphql"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: users, Err: gwErr, P50: Sum(gqlP50, C(4)), Tail: tail, CPUms: 0.4}.Std()},
			{Name: "graphql", Calls: []string{"accounts", "catalog", "search", "redis"}, Pods: 4, Version: "v8.2.1", Rollouts: []Rollout{{At: T, Version: "v8.2.1"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 4, RPS: users, Err: Sum(C(0.004), Mul(gwErr, C(0.6))), P50: gqlP50, Tail: tail, CPUms: 6.5, Limit: 2,
					PodLimit: func(p telemetry.Pod) float64 {
						if p.From > 0 {
							return 0.5
						}
						return 2
					},
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.From > 0 {
							r.Busy = math.Min(1, r.Busy*2.5) // requests parked while the quota is spent
						}
					}}.Std([2]float64{T + 5, T + 5.5})},
			{Name: "accounts", Calls: []string{"postgres"}, Pods: 2, Version: "v2.9.0", Rollouts: []Rollout{{At: A, Version: "v2.9.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(0.6)), Err: C(0.002), P50: accP50, Tail: C(3), CPUms: 0.35,
					PodLimit: func(p telemetry.Pod) float64 {
						if p.From > 0 {
							return 0.5
						}
						return 1
					}}.Std()},
			{Name: "catalog", Calls: []string{"postgres"}, Pods: 2, Version: "v8.0.2",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(0.9)), Err: C(0.0005), P50: C(6), CPUms: 0.5}.Std()},
			{Name: "search", Pods: 2, Version: "v12.3.2",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.3)), Err: C(0.001), P50: PL(0, 24, 17.1, 24, 17.5, 31), CPUms: 4, Mem: 2200}.Std()},
			{Name: "redis", Pods: 1, Sts: true, Version: "7.2.5",
				Std: Web{Kind: telemetry.Redis, Runtime: telemetry.Native, Pods: 1, RPS: Mul(users, C(2)), Err: C(0), P50: C(0.3), Tail: C(3.5), CPUms: 0.05, Hit: C(0.94), Mem: 3100}.Std()},
			{Name: "postgres", Pods: 1, Sts: true, Version: "16.4",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 1, RPS: Mul(users, C(1.5)), Err: C(0.0002), P50: C(0.9), Tail: C(4), CPUms: 0.3, Limit: 4, Workers: 200, Mem: 6000}.Std()},
		},
		Events: []Ev{
			{At: 6, ID: "catalog-flag", Kind: "flag", Svc: "catalog", Text: "flag catalog.bundle-prices: 0% -> 100% (merch-team)"},
			{At: A, ID: "rightsizing-accounts", Kind: "config", Svc: "accounts", Text: "accounts resources.limits.cpu 1 -> 500m, requests 250m -> 100m (accounts-team, cost review ACC-318)"},
			{At: 17, ID: "search-synonyms", Kind: "config", Svc: "search", Text: "search synonyms v3 index swap (18211 sets) by search-team"},
			{At: 19, ID: "alert-ready", Kind: "alert", Svc: "graphql", Text: "[WARN] graphql: ready pods < 3/4 for 1m"},
			{At: 22, ID: "alert-p99", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway p99 > 1s for 5m"},
		},
		Logs: Join(
			Shares("api-gateway", C(12), gwErr, Sum(gqlP50, C(4)), 0.75, []string{"POST /graphql 200", "GET /m/home 200", "GET /m/product/{int:1000:9999} 200"},
				[]string{"POST /graphql 503", "POST /graphql 504"}),
			Of(
				Src{Svc: "graphql", Level: "INFO", Req: true, PerMin: C(12), Msg: func(g *G, m float64) string {
					d := g.LogNormal(40, 0.6)
					if g.Float64() < 0.2*capped(m) {
						d += float64(1+g.IntN(9)) * 100 // whole CFS periods spent waiting
					}
					op := signal.Pick(g, "ProductPage", "HomeFeed", "Cart", "SearchResults", "Account")
					return fmt.Sprintf("POST /graphql op=%s 200 %dms", op, int(d))
				}},
				Reqs("graphql", "WARN", Sum(C(0.1), Mul(capped, C(3))), "resolver {pick:ProductPage.reviews|HomeFeed.rails|SearchResults.facets|Cart.totals} took {ms:420:0.5}ms (budget 250ms)"),
				Lines("graphql", "WARN", PL(0, 0, T+1, 0, T+3, 2.5), `Readiness probe failed: Get "http://{ip}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`),
				Reqs("graphql", "WARN", C(0.3), "resolver Account.orders: accounts.ListOrders: rpc error: code = PermissionDenied desc = token scope missing orders:read"),
				Once("graphql", "INFO", T+0.05, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota").OnSlot(0),
				Once("graphql", "INFO", T+0.3, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota").OnSlot(1),
				Once("graphql", "INFO", T+0.55, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota").OnSlot(2),
				Once("graphql", "INFO", T+0.8, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota").OnSlot(3),
				Once("graphql", "INFO", T+0.06, "starting graphql v8.2.1 (git 7e7e7e1) go1.24.5: schema 412 types").OnSlot(0),
				Once("accounts", "INFO", A+0.05, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota").OnSlot(0),
				Once("accounts", "INFO", A+0.3, "maxprocs: Updating GOMAXPROCS=1: determined from CPU quota").OnSlot(1),
				Access("accounts", C(6), accP50, 0.5, "/accounts.v1.Accounts/GetUser 200", "/accounts.v1.Accounts/ListOrders 200"),
				Reqs("accounts", "ERROR", C(2.4), "password reset for user {int:1000000:9999999}: token expired", "login user {int:1000000:9999999}: invalid credentials (attempt {int:2:5})"),
				Access("catalog", C(8), C(6), 0.5, "/catalog.v1.Catalog/GetProduct 200", "/catalog.v1.Catalog/BatchGet 200"),
				Once("catalog", "INFO", 6.05, "flag catalog.bundle-prices enabled: bundle prices served from price-cache"),
				Access("search", C(6), PL(0, 24, 17.1, 24, 17.5, 31), 0.6, "POST /v1/search 200"),
				Reqs("search", "WARN", C(1.2), "query parse error: unexpected token '{pick:)|]|:|AND}' at position {int:3:40} in user query", "query parse error: too many clauses (max 1024)"),
				Once("search", "INFO", 17.1, "synonyms v3 loaded (18211 sets): analyzer rebuilt, query expansion on"),
				Lines("redis", "INFO", C(0.2), "Background saving started by pid {int:100:999}", "DB saved on disk"),
				Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
			)),
		Holes: []Hole{{Svc: "catalog", From: 24, To: 25.5}},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{3.3, 8.1, 12.9} {
				trs = append(trs, Tr{At: at, Root: graphqlTrace(g, 0, false)})
			}
			for i, at := range []float64{15.6, 18.4, 20.2, 22.7, 25.8, 28.1, 30.5} {
				trs = append(trs, Tr{At: at, Root: graphqlTrace(g, []float64{0.3, 0.9, 0.2, 0.8, 0.6, 0.1, 0.7}[i], i == 3)})
			}
			return trs
		},
		Choices: []Choice{
			{"search-release", "search's new synonyms made graphql wait on slower search queries"},
			{"graphql-gc", "graphql's garbage collector pauses stall requests under more load"},
			{"node-neighbour", "a noisy neighbour on the nodes steals processor time from graphql"},
			{"graphql-cpu-cap", "graphql's pods may use much less CPU than their bursts need"},
			{"redis-latency", "redis latency spikes hold graphql resolvers waiting on the cache"},
			{"gateway-pool", "api-gateway's upstream pool to graphql is too small for the peak"},
			{"probe-too-strict", "graphql's readiness probe is too strict and ejects healthy pods"},
			{"accounts-cap", "accounts was starved by its smaller limits, and graphql waits on it"},
		},
		Answer: Answer{
			Choice: "graphql-cpu-cap", Onset: T,
			Chain: []string{
				"At 11:15 someone cut graphql's CPU limit from 2 cores to 500m with kubectl edit: a rollout of the same version (new pod names) and no change event; graphql bursts to ~0.9 cores",
				"The kernel's CFS quota now stops graphql's threads for the rest of each 100 ms period: each new pod's cpu_throttled_ratio sits above 0.9 and its usage is pinned at exactly 0.50",
				"Requests that hit a throttled period wait whole periods: the p99 grows from ~190 ms to over 1 s in ~100 ms steps, the p50 only ~40 -> ~55 ms",
				"Readiness probes (1 s timeout) fail on throttled pods, pods leave the load balancer, and the rest take more load: 503s at the gateway",
			},
			Evidence: []string{
				"graphql's pods change names at 11:15:00-11:15:45 with no release in the change log, and each new pod logs 'maxprocs: Updating GOMAXPROCS=1: determined from CPU quota'",
				"http_request_duration_p99_ms (api-gateway) climbs from 11:15:30 while the p50 barely moves; gc_pause_p99_ms of graphql stays under a millisecond",
				"cpu_throttled_ratio of every new graphql pod is above 0.9 with cpu_usage_cores flat at 0.50, where the old pods used ~0.9 of 2 cores",
				"Slow graphql traces: each child call is fast (2-10 ms) and the time goes in 100-300 ms gaps between them; graphql warns 'resolver … took …ms (budget 250ms)' for them",
			},
			Wrong: [][2]string{
				{"search-release", "The synonyms swap at 11:17 came two minutes after the tail grew; search is ~7 ms slower for good since, but search spans in slow traces stay fast."},
				{"graphql-gc", "gc_pause_p99_ms stays under a millisecond and traffic is flat; the time goes in throttled periods, not in GC."},
				{"node-neighbour", "The nodes have room to spare; a neighbour takes shared CPU, but here graphql's own quota throttles it."},
				{"redis-latency", "redis' latency stays flat, and cache calls in slow traces are fast; the gaps are between calls."},
				{"gateway-pool", "A small pool would queue at the gateway with fast graphql spans; graphql's own server spans are the slow ones."},
				{"probe-too-strict", "The probe config did not change and passed for weeks; probes time out because the pods are throttled. Loosening them would hide the cause."},
				{"accounts-cap", "accounts' right-sizing at 11:15:30 is real: its pods restarted on 500m and it is ~1 ms slower for good. But it uses ~0.1 cores, barely throttles, and its spans stay at ~4 ms."},
			},
			RedHerrings: []string{"rightsizing-accounts", "search-synonyms", "catalog-flag", "accounts", "accounts-cap"},
			Proof: slices.Concat([]Proof{
				ProveLog(1, "graphql", "maxprocs: Updating GOMAXPROCS=1"),
				ProveLog(1, "graphql", "starting graphql v8.2.1"), // the new pods' start: same version, new names
				ProvePod(2, "graphql", telemetry.ThrottledName, 0, T+1, T+10),
				ProveMetric(2, "graphql", telemetry.CPUName, T+1, T+10), // pinned at the quota
				ProveMetric(3, "api-gateway", telemetry.DurationName(telemetry.HTTP, "p99"), T, T+10),
				ProveMetric(3, "api-gateway", telemetry.DurationName(telemetry.HTTP, "p95"), T, T+10),
				ProveMetric(3, "graphql", telemetry.DurationName(telemetry.HTTP, "p99"), T, T+10),
				ProveMetric(3, "graphql", telemetry.DurationName(telemetry.HTTP, "p95"), T, T+10),
				ProveMetric(3, "graphql", telemetry.DurationName(telemetry.HTTP, "p50"), T, T+10), // ~40 -> ~55 ms
				ProveMetric(4, "api-gateway", telemetry.ErrorsName(telemetry.HTTP), T+2, T+10),
				ProveMetric(4, "graphql", telemetry.ErrorsName(telemetry.HTTP), T+2, T+10),
				ProveLogRE(4, "api-gateway", `^POST /graphql 50[34] `).Within(T+2, 32),
			},
				// lines that recur until the end: one item per third of the
				// period, each narrow enough to prove, a pin anywhere counts
				thirds(ProveLog(3, "graphql", "(budget 250ms)"), T+0.5, 32),
				thirds(ProveLogRE(3, "graphql", `^POST /graphql op=\w+ 200 ([3-9]\d\d|\d{4,})ms$`), T+0.5, 32),
				thirds(ProveLog(4, "graphql", "Readiness probe failed"), T+1, 32),
			),
			Debrief: `Someone applied a VPA recommendation to graphql by hand, with kubectl edit: CPU limit 2
cores -> 500m. It went around the pipeline, so the change log is silent; Kubernetes rolled the
pods (same version, new names) and each new pod printed GOMAXPROCS=1 from its CPU quota.
graphql bursts to ~0.9 cores on every page render. With a quota of 50 ms per 100 ms period, a
burst exhausts it early and every thread waits for the next period: the median barely moves,
the tail grows in 100 ms steps, and the readiness probe's 1 s timeout starts to fail.

The tempting shortcut: the change log. It shows the same kind of cut applied to accounts 30
seconds later, with a real effect (accounts restarted and is a little slower), and a search
change two minutes on. accounts uses ~0.1 cores: the cap barely touches it. The change that
matters is the one only the pods announce.

Fastest path: "usage is low" is what the dashboards show, so look at throttling per pod; a
number pinned flat at a round value is a limit. A slow trace shows fast children separated by
waits. Then ask why the pods changed names with no release.
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
