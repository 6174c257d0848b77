package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/signal"
	"firedrill/game/sim/telemetry"
)

// A config push gives checkout a misspelled payments hostname (.locl).
// Lookups fail in ~2 ms, so the callee goes idle rather than failing. The
// pods pick the config up one by one: the errors climb in thirds. Forty
// seconds earlier payments rolled out a release that is really slower
// (a lasting +30 % on its latency and checkout's); twenty-seven seconds
// later an egress network policy landed on checkout (it really blocks an
// analytics beacon, which times out from then on); forty seconds later
// coredns' cache TTL was cut (a lasting rise in its query rate). The first
// Metrics screen (checkout failing, payments idle and error-free) fits
// five stories equally: a bad address, payments' pods unready, a policy
// dropping the traffic, an open circuit breaker, coredns failing lookups.
// Only the error text, the spans' retries, payments' probes and coredns'
// answers tell them apart.
func paymentsDNS() *Script {
	const T = 11.0  // the checkout-config push
	const D = 10.2  // the payments rollout (decoy)
	const K = 11.6  // the coredns cache change (decoy)
	const N = 11.45 // the egress policy on checkout (decoy)
	// each checkout pod (replica slot i) reloads the config at reload[i]
	// and fails every charge from the next 10 s log bucket on (a bucket's
	// lines take its midpoint's rate, so a failure can never be drawn
	// before the pod's own reload line)
	reload := []float64{T + 0.08, T + 1.45, T + 3.0}
	podFail := func(i int) Fn {
		from := math.Ceil((reload[i]+1.0/60)*6) / 6
		return PL(0, 0, from, 0, from+0.01, 1)
	}
	fail := func(m float64) float64 { // share of checkout pods on the bad name
		f := 0.0
		for i := range reload {
			f += podFail(i)(m)
		}
		return f / float64(len(reload))
	}
	live := func(m float64) float64 { return 1 - fail(m) }
	slower := Step(D, 1, 1.32) // payments v3.2.0: an extra idempotency lookup per charge
	payP50 := func(m float64) float64 { return 68 * slower(m) }
	s := &Script{
		ID: "payments-failing", Seed: "payments-dns", Title: "Every payment fails", Difficulty: 1, TimeLimit: 10 * time.Minute,
		Tags:  []string{"payments", "errors", "sev1"},
		Start: time.Date(2025, 9, 3, 9, 0, 0, 0, time.UTC), Minutes: 30, Step: 30, Sampled: 0.1,
		Briefing: `[SEV1] POST /api/pay fails for every customer; orders dropped to zero at about 09:14.
Customers see "payment failed, please try again". Order history still loads.
Find the root cause.
`,
		Hints: []string{
			"Failing fast and failing slow are different stories: how long do the failed payment calls take?",
			"Is payments receiving the requests checkout says it sends, and is it ready to?",
			"Read checkout's error message to the very end, then find when each checkout pod started failing.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout"}, Pods: 2},
			{Name: "checkout", Calls: []string{"payments", "coredns"}},
			{Name: "payments", Calls: []string{"coredns"}, Pods: 2},
			{Name: "coredns", Pods: 2},
		},
		Events: []Ev{
			{At: D, ID: "payments-deploy", Kind: "deploy", Svc: "payments", Text: "payments v3.2.0 (git 9be1d07) rolled out by argo-cd (2/2 pods): stripe-go v79, idempotency keys on every charge"},
			{At: T, ID: "checkout-config", Kind: "config", Svc: "checkout", Text: "configmap checkout-config updated by deploy-bot (PR #4471 'kustomize: consolidate overlays'); pods reload on change"},
			{At: N, ID: "checkout-netpol", Kind: "config", Svc: "checkout", Text: "networkpolicy shop/checkout-egress applied by platform-bot (CHG-1207, egress allowlist rollout)"},
			{At: K, ID: "coredns-config", Kind: "config", Svc: "coredns", Text: "configmap coredns updated by platform-bot (PR #812 'cache 30 -> 5 for faster failover'); reload plugin picks it up"},
			{At: 16, ID: "alert-pay-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV1] api-gateway POST /api/pay 5xx ratio > 20% for 5m"},
			{At: 17, ID: "alert-orders", Kind: "alert", Svc: "checkout", Text: "[SEV1] orders_created_per_min == 0 for 3m"},
		},
		Logs: []Src{
			Access("api-gateway", C(4.5), C(38), 0.6, "GET /api/orders/{int:100000:999999} 200", "GET /api/orders?limit=20 200"),
			Access("api-gateway", func(m float64) float64 { return 2 * live(m) }, func(m float64) float64 { return 150 * slower(m) }, 0.5, "POST /api/pay 200"),
			{Svc: "api-gateway", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 2 * fail(m) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf("POST /api/pay 502 %dms upstream=checkout: upstream returned 502 Bad Gateway", 300+int(g.LogNormal(9, 0.4)))
			}},
			Access("checkout", C(2.5), C(24), 0.5, "GET /v1/orders/{int:100000:999999} 200"),
			Reqs("checkout", "WARN", C(0.3), "charge order ord_{hex:12}: payments returned 402: card_declined"),
			// what the egress policy really blocks: a third-party beacon
			// whose packets are dropped, so it times out after 2 s.
			Lines("checkout", "WARN", Step(N+0.1, 0, 0.7), "analytics beacon dropped: Post \"https://collect.shopmetrics.io/v2/events\": dial tcp 34.117.59.81:443: i/o timeout (2000ms)"),
			Reqs("checkout", "ERROR", C(0.25), "publish order.created ord_{hex:12}: kafka: Failed to produce message to topic orders: Broker: Not enough in-sync replicas (will retry)"),
			Access("payments", func(m float64) float64 { return 3 * live(m) }, payP50, 0.6, "POST /v1/charges 201"),
			Access("payments", C(1.5), C(1), 0.3, "GET /readyz 200"),
			Reqs("payments", "WARN", func(m float64) float64 { return 0.5 * live(m) }, "stripe: request req_{hex:14} failed: card_declined (402): Your card was declined.", "stripe: request req_{hex:14} failed: expired_card (402)"),
			Once("payments", "INFO", D+0.02, "starting payments v3.2.0 (git 9be1d07)").OnSlot(0),
			Once("payments", "INFO", D+0.05, "stripe client ready (api version 2025-07-30.basil), idempotency store: redis").OnSlot(0),
			Once("payments", "INFO", D+0.27, "starting payments v3.2.0 (git 9be1d07)").OnSlot(1),
			Once("payments", "INFO", D+0.3, "stripe client ready (api version 2025-07-30.basil), idempotency store: redis").OnSlot(1),
			{Svc: "coredns", Level: "INFO", PerMin: C(1.2), Msg: func(g *G, m float64) string {
				return fmt.Sprintf(`[INFO] %s:%d - %d "A IN %s.prod.svc.cluster.local. udp 46 false 512" NOERROR qr,aa,rd 106 0.000%ds`, g.IP(), 30000+g.IntN(30000), g.IntN(65535), signal.Pick(g, "cart", "payments", "catalog", "kafka"), 80+g.IntN(120))
			}},
			{Svc: "coredns", Level: "INFO", PerMin: func(m float64) float64 { return 1.5 * fail(m) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf(`[INFO] %s:%d - %d "A IN payments.prod.svc.cluster.locl. udp 48 false 512" NXDOMAIN qr,rd,ra 123 0.000%ds`, g.IP(), 30000+g.IntN(30000), g.IntN(65535), 100+g.IntN(300))
			}},
			Once("coredns", "INFO", K+0.2, "[INFO] Reloading"),
			Once("coredns", "INFO", K+0.22, "[INFO] plugin/reload: Running configuration SHA512 = 8f1a4c…e02b"),
			Once("coredns", "INFO", K+0.24, "[INFO] Reloading complete"),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{2.4, 6.8, 9.9} {
				trs = append(trs, Tr{At: at, Root: payTrace(g, false, false)})
			}
			for i, at := range []float64{11.5, 14.2, 15.8, 19.3, 24.6} {
				trs = append(trs, Tr{At: at, Root: payTrace(g, true, i == 2)})
			}
			return trs
		},
		Choices: []Choice{
			{"not-ready", "payments' new pods fail their readiness check and left the service's endpoints"},
			{"egress-policy", "a network policy now drops the calls checkout makes to payments on the way"},
			{"breaker-open", "checkout's circuit breaker to payments opened and short-circuits each charge"},
			{"bad-address", "checkout now addresses payments by a name that does not exist at all"},
			{"dns-cache", "coredns' shorter cache makes lookups of payments' name fail under the load"},
		},
		Answer: Answer{
			Choice: "bad-address", Onset: T,
			Chain: []string{
				"The checkout-config push at 09:11 set PAYMENTS_URL to payments.prod.svc.cluster.locl (a typo for .local)",
				"Each checkout pod reloaded it in turn (09:11:04, 09:12:27, 09:14:00, each pod's own 'config reloaded' line) and failed every charge from then on: checkout's error ratio climbed in thirds",
				"The lookups fail with NXDOMAIN in ~2 ms, so checkout never reaches payments: payments' request rate falls to 0",
				"api-gateway turns checkout's failures into 502s on POST /api/pay and orders stop",
			},
			Evidence: []string{
				"checkout's http_errors_ratio steps up in the 09:11:30 scrape, again at 09:13:00 and at 09:14:30, one step per checkout pod reload; each pod logs its first 'no such host' seconds after its own 'config reloaded' line and no successful charge after it",
				"payments' http_requests_per_second falls in the same thirds to 0 while its pods log nothing wrong",
				"coredns logs NXDOMAIN only for payments.prod.svc.cluster.locl; cart, catalog and payments.prod.svc.cluster.local resolve",
				"checkout's errors read: dial tcp: lookup payments.prod.svc.cluster.locl on 10.96.0.10:53: 'no such host'",
				"payments' pods keep answering their probes ('GET /readyz 200') and log no restart; traces show every attempt making its own lookup, three retries each",
			},
			Wrong: [][2]string{
				{"not-ready", "payments v3.2.0 is slower (its median went from about 68 to 90 ms at 09:10:12) but its pods stay ready: they answer 'GET /readyz 200' every few seconds throughout, and served every charge they got for half a minute after the rollout. Pods out of the endpoints would give connection refused on the right name; checkout's errors name a host that does not exist."},
				{"egress-policy", "The policy landed at 09:11:27, after the first checkout pod had reloaded (09:11:04) and already failed charges, on all pods at once, so it cannot draw a staircase. Dropped packets time out: that is what the 'analytics beacon dropped ... i/o timeout' warnings are, the policy's real effect. The charge calls fail in 2 ms with 'no such host'."},
				{"breaker-open", "payments never failed before 09:11, so a breaker had nothing to open on; and the traces show every attempt doing its own name lookup (three per charge, retry.attempt 1 to 3), each failing with 'no such host'. A short-circuited call makes no lookup and no attempt."},
				{"dns-cache", "The coredns reload came at 09:11:48, 44 s after the first checkout pod reloaded its config and after its first 'no such host'; coredns keeps answering NOERROR for payments.prod.svc.cluster.local and every other name, and more queries than before. Only the misspelled payments.prod.svc.cluster.locl gets NXDOMAIN."},
			},
			RedHerrings: []string{"payments-deploy", "checkout-netpol", "coredns-config", "not-ready", "dns-cache"},
			Proof: []Proof{
				ProveLog(1, "checkout", "1 key changed: PAYMENTS_URL"),
				ProveEvent(1, "checkout-config"),
				ProveMetric(2, "checkout", "http_errors_ratio", T, 30),
				ProveLog(2, "checkout", "config reloaded from configmap checkout-config"),
				ProveLog(3, "coredns", "payments.prod.svc.cluster.locl").Within(T, T+6),
				ProveLog(3, "checkout", "no such host").Within(T, T+3),
				ProveMetric(3, "payments", "http_requests_per_second", T, 30),
				ProveLog(3, "payments", "GET /readyz 200").Within(T+3, T+6),
				ProveSpan(3, "checkout", "payments POST /v1/charges", true),
				ProveLog(4, "api-gateway", "POST /api/pay 502").Within(T, T+6),
				ProveMetric(4, "api-gateway", "http_errors_ratio", T, 30),
			},
			Debrief: `A config push (PR #4471) moved checkout's PAYMENTS_URL to the prod namespace and misspelled
the suffix: payments.prod.svc.cluster.locl. Each checkout pod reloaded the configmap on its own
schedule, so the errors climbed in thirds as the three pods picked it up. The lookups fail in
about 2 ms with NXDOMAIN: payments was never called, which is why its traffic fell to zero
while its pods looked healthy.

The tempting quick bet: the first Metrics screen shows checkout failing and payments receiving
nothing while its own errors stay flat, and five stories draw that screen: payments' new pods
unready, a network policy dropping the calls, checkout's circuit breaker open, coredns failing
lookups after its cache change, or a bad address. Four changes sit within two minutes: payments
v3.2.0 forty seconds before (its latency really rose and stayed up: the first lasting move on
the board), the config push, an egress policy on checkout 27 s after it (it really blocks an
analytics beacon, which times out from then on), and the coredns cache cut (its query rate
really stays higher). Neither "the change nearest the cliff" nor "never the nearest change"
decides it.

The evidence does. checkout's errors are "no such host" for payments.prod.svc.cluster.locl, in
2 ms: not a timeout (a dropped packet), not a refused connection (an empty endpoint list), not
a short circuit (each trace shows three attempts, each with its own lookup). payments' pods keep
answering their readiness probes. coredns answers every real name and returns NXDOMAIN only for
the misspelled one, and the first checkout pod failed before coredns reloaded and before the
policy landed.

Fastest path: the errors say "no such host", so the question is which name and since when.
payments' request rate falling to zero (0 rps from 09:15) says the callee is idle, not failing; the three config
reload lines match the three steps. Coaching: a callee that receives nothing is not the one
that is broken, and a staircase whose steps match the number of pods points at something each
pod picks up on its own: config, a flag, a rollout.
`,
		},
	}
	// each checkout pod's own lines: its reload, then its failures; its
	// successful charges until then (a third of the traffic each)
	for i := range reload {
		pf := podFail(i)
		s.Logs = append(s.Logs,
			Once("checkout", "INFO", reload[i], "config reloaded from configmap checkout-config (resourceVersion 8812931): 1 key changed: PAYMENTS_URL").OnSlot(i),
			Access("checkout", func(m float64) float64 { return 4.0 / 3 * (1 - pf(m)) }, func(m float64) float64 { return payP50(m) + 20 }, 0.5, "POST /v1/pay 200").OnSlot(i),
			Src{Svc: "checkout", Level: "INFO", Req: true, PerMin: func(m float64) float64 { return 4.0 / 3 * pf(m) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf("POST /v1/pay 502 %dms", 300+int(g.LogNormal(6, 0.3)))
			}}.OnSlot(i),
			Src{Svc: "checkout", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 4.0 / 3 * pf(m) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf(`charge order ord_%s: Post "http://payments.prod.svc.cluster.locl:8080/v1/charges": dial tcp: lookup payments.prod.svc.cluster.locl on 10.96.0.10:53: no such host`, g.Hex(12))
			}}.OnSlot(i))
	}
	gwErr := func(m float64) float64 { return 0.001 + 0.305*fail(m) }
	coErr := func(m float64) float64 { return 0.001 + 0.6*fail(m) }
	coP50 := func(m float64) float64 { return live(m)*(payP50(m)+20) + fail(m)*300 }
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(310), gwErr, func(m float64) float64 { return 38 + 0.3*(coP50(m)-88) }, 3.2),
			Res: pods(C(0.42), C(210), C(0.6), C(0.18), C(0.22))},
		{Svc: "checkout", Kind: telemetry.HTTP, RT: telemetry.JVM,
			Req: web(C(160), coErr, coP50, 2.6),
			Res: pods(C(0.55), C(1450), C(18), func(m float64) float64 { return 0.25 * coP50(m) / 88 }, func(m float64) float64 { return 0.3 * live(m) * slower(m) })},
		{Svc: "payments", Kind: telemetry.HTTP, RT: telemetry.Go, Version: "v3.1.4", Rollout: D, NewVersion: "v3.2.0",
			Req: web(func(m float64) float64 { return 95 * live(m) }, C(0.002), payP50, 2.8),
			Res: pods(func(m float64) float64 { return 0.03 + 0.3*live(m) }, func(m float64) float64 { return 180 * (1 + 0.3*(slower(m)-1)) }, C(0.5),
				func(m float64) float64 { return 0.02 + 0.3*live(m)*slower(m) }, func(m float64) float64 { return 0.02 + 0.25*live(m) })},
		{Svc: "coredns", Kind: telemetry.HTTP, RT: telemetry.Go, Gaps: [][2]float64{{22.9, 23.1}},
			Req: web(PL(0, 2400, K+0.2, 2400, K+0.3, 3300, 30, 3350), C(0.0005), C(0.4), 4),
			Res: pods(PL(0, 0.08, K+0.2, 0.08, K+0.3, 0.11), C(42), C(0.3), C(0.05), C(0))},
	})
	return s
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
