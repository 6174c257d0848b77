package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/signal"
)

// A config push gives checkout a misspelled payments hostname (.locl).
// Lookups fail in ~2 ms, so the callee is idle rather than failing. The
// pods pick the config up one by one: the error ratio climbs in thirds.
func paymentsDNS() *Script {
	const T = 11.0 // the checkout-config push
	pay5xx := PL(0, 0.2, T+0.05, 0.2, T+0.15, 33, T+1.4, 33, T+1.55, 66, T+2.9, 66, T+3.05, 100)
	live := func(m float64) float64 { return 1 - pay5xx(m)/100 } // share of pods still calling payments
	return &Script{
		ID: "payments-failing", Seed: "payments-dns", Title: "Every payment fails", Difficulty: 1, TimeLimit: 10 * time.Minute,
		Tags:  []string{"payments", "checkout", "errors"},
		Start: time.Date(2025, 9, 3, 9, 0, 0, 0, time.UTC), Minutes: 30, Step: 10, Sampled: 0.1,
		Briefing: `[SEV1] POST /api/pay returns 502 for 100% of requests for 5 minutes.
Orders dropped to zero at about 09:14. Customers see "payment failed, please try again".
Find the root cause.
`,
		Hints: []string{
			"Failing fast and failing slow are different stories: how long do the failed payment calls take?",
			"Is payments receiving the requests checkout says it sends?",
			"Read checkout's error message to the very end, then check the change log around 09:11.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout", "cart"}},
			{Name: "checkout", Calls: []string{"payments", "cart", "coredns"}},
			{Name: "payments", Calls: []string{"coredns"}, Pods: 2},
			{Name: "cart", Calls: []string{"coredns"}},
			{Name: "coredns", Pods: 2},
		},
		Events: []Ev{
			{At: 4, ID: "payments-deploy", Kind: "deploy", Svc: "payments", Text: "payments v3.2.0 (git 9be1d07) rolled out by argo-cd (2/2 pods): stripe-go v79"},
			{At: T, ID: "checkout-config", Kind: "config", Svc: "checkout", Text: "configmap checkout-config updated by deploy-bot (PR #4471 'move payments to prod namespace'); pods reload on change"},
			{At: 12.5, ID: "coredns-restart", Kind: "note", Svc: "coredns", Text: "coredns-5d78c9869d-q8xkz restarted by kubelet (liveness probe), 1/2 replicas ready for 30s"},
			{At: 13, ID: "cart-deploy", Kind: "deploy", Svc: "cart", Text: "cart v1.9.2 (git 51c0e3a) rolled out by argo-cd (3/3 pods): cart totals in minor units"},
			{At: 16, ID: "alert-pay-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV1] api-gateway POST /api/pay 5xx ratio > 20% for 5m"},
			{At: 17, ID: "alert-orders", Kind: "alert", Svc: "checkout", Text: "[SEV1] orders_created_per_min == 0 for 3m"},
		},
		Metrics: []Metric{
			{Svc: "api-gateway", Name: "pay_5xx_ratio", Unit: "%", F: pay5xx, Jit: 0.03},
			{Svc: "api-gateway", Name: "http_rps", Unit: "rps", F: PL(0, 310, 30, 318), Jit: 0.025},
			{Svc: "checkout", Name: "payments_call_mean_ms", Unit: "ms", F: func(m float64) float64 { return 2 + 83*live(m) }, Jit: 0.04},
			{Svc: "checkout", Name: "orders_created_per_min", Unit: "count", F: func(m float64) float64 { return 1 + 240*live(m) }, Jit: 0.05},
			{Svc: "payments", Name: "inbound_rps", Unit: "rps", F: func(m float64) float64 { return 0.2 + 95*live(m) }, Jit: 0.04, Gaps: [][2]float64{{22, 22.2}}},
			{Svc: "payments", Name: "cpu_pct", Unit: "%", F: func(m float64) float64 { return 5 + 23*live(m) }, Jit: 0.04},
			{Svc: "coredns", Name: "dns_nxdomain_per_s", Unit: "rps", F: func(m float64) float64 { return 3 + 38*(1-live(m)) }, Jit: 0.06, Gaps: [][2]float64{{12.5, 13}}},
			{Svc: "coredns", Name: "dns_requests_per_s", Unit: "rps", F: PL(0, 2400, 30, 2450), Jit: 0.02, Gaps: [][2]float64{{12.5, 13}}},
			{Svc: "cart", Name: "cpu_pct", Unit: "%", F: Pulse(C(31), 9, 10, 35), Jit: 0.04},
			{Svc: "cart", Name: "http_request_p95_ms", Unit: "ms", F: Pulse(C(82), 13, 13.5, 20), Jit: 0.04},
		},
		Logs: []Src{
			Access("api-gateway", C(11), C(38), 0.6, "GET /api/cart 200", "GET /api/products/{int:1000:9999} 200", "POST /api/cart/items 201"),
			Access("api-gateway", func(m float64) float64 { return 3 * live(m) }, C(160), 0.5, "POST /api/pay 200"),
			Reqs("api-gateway", "ERROR", func(m float64) float64 { return 0.03 + 4.5*(1-live(m)) }, "POST /api/pay 502 {ms:9:0.4}ms upstream=checkout: upstream returned 502 Bad Gateway"),
			Reqs("api-gateway", "WARN", C(0.2), "client closed connection before response: GET /api/products/{int:1000:9999} (499)"),
			Access("checkout", func(m float64) float64 { return 3 * live(m) }, C(120), 0.5, "POST /v1/pay 200"),
			{Svc: "checkout", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 3 * (1 - live(m)) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf(`charge order ord_%s: Post "http://payments.prod.svc.cluster.locl:8080/v1/charges": dial tcp: lookup payments.prod.svc.cluster.locl on 10.96.0.10:53: no such host`, g.Hex(12))
			}},
			Reqs("checkout", "ERROR", C(0.2), "publish order.created: kafka: client has run out of available brokers to talk to (Is your cluster reachable?)"),
			Reqs("checkout", "WARN", C(0.3), "charge order ord_{hex:12}: payments returned 402: card_declined"),
			Once("checkout", "INFO", T+0.08, "config reloaded from configmap checkout-config (resourceVersion 8812931): 1 key changed: PAYMENTS_URL"),
			Once("checkout", "INFO", T+1.45, "config reloaded from configmap checkout-config (resourceVersion 8812931): 1 key changed: PAYMENTS_URL"),
			Once("checkout", "INFO", T+3.0, "config reloaded from configmap checkout-config (resourceVersion 8812931): 1 key changed: PAYMENTS_URL"),
			Access("payments", func(m float64) float64 { return 3 * live(m) }, C(70), 0.6, "POST /v1/charges 201"),
			Reqs("payments", "ERROR", func(m float64) float64 { return 0.6 * live(m) }, "stripe: request req_{hex:14} failed: card_declined (402): Your card was declined.", "stripe: request req_{hex:14} failed: expired_card (402)"),
			Once("payments", "INFO", 4.1, "starting payments v3.2.0 (git 9be1d07)"),
			Once("payments", "INFO", 4.3, "stripe client ready (api version 2025-07-30.basil)"),
			{Svc: "coredns", Level: "INFO", PerMin: C(2.5), Msg: func(g *G, m float64) string {
				return fmt.Sprintf(`[INFO] %s:%d - %d "A IN %s.prod.svc.cluster.local. udp 46 false 512" NOERROR qr,aa,rd 106 0.000%ds`, g.IP(), 30000+g.IntN(30000), g.IntN(65535), signal.Pick(g, "cart", "payments", "catalog", "kafka"), 80+g.IntN(120))
			}},
			{Svc: "coredns", Level: "INFO", PerMin: func(m float64) float64 { return 3 * (1 - live(m)) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf(`[INFO] %s:%d - %d "A IN payments.prod.svc.cluster.locl. udp 48 false 512" NXDOMAIN qr,rd,ra 123 0.000%ds`, g.IP(), 30000+g.IntN(30000), g.IntN(65535), 100+g.IntN(300))
			}},
			Once("coredns", "INFO", 12.9, "[INFO] plugin/reload: Running configuration SHA512 = 8f1a4c…e02b"),
			Once("coredns", "INFO", 12.95, "CoreDNS-1.11.3 linux/amd64, go1.22.7"),
			Access("cart", C(8), C(22), 0.5, "GET /v1/carts/{uuid} 200", "POST /v1/carts/{uuid}/items 201"),
			Once("cart", "INFO", 9, "abandoned-cart sweep started (cron */30)"),
			Once("cart", "INFO", 10, "abandoned-cart sweep done: 1832 carts expired"),
			Once("cart", "INFO", 13.1, "starting cart v1.9.2 (git 51c0e3a)"),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{2.4, 6.8, 9.9} {
				trs = append(trs, Tr{At: at, Root: payTrace(g, false, false)})
			}
			for i, at := range []float64{11.5, 14.2, 15.8, 19.3, 24.6} {
				trs = append(trs, Tr{At: at, Root: payTrace(g, true, i == 2)})
			}
			for _, at := range []float64{12.2, 20.7} {
				d := g.LogNormal(22, 0.4)
				cart := S("cart", "GET /v1/carts/{id}", 0, d)
				trs = append(trs, Tr{At: at, Root: S("api-gateway", "GET /api/cart", 0, d+5, Call(g, "api-gateway", "cart GET /v1/carts/{id}", 2, cart)).A("http.status_code", "200")})
			}
			return trs
		},
		Choices: []Choice{
			{"payments-down", "payments is down: its pods crash and refuse the charges checkout sends"},
			{"gateway-ratelimit", "api-gateway's new rate limit rejects POST /pay requests with a 502"},
			{"cart-release", "cart's release changed totals to minor units; payments rejects them"},
			{"checkout-bad-host", "a checkout config push points it at a misspelled payments hostname"},
			{"dns-outage", "coredns broke when its pod restarted, so no service name resolves"},
		},
		Answer: Answer{
			Choice: "checkout-bad-host", Onset: T,
			Chain: []string{
				"The checkout-config push at 09:11 set PAYMENTS_URL to payments.prod.svc.cluster.locl (a typo for .local)",
				"Each checkout pod reloaded it in turn (09:11:05, 09:12:27, 09:14:00): pay_5xx_ratio climbed 33% -> 66% -> 100%",
				"The lookups fail with NXDOMAIN in ~2 ms, so checkout never reaches payments: payments inbound_rps falls to 0",
				"api-gateway turns checkout's failures into 502s on POST /api/pay and orders stop",
			},
			Evidence: []string{
				"pay_5xx_ratio (api-gateway) steps 0.2% -> 33% at 09:11:10, 66% by 09:12:40, 100% by 09:14:10, one step per checkout pod reload",
				"payments inbound_rps falls in the same thirds to 0 while payments_call_mean_ms drops 85 -> 2 ms: calls fail before they leave checkout",
				"dns_nxdomain_per_s (coredns) rises from 09:11 and its logs show NXDOMAIN only for payments.prod.svc.cluster.locl; cart and the other names resolve",
				"checkout's errors read: dial tcp: lookup payments.prod.svc.cluster.locl on 10.96.0.10:53: no such host",
			},
			Wrong: [][2]string{
				{"payments-down", "A failing payments would still receive requests and answer slowly or with errors; its inbound_rps goes to zero and its pods log nothing wrong beyond the usual card declines."},
				{"gateway-ratelimit", "A rate limit answers 429 at the gateway without calling checkout; these 502s come back from checkout, and no gateway change was made."},
				{"cart-release", "cart deployed at 09:13, two minutes after the errors began, and cart requests stay healthy; payments never sees a single charge to reject."},
				{"dns-outage", "coredns keeps answering 2,400 queries a second and cart, kafka and catalog resolve; only the misspelled name gets NXDOMAIN, before and after the restart."},
			},
			RedHerrings: []string{"payments-deploy", "coredns-restart", "cart-deploy", "payments-down"},
			Proof: []Proof{
				ProveEvent(1, "checkout-config"),
				ProveLog(1, "checkout", "1 key changed: PAYMENTS_URL"),
				ProveMetric(2, "api-gateway", "pay_5xx_ratio", T, T+5),
				ProveLog(3, "coredns", "payments.prod.svc.cluster.locl").Within(T, T+2),
				ProveLog(3, "checkout", "no such host").Within(T, T+3),
				ProveMetric(3, "payments", "inbound_rps", T, T+5),
			},
			Debrief: `A config push (PR #4471) moved checkout's PAYMENTS_URL to the prod namespace and misspelled
the suffix: payments.prod.svc.cluster.locl. Each checkout pod reloaded the configmap on its own
schedule, so the error ratio climbed in thirds as the three pods picked it up. The lookups fail
in about 2 ms with NXDOMAIN: payments was never called, which is why its traffic fell to zero
while its pods looked perfectly healthy.

Fastest path: the errors say "no such host", so the question is which name and since when.
payments' inbound traffic falling to zero says the callee is idle, not failing; the change log
has one change to checkout right before the first step.

Coaching: a callee that receives nothing is not the one that is broken. The coredns restart
and the cart release are real events, but neither is upstream of POST /api/pay, and both come
after the first step in the error ratio. Staircase errors that match the number of pods point
at something each pod picks up on its own: config, a flag, a rollout.
`,
		},
	}
}

// payTrace is POST /api/pay. Broken: checkout's client span fails in ~2 ms
// with no payments server span, and checkout retries twice (100, 200 ms
// backoff). dropped: checkout's own server span was lost by its exporter.
func payTrace(g *G, broken, dropped bool) *Sp {
	if !broken {
		d := g.LogNormal(70, 0.4)
		pay := S("payments", "POST /v1/charges", 0, d+4, Leaf("payments", "stripe POST /v1/payment_intents", 2, d).A("http.status_code", "200"))
		co := S("checkout", "POST /v1/pay", 0, pay.Dur+9, Call(g, "checkout", "payments POST /v1/charges", 3, pay))
		return S("api-gateway", "POST /api/pay", 0, co.Dur+6, Call(g, "api-gateway", "checkout POST /v1/pay", 2, co)).A("http.status_code", "200").L(fmt.Sprintf("POST /api/pay 200 %dms", int(co.Dur+6)))
	}
	kids, off := FastFails(g, "checkout", "payments POST /v1/charges",
		`dial tcp: lookup payments.prod.svc.cluster.locl on 10.96.0.10:53: no such host`, 1.4, 2.6)
	co := S("checkout", "POST /v1/pay", 0, off+1, kids...).E().A("http.status_code", "502")
	if dropped {
		co.Drop()
	}
	return S("api-gateway", "POST /api/pay", 0, off+4, Call(g, "api-gateway", "checkout POST /v1/pay", 1, co)).E().A("http.status_code", "502")
}
