package main

import (
	"fmt"
	"time"
)

// The reference incident: a catalog release bumps its cache key
// prefix; misses triple postgres reads; product calls time out at the
// gateway and retries add load. The trap is "inventory is down": checkout
// logs inventory timeouts and inventory deployed two minutes in.
func cacheStampede() *Script {
	const T = 18.0 // onset: catalog v4.12.0 rolls out
	hit := PL(0, 92, T+0.2, 92, T+0.45, 55)
	return &Script{
		ID: "product-pages-hang", Seed: "cache-stampede", Title: "Product pages hang, checkouts fail", Difficulty: 2, TimeLimit: 15 * time.Minute,
		Tags:  []string{"latency", "database", "checkout"},
		Start: time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC), Minutes: 40, Step: 15, Sampled: 0.05,
		Briefing: `[SEV2] api-gateway p95 latency above 2s for 5 minutes; 5xx ratio 3%.
Customer support: product pages hang and some checkouts fail with "try again later".
You are on call. Find the root cause.
`,
		Hints: []string{
			"Order matters: which signal moved first, and what happened right before it?",
			"Compare redis keyspace misses with postgres QPS, minute by minute, around 14:18.",
			"Read catalog's release note at 14:18 next to the cache numbers.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"catalog", "checkout"}},
			{Name: "checkout", Calls: []string{"catalog", "inventory"}},
			{Name: "catalog", Calls: []string{"redis", "postgres"}, Pods: 4},
			{Name: "inventory", Calls: []string{"postgres"}},
			{Name: "redis", Pods: 1, Sts: true},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 6, ID: "pg-autovacuum", Kind: "note", Svc: "postgres", Text: `autovacuum: VACUUM ANALYZE public.orders started (scheduled, 14:06)`},
			{At: 13, ID: "stock-sync-cron", Kind: "note", Svc: "inventory", Text: "inventory stock-sync cron started (hourly full reconciliation)"},
			{At: T, ID: "catalog-deploy", Kind: "deploy", Svc: "catalog", Text: "catalog v4.12.0 (git 3f9a1c2) rolled out by argo-cd (4/4 pods): product DTO v4, cache schema version 4"},
			{At: 20, ID: "inventory-deploy", Kind: "deploy", Svc: "inventory", Text: "inventory v2.14.1 (git a77e0d4) rolled out by argo-cd (3/3 pods): bump grpc-go to 1.66"},
			{At: 23.5, ID: "alert-pg-conns", Kind: "alert", Svc: "postgres", Text: "[WARN] postgres connections > 80% of max_connections for 2m"},
			{At: 25.5, ID: "alert-p95", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway p95 > 2s for 5m"},
			{At: 26.5, ID: "alert-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway 5xx ratio > 2% for 5m"},
		},
		Metrics: []Metric{
			{Svc: "api-gateway", Name: "http_request_p95_ms", Unit: "ms", F: PL(0, 120, T+0.5, 122, T+3, 2400, 40, 2350), Jit: 0.035},
			{Svc: "api-gateway", Name: "http_5xx_ratio", Unit: "%", F: PL(0, 0.2, T+1, 0.21, T+3.5, 3.0), Jit: 0.08},
			{Svc: "api-gateway", Name: "http_rps", Unit: "rps", F: PL(0, 418, T+1, 424, T+4, 505, 40, 512), Jit: 0.025, Gaps: [][2]float64{{31, 31.25}}},
			{Svc: "catalog", Name: "cache_hit_ratio", Unit: "%", F: hit, Jit: 0.006},
			{Svc: "redis", Name: "keyspace_misses_per_s", Unit: "ops/s", F: PL(0, 180, T+0.2, 180, T+0.45, 2050), Jit: 0.04},
			{Svc: "redis", Name: "used_memory_mb", Unit: "MiB", F: PL(0, 2110, 40, 2135), Jit: 0.004},
			{Svc: "postgres", Name: "pg_qps", Unit: "qps", F: PL(0, 1100, T+0.4, 1100, T+0.75, 3300, T+4, 3550), Jit: 0.03},
			{Svc: "postgres", Name: "cpu_pct", Unit: "%", F: PL(0, 34, T+0.5, 34, T+1.5, 93), Jit: 0.03, Gaps: [][2]float64{{T + 3, T + 3.75}, {T + 9, T + 9.25}}},
			{Svc: "inventory", Name: "http_request_p95_ms", Unit: "ms", F: PL(0, 45, T+1.5, 46, T+3, 310), Jit: 0.05},
			{Svc: "inventory", Name: "cpu_pct", Unit: "%", F: Pulse(PL(0, 21, 40, 22), 13, 14.25, 38), Jit: 0.04},
		},
		Logs: []Src{
			Access("api-gateway", C(7), PL(0, 45, T+0.5, 45, T+3, 900), 0.6,
				"GET /api/products/{int:1000:9999} 200", "GET /api/products?category={pick:shoes|bags|outdoor|kitchen} 200", "GET /api/cart 200", "POST /api/checkout 201"),
			Reqs("api-gateway", "ERROR", PL(0, 0.05, T+1, 0.05, T+3.5, 5),
				"upstream request timeout: catalog GET /v1/products/{int:1000:9999} after 2000ms (504)",
				"upstream request timeout: catalog GET /v1/products?category={pick:shoes|bags|outdoor} after 2000ms (504)",
				"upstream request timeout: checkout POST /v1/orders after 5000ms (504)"),
			Reqs("api-gateway", "WARN", PL(0, 0.1, T+1, 0.1, T+3, 4),
				"retrying upstream catalog (attempt {pick:2|3}/3) after 504", "retrying upstream checkout (attempt 2/3) after 504"),
			{Svc: "catalog", Level: "INFO", PerMin: C(2), Msg: func(g *G, m float64) string {
				h := hit(m) / 100 * (1 + 0.01*g.NormFloat64())
				n := 5000 + g.IntN(800)
				return fmt.Sprintf("redis pool stats: hits=%d misses=%d timeouts=0 total_conns=20 idle_conns=%d", int(float64(n)*h), int(float64(n)*(1-h)), 12+g.IntN(6))
			}},
			Reqs("catalog", "INFO", C(5), "GET /v1/products/{int:1000:9999} 200 {ms:9:0.5}ms", "GET /v1/products?category={pick:shoes|bags|outdoor} 200 {ms:14:0.5}ms"),
			Reqs("catalog", "ERROR", PL(0, 0.15, T+0.6, 0.15, T+2, 2.3),
				"GET /v1/products/{int:1000:9999}: load product: pq: canceling statement due to statement timeout",
				"GET /v1/products?category={pick:shoes|bags}: list products: pq: canceling statement due to statement timeout"),
			Reqs("catalog", "ERROR", C(0.25), "render thumbnail sku-{int:10000:99999}: GET https://img.shop.internal/p/{int:10000:99999}.webp: 404 Not Found"),
			Once("catalog", "INFO", T+0.05, "starting catalog v4.12.0 (git 3f9a1c2) go1.23.4"),
			Once("catalog", "INFO", T+0.1, "cache: using key prefix catalog:v4: (schema 4)"),
			Once("catalog", "INFO", T+0.15, "http server listening on :8080"),
			Access("checkout", C(5), PL(0, 60, T+1.5, 60, T+3, 700), 0.5, "POST /v1/orders 201", "GET /v1/cart/{uuid} 200"),
			Reqs("checkout", "ERROR", PL(0, 0.02, T+1.5, 0.02, T+3, 2.2),
				"reserve stock: inventory.Reserve: rpc error: code = DeadlineExceeded desc = context deadline exceeded",
				"price cart: catalog GET /v1/products/{int:1000:9999}: context deadline exceeded"),
			Access("inventory", C(5), PL(0, 14, T+1.5, 14, T+3, 110), 0.6, "/inventory.v1.Inventory/Reserve OK", "/inventory.v1.Inventory/Release OK"),
			Reqs("inventory", "ERROR", C(0.45), "reserve sku-{int:10000:99999}: optimistic lock failed: stock row version changed, client should retry"),
			Reqs("inventory", "WARN", PL(0, 0, T+1.5, 0, T+3, 1.5), "slow query ({ms:900:0.3}ms): UPDATE stock SET reserved = reserved + $1 WHERE sku = $2"),
			Once("inventory", "INFO", 13, "stock-sync: full reconciliation started (48211 SKUs)"),
			Once("inventory", "INFO", 14.2, "stock-sync: reconciliation done: 48211 SKUs, 37 corrected, 71.4s"),
			Once("inventory", "INFO", 20.05, "starting inventory v2.14.1 (git a77e0d4)"),
			Once("inventory", "INFO", 20.3, "grpc server listening on :9090"),
			Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
			Once("postgres", "INFO", 6, `LOG:  automatic vacuum of table "shop.public.orders": index scans: 1`),
			Once("postgres", "INFO", 8.8, `LOG:  automatic analyze of table "shop.public.orders" system usage: CPU: user: 1.21 s, system: 0.08 s, elapsed: 2.95 s`),
			Lines("postgres", "INFO", PL(0, 0.15, T+0.6, 0.15, T+1.5, 6),
				"LOG:  duration: {msf:1400:0.25} ms  execute <unnamed>: SELECT p.id, p.name, p.price_cents, p.stock_hint FROM products p WHERE p.id = $1",
				"LOG:  duration: {msf:1600:0.25} ms  execute <unnamed>: SELECT p.id, p.name, p.price_cents FROM products p WHERE p.category = $1 ORDER BY p.rank LIMIT 48"),
			Lines("postgres", "ERROR", PL(0, 0, T+0.6, 0, T+1.5, 2.3), "ERROR:  canceling statement due to statement timeout"),
			Lines("postgres", "FATAL", PL(0, 0, T+4, 0, T+5, 0.8, T+8, 0.8, T+9, 0.2), "FATAL:  remaining connection slots are reserved for non-replication superuser connections"),
			Lines("redis", "INFO", C(0.1), "Background saving started by pid {int:100:999}", "DB saved on disk", "{int:10:99} changes in 60 seconds. Saving..."),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{3.2, 8.7, 14.1} {
				id := fmt.Sprint(1000 + g.IntN(9000))
				d := g.LogNormal(9, 0.4)
				cat := S("catalog", "GET /v1/products/{id}", 0, d+1.5, Leaf("catalog", "redis GET", 0.4, g.LogNormal(0.4, 0.3)).A("cache.hit", "true"))
				root := S("api-gateway", "GET /api/products/"+id, 0, d+6, Call(g, "api-gateway", "catalog GET /v1/products/{id}", 2, cat)).A("http.status_code", "200").L("GET /api/products/" + id + " 200 " + fmt.Sprint(int(d+6)) + "ms")
				trs = append(trs, Tr{At: at, Root: root})
			}
			trs = append(trs, Tr{At: 11.4, Root: checkoutTrace(g, false)})
			for i, at := range []float64{19.1, 21.6, 24.2, 28.9, 35.3} {
				id := fmt.Sprint(1000 + g.IntN(9000))
				var kids []*Sp
				off := 1.0
				attempts := 1 + i%3
				for a := 1; a <= attempts; a++ {
					sql := g.LogNormal(1700, 0.1)
					cat := S("catalog", "GET /v1/products/{id}", 0, min(sql, 1990)+2,
						Leaf("catalog", "redis GET", 0.3, g.LogNormal(0.5, 0.3)).A("cache.hit", "false"),
						Leaf("catalog", "SELECT products", 1.2, min(sql, 1985)).A("db.system", "postgresql", "db.statement", "SELECT p.id, p.name, p.price_cents FROM products p WHERE p.id = $1").E())
					cat.Err = true
					c := Call(g, "api-gateway", "catalog GET /v1/products/{id}", off, cat).A("retry.attempt", fmt.Sprint(a))
					kids = append(kids, c)
					off += c.Dur + []float64{100, 200, 400}[a-1]
				}
				status := "504"
				if attempts == 1 && i == 0 {
					status = "200"
					kids[0].Err, kids[0].Kids[0].Err, kids[0].Kids[0].Kids[1].Err = false, false, false
				}
				root := S("api-gateway", "GET /api/products/"+id, 0, off, kids...).A("http.status_code", status).L(fmt.Sprintf("GET /api/products/%s %s %dms", id, status, int(off)))
				root.Err = status != "200"
				trs = append(trs, Tr{At: at, Root: root})
			}
			trs = append(trs, Tr{At: 22.7, Root: checkoutTrace(g, true)}, Tr{At: 30.2, Root: checkoutTrace(g, true)})
			return trs
		},
		Choices: []Choice{
			{"inventory-down", "inventory is down after its deploy, so checkouts and product pages time out"},
			{"gateway-conn-limit", "api-gateway hit its upstream connection limit and queues requests to catalog"},
			{"catalog-cache-keys", "catalog's release changed its cache keys; misses flooded postgres with reads"},
			{"postgres-autovacuum", "postgres autovacuum on orders slowed every query and starved catalog reads"},
			{"redis-evictions", "redis ran out of memory and evicted catalog's keys under its maxmemory policy"},
			{"traffic-surge", "a traffic surge on product pages overloaded the catalog pods and postgres"},
		},
		Answer: Answer{
			Choice: "catalog-cache-keys", Onset: T,
			Chain: []string{
				"catalog v4.12.0 rolled out at 14:18 with a new cache key prefix (catalog:v4:), so every cached product became a miss: cache_hit_ratio 92% -> 55% at 14:18:15",
				"The misses fell through to postgres: pg_qps tripled, ~1.1k -> ~3.3k by 14:18:45, and postgres CPU reached 93%",
				"Product queries queued behind each other and hit statement_timeout; api-gateway's calls to catalog timed out (p95 120 ms -> 2.4 s by 14:21)",
				"api-gateway and checkout retried the timed-out calls, adding ~20% load and pushing 5xx to 3% (a retry storm)",
			},
			Evidence: []string{
				"cache_hit_ratio (catalog) falls 92% -> 55% at 14:18:15, right after catalog-deploy at 14:18; redis keyspace_misses_per_s jumps 180 -> 2k in the same step",
				"pg_qps (postgres) goes 1.1k -> 3.3k at 14:18:45 while api-gateway http_rps stays near 420: the extra reads are misses, not traffic",
				"http_request_p95_ms (api-gateway) starts climbing at 14:18:45, before inventory-deploy at 14:20",
				"Traces after 14:18 show a redis GET with cache.hit=false, then a ~1.8 s SELECT that ends in statement timeout; retries are sibling catalog calls",
			},
			Wrong: [][2]string{
				{"inventory-down", "inventory answered all along: its deploy at 14:20 came two minutes after the hit ratio fell, and its slow reservations are postgres waits (its p95 rises only after postgres CPU does)."},
				{"gateway-conn-limit", "A connection cap would show the gateway waiting with fast upstream spans; the traces show catalog itself taking ~2 s per call."},
				{"postgres-autovacuum", "autovacuum ran on orders at 14:06 and finished by 14:09; postgres ran the product query as fast as ever until its volume tripled at 14:18."},
				{"redis-evictions", "redis used_memory_mb stays flat near 2.1 GB and nothing was evicted; the misses are for keys under a prefix catalog had never written."},
				{"traffic-surge", "api-gateway http_rps is flat near 420 until retries add ~20% after 14:19; postgres reads tripled without any more traffic."},
			},
			RedHerrings: []string{"inventory-deploy", "pg-autovacuum", "stock-sync-cron", "inventory-down"},
			Proof: []Proof{
				ProveEvent(1, "catalog-deploy"),
				ProveLog(1, "catalog", "cache: using key prefix catalog:v4:"),
				ProveMetric(1, "catalog", "cache_hit_ratio", T, T+6),
				ProveMetric(2, "postgres", "pg_qps", T+0.25, T+6),
				ProveSpan(3, "catalog", "SELECT products", true),
				ProveLog(3, "catalog", "canceling statement due to statement timeout").Within(T, T+4),
				ProveLog(3, "postgres", "canceling statement due to statement timeout").Within(T, T+4),
				ProveLog(3, "api-gateway", "upstream request timeout: catalog").Within(T, T+4),
			},
			Debrief: `A catalog release changed the cache key prefix from catalog:v3: to catalog:v4:. Every pod
rolled at once, so the whole working set went cold: the hit ratio fell from 92% to 55% at
14:18:15 and postgres took the misses, tripling its QPS. Product queries queued until they hit
statement_timeout, api-gateway's calls to catalog timed out, and retries from the gateway and
checkout added a fifth more load on top.

Fastest path: open Metrics, find the first series to move after the quiet first quarter that is
not a cron (inventory's CPU blip at 14:13 is the hourly stock-sync), see cache_hit_ratio step
down at 14:18:15 and pg_qps follow thirty seconds later, then read the change log: the catalog
release is the only change before the drop.

Coaching: checkout's logs blame inventory and inventory deployed at 14:20, but ask if a change
is upstream of the symptom and when it happened: the latency had been rising for ninety
seconds before that deploy. More database load with flat traffic means someone stopped
caching, not that postgres got slower.
`,
		},
	}
}

// checkoutTrace is POST /api/checkout; while postgres is saturated the
// inventory reservation times out and is retried. inventory's server span
// was dropped by its exporter (queue full), so its SQL span is an orphan.
func checkoutTrace(g *G, slow bool) *Sp {
	resDur := g.LogNormal(14, 0.4)
	if slow {
		resDur = 800
	}
	mkReserve := func() *Sp {
		inv := S("inventory", "/inventory.v1.Inventory/Reserve", 0, resDur, Leaf("inventory", "UPDATE stock", 1, resDur-2).A("db.system", "postgresql"))
		c := Call(g, "checkout", "inventory.Reserve", 0, inv)
		if slow {
			inv.Drop()
			c.E().A("rpc.grpc.status_code", "4")
		}
		return c
	}
	r1 := mkReserve()
	kids := []*Sp{r1}
	total := r1.Dur + 3
	if slow {
		r2 := mkReserve()
		r2.Off = r1.Dur + 100
		kids = append(kids, r2)
		total = r2.Off + r2.Dur + 2
	}
	co := S("checkout", "POST /v1/orders", 0, total, kids...)
	co.Err = slow
	root := S("api-gateway", "POST /api/checkout", 0, total+4, Call(g, "api-gateway", "checkout POST /v1/orders", 1, co))
	if slow {
		root.E().A("http.status_code", "504").L(fmt.Sprintf("POST /api/checkout 504 %dms", int(total+4)))
	} else {
		root.A("http.status_code", "201").L(fmt.Sprintf("POST /api/checkout 201 %dms", int(total+4)))
	}
	return root
}
