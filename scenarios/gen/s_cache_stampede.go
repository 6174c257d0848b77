package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// Someone bumps catalog's CACHE_KEY_VERSION by hand (kubectl edit of its
// configmap, never logged as a change); the pods hot-reload it and every
// cached product becomes a miss under the new prefix. Misses flood
// postgres, product reads hit statement_timeout, the gateway retries.
// Forty-eight seconds earlier a logged config change really did add load:
// inventory's stock TTL was cut, and its latency and CPU stay higher. It
// is the only change in the log, so every change-first habit blames it.
func cacheStampede() *Script {
	const T = 12.0                                          // catalog's hand-edited reload
	const D = 11.2                                          // inventory-config (decoy)
	cold := PL(0, 0, T+0.03, 0, T+0.1, 1, T+4, 1, 30, 0.82) // share of catalog reads that miss beyond the usual
	hit := func(m float64) float64 { return 0.92 - 0.45*cold(m) }
	pgLoad := func(m float64) float64 { return 1 + 0.12*Step(D, 0, 1)(m) + 2.2*cold(m) } // postgres reads, as a multiple of the baseline
	sat := PL(0, 0, T+0.3, 0, T+1.5, 1, 30, 0.9)                                         // postgres saturation
	gwFail := PL(0, 0.002, T+0.8, 0.002, T+2.5, 0.035, 30, 0.03)
	catFail := PL(0, 0.002, T+0.5, 0.002, T+2, 0.06, 30, 0.05)
	invSlow := Step(D, 1, 1.6)
	s := &Script{
		ID: "product-pages-hang", Seed: "cache-stampede", Title: "Product pages hang", Difficulty: 2, TimeLimit: 15 * time.Minute,
		Tags:  []string{"latency", "errors", "sev2"},
		Start: time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC), Minutes: 30, Step: 30, Sampled: 0.05,
		Briefing: `[SEV2] api-gateway p95 latency above 1s for 5 minutes; 5xx ratio 3%.
Customer support: product pages hang or show "try again later"; stock badges are slow.
You are on call. Find the root cause.
`,
		Hints: []string{
			"Order matters: which signal moved first, and is there a change in the log that explains that one?",
			"Compare the redis hit ratio with postgres query rate, minute by minute, around 14:12.",
			"Not every change reaches the change log: read catalog's own INFO lines around the first drop.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"catalog", "inventory"}, Pods: 2},
			{Name: "catalog", Calls: []string{"redis", "postgres"}},
			{Name: "inventory", Calls: []string{"postgres"}, Pods: 2},
			{Name: "redis", Pods: 1, Sts: true},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 4, ID: "pg-autovacuum", Kind: "note", Svc: "postgres", Text: `autovacuum: VACUUM ANALYZE public.orders started (scheduled, 14:04)`},
			{At: D, ID: "inventory-config", Kind: "config", Svc: "inventory", Text: "configmap inventory-config: STOCK_CACHE_TTL 30s -> 5s (ops, ticket INV-88 'stale stock badges')"},
			{At: 17, ID: "alert-p95", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway p95 > 1s for 5m"},
			{At: 18, ID: "alert-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway 5xx ratio > 2% for 5m"},
		},
		Logs: []Src{
			Access("api-gateway", func(m float64) float64 { return 6 * (1 - gwFail(m)) }, func(m float64) float64 { return 40 + 340*sat(m) }, 0.6,
				"GET /api/products/{int:1000:9999} 200", "GET /api/products?category={pick:shoes|bags|outdoor|kitchen} 200", "GET /api/stock/{int:1000:9999} 200"),
			// the gateway's usual rare failure (0.2%) is a reset connection, not
			// retried; the timeouts and their retries start with the stampede
			{Svc: "api-gateway", Level: "ERROR", Req: true, PerMin: C(6 * 0.002), Msg: func(g *G, m float64) string {
				return fmt.Sprintf("GET /api/products/%d 502 %dms upstream=catalog: upstream prematurely closed connection", 1000+g.IntN(9000), 3+g.IntN(40))
			}},
			{Svc: "api-gateway", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 6 * (gwFail(m) - 0.002) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf("GET /api/products/%d 504 %dms upstream=catalog: upstream request timeout", 1000+g.IntN(9000), 2000+g.IntN(9))
			}},
			Reqs("api-gateway", "WARN", func(m float64) float64 { return 3 * (gwFail(m) - 0.002) }, "retrying upstream catalog (attempt {pick:2|3}/3) after 504"),
			Access("catalog", func(m float64) float64 { return 7 * (1 - catFail(m)) }, func(m float64) float64 { return 9 + 400*sat(m) }, 0.5,
				"GET /v1/products/{int:1000:9999} 200", "GET /v1/products?category={pick:shoes|bags|outdoor} 200"),
			// catalog's usual rare 500 (0.2%) is a bad product document; the
			// statement timeouts begin when postgres saturates, after 14:12
			{Svc: "catalog", Level: "ERROR", Req: true, PerMin: C(7 * 0.002), Msg: func(g *G, m float64) string {
				return fmt.Sprintf("GET /v1/products/%d 500 %dms: decode product attributes: unexpected end of JSON input", 1000+g.IntN(9000), 4+g.IntN(12))
			}},
			{Svc: "catalog", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 7 * (catFail(m) - 0.002) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf("GET /v1/products/%d 500 %dms: load product: pq: canceling statement due to statement timeout", 1000+g.IntN(9000), 1995+g.IntN(9))
			}},
			Reqs("catalog", "ERROR", C(0.2), "render thumbnail sku-{int:10000:99999}: GET https://img.shop.internal/p/{int:10000:99999}.webp: 404 Not Found"),
			Access("inventory", C(4), func(m float64) float64 { return 8*invSlow(m) + 40*sat(m) }, 0.5, "GET /v1/stock/{int:1000:9999} 200"),
			Reqs("inventory", "WARN", C(0.3), "reserve sku-{int:10000:99999}: optimistic lock failed: stock row version changed, client should retry"),
			Once("inventory", "INFO", D+0.05, "config reloaded: STOCK_CACHE_TTL=5s"),
			Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
			Once("postgres", "INFO", 4, `LOG:  automatic vacuum of table "shop.public.orders": index scans: 1`),
			Once("postgres", "INFO", 6.8, `LOG:  automatic analyze of table "shop.public.orders" system usage: CPU: user: 1.21 s, system: 0.08 s, elapsed: 2.95 s`),
			Lines("postgres", "INFO", C(0.1), "LOG:  duration: {msf:1200:0.2} ms  execute <unnamed>: SELECT o.merchant_id, sum(o.total_cents) FROM orders o WHERE o.created_at >= $1 GROUP BY 1"),
			Lines("postgres", "INFO", func(m float64) float64 { return 3 * sat(m) },
				"LOG:  duration: {msf:1400:0.25} ms  execute <unnamed>: SELECT p.id, p.name, p.price_cents, p.stock_hint FROM products p WHERE p.id = $1",
				"LOG:  duration: {msf:1600:0.25} ms  execute <unnamed>: SELECT p.id, p.name, p.price_cents FROM products p WHERE p.category = $1 ORDER BY p.rank LIMIT 48"),
			Lines("postgres", "ERROR", func(m float64) float64 { return 2 * sat(m) }, "ERROR:  canceling statement due to statement timeout"),
			Lines("redis", "INFO", C(0.1), "Background saving started by pid {int:100:999}", "DB saved on disk", "{int:10:99} changes in 60 seconds. Saving..."),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{3.2, 8.7, 10.1} {
				trs = append(trs, Tr{At: at, Root: stampedeTrace(g, false, 1, false)})
			}
			for i, at := range []float64{13.1, 15.6, 18.2, 22.9, 26.3} {
				trs = append(trs, Tr{At: at, Root: stampedeTrace(g, true, 1+i%3, i == 3)})
			}
			return trs
		},
		Choices: []Choice{
			{"inventory-reads", "inventory multiplied its reads of postgres and starved every other caller"},
			{"catalog-workers", "catalog's pods ran out of request workers as product views surged"},
			{"catalog-cold", "catalog lost every warm entry at once and sent its reads to postgres"},
			{"redis-evictions", "redis evicted catalog's entries after reaching its memory ceiling"},
			{"postgres-plan", "postgres switched the product query to a slower plan and reads queued"},
			{"gateway-limit", "api-gateway capped its upstream connections and queued requests to catalog"},
		},
		Answer: Answer{
			Choice: "catalog-cold", Onset: T,
			Chain: []string{
				"At 14:12 catalog's configmap was edited by hand (kubectl edit, no change record): its pods reloaded CACHE_KEY_VERSION 3 -> 4 and read every product under a new, empty prefix",
				"redis' keyspace hit ratio fell from 0.92 to under 0.5 in the 14:12:30 scrape: every miss became a postgres query and its query rate tripled",
				"postgres saturated (busy workers near 1, query p50 from ~1.5 ms to tens of ms); product reads hit statement_timeout and catalog answered 500",
				"api-gateway's calls to catalog timed out at 2 s and were retried: p95 above 1 s and 5xx near 3% from about 14:15",
			},
			Evidence: []string{
				"redis_keyspace_hit_ratio (redis) drops from 0.92 to ~0.48 at 14:12:30 while redis' command rate holds: the keys asked for are new, not evicted",
				"catalog logs at 14:12: config reloaded: CACHE_KEY_VERSION 3 -> 4 (last-applied by kubectl-edit), then cache: using key prefix catalog:v4:",
				"catalog's own 'redis pool stats' lines count 380-530 misses in ~5,000 calls a minute before 14:12 and 2,300-3,100 from 14:13, with timeouts=0: redis answers, it just has nothing under the new prefix",
				"pg_queries_per_second (postgres) triples from the 14:12:30 scrape; api-gateway's request rate is flat until the retries",
				"Traces after 14:12 show a redis GET with cache.hit=false, then a ~1.8 s SELECT products span that ends in statement timeout",
			},
			Wrong: [][2]string{
				{"inventory-reads", "The TTL cut at 14:11:12 is real and lasting (inventory's latency and CPU stay higher, postgres gains about 12%), but postgres absorbed it for a minute; the tripling comes with catalog's misses at 14:12:30."},
				{"catalog-workers", "Product views are flat until the gateway starts retrying; catalog's workers fill because each read waits on postgres, after the hit ratio fell."},
				{"redis-evictions", "redis' memory and command rate hold steady; an eviction loses old keys, while these misses are for a prefix catalog had never written."},
				{"postgres-plan", "A plan flip would slow the query at the same volume; here the volume tripled first and each query is slow because the workers are all busy."},
				{"gateway-limit", "A gateway cap would show fast catalog spans behind a waiting gateway; the traces show catalog itself taking ~2 s per call."},
			},
			RedHerrings: []string{"inventory-config", "pg-autovacuum", "inventory-reads"},
			Proof: []Proof{
				ProveLog(1, "catalog", "CACHE_KEY_VERSION 3 -> 4"),
				ProveLog(1, "catalog", "cache: using key prefix catalog:v4:"),
				ProveMetric(2, "redis", "redis_keyspace_hit_ratio", T, T+6),
				ProveMetric(2, "postgres", "pg_queries_per_second", T, T+6),
				// catalog's cache client counts the misses itself (every line after the reload shows them; the first six minutes of them)
				ProveLog(2, "catalog", "redis pool stats").Within(T, T+6),
				// postgres saturated: its busy workers and every query quantile
				ProveMetric(3, "postgres", telemetry.BusyName, T, T+6),
				ProveMetric(3, "postgres", telemetry.DurationName(telemetry.Postgres, "p50"), T, T+6),
				ProveMetric(3, "postgres", telemetry.DurationName(telemetry.Postgres, "p95"), T, T+6),
				ProveMetric(3, "postgres", telemetry.DurationName(telemetry.Postgres, "p99"), T, T+6),
				ProveMetric(3, "catalog", telemetry.ErrorsName(telemetry.HTTP), T, T+6),
				ProveSpan(3, "catalog", "SELECT products", true),
				ProveLog(3, "postgres", "canceling statement due to statement timeout").Within(T, T+5),
				// the gateway's timeouts and retries
				ProveMetric(4, "api-gateway", telemetry.DurationName(telemetry.HTTP, "p95"), T, T+6),
				ProveMetric(4, "api-gateway", telemetry.DurationName(telemetry.HTTP, "p99"), T, T+6),
				ProveMetric(4, "api-gateway", telemetry.ErrorsName(telemetry.HTTP), T, T+6),
				ProveLog(4, "api-gateway", "retrying upstream catalog").Within(T, T+18),
			},
			Debrief: `Someone edited catalog's configmap by hand at 14:12 (kubectl edit; the change never reached
the change log) and bumped CACHE_KEY_VERSION from 3 to 4. The pods hot-reload their config,
so within seconds every product was read under the new prefix catalog:v4: and missed. redis'
hit ratio fell from 0.92 to under 0.5, postgres took the misses and tripled its query rate,
product reads queued until statement_timeout, and the gateway's retries added more load.

The tempting shortcut is "blame the change nearest the first shift": the change log holds one
change, inventory's stock TTL cut 48 seconds earlier, and it has a real, lasting effect of its
own (inventory's latency and CPU stay up, postgres gains about 12%). It is the first lasting move
on the board. But postgres carried that load for a minute; what tripled its queries is the hit
ratio, and nothing in the change log explains the hit ratio.

Fastest path: find the first series that breaks (the redis hit ratio, with its command rate
flat), ask what makes a cache miss everything at once, and read catalog's INFO lines at that
minute: the reload line names the key and says how it was applied. Coaching: the change log
only lists what went through the pipeline; config reloads, version labels and "applied by"
annotations in the logs are where hand-made changes show.
`,
		},
	}
	for i, at := range []float64{T + 0.03, T + 0.06, T + 0.09} {
		s.Logs = append(s.Logs,
			Once("catalog", "INFO", at, "config reloaded from configmap catalog-config (resourceVersion 99120431, last-applied by kubectl-edit): CACHE_KEY_VERSION 3 -> 4").OnSlot(i),
			Once("catalog", "INFO", at+0.005, "cache: using key prefix catalog:v4:").OnSlot(i))
	}
	// every catalog pod logs its cache client's counters once a minute, for
	// the minute just past: the first line after the reload is partly cold
	for i := 0; i < 30; i++ {
		for slot := 0; slot < 3; slot++ {
			at := float64(i) + 0.2137 + 0.2913*float64(slot) + 0.0031*float64((i*7+slot*3)%10)
			if at >= 30 {
				continue
			}
			var h float64
			for k := 0; k < 12; k++ { // the hit ratio over the minute before the line
				h += hit(at-1+float64(k)/12+1.0/24) / 12
			}
			h *= 1 + 0.004*float64((i*5+slot*11)%7-3)
			n := 5000 + (i*337+slot*211)%800
			s.Logs = append(s.Logs, Once("catalog", "INFO", at, fmt.Sprintf("redis pool stats: hits=%d misses=%d timeouts=0 total_conns=20 idle_conns=%d",
				int(float64(n)*h), n-int(float64(n)*h), 12+(i+slot*2)%6)).OnSlot(slot))
		}
	}
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(PL(0, 420, T+2, 420, T+3.5, 480), gwFail, func(m float64) float64 { return 35 + 650*sat(m) }, 3.5),
			Res: pods(PL(0, 0.5, T+2, 0.5, T+3.5, 0.6), C(240), C(0.6), func(m float64) float64 { return 0.2 + 0.6*sat(m) }, func(m float64) float64 { return 0.2 + 0.7*sat(m) })},
		{Svc: "catalog", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(PL(0, 300, T+2, 300, T+3.5, 345), catFail, func(m float64) float64 { return 9 + 400*sat(m) }, 3),
			Res: pods(func(m float64) float64 { return 0.3 + 0.12*cold(m) }, C(310), C(0.7), func(m float64) float64 { return 0.2 + 0.78*sat(m) }, func(m float64) float64 { return 0.15 + 0.85*sat(m) })},
		{Svc: "inventory", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(120), C(0.001), func(m float64) float64 { return 8*invSlow(m) + 40*sat(m) }, 3),
			Res: pods(func(m float64) float64 { return 0.2 * (1 + 0.35*(invSlow(m)-1)) }, C(190), C(0.4), func(m float64) float64 { return 0.1*invSlow(m) + 0.5*sat(m) }, func(m float64) float64 { return 0.1*invSlow(m) + 0.5*sat(m) })},
		{Svc: "redis", Kind: telemetry.Redis, RT: telemetry.Native,
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 2600 + 600*cold(m), Err: 0, P50: 0.25, P95: 0.6, P99: 1.2, Hit: hit(m)}
			},
			Res: pods(C(0.15), C(2110), C(0), C(0.1), C(0))},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native, Gaps: [][2]float64{{15.9, 16.1}, {19.4, 19.6}},
			Req: func(m float64) telemetry.Requests {
				p := 1.5 + 60*sat(m)
				return telemetry.Requests{RPS: 1100 * pgLoad(m), Err: 0.0005 + 0.03*sat(m), P50: p, P95: p * 4, P99: p * 9}
			},
			Res: pods(func(m float64) float64 { return 0.9*pgLoad(m)/1.12 + 1.8*sat(m) }, C(6100), C(0), func(m float64) float64 { return 0.3 + 0.67*sat(m) }, C(0))},
	})
	return s
}

// stampedeTrace is GET /api/products/{id}: a cache hit, or (cold) a miss
// then a product SELECT that runs into statement_timeout, retried by the
// gateway as sibling calls with 100/200 ms backoff. dropped: the first
// attempt's catalog span never reached the collector.
func stampedeTrace(g *G, cold bool, attempts int, dropped bool) *Sp {
	id := fmt.Sprint(1000 + g.IntN(9000))
	if !cold {
		d := g.LogNormal(9, 0.4)
		cat := S("catalog", "GET /v1/products/{id}", 0, d+1.5, Leaf("catalog", "redis GET", 0.4, g.LogNormal(0.4, 0.3)).A("cache.hit", "true"))
		return S("api-gateway", "GET /api/products/"+id, 0, d+6, Call(g, "api-gateway", "catalog GET /v1/products/{id}", 2, cat)).A("http.status_code", "200").L("GET /api/products/" + id + " 200 " + fmt.Sprint(int(d+6)) + "ms")
	}
	var kids []*Sp
	off := 1.0
	for a := 1; a <= attempts; a++ {
		sql := g.LogNormal(1800, 0.08)
		cat := S("catalog", "GET /v1/products/{id}", 0, min(sql, 1990)+2,
			Leaf("catalog", "redis GET", 0.3, g.LogNormal(0.5, 0.3)).A("cache.hit", "false"),
			Leaf("catalog", "SELECT products", 1.2, min(sql, 1985)).A("db.system", "postgresql", "db.statement", "SELECT p.id, p.name, p.price_cents FROM products p WHERE p.id = $1").E()).E()
		c := Call(g, "api-gateway", "catalog GET /v1/products/{id}", off, cat).A("retry.attempt", fmt.Sprint(a))
		if dropped && a == 1 {
			cat.Drop() // catalog's exporter queue was full: its SQL span is an orphan
		}
		kids = append(kids, c)
		off += c.Dur + []float64{100, 200, 400}[a-1]
	}
	return S("api-gateway", "GET /api/products/"+id, 0, off, kids...).E().A("http.status_code", "504").L(fmt.Sprintf("GET /api/products/%s 504 %dms", id, int(off)))
}
