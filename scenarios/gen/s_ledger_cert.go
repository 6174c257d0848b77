package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// ledger's serving certificate expires at 14:07:31Z, ninety days to the
// second after cert-manager last issued it; the renewal has been failing
// for weeks. Every handshake from wallet fails in ~3 ms (a transfer, three
// attempts with backoffs, fails after ~305 ms) and ledger's traffic is
// gone within one scrape. No change caused it: ledger deployed
// sixteen minutes earlier (a real, lasting latency gain), fx-rates' config
// changed two minutes after; both are near enough to be blamed.
func ledgerCert() *Script {
	const T = 22 + 31.0/60 // 14:07:31Z, the certificate's NotAfter
	const R = 6.0          // the ledger rollout (decoy)
	const notAfter = "2025-10-14T14:07:31Z"
	start := time.Date(2025, 10, 14, 13, 45, 0, 0, time.UTC)
	down := Step(T, 0, 1)
	up := func(m float64) float64 { return 1 - down(m) }
	faster := Step(R, 1, 0.8) // v7.3.1 paginates entries: its reads got faster
	s := &Script{
		ID: "transfers-failing", Seed: "ledger-cert", Title: "Transfers failing", Difficulty: 2, TimeLimit: 12 * time.Minute,
		Tags:  []string{"transfers", "errors", "sev1"},
		Start: start, Minutes: 30, Step: 30, Sampled: 0.05,
		Briefing: `[SEV1] api-gateway 5xx on POST /api/transfers above 90% for 5 minutes.
Support: "every transfer fails with 'temporarily unavailable'"; balances still load.
Find the root cause.
`,
		Hints: []string{
			"Look at the exact second the errors start, and at what changed (or did not) right then.",
			"How long does a failing call from wallet to ledger take, and does ledger ever see it?",
			"Read wallet's error text to the end: what time does it compare against what?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"wallet", "fx-rates"}, Pods: 2},
			{Name: "wallet", Calls: []string{"ledger", "fx-rates"}, Pods: 2},
			{Name: "ledger", Calls: []string{"postgres"}, Pods: 2},
			{Name: "fx-rates", Pods: 1},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 3, ID: "pg-basebackup", Kind: "note", Svc: "postgres", Text: "pg_basebackup to s3://backups/ledger started (daily 13:48)"},
			{At: R, ID: "ledger-deploy", Kind: "deploy", Svc: "ledger", Text: "ledger v7.3.1 (git c01d2e9) rolled out by argo-cd (2/2 pods): entries pagination"},
			{At: T + 2, ID: "fx-config", Kind: "config", Svc: "fx-rates", Text: "configmap fx-rates-config: REFRESH_INTERVAL 60s -> 30s (ops, ticket FX-212)"},
			{At: T + 3, ID: "alert-net", Kind: "alert", Text: "[WARN] node ip-10-0-3-17.ec2.internal: TCP retransmits > 1% for 2m"},
			{At: T + 5, ID: "alert-transfers", Kind: "alert", Svc: "api-gateway", Text: "[SEV1] api-gateway POST /api/transfers 5xx > 50% for 5m"},
		},
		Logs: []Src{
			Access("api-gateway", C(6), C(35), 0.6, "GET /api/balances 200", "GET /api/transfers?limit=20 200", "GET /api/fx/quote?pair={pick:EURUSD|GBPUSD|USDJPY} 200"),
			Access("api-gateway", Mul(C(0.6), up), C(60), 0.5, "POST /api/transfers 201"),
			{Svc: "api-gateway", Level: "ERROR", Req: true, PerMin: Mul(C(0.6), down), Msg: func(g *G, m float64) string {
				return fmt.Sprintf("POST /api/transfers 502 %dms upstream=wallet: upstream returned 502 Bad Gateway", 305+g.IntN(12))
			}},
			Access("wallet", C(4.5), C(20), 0.5, "GET /v1/balances/{uuid} 200"),
			Access("wallet", Mul(C(1.5), up), C(30), 0.5, "POST /v1/transfers 201"),
			{Svc: "wallet", Level: "ERROR", Req: true, PerMin: Mul(C(1.5), down), Msg: func(g *G, m float64) string {
				now := start.Add(time.Duration(m * float64(time.Minute)))
				return fmt.Sprintf(`POST /v1/transfers 502 %dms: ledger.Post: Post "https://ledger.prod.svc.cluster.local:8443/v1/entries": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time %s is after %s`,
					304+g.IntN(10), now.Format(time.RFC3339), notAfter)
			}},
			Reqs("wallet", "ERROR", C(0.15), "fx quote EUR/{pick:TRY|ARS|NGN}: fx-rates returned 404: pair not supported"),
			Access("ledger", Mul(C(3), up), func(m float64) float64 { return 12 * faster(m) }, 0.5, "POST /v1/entries 201", "GET /v1/entries?account={uuid} 200"),
			Lines("ledger", "WARN", Mul(C(1.5), down), "http: TLS handshake error from {ip}:{int:30000:60000}: remote error: tls: bad certificate"),
			Reqs("ledger", "WARN", C(0.12), "POST /v1/entries: duplicate idempotency key {uuid}: 409 Conflict"),
			Access("fx-rates", PL(0, 1.2, T+2, 1.2, T+2.1, 2.4), C(6), 0.4, "GET /v1/rates/{pick:EUR|GBP|USD|JPY} 200"),
			Once("fx-rates", "INFO", T+2.1, "config reloaded: refresh_interval=30s"),
			Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
			Once("postgres", "INFO", 3, `LOG:  checkpoint starting: force wait`),
			Once("postgres", "INFO", 4.4, `LOG:  checkpoint complete: wrote 18821 buffers (14.4%); 0 WAL file(s) added, 2 removed, 3 recycled`),
			Lines("postgres", "ERROR", C(0.06), `ERROR:  duplicate key value violates unique constraint "entries_idempotency_key"`),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{4.2, 11.6, 16.1, 21.2} {
				trs = append(trs, Tr{At: at, Root: transferTrace(g, false, false)})
			}
			for i, at := range []float64{22.8, 23.9, 25.4, 28.8} {
				trs = append(trs, Tr{At: at, Root: transferTrace(g, true, i == 1)})
			}
			return trs
		},
		Choices: []Choice{
			{"wallet-pool", "wallet ran out of pooled connections to ledger and drops new calls"},
			{"postgres-backup", "the daily postgres backup locked ledger's table against writes"},
			{"ledger-release", "ledger's latest release broke the write path that transfers need"},
			{"network-drops", "a node's network loses many packets between wallet and ledger on the way"},
			{"ledger-identity", "ledger's identity is no longer accepted by wallet, so calls are refused"},
			{"gateway-auth", "api-gateway rejects transfer requests since its signing key rotated"},
		},
		Answer: Answer{
			Choice: "ledger-identity", Onset: T,
			Chain: []string{
				"ledger's serving certificate (NotAfter 2025-10-14T14:07:31Z) was never renewed: cert-manager's renewals had been failing for weeks",
				"From 14:07:31 wallet's TLS client rejects ledger's certificate: every attempt fails in the handshake in ~3 ms (three attempts with backoffs: ~305 ms per transfer) and ledger's request rate falls to almost 0 in the 14:08:00 scrape",
				"wallet answers 502 to every transfer after two retries; api-gateway's error ratio jumps in the same scrape",
				"Balances and fx quotes never touch ledger's TLS listener, so they stay healthy",
			},
			Evidence: []string{
				"http_requests_per_second (ledger) drops from ~50 to almost 0 in the 14:08:00 scrape, with no change event within two minutes before it",
				"wallet logs x509: certificate has expired or is not yet valid: current time ... is after 2025-10-14T14:07:31Z",
				"ledger logged NotAfter=2025-10-14T14:07:31Z when its new pods started at 13:51; transfers were fine for sixteen minutes after the deploy",
				"ledger logs TLS handshake errors (remote error: tls: bad certificate) from 14:07:31: the calls arrive and are refused during the handshake",
			},
			Wrong: [][2]string{
				{"wallet-pool", "An exhausted pool makes calls wait; here each attempt fails in ~3 ms in the handshake (the ~305 ms of a failed transfer are two retry backoffs), and wallet still serves balances from the same pods."},
				{"postgres-backup", "The backup ran 13:48-13:49 and transfers kept working until 14:07; after 14:07 ledger receives no queries to lock."},
				{"ledger-release", "ledger v7.3.1 served transfers cleanly for sixteen minutes, a little faster than before. A code bug would fail requests inside ledger; these never complete a TLS handshake."},
				{"network-drops", "Packet loss slows connections and fails some; here every handshake completes and is rejected by certificate validation, from every wallet pod."},
				{"gateway-auth", "A gateway rejection would be a 401 or 403 that never reaches wallet; wallet itself reports the x509 error and returns 502."},
			},
			RedHerrings: []string{"ledger-deploy", "fx-config", "alert-net", "pg-basebackup", "ledger-release"},
			Proof: []Proof{
				ProveLog(1, "ledger", "NotAfter=2025-10-14T14:07:31Z"),
				ProveMetric(2, "ledger", "http_requests_per_second", T, T+5),
				ProveLog(2, "wallet", "x509: certificate has expired").Within(T, T+8),
				ProveLog(2, "ledger", "remote error: tls: bad certificate").Within(T, T+8),
				ProveSpan(2, "wallet", "ledger POST /v1/entries", true),
				ProveMetric(2, "ledger", telemetry.CPUName, T, T+5),
				ProveMetric(3, "api-gateway", "http_errors_ratio", T, T+5),
				ProveMetric(3, "api-gateway", telemetry.DurationName(telemetry.HTTP, "p95"), T, T+5),
				ProveMetric(3, "wallet", telemetry.ErrorsName(telemetry.HTTP), T, T+5),
				ProveMetric(3, "wallet", telemetry.DurationName(telemetry.HTTP, "p95"), T, T+5),
			},
			Debrief: `ledger's serving certificate expired at 14:07:31Z, ninety days to the second after
cert-manager issued it; its renewal had been failing for weeks and nobody was paged for it.
From that second every TLS handshake from wallet failed certificate validation, so ledger's
traffic vanished in a single scrape and every transfer came back as 502. Nothing else depended
on ledger's listener, so balances and fx quotes carried on.

The tempting shortcut is "what changed just before?": nothing did. The nearest change is the
fx-rates config two minutes after the cliff, on a path transfers do not take; the last
release, ledger v7.3.1, shipped sixteen minutes earlier and its own lasting effect (reads about
a fifth faster) is real but harmless. A cause with no change event needs another question:
what does the failing call itself say?

Fastest path: the error ratio is a cliff, not a ramp. Each of wallet's attempts fails in ~3 ms,
in the handshake, before a request is sent (the ~305 ms its 502 lines show are three attempts
and two backoffs), and its error text compares the current time with a NotAfter. ledger printed
that NotAfter when its new pods started. Coaching: when a step has no change next to it, think
of time itself (an expiry, a cron, a quota window) and read the error to the end.
`,
		},
	}
	trans := func(m float64) float64 { return 50 * up(m) }
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: func(m float64) telemetry.Requests {
				p := 35 + 2*down(m)
				return telemetry.Requests{RPS: 620, Err: 0.001 + 0.085*down(m), P50: p, P95: 120 + 200*down(m), P99: 300 + 60*down(m)}
			},
			Res: pods(C(0.45), C(230), C(0.5), C(0.15), C(0.2))},
		{Svc: "wallet", Kind: telemetry.HTTP, RT: telemetry.Go, Gaps: [][2]float64{{26.9, 27.1}},
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 180, Err: 0.001 + 0.28*down(m), P50: 20, P95: 60 + 250*down(m), P99: 140 + 180*down(m)}
			},
			Res: pods(C(0.3), C(260), C(0.5), C(0.15), func(m float64) float64 { return 0.2 - 0.1*down(m) })},
		{Svc: "ledger", Kind: telemetry.HTTP, RT: telemetry.Go, Version: "v7.3.0", Rollout: R, NewVersion: "v7.3.1",
			Req: web(func(m float64) float64 { return 0.3 + trans(m) }, C(0.002), func(m float64) float64 { return 12 * faster(m) }, 3),
			Res: pods(func(m float64) float64 { return 0.03 + 0.007*trans(m) }, C(210), C(0.5), func(m float64) float64 { return 0.02 + 0.004*trans(m) }, func(m float64) float64 { return 0.02 + 0.004*trans(m) })},
		{Svc: "fx-rates", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(PL(0, 20, T+2, 20, T+2.1, 41), C(0.001), C(5), 3), Res: pods(PL(0, 0.05, T+2, 0.05, T+2.1, 0.09), C(90), C(0.3), C(0.05), C(0.05))},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native,
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 300 + 4*trans(m), Err: 0.0004, P50: 1.1, P95: 4, P99: 9}
			},
			Res: pods(func(m float64) float64 { return 0.3 + 0.01*trans(m) }, C(4200), C(0), func(m float64) float64 { return 0.1 + 0.004*trans(m) }, C(0))},
	})
	for i := range 2 {
		at := R + 0.25*float64(i) + 0.02
		s.Logs = append(s.Logs,
			Once("ledger", "INFO", at, "starting ledger v7.3.1 (git c01d2e9) go1.23.2").OnSlot(i),
			Once("ledger", "INFO", at+0.01, "tls: serving certificate CN=ledger.prod.svc.cluster.local NotAfter=2025-10-14T14:07:31Z (expires in 16m)").OnSlot(i),
			Once("ledger", "INFO", at+0.02, "https server listening on :8443 (mTLS, client CA ca-internal-2024)").OnSlot(i))
	}
	return s
}

// transferTrace is POST /api/transfers. Broken: wallet's client span fails
// in ~3 ms during the handshake (no ledger span), retried twice as
// siblings. dropped: wallet's server span was lost, leaving orphans.
func transferTrace(g *G, broken, dropped bool) *Sp {
	if !broken {
		d := g.LogNormal(12, 0.4)
		led := S("ledger", "POST /v1/entries", 0, d+2, Leaf("ledger", "INSERT entries", 1, d).A("db.system", "postgresql"))
		w := S("wallet", "POST /v1/transfers", 0, led.Dur+6, Call(g, "wallet", "ledger POST /v1/entries", 2, led))
		return S("api-gateway", "POST /api/transfers", 0, w.Dur+5, Call(g, "api-gateway", "wallet POST /v1/transfers", 2, w)).A("http.status_code", "201").L(fmt.Sprintf("POST /api/transfers 201 %dms", int(w.Dur+5)))
	}
	kids, off := FastFails(g, "wallet", "ledger POST /v1/entries",
		"tls: failed to verify certificate: x509: certificate has expired or is not yet valid", 2.4, 3.6)
	w := S("wallet", "POST /v1/transfers", 0, off+1, kids...).E().A("http.status_code", "502")
	if dropped {
		w.Drop()
	}
	return S("api-gateway", "POST /api/transfers", 0, off+4, Call(g, "api-gateway", "wallet POST /v1/transfers", 1, w)).E().A("http.status_code", "502")
}
