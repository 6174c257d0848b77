package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// Someone cuts checkout's inventory client timeout from 2 s to 250 ms with
// 3 attempts by editing its configmap by hand: no change event, only the
// pods' "config reloaded" lines. Calls in inventory's tail are cancelled
// and retried; inventory's load more than doubles while the traffic in
// front of it stays flat. A payments release 24 s later (really a little
// slower for good), a warehouse-sync schedule change on inventory 24 s
// before (its import really does call inventory more often, a trickle)
// and inventory's autoscaler are the logged changes. The first Metrics
// screen (inventory's traffic multiplied behind a flat front) fits four
// ways to multiply inventory's calls equally: retries after a cut timeout,
// a per-line reservation flag, checkout's stock cache failing, the sync
// job. The traces' sibling spans, inventory's per-route and per-caller
// counts, checkout's flag and cache lines tell them apart.
func retryStorm() *Script {
	const (
		T = 17.0 // the hand edit reaches checkout's pods
		P = 17.4 // payments v3.3.0
		W = 16.6 // warehouse-sync schedule (decoy)
		H = 20.0 // inventory HPA 3 -> 5
	)
	attempts := PL(0, 1.01, T, 1.01, T+0.2, 1.5, T+3, 2.6)
	users := Wave(160, 0.03, 37, 0.2)
	invRPS := Mul(users, C(5), attempts)
	invReplicas := Step(H+0.1, 2, 4)
	invP50 := PL(0, 95, T+0.3, 95, T+2.5, 420, H+1, 380)
	gwP50 := PL(0, 55, T+0.5, 55, T+3.5, 520)
	errs := PL(0, 0.003, T+0.5, 0.003, T+3, 0.12)
	gwErrs := PL(0, 0.001, T+0.5, 0.001, T+3, 0.12)
	payP50 := PL(0, 120, P+0.2, 120, P+0.5, 138)
	syncPerMin := Step(W+0.1, 40, 110) // warehouse-sync's calls a minute, all pods
	perPod := func(f Fn) Fn { return func(m float64) float64 { return f(m) / invReplicas(m) } }
	return &Script{
		ID: "checkout-slow", Seed: "retry-storm", Title: "Checkout slow and failing", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"checkout", "inventory", "latency"},
		Start: time.Date(2025, 11, 4, 18, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.02,
		Briefing: `[SEV2] POST /api/checkout p95 above 1.5s for 5 minutes; 5xx at 12%.
The inventory dashboard is red and its pods are scaling out.
Find the root cause.
`,
		Hints: []string{
			"Compare how much traffic each service receives with how much its callers send.",
			"Open a failing checkout trace and count the inventory calls in it, and how long each was allowed to run.",
			"Not every change reaches the change log: what do checkout's own pods say about their settings?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(3)), Err: gwErrs, P50: gwP50, Tail: C(5), CPUms: 0.4}.Std()},
			{Name: "checkout", Calls: []string{"inventory", "payments", "pricing"}, Pods: 2, Version: "v7.4.2",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: users, Err: errs, P50: PL(0, 70, T+0.5, 70, T+3, 600), Tail: C(4),
					CPUms: 6, PoolMs: Mul(attempts, invP50), Pool: 64}.Std([2]float64{26, 26.5})},
			{Name: "inventory", Calls: []string{"postgres"}, Pods: 2, Version: "v5.1.4", Rollouts: []Rollout{{At: H + 0.1, Replicas: 4}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, Replicas: invReplicas, RPS: invRPS,
					Err: PL(0, 0.004, T+0.3, 0.004, T+2, 0.05), P50: invP50, Tail: C(3.5), CPUms: 1.1, PoolMs: Mul(invP50, C(0.6))}.Std([2]float64{H, H + 0.5})},
			{Name: "payments", Pods: 2, Version: "v3.2.9", Rollouts: []Rollout{{At: P, Version: "v3.3.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.9)), Err: C(0.002), P50: payP50, CPUms: 5, Mem: 700,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Version == "v3.3.0" {
							r.MemMiB *= 1.12 // idempotency keys v2 keep a bigger cache
						}
					}}.Std()},
			{Name: "pricing", Pods: 2, Version: "v2.7.4", Rollouts: []Rollout{{At: 6, Version: "v2.8.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: users, Err: C(0.003), P50: C(7), CPUms: 1}.Std()},
			{Name: "postgres", Pods: 1, Sts: true, Version: "15.6",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 1, RPS: Mul(invRPS, C(1.2)), Err: C(0.0005),
					P50: PL(0, 1.2, T+0.5, 1.2, T+2.5, 2.1), CPUms: 0.4, Limit: 4, Workers: 200, Mem: 6000}.Std()},
		},
		Events: []Ev{
			{At: 6, ID: "pricing-deploy", Kind: "deploy", Svc: "pricing", Text: "pricing v2.8.0 (git 77ad1f0) rolled out by argo-cd (2/2 pods)"},
			{At: W, ID: "warehouse-sync", Kind: "config", Svc: "inventory", Text: "cronjob warehouse-sync: schedule */15 -> */5 (ops, ticket WH-88)"},
			{At: P, ID: "payments-deploy", Kind: "deploy", Svc: "payments", Text: "payments v3.3.0 (git 0d4c5a1) rolled out by argo-cd (2/2 pods): idempotency keys v2"},
			{At: H, ID: "inventory-hpa", Kind: "scale", Svc: "inventory", Text: "HorizontalPodAutoscaler inventory: 2 -> 4 replicas (cpu 92% > target 70%)"},
			{At: 21.5, ID: "alert-inv-cpu", Kind: "alert", Svc: "inventory", Text: "[WARN] inventory CPU > 85% for 2m"},
			{At: 25.5, ID: "alert-checkout", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] POST /api/checkout p95 > 1.5s for 5m"},
		},
		Logs: Join(
			Shares("api-gateway", Mul(users, C(0.06)), gwErrs, gwP50, 0.6,
				[]string{"POST /api/checkout 201", "GET /api/cart 200", "GET /api/orders/{int:100000:999999} 200"},
				[]string{"POST /api/checkout 504", "POST /api/checkout 503"}),
			Shares("checkout", C(7), errs, PL(0, 70, T+0.5, 70, T+3, 600), 0.6, []string{"POST /v1/checkout 201"}, []string{"POST /v1/checkout 500"}),
			Shares("inventory", PL(0, 5, T+0.1, 5, T+2, 11), PL(0, 0.004, T+0.3, 0.004, T+2, 0.05), invP50, 0.7,
				[]string{"/inventory.v1.Inventory/Reserve 200", "/inventory.v1.Inventory/Release 200"}, []string{"/inventory.v1.Inventory/Reserve 503"}),
			Shares("payments", C(3), C(0.002), payP50, 0.5, []string{"POST /v1/charges 201"}, []string{"POST /v1/charges 502"}),
			Of(
				// one attempt and a 2 s timeout until the hand edit: a rare
				// timeout is final; from the reload on, attempts 1 and 2 of 3
				// are retried.
				Once("checkout", "WARN", 5.43, "inventory.Reserve failed (attempt 1/1, no retry): rpc error: code = DeadlineExceeded desc = context deadline exceeded").OnSlot(1),
				Once("checkout", "WARN", 12.71, "inventory.Reserve failed (attempt 1/1, no retry): rpc error: code = DeadlineExceeded desc = context deadline exceeded").OnSlot(0),
				Reqs("checkout", "WARN", PL(0, 0, T+0.03, 0, T+0.3, 4, T+3, 9), "inventory.Reserve attempt {pick:1|2}/3 failed, retrying in {pick:100|200}ms: rpc error: code = DeadlineExceeded desc = context deadline exceeded"),
				Lines("checkout", "INFO", C(0.3), "flagd sync: 38 flags, 0 changed (rev 5521)"),
				Src{Svc: "checkout", Level: "INFO", PerMin: C(0.3), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("stock cache: hit_ratio=0.%d entries=%d evictions=%d", 78+g.IntN(6), 41000+g.IntN(3000), g.IntN(40))
				}},
				Reqs("checkout", "WARN", C(0.3), "apply coupon {pick:WELCOME10|FREESHIP|BF2025}: pricing.Quote: rpc error: code = NotFound desc = coupon expired"),
				Once("checkout", "INFO", T+0.02, "config reloaded from /etc/checkout/config.yaml: inventory.timeout 2s -> 250ms, inventory.max_attempts 1 -> 3, inventory.backoff 100ms,200ms").OnSlot(0),
				Once("checkout", "INFO", T+0.04, "config reloaded from /etc/checkout/config.yaml: inventory.timeout 2s -> 250ms, inventory.max_attempts 1 -> 3, inventory.backoff 100ms,200ms").OnSlot(1),
				Reqs("inventory", "WARN", PL(0, 0.05, T, 0.05, T+0.5, 1.4), "/inventory.v1.Inventory/Reserve: client cancelled after {int:240:252}ms (context canceled); rolled back"),
				Reqs("inventory", "WARN", C(0.4), "reserve sku-{int:10000:99999}: insufficient stock (want {int:2:5}, have {int:0:1})"),
				Lines("inventory", "INFO", C(0.5), "grpc pool stats: in_flight={int:8:30} queued=0 workers=64"),
				Access("inventory", C(1), C(6), 0.4, "/inventory.v1.Inventory/GetStock 200"),
				// per pod, a minute's calls by caller and route: checkout's
				// Reserve multiplies, its GetStock and warehouse-sync do not.
				Src{Svc: "inventory", Level: "INFO", PerMin: C(0.8), Msg: func(g *G, m float64) string {
					j := func() float64 { return g.Uniform(0.96, 1.04) }
					return fmt.Sprintf("rpc by caller (60s): checkout Reserve=%d GetStock=%d, warehouse-sync SetStock=%d",
						int(perPod(Sum(invRPS, Mul(users, C(-1))))(m)*60*j()), int(perPod(users)(m)*60*j()), int(perPod(syncPerMin)(m)*j()))
				}},
				Once("inventory", "INFO", H+0.15, "starting inventory v5.1.4 (git 4be9012)").OnSlot(2),
				Once("inventory", "INFO", H+0.2, "starting inventory v5.1.4 (git 4be9012)").OnSlot(3),
				Once("payments", "INFO", P+0.05, "starting payments v3.3.0 (git 0d4c5a1): idempotency key cache 250k entries").OnSlot(0),
				Once("payments", "INFO", P+0.3, "starting payments v3.3.0 (git 0d4c5a1): idempotency key cache 250k entries").OnSlot(1),
				Lines("payments", "ERROR", C(0.6), "webhook delivery to merchant-{int:100:999} failed: Post \"https://hooks.example-merchant.com/pay\": x509: certificate signed by unknown authority"),
				Access("pricing", C(4), C(8), 0.5, "/pricing.v1.Pricing/Quote 200"),
				Once("pricing", "INFO", 13, "price-cache refresh started (cron 13,43 * * * *): 120432 SKUs"),
				Once("pricing", "INFO", 14, "price-cache refresh done in 58.3s"),
				Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
				Lines("postgres", "ERROR", C(0.15), "ERROR:  duplicate key value violates unique constraint \"reservations_cart_id_sku_key\""),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{3.1, 8.4, 12.2, 15.7} {
				trs = append(trs, Tr{At: at, Root: stormTrace(g, 0, false)})
			}
			for i, at := range []float64{17.6, 19.4, 22.1, 25.8, 29.3, 31.9, 34.2} {
				trs = append(trs, Tr{At: at, Root: stormTrace(g, 1+i%3, i == 3)})
			}
			return trs
		},
		Choices: []Choice{
			{"too-few-pods", "inventory has too few pods for the traffic it now receives"},
			{"line-flag", "a flag in checkout now reserves stock per cart line, not per cart"},
			{"stock-cache", "checkout's stock cache stopped serving, so every lookup hits inventory"},
			{"short-timeout", "checkout gives up on inventory calls early and sends them again"},
			{"sync-job", "a warehouse import job began calling inventory next to checkout"},
			{"charge-release", "payments' new release makes checkout wait on slower charges"},
			{"row-locks", "postgres row locks on the stock table stall inventory writes"},
		},
		Answer: Answer{
			Choice: "short-timeout", Onset: T,
			Chain: []string{
				"At 18:17:01 checkout's pods reloaded a hand-edited config: inventory timeout 2 s -> 250 ms with 3 attempts, below inventory's ~290 ms p95; no change event records it",
				"Calls in inventory's tail were cancelled and retried at once: inventory's http_requests_per_second rose 800 -> 2,100 while api-gateway's stayed ~480",
				"inventory's pods hit their CPU limit, its latency rose, so more calls timed out and were retried: a storm",
				"Checkouts that ran out of attempts failed: p95 1.9 s and 5xx 12% at the gateway; the autoscaler's two extra pods at 18:20 did not stop it",
			},
			Evidence: []string{
				"checkout logs 'inventory.timeout 2s -> 250ms, inventory.max_attempts 1 -> 3' on both pods at 18:17:01-18:17:02; before it a rare timeout was final ('attempt 1/1, no retry'), after it 'attempt 1/3' and 'attempt 2/3' are retried",
				"inventory http_requests_per_second goes 800 -> 2,100 from 18:17:30 while api-gateway http_requests_per_second stays ~480: the extra load is retries, not users",
				"Failing traces hold 2-4 sibling inventory.Reserve client spans with retry.attempt 1 to 3, each cut at 250 ms, while inventory's server spans run on after the cancel",
				"inventory logs 'client cancelled after' ~250 ms from 18:17 on, for Reserve calls its own server spans show still running after the cancel",
				"inventory's 'rpc by caller' lines count checkout's Reserve calls at ~19,500 a minute per pod on 2 pods before 18:17 and ~28,000 per pod on 4 pods from 18:20 (~39,000 -> ~112,000 in all), while checkout's GetStock stays ~9,600 a minute in all and the import job's SetStock a few dozen per pod",
			},
			Wrong: [][2]string{
				{"too-few-pods", "inventory coped with 800 rps at under half its CPU limit all evening; its load more than doubled with no more users, and the two pods added at 18:20 did not help because each served retries."},
				{"line-flag", "checkout's 'flagd sync' lines say 0 changed every minute; and the failing traces show the same Reserve call repeated as siblings with retry.attempt 1 to 3, each cut at exactly 250 ms, not one call per cart line."},
				{"stock-cache", "checkout's 'stock cache' lines keep a hit ratio near 0.8 throughout, and inventory's 'rpc by caller' lines show GetStock (the cached lookup) flat: the calls that multiplied are Reserve, a write no cache serves."},
				{"sync-job", "The warehouse-sync schedule did change at 18:16:36 and its calls tripled, but 'rpc by caller' counts them at a few dozen a minute per pod against tens of thousands of checkout Reserve calls; the multiplied calls come from checkout."},
				{"charge-release", "payments v3.3.0 did make charges ~18 ms slower, for good; but that is 18 ms on checkouts that went from 200 ms to 1.9 s, and failing traces end in inventory calls, not in payments."},
				{"row-locks", "postgres query time rises only after inventory's load doubled, and lock waits would not cut calls at exactly 250 ms; the duplicate-key errors are old noise."},
			},
			RedHerrings: []string{"inventory-hpa", "payments-deploy", "warehouse-sync", "pricing-deploy"},
			Proof: append(append(spread(ProveLog(2, "checkout", "attempt 1/3"), T, 36, 4), // every retry line, wherever it is pinned
				spread(ProveLog(2, "checkout", "attempt 2/3"), T, 36, 4)...),
				ProveLog(1, "checkout", "inventory.timeout 2s -> 250ms, inventory.max_attempts 1 -> 3"),
				ProveLog(1, "checkout", "attempt 1/1, no retry").Within(0, T),
				ProveMetric(2, "inventory", telemetry.RateName(telemetry.HTTP), T, 36),
				ProveLog(2, "inventory", "client cancelled after").Within(T, 36),
				ProveLog(2, "inventory", "rpc by caller").Within(T, 36),
				ProveSpan(2, "checkout", "inventory.Reserve", true),
			),
			Debrief: `Someone edited checkout's configmap by hand to make it "fail fast": inventory client timeout
2 s -> 250 ms, 3 attempts. It never went through the pipeline, so the change log is silent;
checkout's pods logged the reload at 18:17:01. inventory's healthy p95 was about 290 ms, so the
slowest tenth of reservations were cancelled and retried at once. Each retry added load, load
raised inventory's latency, and higher latency meant more timeouts: inventory's traffic more
than doubled while the number of shoppers did not change.

The tempting quick bet: the first Metrics screen shows inventory's traffic multiplied behind a
flat front, and "a retry storm" fits that. So do three other ways to multiply inventory's calls
with the same shoppers: a checkout flag reserving per cart line, checkout's stock cache failing
so every lookup goes through, and the warehouse-sync job, whose schedule was tightened 24 s
before the reload (its calls really did triple). The change log also offers payments' release
24 s after (it really slowed charges a little, for good) and the autoscaler, a symptom. The
retry story is only right here because of what checkout's and inventory's own lines say.

The deciding evidence: checkout's reload line (the change log is silent), 'attempt 1/3' and
'attempt 2/3' retries from that second on where before a rare timeout was final, sibling
Reserve spans cut at 250 ms, and inventory's per-caller counts: checkout's Reserve calls
multiplied while GetStock (what a cache would serve) and warehouse-sync stayed small;
checkout's flags never changed and its cache kept its hit ratio.

Fastest path: compare the request rate at the edge with the rate inventory receives: flat in
front, doubled behind. Open a failing trace: several sibling inventory.Reserve spans cut at
exactly 250 ms. Then search checkout's logs for what changed its client. When a callee's load
rises and its callers' does not, look for retries; timeouts must sit above the callee's p99,
and retries need a budget.
`,
		},
	}
}

// stormTrace is POST /api/checkout. With attempts > 0 the inventory calls
// are cut at 250 ms and retried as siblings (100 then 200 ms backoff);
// inventory's server span keeps running after the client gave up (its
// UPDATE runs to the end), then sees the cancelled context, rolls back and
// ends CANCELLED. dropped
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
			upd := Leaf("inventory", "UPDATE stock", 2, max(g.LogNormal(500, 0.4), 260))                         // it outlasts the client's 250 ms.A("db.system", "postgresql")
			srv := S("inventory", "/inventory.v1.Inventory/Reserve", 0.6, upd.Off+upd.Dur+g.Uniform(3, 12), upd) // the UPDATE, then the rollback
			if dropped && a == 1 {
				srv.Drop()
			}
			fail := a <= attempts
			cl := &Sp{Svc: "checkout", Name: "inventory.Reserve", Off: off, Dur: 250, Client: true, Kids: []*Sp{srv}}
			if fail {
				cl.E().A("retry.attempt", fmt.Sprint(a), "rpc.grpc.status_code", "4")
				srv.E().A("rpc.cancelled", "true", "rpc.grpc.status_code", "1")
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
