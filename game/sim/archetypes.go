package sim

import (
	"fmt"
	"math"
)

// archetype is one incident family (Archetypes lists them): build lays out the
// services the story needs, the fault, the signals and the texts; the rest
// (fillers, herrings, observation, the answer) is shared.
type archetype struct {
	name, summary string
	build         func(g *gen)
}

// link is one step of the causal chain; ref, when set, is the series whose
// move (with its time) proves it.
type link struct {
	text string
	ref  *SignalRef
}

var archetypes = []*archetype{
	{"cache-stampede", "a release bumps the cache key prefix; misses flood postgres", buildCacheStampede},
	{"retry-storm", "a config push cuts a client timeout under the callee's p95; retries multiply load", buildRetryStorm},
	{"pool-exhaustion", "a release leaks DB connections on an error path; the pool drains", buildPoolExhaustion},
	{"memory-leak", "a release leaks heap; GC thrashes, pods are OOMKilled", buildMemoryLeak},
	{"cpu-throttling", "a right-sizing change cuts a CPU limit; CFS throttling stalls requests", buildCPUThrottling},
	{"bad-config-dns", "a config push misspells a dependency's host; lookups fail", buildBadHost},
	{"consumer-lag", "a consumer release slows each record; lag grows without bound", buildConsumerLag},
	{"feature-flag", "a flag rollout sends a slice of traffic down a path that throws", buildFeatureFlag},
	{"cert-expiry", "a service's mTLS certificate expires; every handshake fails", buildCertExpiry},
}

// Archetypes lists the archetype names, in catalogue order.
func Archetypes() []string {
	out := make([]string, len(archetypes))
	for i, a := range archetypes {
		out[i] = a.name
	}
	return out
}

// Summary is one line about an archetype, for --list.
func Summary(name string) string {
	if a := lookup(name); a != nil {
		return a.summary
	}
	return ""
}

func lookup(name string) *archetype {
	for _, a := range archetypes {
		if a.name == name {
			return a
		}
	}
	return nil
}

func ref(s, n string) *SignalRef { return &SignalRef{s, n} }

// semver makes a release name: v2.14.1 (3f9c2d1).
func (g *gen) semver() string {
	return fmt.Sprintf("v%d.%d.%d (%s)", 1+g.rng.IntN(5), g.rng.IntN(20), g.rng.IntN(10), hexID(g.rng, 7))
}

func buildCacheStampede(g *gen) {
	gw := g.gateway()
	catalog := g.add(api("catalog", StackGo, 6, "GET /v1/products/{id}"))
	pg := g.postgres("postgres")
	rd := g.redis("redis")
	g.m.Services[pg].rhoW = 0.08
	g.link(gw, Dep{To: catalog, PerReq: 1, Timeout: 3000, Op: "catalog.GetProduct"})
	d := dep(pg, "postgres.SELECT items")
	d.Timeout, d.Retries = 1000, 2
	d.Cache = &Cache{Server: rd, Target: 0.92 + 0.05*g.rng.Float64(), RefillPerSec: 0.0005 + 0.0005*g.rng.Float64()}
	g.link(catalog, d)
	g.fault = Fault{Kind: FaultCacheFlush, Service: catalog, At: g.onset, Value: 0.2 + 0.1*g.rng.Float64()}
	// Sized for the cached load: postgres idles at a few % misses, and the
	// flushed cache sends it 1.2–1.5x what it can serve before any retry.
	g.m.Services[pg].rhoC = (1.3 + 0.3*g.rng.Float64()) * (1 - d.Cache.Target) / (1 - g.fault.Value)
	g.cause = SignalRef{"catalog", MetricHit}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"api-gateway", MetricErr}}
	g.change = g.changeEvent("catalog-deploy", "deploy", "catalog", "catalog %s rolled out (%d/%d pods)", g.semver(), 3, 3)
	g.correct = choiceText{"cache-key-change", "catalog's release changed its cache keys, so misses flooded postgres", ""}
	g.traps = []choiceText{
		{"postgres-regression", "postgres regressed: a plan change made catalog's item queries slow",
			"the plans did not change: postgres serves the same query faster per call, it is answering several times the volume once the hit ratio fell"},
		{"catalog-undersized", "catalog is undersized for the afternoon peak and its pods saturate",
			"catalog's traffic did not rise; its time goes to waiting on postgres after the hit ratio dropped"},
	}
	g.notes = append(g.notes, noteHerring{"postgres-autovacuum", "postgres", "postgres: automatic vacuum of table \"shop.public.items\" started",
		"Autovacuum on postgres' items table slowed every catalog query",
		"autovacuum ran but postgres latency per query only rose after the query volume did; vacuum does not multiply the request count"})
	g.chain = []link{
		{"catalog's release changed the cache key prefix, so every key missed", ref("catalog", MetricHit)},
		{"misses went to postgres, multiplying its query volume", ref("postgres", MetricRPS)},
		{"postgres saturated; queries queued past their timeouts", ref("postgres", MetricP95)},
		{"catalog's retries added load and its requests slowed at the gateway", ref("api-gateway", MetricP95)},
	}
	g.hint2 = "Compare the cache hit ratio with postgres' query rate: which moved first?"
}

func buildRetryStorm(g *gen) {
	gw := g.gateway()
	checkout := g.add(api("checkout", StackGo, 12, "POST /v1/checkout"))
	inv := g.add(api("inventory", StackGo, 40, "rpc inventory.Reserve"))
	g.m.Services[inv].Sigma = 0.7
	// Checkout is one route of several behind the gateway.
	g.link(gw, Dep{To: checkout, PerReq: 0.25 + 0.2*g.rng.Float64(), Timeout: 5000, Op: "checkout.Checkout"})
	d := dep(inv, "inventory.Reserve")
	d.Timeout, d.Retries = 2000, 1
	di := g.link(checkout, d)
	g.fault = Fault{Kind: FaultTimeout, Service: checkout, Dep: di, At: g.onset, Retries: 3}
	// The new timeout sits just under inventory's healthy p95 (known once
	// the model is sized): a few % of attempts time out at first.
	g.afterSize = func(g *gen) {
		s := &g.m.Services[inv]
		// inventory runs at 45–50 % CPU: headroom for normal peaks, not for
		// a storm. Set exactly, not rounded to quarter cores.
		rho := 0.45 + 0.05*g.rng.Float64()
		s.CPU = g.meanLoad[inv] * s.CPUms / 1000 / float64(s.Pods) / rho
		p95 := s.Median / (1 - rho) * math.Exp(1.645*s.Sigma)
		g.fault.Value = math.Round(p95*(0.5+0.1*g.rng.Float64())/10) * 10
		if g.difficulty < 3 { // easy drills spell the change out
			g.changeText = fmt.Sprintf("checkout config push: inventory client timeout 2s -> %.0fms, max retries 1 -> 3", g.fault.Value)
		}
	}
	g.cause = SignalRef{"inventory", MetricRPS}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"api-gateway", MetricErr}}
	text := "checkout config push: client settings (3/3 pods reloaded)"
	if g.difficulty >= 3 {
		text = "checkout config push: client settings rev " + fmt.Sprint(40+g.rng.IntN(50)) + " (3/3 pods reloaded)"
	}
	g.change = g.changeEvent("checkout-config", "config", "checkout", "%s", text)
	g.correct = choiceText{"timeout-retry-config", "checkout's config cut its inventory timeout; retries multiplied the load", ""}
	g.traps = []choiceText{
		{"inventory-undersized", "inventory is undersized: its pods saturate under today's checkout volume",
			"checkout's own request rate stayed flat; inventory's extra load is checkout's retries, which began with the config push"},
		{"checkout-traffic-surge", "a surge of checkout orders overwhelmed inventory's reservations",
			"the gateway and checkout request rates are flat; only the calls from checkout to inventory multiplied"},
	}
	g.notes = append(g.notes, noteHerring{"inventory-hpa", "inventory", "inventory HPA: desired replicas unchanged, cpu 78% of request",
		"inventory's autoscaler is stuck and left it short of pods all day",
		"the autoscaler note is a reading, not a change; inventory was healthy at the same pod count before the push"})
	g.chain = []link{
		{"checkout's config push cut its inventory timeout under inventory's p95 and raised retries to 3", nil},
		{"timed-out attempts were retried, multiplying calls to inventory", ref("inventory", MetricRPS)},
		{"inventory saturated and slowed, so even more attempts timed out", ref("inventory", MetricP95)},
		{"checkout's calls failed after every retry and the gateway slowed and errored", ref("api-gateway", MetricErr)},
	}
	g.hint2 = "Compare inventory's request rate with checkout's and the gateway's."
}

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
	g.cause = SignalRef{"orders", MetricHikari}
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
		{"leaked connections filled the HikariCP pool", ref("orders", MetricHikari)},
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
	g.correct = choiceText{"heap-leak-release", "recs' release leaks memory on every request; GC thrashes, pods are OOMKilled", ""}
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
