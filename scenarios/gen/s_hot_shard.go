package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// A merchant, acme-retail, starts a bulk re-import of its catalog through
// the public API: every product write and cache refresh lands on the key
// range of one redis shard, which is single-threaded and saturates. Every
// product whose key lives there gets slow, for every merchant. No change
// causes it; the change log holds a redis eviction-policy change three
// minutes before, a newsletter sent 90 s before and catalog's own release
// 36 s after, really a little slower for good. The first Metrics screen
// shows traffic, redis latency and postgres queries jumping together, which
// four choices explain alike (a hot shard, a cluster too small, the
// newsletter's readers, client retries); only the per-shard series, the
// gateway's request lines and the traces tell them apart. Traps: "the
// release", "the eviction policy", "redis is too small", "the newsletter".
func hotShard() *Script {
	const (
		T = 14.0 // acme-retail's import starts
		D = 14.6 // catalog v6.3.0
		E = 11.0 // redis eviction policy
		N = 12.5 // the newsletter goes out (its readers barely move the traffic)
	)
	imp := PL(0, 0, T, 0, T+0.5, 1) // the import's share of its full rate
	users := Wave(640, 0.03, 33, 0.15)
	hot := Mul(imp, C(0.85)) // redis-1's saturation beyond its usual load
	wait := Mul(imp, C(38))  // ms a call to redis-1 waits in its queue
	catP50 := Sum(PL(0, 14, D+0.2, 14, D+0.6, 17), Mul(imp, C(6)))
	catTail := Sum(C(4), Mul(imp, C(34)))
	catErr := Sum(C(0.002), Mul(imp, C(0.028)))
	return &Script{
		ID: "product-pages-slow", Title: "Product pages slow, some error pages", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"catalog", "latency", "cache"},
		Start: time.Date(2026, 2, 10, 12, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.03,
		Briefing: `[SEV2] catalog p99 above 800ms for 5 minutes (normally ~60 ms); 5xx at 3%.
Support: shoppers report slow product pages and an occasional error page.
Find the root cause.
`,
		Hints: []string{
			"Compare the three redis pods with each other, not with yesterday.",
			"Which products are slow, and whose traffic shares a key range with them?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"catalog", "search"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Sum(Mul(users, C(1.6)), Mul(imp, C(220))), Err: Mul(catErr, C(0.7)),
					P50: Sum(catP50, C(6)), Tail: catTail, CPUms: 0.4}.Std()},
			{Name: "catalog", Calls: []string{"redis", "postgres"}, Pods: 3, Version: "v6.2.4", Rollouts: []Rollout{{At: D, Version: "v6.3.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 3, RPS: Sum(users, Mul(imp, C(220))), Err: catErr, P50: catP50, Tail: catTail, CPUms: 1.6,
					PoolMs: Sum(C(2), Mul(wait, C(0.5))), Pool: 32,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Version == "v6.3.0" {
							r.CPU *= 1.2 // variant stock in every product document
						}
					}}.Std([2]float64{23, 23.5})},
			{Name: "redis", Pods: 3, Sts: true, Version: "7.2.5",
				Std: Web{Kind: telemetry.Redis, Runtime: telemetry.Native, Pods: 3, RPS: Sum(Mul(users, C(4.2)), Mul(imp, C(2600))), Err: Mul(imp, C(0.004)),
					P50: Sum(C(0.3), Mul(imp, C(0.5))), Tail: Sum(C(4), Mul(imp, C(60))), CPUms: 0.08, Hit: PL(0, 0.95, E+0.2, 0.95, E+1, 0.93), Mem: 5200,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Slot == 1 { // the shard holding acme-retail's key range
							r.CPU = math.Min(1, r.CPU+hot(m))
							r.Busy = math.Min(1, r.Busy+hot(m))
						} else {
							r.CPU *= 0.7 // the service-wide rate is mostly the hot shard's
						}
					}}.Std()},
			{Name: "postgres", Pods: 1, Sts: true, Version: "16.4",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 1, RPS: Sum(Mul(users, C(0.35)), Mul(imp, C(240))), Err: C(0.0003),
					P50: C(1.4), Tail: C(4), CPUms: 0.5, Limit: 4, Workers: 200, Mem: 7000}.Std()},
			{Name: "search", Pods: 2, Version: "v12.3.2", Rollouts: []Rollout{{At: 20, Version: "v12.4.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.4)), Err: C(0.001), P50: PL(0, 28, 20.2, 28, 20.6, 33), CPUms: 4, Mem: 2200}.Std()},
		},
		Events: []Ev{
			{At: E, ID: "redis-policy", Kind: "config", Svc: "redis", Text: "redis: platform config bundle CACHE-412 applied to all shards (CONFIG SET, no restart)"},
			{At: N, ID: "newsletter", Kind: "note", Svc: "api-gateway", Text: "marketing: 'Winter sale' newsletter sent to 1.2M subscribers (campaign MKT-2291)"},
			{At: D, ID: "catalog-deploy", Kind: "deploy", Svc: "catalog", Text: "catalog v6.3.0 (git 5d1e0aa) rolled out by argo-cd (3/3 pods): PR #1184 product documents v2, bump deps"},
			{At: 17, ID: "alert-redis-latency", Kind: "alert", Svc: "redis", Text: "[WARN] redis command p99 > 20ms for 2m"},
			{At: 20, ID: "search-deploy", Kind: "deploy", Svc: "search", Text: "search v12.4.0 (git f00dbab) rolled out by argo-cd (2/2 pods): synonyms v3"},
			{At: 20.5, ID: "alert-catalog", Kind: "alert", Svc: "catalog", Text: "[SEV2] catalog p99 > 800ms for 5m"},
		},
		Logs: Join(
			Shares("api-gateway", C(12), Mul(catErr, C(0.7)), Sum(catP50, C(6)), 0.7,
				[]string{"GET /api/products/{int:1000:9999} 200", "GET /api/products/{int:1000:9999} 200", "GET /api/search 200"},
				[]string{"GET /api/products/{int:1000:9999} 503"}),
			Shares("catalog", C(11), catErr, catP50, 0.8, []string{"GET /v1/products/{int:1000:9999} 200"}, []string{"GET /v1/products/{int:1000:9999} 503"}),
			Of(
				Reqs("api-gateway", "INFO", Mul(imp, C(9)), "PUT /api/merchant/v2/products/{int:100000:999999} 200 merchant=acme-retail client=bulk-sync/2.1 {ms:40:0.4}ms"),
				Reqs("api-gateway", "INFO", C(2), "PUT /api/merchant/v2/products/{int:100000:999999} 200 merchant={pick:nordwind|lumen-home|cobalt-sports|fjord-kids} client=web {ms:30:0.4}ms"),
				Reqs("catalog", "WARN", Mul(imp, C(2.5)), "product {int:1000:9999}: cache GET: redis: i/o timeout after 200ms (pool stats: hits={int:1000:9000} misses={int:10:90} timeouts={int:10:400})"),
				Reqs("catalog", "INFO", Mul(imp, C(4)), "upsert product {int:100000:999999} merchant=acme-retail: cache refreshed keys={int:4:12} (product, variants, price, stock)"),
				Once("catalog", "INFO", D+0.05, "starting catalog v6.3.0 (git 5d1e0aa): variant stock enabled").OnSlot(0),
				Once("catalog", "INFO", D+0.3, "starting catalog v6.3.0 (git 5d1e0aa): variant stock enabled").OnSlot(1),
				Once("catalog", "INFO", D+0.55, "starting catalog v6.3.0 (git 5d1e0aa): variant stock enabled").OnSlot(2),
				Lines("redis", "INFO", C(0.3), "Background saving started by pid {int:100:999}", "DB saved on disk", "RDB: {int:2:9} MB of memory used by copy-on-write"),
				Src{Svc: "redis", Level: "INFO", Pod: "redis-1", PerMin: Mul(imp, C(2)), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("slowlog: id=%d duration=%dus cmd=\"MSET product:acme-retail:%d ...\" client=catalog", 4100+int(m*90)+g.IntN(40), 11000+g.IntN(30000), 100000+g.IntN(900000))
				}},
				Once("redis", "INFO", E+0.02, "CONFIG SET maxmemory-policy volatile-lfu").On("redis-0"),
				Once("redis", "INFO", E+0.03, "CONFIG SET maxmemory-policy volatile-lfu").On("redis-1"),
				Once("redis", "INFO", E+0.04, "CONFIG SET maxmemory-policy volatile-lfu").On("redis-2"),
				Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
				Access("search", C(4), PL(0, 28, 20.2, 28, 20.6, 33), 0.6, "POST /v1/search 200"),
				Reqs("search", "ERROR", C(3), "query parse error: unexpected token '{pick:)|]|:|AND}' at position {int:3:40} in user query", "query parse error: too many clauses (max 1024)"),
				Once("search", "INFO", 20.1, "starting search v12.4.0 (git f00dbab): synonyms v3 loaded (18211 sets)").OnSlot(0),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.6, 6.9, 11.4} {
				trs = append(trs, Tr{At: at, Root: productTrace(g, i == 1, 0, false)})
			}
			for i, at := range []float64{15.3, 17.1, 19.6, 22.4, 25.0, 27.8, 30.9, 33.2} {
				trs = append(trs, Tr{At: at, Root: productTrace(g, i%3 != 2, []float64{120, 180, 90, 210, 160, 230, 140, 200}[i], i == 4)})
			}
			return trs
		},
		Choices: []Choice{
			{"redis-undersized", "redis has too few shards for the product traffic it now gets"},
			{"catalog-release", "catalog's new release makes more cache calls for every page"},
			{"redis-eviction", "redis now evicts product keys the pages need, so they miss"},
			{"campaign-readers", "a surge of shoppers' product page reads overwhelms the cache"},
			{"hot-key-range", "one client's stream of writes lands on the keys of one cache shard"},
			{"retry-storm", "clients retry slow product calls, so every page view costs several"},
			{"network-loss", "packet loss on the network path makes a share of cache calls time out"},
		},
		Answer: Answer{
			Choice: "hot-key-range", Onset: T,
			Chain: []string{
				"At 12:14 merchant acme-retail starts a bulk re-import through the public API (client=bulk-sync/2.1): ~220 product writes a second, no change event",
				"Every write refreshes its product's keys, and acme-retail's key range lives on one shard: redis-1's cpu_usage_cores goes to its single core, its workers_busy_ratio to 1, while redis-0 and redis-2 idle",
				"Calls from catalog to redis-1 queue and time out after 200 ms; products on that shard are slow or fail for every merchant",
				"catalog's p99 goes from ~60 ms to ~1 s and 5xx to 3%; products on the other two shards stay fast",
			},
			Evidence: []string{
				"api-gateway logs PUT /api/merchant/v2/products … merchant=acme-retail client=bulk-sync/2.1 from 12:14, and its http_requests_per_second and catalog's rise by ~220 at the same time",
				"redis_commands_per_second rises from 12:14:30, and of the three redis pods only redis-1's cpu_usage_cores and workers_busy_ratio climb to 1",
				"redis-1's slowlog is all MSET product:acme-retail:… from catalog",
				"Slow product traces wait 100-230 ms in a cache GET on redis-1, and catalog warns 'cache GET: redis: i/o timeout after 200ms'; the database calls stay fast",
			},
			Wrong: [][2]string{
				{"redis-undersized", "Two of the three shards sit at about a tenth of a core throughout. The cluster has room; one shard has all the load, because one merchant's keys live there."},
				{"catalog-release", "catalog v6.3.0 really is ~3 ms slower at the median for good (variant stock), but it rolled out 36 s after the writes began, and its cache calls go to all three shards alike."},
				{"redis-eviction", "The config bundle at 12:11 (redis logs CONFIG SET maxmemory-policy volatile-lfu) cost the hit ratio two points, for good, three minutes before anything was slow; misses would slow postgres reads, whose latency stays flat, and load no single shard's CPU. postgres' extra queries from 12:14 are the import's writes."},
				{"campaign-readers", "The newsletter went out at 12:12:30, but the gateway's GET /api/products lines stay at their usual pace; the ~220 extra requests a second are PUT /api/merchant/v2/products from one client, bulk-sync/2.1. Readers spread over every product would load all three shards, and redis-0 and redis-2 stay idle."},
				{"retry-storm", "The traffic rose in the same scrape as the latency, not after it, and it is writes answered 200 in ~40 ms (PUT … client=bulk-sync/2.1), not repeated GETs; the gateway logs no retries and every product trace makes one catalog call."},
				{"network-loss", "Loss would hit all three shards; redis-0 and redis-2 answer in well under a millisecond throughout."},
			},
			RedHerrings: []string{"catalog-deploy", "redis-policy", "newsletter", "search-deploy", "search", "redis-undersized", "campaign-readers", "retry-storm"},
			Proof: []Proof{
				ProveLog(1, "api-gateway", "client=bulk-sync/2.1").Within(T, T+2),
				ProveMetric(1, "api-gateway", telemetry.RateName(telemetry.HTTP), T, T+3),
				ProveMetric(1, "catalog", telemetry.RateName(telemetry.HTTP), T, T+3),
				// of the three shards only redis-1 moves (the generator adds no idle shard)
				ProveMetric(2, "redis", telemetry.PodSeriesName(telemetry.BusyName, "redis-1"), T, T+10),
				ProveMetric(2, "redis", telemetry.PodSeriesName(telemetry.CPUName, "redis-1"), T, T+10),
				ProveMetric(2, "redis", telemetry.RateName(telemetry.Redis), T, T+10),
				ProveLog(2, "redis", "MSET product:acme-retail").Within(T, T+10),
				ProveLog(2, "catalog", "merchant=acme-retail: cache refreshed keys").Within(T, T+5),
				ProveLog(3, "catalog", "cache GET: redis: i/o timeout after 200ms").Within(T, T+8),
				ProveMetric(4, "catalog", telemetry.DurationName(telemetry.HTTP, "p99"), T, T+10),
				ProveMetric(4, "catalog", telemetry.DurationName(telemetry.HTTP, "p95"), T, T+10),
				ProveMetric(4, "catalog", telemetry.ErrorsName(telemetry.HTTP), T, T+10),
			},
			Debrief: `At 12:14 acme-retail's bulk-sync client began re-importing its whole catalog through the
public merchant API. Each product write refreshes a handful of cache keys, and all of
acme-retail's keys hash to the same slots: redis-1. Redis runs commands on one thread, so
redis-1 hit its single core while the other two shards sat at a tenth of theirs. Any product
whose keys live on redis-1, whichever merchant sells it, waited in that queue; catalog's
client gave up after 200 ms.

The tempting quick bet: traffic, redis latency and postgres queries jump together at 12:14,
so "redis is too small for the traffic", or "the newsletter sent at 12:12:30 brought a crowd",
or "clients retry slow pages". All three draw that same first screen. The gateway's lines
say what the extra traffic is: PUT /api/merchant/v2/products from one client, bulk-sync/2.1,
while the product GETs keep their pace and nothing is retried. The per-pod redis series say
where it goes: one shard at 100%, two at 10%. The change log does not help either: catalog's
release landed 36 s after the writes began and really is a little slower for good; the redis
config bundle three minutes before really cost two points of hit ratio. Neither puts one shard
at 100% and two at 10%. No change caused this: a customer did.

Fastest path: compare the shards with each other. One is saturated, two are idle: that is a
hot key range, not a small cluster. Then ask whose keys live there: redis-1's slowlog and the
gateway's merchant writes both name acme-retail.
`,
		},
	}
}

// productTrace is GET /api/products/{id}. onHot puts the product's keys on
// redis-1, where the call waits queued ms (0 before the import). dropped
// loses catalog's server span, orphaning its cache and SQL spans.
func productTrace(g *G, onHot bool, queued float64, dropped bool) *Sp {
	shard := "redis-0"
	if onHot {
		shard = "redis-1"
	} else {
		queued = 0
	}
	get := Leaf("catalog", "redis GET product", 1, g.LogNormal(0.4, 0.3)+queued).A("db.system", "redis", "net.peer.name", shard)
	kids := []*Sp{get}
	off := get.Off + get.Dur + 0.2
	if g.Float64() < 0.1 {
		q := Leaf("catalog", "SELECT products", off, g.LogNormal(1.4, 0.3)).A("db.system", "postgresql")
		kids = append(kids, q)
		off += q.Dur + 0.2
	}
	cat := S("catalog", "GET /v1/products/{id}", 0, off+g.LogNormal(8, 0.3), kids...)
	if dropped {
		cat.Drop()
	}
	root := S("api-gateway", "GET /api/products/{id}", 0, cat.Dur+5, Call(g, "api-gateway", "catalog GET /v1/products/{id}", 2, cat))
	return root.A("http.status_code", "200").L(fmt.Sprintf("GET /api/products/%d 200 %dms", 1000+g.IntN(9000), int(root.Dur)))
}
