package sim

import (
	"fmt"
	"math"
)

// Archetypes where a service runs out of a resource of its own: database
// connections, heap, CPU quota.

func buildPoolExhaustion(g *gen) {
	gw := g.gateway()
	orders := g.add(api("orders", StackJava, 10, "GET /orders/{id}"))
	pg := g.postgres("postgres")
	g.link(gw, Dep{To: orders, PerReq: 0.3 + 0.3*g.rng.Float64(), Timeout: 10000, Op: "orders.Get"})
	d := dep(pg, "postgres.SELECT orders")
	d.Timeout, d.Retries = 5000, 0
	g.link(orders, d)
	size := 10 + 5*g.rng.IntN(3)
	g.m.Services[orders].Pool = &Pool{Dep: 0, Size: size, WaitMs: 30000, Hikari: true}
	g.m.Services[orders].Pods = 3
	// Leak fast enough that the pool drains in 8–25 min: leaked/s ≈ failed/s × K/1000.
	drain := float64(480 + g.rng.IntN(900))
	if g.difficulty >= 4 {
		drain = float64(1300 + g.rng.IntN(300))
	}
	// Leave room after the drain for the symptoms and a `for: 5m` alert.
	drain = math.Max(300, math.Min(drain, float64(g.secs-g.onset-720)))
	rps := g.m.EntryRPS * g.m.Services[gw].Deps[0].PerReq
	g.fault = Fault{Kind: FaultPoolLeak, Service: orders, At: g.onset,
		Value: float64(size*3) * 1000 / (rps * 0.01 * drain)}
	g.cause = SignalRef{"orders", MetricPool}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"api-gateway", MetricErr}}
	g.change = g.changeEvent("orders-deploy", "deploy", "orders", "orders %s rolled out (3/3 pods)", g.semver())
	g.correct = choiceText{"connection-leak", "orders' release leaks a DB connection on an error path; its pool drains", ""}
	g.traps = []choiceText{
		{"postgres-slow", "postgres is slow: orders' queries wait on locks and disk I/O",
			"postgres query time and saturation stay flat; orders' requests wait for a free pool connection before any SQL runs"},
		{"postgres-max-connections", "postgres ran out of connection slots for orders and every other client",
			"postgres never refuses a connection; orders' pool holds its connections, leaked and idle, and waits on itself"},
	}
	g.notes = append(g.notes, noteHerring{"postgres-upgrade", "postgres", "postgres: minor version upgrade 16.3 -> 16.4 scheduled for tonight (no restart yet)",
		"The postgres minor upgrade degraded query plans for orders",
		"the upgrade is scheduled, not done: postgres still runs the old version, and its query latency is flat"})
	g.chain = []link{
		{"orders' release leaks a connection whenever a request fails", nil},
		{"leaked connections filled the HikariCP pool", ref("orders", MetricPool)},
		{"requests waited for a connection and orders slowed", ref("orders", MetricP95)},
		{"waiters timed out and the gateway's error rate climbed", ref("api-gateway", MetricErr)},
	}
	g.hint2 = "Is the database slow, or is the time lost before the query runs?"
}

func buildMemoryLeak(g *gen) {
	gw := g.gateway()
	recs := g.add(api("recs", StackJava, 15, "GET /v2/recommendations"))
	g.m.Services[recs].Pods = 3 + g.rng.IntN(2)
	live := 1000 + float64(g.rng.IntN(200))
	g.m.Services[recs].Heap = &Heap{LiveMiB: live, LimitMiB: 4096, PauseMs: 20 + float64(g.rng.IntN(20))}
	g.link(gw, Dep{To: recs, PerReq: 0.6, Timeout: 1500, Retries: 1, BackoffMs: 100, Op: "recs.Recommend"})
	// The first pod fills its heap 10–20 min after the deploy.
	// Difficulty 4–5 makes it a slow burn: the heap fills over the rest of
	// the window, so the decisive slope leads the symptoms by 20+ minutes.
	fill := math.Min(float64(480+g.rng.IntN(420)), float64(g.secs-g.onset-600))
	if g.difficulty >= 4 {
		fill = float64(g.secs - g.onset - 600)
	}
	fastest := 0.8 + 0.1*float64(min(g.m.Services[recs].Pods-1, 4)) // pods leak at slightly different rates
	g.fault = Fault{Kind: FaultMemLeak, Service: recs, At: g.onset, Value: (4096 - live) / fill / fastest}
	g.cause = SignalRef{"recs", MetricHeap}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"recs", MetricRestarts}}
	g.change = g.changeEvent("recs-deploy", "deploy", "recs", "recs %s rolled out (%d/%d pods)", g.semver(), g.m.Services[recs].Pods, g.m.Services[recs].Pods)
	g.correct = choiceText{"heap-leak-release", "recs' release leaks memory per request until GC thrashes and it is killed", ""}
	g.traps = []choiceText{
		{"recs-traffic-growth", "A traffic rise outgrew recs' heap and capacity at the evening peak",
			"recs' heap climbed steadily from the deploy, in a quiet stretch; traffic only rose later and by a little"},
		{"recs-gc-tuning", "recs' G1 settings give too small a heap for its normal working set",
			"the same settings ran for hours with a flat heap; the live set grew only after the release"},
	}
	g.notes = append(g.notes, noteHerring{"kernel-patch", "recs", "nodes: kernel patch 6.1.102 applied to node group general-2 (rolling, no pod evictions)",
		"The kernel patch on the recs node group broke memory accounting",
		"the patch evicted nothing and other services on the same nodes kept flat memory"})
	g.trafficRise = true
	g.chain = []link{
		{"recs' release added an unbounded cache; the live heap grew from the deploy on", ref("recs", MetricHeap)},
		{"GC ran longer and more often as the heap filled", ref("recs", MetricGC)},
		{"pods hit the limit and were OOMKilled, one after another", ref("recs", MetricRestarts)},
		{"recs' pauses and restarts slowed the gateway", ref("api-gateway", MetricP95)},
	}
	g.hint2 = "When did recs' heap start to climb, and what happened just then?"
}

func buildCPUThrottling(g *gen) {
	gw := g.gateway()
	apiSvc := g.add(api("api", StackGo, 14, "GET /v1/cart"))
	users := g.add(api("users", StackJava, 9, "GET /users/{id}"))
	s := &g.m.Services[apiSvc]
	s.CPU, s.Pods, s.CPUms = 2, 4, 8
	// Size traffic so a pod uses 0.40–0.45 cores: 2 cores is idle, 0.5 is not.
	perPod := 0.43 + 0.04*g.rng.Float64()
	g.m.EntryRPS = perPod * 1000 / s.CPUms * float64(s.Pods)
	g.link(gw, Dep{To: apiSvc, PerReq: 1, Timeout: 5000, Op: "api.GetCart"})
	g.link(apiSvc, Dep{To: users, PerReq: 0.5, Timeout: 800, Retries: 1, BackoffMs: 100, Op: "users.Get"})
	g.fault = Fault{Kind: FaultCPULimit, Service: apiSvc, At: g.onset, Value: 0.5}
	g.cause = SignalRef{"api", MetricThrottled}
	g.symptoms = []SignalRef{{"api-gateway", MetricP99}, {"api-gateway", MetricP95}}
	g.change = g.changeEvent("api-resources", "config", "api", "%s", "api resources updated by right-sizing bot: requests/limits rev "+fmt.Sprint(10+g.rng.IntN(80))+" (4/4 pods restarted)")
	g.correct = choiceText{"cpu-limit-cut", "api's CPU quota sits under its bursts, so its threads stall while throttled", ""}
	g.traps = []choiceText{
		{"api-usage-low", "api's CPU usage is low, so api is fine; users' slow lookups hold its requests",
			"users' latency is flat; api's usage is low because it is capped at exactly its new limit, with most periods throttled"},
		{"node-noisy-neighbour", "A noisy neighbour on api's nodes steals CPU from its pods",
			"node CPU stays moderate; the stalls are CFS throttling of api's own cgroup, which began with the resources change"},
	}
	g.notes = append(g.notes, noteHerring{"node-cpu-note", "api", "capacity report: node group general-1 CPU at 41% average, no pressure",
		"api's nodes are CPU-starved and every pod on them runs slower",
		"node CPU is 41% and other services on those nodes are unaffected; only api's cgroup is throttled"})
	g.chain = []link{
		{"a right-sizing change cut api's CPU limit from 2 cores to 0.5", nil},
		{"api's cgroup hit its CFS quota in most periods", ref("api", MetricThrottled)},
		{"throttled periods stalled requests in ~100 ms steps, so api's tail grew", ref("api", MetricP99)},
		{"the gateway's tail latency followed", ref("api-gateway", MetricP99)},
	}
	g.hint2 = "Low CPU usage can mean a cap: look at throttling, not usage."
}
