package main

import (
	"fmt"
	"time"
)

// A config push cuts checkout's inventory client timeout from 2 s to
// 250 ms with 3 retries, under inventory's own p95. Calls that would have
// succeeded are cancelled and retried; inventory's load more than doubles
// while the traffic in front of it stays flat. An HPA scale-up of
// inventory and a payments deploy land in between: the trap is "inventory
// is undersized".
func retryStorm() *Script {
	const T = 17.0 // the checkout-config push
	invRPS := PL(0, 800, T+0.1, 800, T+0.4, 1700, T+2, 2100, 42, 2150)
	return &Script{
		ID: "checkout-slow", Seed: "retry-storm", Title: "Checkout slow and failing", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"checkout", "inventory", "latency"},
		Start: time.Date(2025, 11, 4, 18, 0, 0, 0, time.UTC), Minutes: 42, Step: 20, Sampled: 0.02,
		Briefing: `[SEV2] POST /api/checkout p95 above 1.5s for 5 minutes; 5xx at 12%.
The inventory dashboard is red and its pods are scaling out.
Find the root cause.
`,
		Hints: []string{
			"Compare how much traffic each service receives with how much its callers send.",
			"Open a failing checkout trace and count the inventory calls in it, and how long each was allowed to run.",
			"What changed about checkout, rather than about inventory, just before inventory's load rose?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout"}},
			{Name: "checkout", Calls: []string{"inventory", "payments", "pricing"}},
			{Name: "inventory", Calls: []string{"postgres"}, Pods: 4},
			{Name: "payments", Pods: 2},
			{Name: "pricing", Pods: 2},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 6, ID: "pricing-deploy", Kind: "deploy", Svc: "pricing", Text: "pricing v2.8.0 (git 77ad1f0) rolled out by argo-cd (2/2 pods)"},
			{At: T, ID: "checkout-config", Kind: "config", Svc: "checkout", Text: "configmap checkout-config: inventory client {timeout: 2s -> 250ms, max_attempts: 3} (PR #5120 'fail fast on inventory')"},
			{At: 18.5, ID: "payments-deploy", Kind: "deploy", Svc: "payments", Text: "payments v3.3.0 (git 0d4c5a1) rolled out by argo-cd (2/2 pods): idempotency keys v2"},
			{At: 20, ID: "inventory-hpa", Kind: "scale", Svc: "inventory", Text: "HorizontalPodAutoscaler inventory: 4 -> 8 replicas (cpu 92% > target 70%)"},
			{At: 21.5, ID: "alert-inv-cpu", Kind: "alert", Svc: "inventory", Text: "[WARN] inventory CPU > 85% for 2m"},
			{At: 23, ID: "alert-checkout", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] POST /api/checkout p95 > 1.5s for 5m"},
		},
		Metrics: []Metric{
			{Svc: "api-gateway", Name: "checkout_rps", Unit: "rps", F: PL(0, 160, 42, 168), Jit: 0.03},
			{Svc: "api-gateway", Name: "checkout_p95_ms", Unit: "ms", F: PL(0, 210, T+0.5, 215, T+2, 900, T+3.5, 1900, 42, 1850), Jit: 0.04},
			{Svc: "api-gateway", Name: "checkout_5xx_ratio", Unit: "%", F: PL(0, 0.3, T+0.5, 0.3, T+3, 12), Jit: 0.06},
			{Svc: "checkout", Name: "inventory_attempts_per_call", Unit: "count", F: PL(0, 1.01, T, 1.01, T+0.2, 1.5, T+3, 2.6), Jit: 0.015},
			{Svc: "checkout", Name: "inventory_calls_per_s", Unit: "rps", F: invRPS, Jit: 0.03},
			{Svc: "inventory", Name: "inbound_rps", Unit: "rps", F: invRPS, Jit: 0.03, Gaps: [][2]float64{{20, 20.5}}},
			{Svc: "inventory", Name: "http_request_p95_ms", Unit: "ms", F: PL(0, 290, T+0.5, 295, T+2.5, 1900), Jit: 0.04, Gaps: [][2]float64{{20, 20.5}}},
			{Svc: "inventory", Name: "cpu_pct", Unit: "%", F: PL(0, 44, T+0.3, 44, T+2, 94, T+3.5, 88), Jit: 0.03, Gaps: [][2]float64{{20, 20.5}}},
			{Svc: "postgres", Name: "cpu_pct", Unit: "%", F: PL(0, 31, T+0.5, 31, T+2.5, 58), Jit: 0.04},
			{Svc: "payments", Name: "http_request_p95_ms", Unit: "ms", F: Pulse(C(180), 18.5, 19, 90), Jit: 0.04},
			{Svc: "pricing", Name: "cpu_pct", Unit: "%", F: Pulse(C(22), 13, 14, 48), Jit: 0.04},
		},
		Logs: []Src{
			Access("api-gateway", C(8), PL(0, 55, T+0.5, 55, T+3.5, 500), 0.6, "POST /api/checkout 201", "GET /api/cart 200", "GET /api/orders/{int:100000:999999} 200"),
			Reqs("api-gateway", "ERROR", PL(0, 0.1, T+0.5, 0.1, T+3, 8), "POST /api/checkout 504 {ms:2900:0.2}ms upstream=checkout: upstream request timeout", "POST /api/checkout 503 {ms:1500:0.3}ms upstream=checkout: upstream connect error or disconnect/reset before headers. reset reason: overflow"),
			Access("checkout", C(7), PL(0, 70, T+0.5, 70, T+3, 600), 0.6, "POST /v1/checkout 201"),
			Reqs("checkout", "WARN", PL(0, 0.05, T, 0.05, T+0.3, 4, T+3, 9), "inventory.Reserve attempt {pick:1|2}/3 failed, retrying in {pick:100|200}ms: rpc error: code = DeadlineExceeded desc = context deadline exceeded"),
			Reqs("checkout", "ERROR", PL(0, 0.1, T+0.5, 0.1, T+3, 4.5), "checkout cart {uuid}: reserve stock: inventory.Reserve: giving up after 3 attempts: rpc error: code = DeadlineExceeded desc = context deadline exceeded"),
			Reqs("checkout", "ERROR", C(0.3), "apply coupon {pick:WELCOME10|FREESHIP|BF2025}: pricing.Quote: rpc error: code = NotFound desc = coupon expired"),
			Once("checkout", "INFO", T+0.05, "config reloaded: inventory.timeout=250ms inventory.max_attempts=3 inventory.backoff=100ms,200ms"),
			Access("inventory", PL(0, 4, T+0.1, 4, T+2, 10), PL(0, 95, T+0.5, 95, T+2.5, 800), 0.7, "/inventory.v1.Inventory/Reserve OK", "/inventory.v1.Inventory/Release OK"),
			Reqs("inventory", "WARN", PL(0, 0.05, T, 0.05, T+0.5, 6), "/inventory.v1.Inventory/Reserve: client cancelled after {int:240:252}ms (context canceled); rolled back"),
			Reqs("inventory", "ERROR", C(0.4), "reserve sku-{int:10000:99999}: insufficient stock (want {int:2:5}, have {int:0:1})"),
			Lines("inventory", "INFO", C(0.5), "grpc pool stats: in_flight={int:8:30} queued=0 workers=64"),
			Once("inventory", "INFO", 20.1, "starting inventory v5.1.4 (git 4be9012): replica 5/8"),
			Once("inventory", "INFO", 20.3, "starting inventory v5.1.4 (git 4be9012): replica 8/8"),
			Access("payments", C(3), C(60), 0.5, "POST /v1/charges 201"),
			Once("payments", "INFO", 18.6, "starting payments v3.3.0 (git 0d4c5a1)"),
			Access("pricing", C(2), C(8), 0.5, "/pricing.v1.Pricing/Quote OK"),
			Once("pricing", "INFO", 13, "price-cache refresh started (cron 13,43 * * * *): 120432 SKUs"),
			Once("pricing", "INFO", 14, "price-cache refresh done in 58.3s"),
			Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
			Lines("postgres", "ERROR", C(0.15), "ERROR:  duplicate key value violates unique constraint \"reservations_cart_id_sku_key\""),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{3.1, 8.4, 12.2, 15.7} {
				trs = append(trs, Tr{At: at, Root: stormTrace(g, 0, false)})
			}
			for i, at := range []float64{17.6, 19.4, 22.1, 25.8, 29.3, 33.9, 38.2} {
				trs = append(trs, Tr{At: at, Root: stormTrace(g, 1+i%3, i == 3)})
			}
			return trs
		},
		Choices: []Choice{
			{"inventory-undersized", "inventory is undersized for checkout traffic and needs more pods"},
			{"checkout-timeout", "checkout's new client timeout cancels and retries healthy calls"},
			{"payments-release", "payments' new release makes checkout wait on slow charge calls"},
			{"postgres-row-locks", "row locks on the stock table in postgres stall inventory writes"},
			{"gateway-retries", "api-gateway's retry policy multiplies the requests to checkout"},
			{"pricing-refresh", "pricing's cache refresh job slows the quote in every checkout"},
			{"bot-traffic", "a bot scraping the shop floods checkout and inventory with calls"},
		},
		Answer: Answer{
			Choice: "checkout-timeout", Onset: T,
			Chain: []string{
				"The checkout-config push at 18:17 cut checkout's inventory timeout from 2 s to 250 ms with 3 attempts, below inventory's ~290 ms p95",
				"Calls in inventory's tail were cancelled and retried at once: inventory_attempts_per_call 1.01 -> 1.5 in the 18:17:15 scrape, 2.6 by 18:20",
				"Retries more than doubled inventory's inbound_rps (800 -> 2,100) while api-gateway checkout_rps stayed at 160; inventory's CPU and p95 climbed, so more calls timed out",
				"Checkouts that ran out of attempts failed: checkout p95 1.9 s and 5xx 12% by 18:21; the HPA scale-out added pods but not capacity for ever more retries",
			},
			Evidence: []string{
				"inventory_attempts_per_call (checkout) jumps from 1.01 to 1.5 at 18:17:15, the scrape after checkout-config, and reaches 2.6",
				"inventory inbound_rps goes 800 -> 2,100 while checkout_rps at the api-gateway stays flat at ~160: the extra load is retries, not users",
				"Failing traces hold 2-4 sibling inventory.Reserve client spans, each cut at 250 ms, while inventory's server spans run on after the cancel",
				"checkout logs 'config reloaded: inventory.timeout=250ms' at 18:17:03; inventory logs 'client cancelled after 250ms' from then on",
			},
			Wrong: [][2]string{
				{"inventory-undersized", "inventory coped with 800 rps at 44% CPU all afternoon; its load more than doubled with no more users, and doubling its pods at 18:20 did not help because each pod served retries."},
				{"payments-release", "payments deployed at 18:18:30, after the timeouts began; its p95 blips for thirty seconds during the rollout and then sits at 180 ms, and failing traces never reach payments."},
				{"postgres-row-locks", "postgres CPU rises only after inventory's load doubled, and its lock waits would not explain cancels at exactly 250 ms; the duplicate-key errors are old noise."},
				{"gateway-retries", "api-gateway's checkout_rps is flat at ~160; the multiplication happens one hop further in, between checkout and inventory."},
				{"pricing-refresh", "The pricing refresh ran 18:13-18:14 and finished; pricing spans in checkout traces stay under 10 ms."},
				{"bot-traffic", "A bot would raise api-gateway's request rate; it is flat. Only the internal call rate to inventory grew."},
			},
			RedHerrings: []string{"inventory-hpa", "payments-deploy", "pricing-deploy", "inventory-undersized"},
			Proof: []Proof{
				ProveEvent(1, "checkout-config"),
				ProveLog(1, "checkout", "inventory.timeout=250ms"),
				ProveMetric(2, "checkout", "inventory_attempts_per_call", T, T+4),
				ProveMetric(3, "inventory", "inbound_rps", T, T+5),
			},
			Debrief: `A config push meant to make checkout "fail fast" cut its inventory client timeout from 2 s
to 250 ms and allowed 3 attempts. inventory's healthy p95 was about 290 ms, so the slowest
tenth of reservations were cancelled and retried at once. Each retry added load, load
raised inventory's latency, and higher latency meant more timeouts: inventory's traffic more
than doubled while the number of shoppers did not change.

Fastest path: compare the request rate at the edge with the rate inventory receives: flat
in front, doubled behind. Then open a failing trace: several sibling inventory.Reserve spans
cut at exactly 250 ms. The change log has one change to checkout a minute before.

Coaching: the loudest and reddest service here is the victim. When a callee's load rises
and its callers' does not, look for retries. The autoscaler's scale-out is a symptom; more
pods for a retry storm only buys a bigger storm. Timeouts must sit above the callee's p99,
and retries need a budget.
`,
		},
	}
}

// stormTrace is POST /api/checkout. With attempts > 0 the inventory calls
// are cut at 250 ms and retried as siblings (100 then 200 ms backoff);
// inventory's server span keeps running after the client gave up. dropped
// loses inventory's first server span (its exporter queue was full).
func stormTrace(g *G, attempts int, dropped bool) *Sp {
	price := Call(g, "checkout", "pricing.Quote", 2, S("pricing", "/pricing.v1.Pricing/Quote", 0, g.LogNormal(7, 0.3)))
	kids := []*Sp{price}
	off := price.Off + price.Dur + 1
	if attempts == 0 {
		d := g.LogNormal(95, 0.5)
		kids = append(kids, Call(g, "checkout", "inventory.Reserve", off, S("inventory", "/inventory.v1.Inventory/Reserve", 0, d, Leaf("inventory", "UPDATE stock", 2, d*0.6).A("db.system", "postgresql"))))
		off += d + 3
	} else {
		for a := 1; a <= attempts+1 && a <= 3; a++ {
			srv := S("inventory", "/inventory.v1.Inventory/Reserve", 0.6, g.LogNormal(900, 0.4), Leaf("inventory", "UPDATE stock", 2, g.LogNormal(500, 0.4)).A("db.system", "postgresql"))
			if dropped && a == 1 {
				srv.Drop()
			}
			fail := a <= attempts
			cl := &Sp{Svc: "checkout", Name: "inventory.Reserve", Off: off, Dur: 250, Client: true, Kids: []*Sp{srv}}
			if fail {
				cl.E().A("retry.attempt", fmt.Sprint(a), "rpc.grpc.status_code", "4")
				srv.A("rpc.cancelled", "true")
			} else {
				srv.Dur = g.Uniform(120, 240)
				srv.Kids[0].Dur = srv.Dur * 0.6
				cl.Dur = srv.Dur + 1.2
				cl.A("retry.attempt", fmt.Sprint(a))
			}
			kids = append(kids, cl)
			off += cl.Dur + []float64{100, 200, 0}[a-1]
		}
	}
	failed := attempts >= 3
	if !failed && attempts > 0 {
		kids = append(kids, Call(g, "checkout", "payments.Charge", off, S("payments", "POST /v1/charges", 0, g.LogNormal(120, 0.3))))
		off += kids[len(kids)-1].Dur + 2
	}
	co := S("checkout", "POST /v1/checkout", 0, off+2, kids...)
	root := S("api-gateway", "POST /api/checkout", 0, co.Dur+5, Call(g, "api-gateway", "checkout POST /v1/checkout", 2, co))
	status := "201"
	if failed {
		status = "504"
		co.E()
		root.E()
	}
	return root.A("http.status_code", status).L(fmt.Sprintf("POST /api/checkout %s %dms", status, int(root.Dur)))
}
