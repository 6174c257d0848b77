package main

import (
	"fmt"
	"time"
)

// ledger's serving certificate expires at 14:00:00Z sharp; its renewal
// stopped weeks ago. Every handshake from wallet fails in ~3 ms and
// ledger's traffic is gone within one scrape. ledger deployed six minutes
// earlier, which is the trap: six clean minutes followed that deploy.
func ledgerCert() *Script {
	const T = 20.0 // 14:00:00Z, the certificate's NotAfter
	down := Step(T, 0, 1)
	const notAfter = "2025-10-14T14:00:00Z"
	return &Script{
		ID: "transfers-failing", Seed: "ledger-cert", Title: "Transfers failing", Difficulty: 2, TimeLimit: 12 * time.Minute,
		Tags:  []string{"transfers", "wallet", "errors"},
		Start: time.Date(2025, 10, 14, 13, 40, 0, 0, time.UTC), Minutes: 40, Step: 15, Sampled: 0.05,
		Briefing: `[SEV1] api-gateway 5xx on POST /api/transfers above 90% for 5 minutes.
Support: "every transfer fails with 'temporarily unavailable'"; balances still load.
Find the root cause.
`,
		Hints: []string{
			"Look at the exact minute the errors start, and at what changed (or did not) right then.",
			"How long does a failing call from wallet to ledger take, and does ledger ever see it?",
			"Read wallet's error text to the end: what time does it compare against what?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"wallet", "fx-rates"}},
			{Name: "wallet", Calls: []string{"ledger", "fx-rates"}},
			{Name: "ledger", Calls: []string{"postgres"}},
			{Name: "fx-rates", Pods: 2},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 12, ID: "pg-basebackup", Kind: "note", Svc: "postgres", Text: "pg_basebackup to s3://backups/ledger started (daily 13:52)"},
			{At: 14, ID: "ledger-deploy", Kind: "deploy", Svc: "ledger", Text: "ledger v7.3.1 (git c01d2e9) rolled out by argo-cd (3/3 pods): entries pagination"},
			{At: 22, ID: "fx-config", Kind: "config", Svc: "fx-rates", Text: "configmap fx-rates-config: REFRESH_INTERVAL 60s -> 30s (ops, ticket FX-212)"},
			{At: 23, ID: "alert-net", Kind: "alert", Text: "[WARN] node ip-10-0-3-17.ec2.internal: TCP retransmits > 1% for 2m"},
			{At: 25, ID: "alert-transfers", Kind: "alert", Svc: "api-gateway", Text: "[SEV1] api-gateway POST /api/transfers 5xx > 50% for 5m"},
		},
		Metrics: []Metric{
			{Svc: "api-gateway", Name: "transfers_5xx_ratio", Unit: "%", F: PL(0, 0.1, T, 0.1, T+0.25, 97), Jit: 0.03},
			{Svc: "api-gateway", Name: "http_rps", Unit: "rps", F: PL(0, 600, 40, 640), Jit: 0.02},
			{Svc: "wallet", Name: "ledger_call_p50_ms", Unit: "ms", F: PL(0, 18, T, 18, T+0.25, 3), Jit: 0.04, Gaps: [][2]float64{{31, 31.25}}},
			{Svc: "wallet", Name: "ledger_client_errors_per_s", Unit: "rps", F: PL(0, 0.05, T, 0.05, T+0.25, 140), Jit: 0.05},
			{Svc: "ledger", Name: "inbound_rps", Unit: "rps", F: PL(0, 140, T, 140, T+0.25, 0.3), Jit: 0.03, Gaps: [][2]float64{{14, 14.5}}},
			{Svc: "ledger", Name: "cpu_pct", Unit: "%", F: PL(0, 35, T, 35, T+0.25, 7), Jit: 0.04, Gaps: [][2]float64{{14, 14.5}}},
			{Svc: "postgres", Name: "cpu_pct", Unit: "%", F: Pulse(PL(0, 30, T, 30, T+0.5, 14), 12, 13.5, 40), Jit: 0.04},
			{Svc: "fx-rates", Name: "inbound_rps", Unit: "rps", F: PL(0, 20, 22, 20, 22.25, 41), Jit: 0.04},
		},
		Logs: []Src{
			Access("api-gateway", C(11), C(35), 0.6, "GET /api/balances 200", "GET /api/transfers?limit=20 200", "GET /api/fx/quote?pair={pick:EURUSD|GBPUSD|USDJPY} 200"),
			Access("api-gateway", Mul(C(3), Sum(C(1), Mul(C(-1), down))), C(60), 0.5, "POST /api/transfers 201"),
			Reqs("api-gateway", "ERROR", Sum(C(0.04), Mul(C(4), down)), "POST /api/transfers 502 {ms:12:0.4}ms upstream=wallet: upstream returned 502 Bad Gateway"),
			Access("wallet", C(6), C(30), 0.5, "GET /v1/balances/{uuid} 200"),
			{Svc: "wallet", Level: "ERROR", Req: true, PerMin: Mul(C(3), down), Msg: func(g *G, m float64) string {
				now := time.Date(2025, 10, 14, 13, 40, 0, 0, time.UTC).Add(time.Duration(m * float64(time.Minute)))
				return fmt.Sprintf(`POST /v1/transfers: ledger.Post: Post "https://ledger.prod.svc.cluster.local:8443/v1/entries": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time %s is after %s`,
					now.Format(time.RFC3339), notAfter)
			}},
			Reqs("wallet", "ERROR", C(0.25), "fx quote EUR/{pick:TRY|ARS|NGN}: fx-rates returned 404: pair not supported"),
			Access("ledger", Mul(C(3.5), Sum(C(1), Mul(C(-1), down))), C(14), 0.5, "POST /v1/entries 201", "GET /v1/entries?account={uuid} 200"),
			Lines("ledger", "WARN", Mul(C(3), down), "http: TLS handshake error from {ip}:{int:30000:60000}: remote error: tls: bad certificate"),
			Reqs("ledger", "ERROR", C(0.12), "POST /v1/entries: duplicate idempotency key {uuid}: 409 Conflict"),
			Once("ledger", "INFO", 14.05, "starting ledger v7.3.1 (git c01d2e9) go1.23.2"),
			Once("ledger", "INFO", 14.1, "tls: serving certificate CN=ledger.prod.svc.cluster.local NotAfter=2025-10-14T14:00:00Z (expires in 5m54s)"),
			Once("ledger", "INFO", 14.15, "https server listening on :8443 (mTLS, client CA ca-internal-2024)"),
			Access("fx-rates", PL(0, 2, 22, 2, 22.25, 4), C(6), 0.4, "GET /v1/rates/{pick:EUR|GBP|USD|JPY} 200"),
			Once("fx-rates", "INFO", 22.1, "config reloaded: refresh_interval=30s"),
			Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
			Once("postgres", "INFO", 12, `LOG:  checkpoint starting: force wait`),
			Once("postgres", "INFO", 13.4, `LOG:  checkpoint complete: wrote 18821 buffers (14.4%); 0 WAL file(s) added, 2 removed, 3 recycled`),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{4.2, 11.6, 16.1, 19.2} {
				trs = append(trs, Tr{At: at, Root: transferTrace(g, false, false)})
			}
			for i, at := range []float64{20.3, 22.9, 27.4, 33.8} {
				trs = append(trs, Tr{At: at, Root: transferTrace(g, true, i == 1)})
			}
			for _, at := range []float64{21.1, 29.5} {
				d := g.LogNormal(5, 0.4)
				fx := S("fx-rates", "GET /v1/rates/{ccy}", 0, d)
				trs = append(trs, Tr{At: at, Root: S("api-gateway", "GET /api/fx/quote", 0, d+4, Call(g, "api-gateway", "fx-rates GET /v1/rates/{ccy}", 2, fx)).A("http.status_code", "200")})
			}
			return trs
		},
		Choices: []Choice{
			{"wallet-pool", "wallet's connection pool to ledger ran dry, so transfer calls queue"},
			{"postgres-backup", "the postgres backup at 13:52 locked ledger's entries table"},
			{"ledger-release", "ledger's v7.3.1 release broke its entries endpoint for transfers"},
			{"network-drops", "packet loss on a node drops wallet's traffic to ledger on the way"},
			{"cert-expired", "ledger's serving certificate expired, so every mTLS handshake fails"},
			{"gateway-auth", "api-gateway's auth filter rejects transfer requests after a key change"},
		},
		Answer: Answer{
			Choice: "cert-expired", Onset: T,
			Chain: []string{
				"ledger's serving certificate (NotAfter 2025-10-14T14:00:00Z) was never renewed",
				"From 14:00:00 wallet's TLS client rejects ledger's certificate: every call fails in ~3 ms, ledger inbound_rps falls to 0 in one scrape",
				"wallet answers 502 to every transfer and api-gateway's transfers_5xx_ratio goes 0.1% -> 97% at 14:00:15",
				"Balances and fx quotes never touch ledger's TLS listener, so they stay healthy",
			},
			Evidence: []string{
				"inbound_rps (ledger) drops 140 -> 0 and transfers_5xx_ratio (api-gateway) jumps to 97% in the 14:00:15 scrape: a step at a round time",
				"ledger_call_p50_ms (wallet) falls 18 -> 3 ms: calls fail during the handshake, before any request is sent",
				"wallet logs x509: certificate has expired or is not yet valid: current time 2025-10-14T14:00:07Z is after 2025-10-14T14:00:00Z",
				"ledger logged NotAfter=2025-10-14T14:00:00Z when it started at 13:54; its transfers were fine for six minutes after the deploy",
			},
			Wrong: [][2]string{
				{"wallet-pool", "An exhausted pool makes calls wait; these fail in 3 ms, and wallet still serves balances from the same pods."},
				{"postgres-backup", "The backup ran 13:52-13:54 and transfers kept working until 14:00; after 14:00 ledger receives no queries at all, so there is nothing to lock."},
				{"ledger-release", "ledger v7.3.1 served transfers cleanly from 13:54 to 14:00. A code bug would fail requests inside ledger; these never complete a TLS handshake."},
				{"network-drops", "Packet loss slows connections and fails some; here every handshake completes and is rejected by certificate validation, on every node."},
				{"gateway-auth", "A gateway rejection would be a 401 or 403 that never reaches wallet; wallet itself reports the x509 error and returns 502."},
			},
			RedHerrings: []string{"ledger-deploy", "fx-config", "alert-net", "pg-basebackup", "ledger-release"},
			Proof: []Proof{
				ProveLog(1, "ledger", "tls: serving certificate CN=ledger.prod.svc.cluster.local NotAfter=2025-10-14T14:00:00Z"),
				ProveMetric(2, "ledger", "inbound_rps", T, T+5),
				ProveLog(2, "wallet", "x509: certificate has expired").Within(T, T+2),
				ProveMetric(3, "api-gateway", "transfers_5xx_ratio", T, T+5),
			},
			Debrief: `ledger's serving certificate expired at 14:00:00Z. Its cert-manager renewal had been failing
for weeks and nobody was paged for it. At the expiry second every TLS handshake from wallet
failed certificate validation, so ledger's traffic vanished in a single scrape and every
transfer came back as 502. Nothing else depended on ledger's listener, so balances and fx
quotes carried on.

Fastest path: the error ratio is a cliff, not a ramp, and the cliff is at 14:00:00 exactly.
A step at a round time with no change event in that minute points at time itself: an expiry,
a cron, a licence. wallet's error text says so outright.

Coaching: the ledger deploy six minutes earlier is the obvious suspect, and it is worth one
question: were there clean minutes after it? There were six. The network alert and the fx
config change come after the failures started, on paths transfers do not take.
`,
		},
	}
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
