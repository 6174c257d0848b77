package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// payments' external card processor (payrail) degrades on its side: its
// API answers in seconds instead of a quarter of one, and one call in
// twelve gets a 503. Nothing in the shop changed. Forty seconds before,
// payments rolled out a release whose client settings really changed (a
// larger outbound connection cap, logged at start); three minutes before,
// its database pool was raised; a minute after, checkout shipped a release
// that really does cost more CPU. The first Metrics screen shows payments
// slow with fraud and postgres flat, which fits four mechanisms on
// payments' way out equally: the processor, the egress proxy, the client's
// connection pool, a client that reconnects on every call. Only payments'
// own client lines and the span attributes tell them apart.
func vendorDegraded() *Script {
	const T = 13.0                          // payrail starts to degrade
	const P = 10.0                          // payments-config (decoy)
	const R = 12.35                         // payments release (decoy, 40 s before)
	const C5 = 14.0                         // checkout release (decoy)
	slow := PL(0, 0, T, 0, T+0.6, 1, 30, 1) // how far payrail has degraded
	payP50 := func(m float64) float64 { return 260 + 1900*slow(m) }
	payErr := func(m float64) float64 { return 0.003 + 0.085*slow(m) }
	pool := Step(P, 1, 1.45)
	heavier := Step(C5, 1, 1.4)
	// conns is one payments pod's outbound connections in use: its share
	// of the charges times how long payrail holds each (Little's law).
	conns := func(m float64) float64 { return 52 * payP50(m) / 1000 }
	s := &Script{
		ID: "orders-crawl", Seed: "vendor-degraded", Title: "Orders crawl, some payments fail", Difficulty: 2, TimeLimit: 12 * time.Minute,
		Tags:  []string{"latency", "errors", "sev2"},
		Start: time.Date(2025, 11, 4, 9, 0, 0, 0, time.UTC), Minutes: 30, Step: 30, Sampled: 0.1,
		Briefing: `[SEV2] api-gateway p95 on POST /api/orders above 2s for 5 minutes; some orders fail.
Support: "the pay button spins for ages, then sometimes says try again". Browsing is fine.
Find the root cause.
`,
		Hints: []string{
			"Where does a slow checkout spend its time? Follow one request through its trace and read the attributes of the span that grew.",
			"payments logs its outbound client's statistics every minute: did charges wait for a connection, or open new ones?",
			"Read payments' warnings to the end: who says how long it spent on each charge?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout"}, Pods: 2},
			{Name: "checkout", Calls: []string{"payments", "fraud"}, Pods: 2},
			{Name: "payments", Calls: []string{"postgres"}, Pods: 2},
			{Name: "fraud", Pods: 2},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 4, ID: "pg-vacuum", Kind: "note", Svc: "postgres", Text: "autovacuum: VACUUM ANALYZE public.payments started (scheduled)"},
			{At: P, ID: "payments-config", Kind: "config", Svc: "payments", Text: "configmap payments-config: DB_POOL_MAX 20 -> 40 (ops, ticket PAY-311)"},
			{At: R, ID: "payments-deploy", Kind: "deploy", Svc: "payments", Text: "payments v2.14.0 (git 3c9d1e0) rolled out by argo-cd (2/2 pods): PR #812 tune client settings, bump deps"},
			{At: C5, ID: "checkout-deploy", Kind: "deploy", Svc: "checkout", Text: "checkout v5.8.0 (git 7b2e44c) rolled out by argo-cd (2/2 pods): gift-wrap options, order summary v2"},
			{At: T + 4, ID: "alert-p95", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway POST /api/orders p95 > 2s for 5m"},
			{At: T + 5, ID: "alert-pay", Kind: "alert", Svc: "payments", Text: "[WARN] payments 5xx ratio > 5% for 5m"},
		},
		Logs: []Src{
			Access("api-gateway", C(7), C(40), 0.6, "GET /api/products/{int:1000:9999} 200", "GET /api/cart 200", "GET /api/products?category={pick:shoes|bags|kitchen} 200"),
			Access("api-gateway", func(m float64) float64 { return 3 * (1 - payErr(m)) }, func(m float64) float64 { return payP50(m) + 80 }, 0.4, "POST /api/orders 201"),
			{Svc: "api-gateway", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 3 * payErr(m) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf("POST /api/orders 502 %dms upstream=checkout: upstream returned 502 Bad Gateway", int(payP50(m)+g.LogNormal(90, 0.3)))
			}},
			Access("checkout", func(m float64) float64 { return 4 * (1 - payErr(m)) }, func(m float64) float64 { return payP50(m) + 60 }, 0.4, "POST /v1/orders 201"),
			{Svc: "checkout", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 4 * payErr(m) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf("POST /v1/orders 502 %dms: payments.Charge: payments returned 502", int(payP50(m)+g.LogNormal(60, 0.3)))
			}},
			Reqs("checkout", "WARN", C(0.3), "POST /v1/orders: coupon {pick:SPRING10|WELCOME5|VIP20} expired, ignored"),
			Access("payments", func(m float64) float64 { return 8 * (1 - payErr(m)) }, payP50, 0.4, "POST /v1/charges 201"),
			{Svc: "payments", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 8 * payErr(m) }, Msg: func(g *G, m float64) string {
				if g.IntN(3) == 0 {
					return fmt.Sprintf(`POST /v1/charges 502 5001ms: payrail: Post "https://api.payrail.io/v1/charges": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)
				}
				return fmt.Sprintf("POST /v1/charges 502 %dms: payrail: 503 Service Unavailable (payrail-request-id req_%s): upstream overloaded, retry later", int(g.LogNormal(1800, 0.3)), g.Hex(12))
			}},
			// payrail reports its own processing time in a response header;
			// payments warns on every charge slower than a second.
			{Svc: "payments", Level: "WARN", Req: true, PerMin: func(m float64) float64 { return 3.5 * slow(m) }, Msg: func(g *G, m float64) string {
				total := g.LogNormal(payP50(m), 0.25)
				return fmt.Sprintf("POST /v1/charges: payrail slow: %dms total, payrail-processing-ms=%d, conn_wait=0ms, conn_reused=true", int(total), int(total-g.LogNormal(28, 0.3)))
			}},
			Reqs("payments", "WARN", C(0.4), "POST /v1/charges: payrail: card declined (do_not_honor) for charge ch_{hex:12}"),
			Once("payments", "INFO", P+0.05, "config reloaded: db pool max_open=40 (was 20)").OnSlot(0),
			Once("payments", "INFO", P+0.07, "config reloaded: db pool max_open=40 (was 20)").OnSlot(1),
			Once("payments", "INFO", R+0.12, "starting payments v2.14.0 (go1.25.4): payrail client max_conns_per_host=256 (was 128), keep-alive on, idle_conn_timeout=90s, timeout=5s").OnSlot(0),
			Once("payments", "INFO", R+0.37, "starting payments v2.14.0 (go1.25.4): payrail client max_conns_per_host=256 (was 128), keep-alive on, idle_conn_timeout=90s, timeout=5s").OnSlot(1),
			Access("fraud", C(4), C(14), 0.5, "POST /v1/score 200"),
			Reqs("fraud", "WARN", C(0.2), "POST /v1/score: model feature 'device_age_days' missing, using default"),
			Lines("postgres", "INFO", C(1), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled",
				"LOG:  duration: {msf:200:0.3} ms  statement: INSERT INTO payments (id, order_id, amount_cents, status) VALUES ($1, $2, $3, $4)"),
			Lines("postgres", "ERROR", C(0.25), `ERROR:  duplicate key value violates unique constraint "payments_idempotency_key"`),
			Once("postgres", "ERROR", 5.63, `ERROR:  duplicate key value violates unique constraint "payments_idempotency_key"`),
			Once("postgres", "ERROR", 9.21, `ERROR:  duplicate key value violates unique constraint "payments_idempotency_key"`),
			Once("postgres", "INFO", 4, `LOG:  automatic vacuum of table "shop.public.payments": index scans: 1`),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{3.1, 7.4, 11.2} {
				trs = append(trs, Tr{At: at, Root: checkoutPayTrace(g, 0, i == 1)})
			}
			for i, at := range []float64{14.3, 16.8, 19.5, 22.1, 25.6, 28.2} {
				trs = append(trs, Tr{At: at, Root: checkoutPayTrace(g, 1+i%3, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"client-pool", "payments runs out of connections to the processor and charges wait for one"},
			{"egress-proxy", "the egress proxy payments sends outbound calls through holds them in a queue"},
			{"processor-slow", "the card processor payments charges through takes longer on each charge"},
			{"reconnect-each-call", "payments now opens a new TLS connection to the processor for every charge"},
			{"postgres-writes", "payments' database writes slowed down under the larger number of backends"},
			{"checkout-release", "checkout's latest release added a slow step to every order it places"},
		},
		Answer: Answer{
			Choice: "processor-slow", Onset: T,
			Chain: []string{
				"From 09:13 payrail, payments' external card processor, degraded on its side: its own 'payrail-processing-ms' header reports about 2 s instead of 0.25 s, and one call in twelve gets '503 Service Unavailable' with a payrail-request-id",
				"payments waits on payrail for every charge: its http_request_duration_p50_ms climbs from ~260 ms to over 2 s (its http_request_duration_p95_ms from ~560 ms to ~4.6 s), every second of it inside the span 'payrail POST /v1/charges', while its INSERT spans stay ~3 ms",
				"checkout waits on payments, so POST /v1/orders takes over 2 s and fails with 502 whenever payrail does",
				"api-gateway's http_request_duration_p95_ms on POST /api/orders passes 2 s and ~9% of checkouts fail; browsing never touches payments and stays fast",
			},
			Evidence: []string{
				"http_request_duration_p50_ms and http_request_duration_p95_ms (payments) climb from the 09:13:30 scrape, the median from ~260 ms to over 2 s, with no change event in that minute (the payments release had finished at 09:12:46)",
				"payments' slow-charge warnings (from 09:13:44) say 'payrail-processing-ms' is the whole call but ~30 ms, and 'conn_wait=0ms, conn_reused=true' on every one",
				"payments' client statistics every minute (the new pods' first at 09:13:28): 'waited_for_conn=0' throughout and, past each new pod's first minute, 'new_conns=0' (or 1), with conns_in_use between about 85 and 125 of 256",
				"Trace b6c528218a0086869da55b9c32c1d6e0 (09:14:18), the first slow one: 1.67 s of it in the span 'payrail POST /v1/charges', whose attribute payrail.processing_ms=1640 is payrail's own time; every later trace alike",
			},
			Wrong: [][2]string{
				{"egress-proxy", "A queue in front of payrail would show as time payrail did not count: but payrail's own 'payrail-processing-ms' header (in payments' slow-charge warnings and the span attributes) is the whole call but ~30 ms, so the time is spent at payrail, not on the way there."},
				{"client-pool", "payments' client statistics say 'waited_for_conn=0' every minute and conns_in_use peaks near 125 of 256 (the release raised the cap from 128); the slow-charge warnings show 'conn_wait=0ms'. Charges never queued for a connection; each one held its connection longer."},
				{"reconnect-each-call", "The payments release did change client settings, but its start line says 'keep-alive on'; the client statistics show new_conns=0 or 1 a minute once each new pod has filled its pool, and the warnings 'conn_reused=true'. A TLS handshake costs tens of ms, not 2 s, and cannot make payrail answer 503."},
				{"postgres-writes", "The pool raise at 09:10 really does keep more backends on postgres, but pg_query_duration_p50_ms is flat and the INSERT spans take ~3 ms throughout."},
				{"checkout-release", "checkout v5.8.0 shipped at 09:14, a minute after payments slowed, and its own cost (a lasting rise in CPU) is small; inside a slow checkout trace the time is in payments."},
			},
			RedHerrings: []string{"payments-deploy", "payments-config", "checkout-deploy", "pg-vacuum", "postgres-writes"},
			Proof: []Proof{
				ProveLog(1, "payments", "payrail-processing-ms").Within(T, T+4),
				ProveLog(1, "payments", "payrail: 503 Service Unavailable").Within(T, 30),
				ProveMetric(2, "payments", telemetry.DurationName(telemetry.HTTP, "p50"), T, 30),
				ProveSpan(2, "payments", "payrail POST /v1/charges", false).Within(T, 30),
				ProveSpan(2, "payments", "payrail POST /v1/charges", true),
				ProveMetric(2, "payments", telemetry.DurationName(telemetry.HTTP, "p95"), T, 30),
				ProveLog(2, "payments", "waited_for_conn=0").Within(T+1, T+8),
				ProveLog(2, "payments", "new_conns=0").Within(T+1, T+8),
				ProveLog(2, "payments", "conn_wait=0ms, conn_reused=true").Within(T, T+4),
				ProveMetric(4, "api-gateway", telemetry.DurationName(telemetry.HTTP, "p95"), T, 30),
			},
			Debrief: `payrail, the card processor payments sends every charge to, degraded on its side from 09:13:
its API took about 2 s instead of a quarter of a second and answered one call in twelve with
503. payments waited for it on every charge, checkout waited for payments, and the pay button
spun. Nothing in the shop caused it; payrail's status page owned up half an hour later.

The tempting quick bet here: the first Metrics screen shows payments slow while fraud and
postgres stay flat, so the trouble is on payments' way out. That narrows it to four stories
that draw the same screen: payrail slow, the egress proxy queueing, payments' connection pool
to payrail exhausted, or the payments release 40 s before onset ("tune client settings")
reconnecting on every call. The change log tempts you to the release; the habit "it is never
the nearest change" tempts you to any of the other three. Neither decides it.

What decides it is payments' own client. Its slow-charge warnings carry payrail's response
header payrail-processing-ms: the whole call but ~30 ms, so the time is spent at payrail,
not in a proxy before it. The same lines say conn_wait=0ms and conn_reused=true, and the
client statistics every minute say waited_for_conn=0 and new_conns of 0 or 1 with at most ~125 of 256
connections in use: no pool ran dry and nothing reconnects (the release raised the cap from
128 and kept keep-alive on, as its start line says). The 503s carry payrail-request-ids:
they come from payrail itself.

Fastest path: open a slow checkout trace, find the span that grew and read its attributes;
then read payments' warnings. Coaching: when several mechanisms draw the same graph, look for
the one line that splits the time (who says how long they spent); a dependency you do not run
can break without telling your change log.
`,
		},
	}
	// each pod's client reports once a minute from its start; the
	// release's pods take slots 0 and 1 at R and R+0.25
	s.Logs = Join(s.Logs,
		clientStats(conns, 0, -10, 0.42, R, 128), clientStats(conns, 1, -10, 0.63, R+0.25, 128),
		clientStats(conns, 0, R+0.12, R+1.12, 30, 256), clientStats(conns, 1, R+0.37, R+1.37, 30, 256))
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: func(m float64) telemetry.Requests {
				p := 42 + 60*slow(m)
				return telemetry.Requests{RPS: 420, Err: 0.001 + 0.25*payErr(m), P50: p, P95: 180 + 2300*slow(m), P99: 520 + 4200*slow(m)}
			},
			Res: pods(C(0.5), C(210), C(0.5), C(0.15), func(m float64) float64 { return 0.15 + 0.4*slow(m) })},
		{Svc: "checkout", Kind: telemetry.HTTP, RT: telemetry.JVM,
			Req: cappedAt(web(C(105), func(m float64) float64 { return 0.001 + payErr(m) }, func(m float64) float64 { return payP50(m) + 60 }, 2.2), 5090),
			Res: pods(func(m float64) float64 { return 0.4 * heavier(m) }, C(1350), C(16), func(m float64) float64 { return 0.2 + 0.6*slow(m) }, func(m float64) float64 { return 0.2 + 0.7*slow(m) })},
		{Svc: "payments", Kind: telemetry.HTTP, RT: telemetry.Go, Gaps: [][2]float64{{21.9, 22.1}},
			Req: cappedAt(web(C(105), payErr, payP50, 2.2), 5030), // payrail's 5 s client timeout
			Res: pods(C(0.25), C(190), C(0.5), func(m float64) float64 { return 0.15 + 0.8*slow(m) }, func(m float64) float64 { return 0.12 + 0.3*slow(m) })},
		{Svc: "fraud", Kind: telemetry.HTTP, RT: telemetry.JVM,
			Req: web(C(105), C(0.001), C(14), 2.5), Res: pods(C(0.6), C(2100), C(14), C(0.2), C(0.05))},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native,
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 420, Err: 0.0003, P50: 0.9, P95: 3.2, P99: 8}
			},
			Res: pods(C(0.7), C(4800), C(0), func(m float64) float64 { return 0.2 * pool(m) }, C(0))},
	})
	s.Services[1].Version = "v5.7.2"
	s.Services[1].Rollouts = []Rollout{{At: C5, Version: "v5.8.0"}}
	s.Services[2].Version = "v2.13.4"
	s.Services[2].Rollouts = []Rollout{{At: R, Version: "v2.14.0"}}
	return s
}

// clientStats is the minute line of the payments pod in replica slot
// about its payrail client, from minute first until minute until (the
// pod started at minute started): connections in use (conns(m)), the cap,
// charges that waited for a connection (none) and connections opened in
// the last minute (the report that covers a pod's first minute shows it
// opening its pool).
func clientStats(conns Fn, slot int, started, first, until float64, cap int) []Src {
	return Ticker("payments", "INFO", slot, first, until, 1, func(g *G, m float64) string {
		fresh := g.IntN(2)
		if m < started+1.05 {
			fresh = 8 + g.IntN(6)
		}
		in := int(conns(m) * g.Uniform(0.9, 1.1))
		return fmt.Sprintf("payrail client stats (60s): conns_in_use=%d/%d idle=%d waited_for_conn=0 new_conns=%d", in, cap, 4+g.IntN(6), fresh)
	})
}

// checkoutPayTrace is POST /api/orders. mode 0: healthy. 1: payrail
// slow (~2 s). 2: payrail answers 503 after ~1.8 s. 3: payrail times out
// at 5 s. dropped: checkout's server span was not exported.
func checkoutPayTrace(g *G, mode int, dropped bool) *Sp {
	fr := Call(g, "checkout", "fraud POST /v1/score", 1, S("fraud", "POST /v1/score", 0, g.LogNormal(14, 0.3)))
	var vendor *Sp
	status := "201"
	switch mode {
	case 0:
		vendor = Leaf("payments", "payrail POST /v1/charges", 1, g.LogNormal(240, 0.3)).A("http.status_code", "200", "server.address", "api.payrail.io")
	case 1:
		vendor = Leaf("payments", "payrail POST /v1/charges", 1, g.LogNormal(2100, 0.2)).A("http.status_code", "200", "server.address", "api.payrail.io")
	case 2:
		vendor = Leaf("payments", "payrail POST /v1/charges", 1, g.LogNormal(1800, 0.2)).E().A("http.status_code", "503", "server.address", "api.payrail.io")
		status = "502"
	case 3:
		vendor = Leaf("payments", "payrail POST /v1/charges", 1, 5000).E().A("server.address", "api.payrail.io", "error.message", "context deadline exceeded (Client.Timeout exceeded while awaiting headers)")
		status = "502"
	}
	// payrail's own timing header (it answered), and how the client got
	// its connection (always: a reused one, at once).
	if mode < 3 {
		vendor.A("payrail.processing_ms", fmt.Sprint(int(vendor.Dur-g.LogNormal(28, 0.3))))
	}
	vendor.A("http.conn_reused", "true", "http.conn_wait_ms", "0")
	ins := Leaf("payments", "INSERT payments", vendor.Off+vendor.Dur+0.5, g.LogNormal(3, 0.3)).A("db.system", "postgresql")
	pay := S("payments", "POST /v1/charges", 0, ins.Off+ins.Dur+1, vendor, ins)
	if status != "201" {
		pay.E()
	}
	pc := Call(g, "checkout", "payments POST /v1/charges", fr.Off+fr.Dur+1, pay)
	co := S("checkout", "POST /v1/orders", 0, pc.Off+pc.Dur+4, fr, pc)
	if status != "201" {
		co.E()
	}
	if dropped {
		co.Drop()
	}
	root := S("api-gateway", "POST /api/orders", 0, co.Dur+5, Call(g, "api-gateway", "checkout POST /v1/orders", 2, co)).A("http.status_code", status)
	if status != "201" {
		root.E()
	}
	return root.L(fmt.Sprintf("POST /api/orders %s %dms", status, int(root.Dur)))
}
