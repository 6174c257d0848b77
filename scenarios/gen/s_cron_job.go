package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// At 02:00 on the first of the month invoices' in-process scheduler starts
// its monthly-statements job, which opens a batch pool of 80 connections
// to the shared postgres. postgres (max_connections 200) is then nearly
// full: whenever payments' pool recycles a connection, the new one is
// refused ("remaining connection slots are reserved"), and payments fails
// charges. No change causes it. payments' own release 42 s before 02:00
// is the change next to the shift, really a little slower for good.
// Traps: "the release", "postgres is too small".
func cronJob() *Script {
	const (
		T = 15.0 // 02:00:00, the job starts
		P = 14.3 // payments v3.4.0
		H = 20.0 // checkout HPA
	)
	job := PL(0, 0, T, 0, T+0.4, 1, 33, 1, 34, 0) // the job's pool in use
	users := Wave(230, 0.03, 31, 0.8)
	refused := Mul(job, C(0.055)) // share of payments' requests that meet a refused connection
	payErr := Sum(C(0.002), refused)
	coErr := Sum(C(0.002), Mul(refused, C(0.9)))
	payP50 := Sum(PL(0, 62, P+0.2, 62, P+0.6, 73), Mul(job, C(30)))
	return &Script{
		ID: "card-payments-failing", Title: "Card payments failing overnight", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"payments", "errors", "night"},
		Start: time.Date(2026, 4, 1, 1, 45, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.04,
		Briefing: `[SEV2] payments 5xx above 5% for 5 minutes; checkout failing for ~1 in 20 customers.
Traffic is at its nightly low; nothing was deployed tonight except payments.
Find the root cause.
`,
		Hints: []string{
			"A failing charge: what error does payments get, and from whom?",
			"Who else uses the same database, and what did they start doing just now?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(2.5)), Err: Mul(coErr, C(0.4)), P50: C(48), Tail: C(5), CPUms: 0.4}.Std()},
			{Name: "checkout", Calls: []string{"payments", "postgres"}, Pods: 2, Version: "v7.4.2", Rollouts: []Rollout{{At: H + 0.1, Replicas: 3}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, Replicas: Step(H+0.1, 2, 3), RPS: users, Err: coErr, P50: Sum(C(120), payP50), Tail: C(3), CPUms: 5}.Std()},
			{Name: "payments", Calls: []string{"postgres"}, Pods: 2, Version: "v3.3.0", Rollouts: []Rollout{{At: P, Version: "v3.4.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.95)), Err: payErr, P50: payP50, Tail: C(4), CPUms: 5, Mem: 800,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.Pool = math.Min(1, r.Pool+0.5*job(m)) // threads wait for the connections that could not be replaced
					}}.Std([2]float64{25, 25.5})},
			{Name: "invoices", Calls: []string{"postgres"}, Pods: 2, Version: "v2.1.6",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.1)), Err: C(0.002), P50: C(40), CPUms: 6, Mem: 1200,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Slot == 0 { // the scheduler runs jobs on the leader
							r.CPU += 1.6 * job(m)
							r.MemMiB += 900 * job(m)
							r.Pool = math.Min(1, r.Pool+job(m))
							r.Busy = math.Min(1, r.Busy+0.3*job(m))
						}
					}}.Std()},
			{Name: "postgres", Pods: 1, Sts: true, Version: "16.4",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 1, RPS: Sum(Mul(users, C(4)), Mul(job, C(900))), Err: Mul(job, C(0.004)),
					P50: Sum(C(0.8), Mul(job, C(0.5))), Tail: C(5), CPUms: 0.3, Limit: 8, Workers: 200, Mem: 12000,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.Busy = 0.52 + 0.43*job(m) // backends of max_connections 200
						r.CPU += 2.2 * job(m)
					}}.Std()},
		},
		Events: []Ev{
			{At: 6, ID: "gateway-config", Kind: "config", Svc: "api-gateway", Text: "api-gateway: rate limit for /api/admin 50 -> 20 rps (security review SEC-221)"},
			{At: P, ID: "payments-deploy", Kind: "deploy", Svc: "payments", Text: "payments v3.4.0 (git 7a2d4e8) rolled out by argo-cd (2/2 pods): 3DS2 challenge flow"},
			{At: 19, ID: "alert-payments", Kind: "alert", Svc: "payments", Text: "[SEV2] payments 5xx > 5% for 5m"},
			{At: H, ID: "checkout-hpa", Kind: "scale", Svc: "checkout", Text: "HorizontalPodAutoscaler checkout: 2 -> 3 replicas (latency target)"},
			{At: 21.5, ID: "alert-checkout", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] checkout 5xx > 2% for 5m"},
		},
		Logs: Join(
			Shares("api-gateway", C(10), Mul(coErr, C(0.4)), C(48), 0.6, []string{"POST /api/checkout 201", "GET /api/cart 200", "GET /api/products/{int:1000:9999} 200"},
				[]string{"POST /api/checkout 502"}),
			Shares("checkout", C(9), coErr, Sum(C(120), payP50), 0.5, []string{"POST /v1/checkout 201"}, []string{"POST /v1/checkout 502"}),
			Shares("payments", C(9), payErr, payP50, 0.5, []string{"POST /v1/charges 201"}, []string{"POST /v1/charges 500"}),
			Of(
				Reqs("payments", "ERROR", Mul(refused, C(9)), "HikariPool-1 - Failed to create/setup connection: FATAL: remaining connection slots are reserved for non-replication superuser connections"),
				Reqs("payments", "WARN", C(1.5), "charge declined: card_declined (402): {pick:insufficient_funds|do_not_honor|expired_card}"),
				Once("payments", "INFO", P+0.05, "Started PaymentsApplication in 17.204 seconds version=3.4.0 git=7a2d4e8: 3ds2=on").OnSlot(0),
				Once("payments", "INFO", P+0.3, "Started PaymentsApplication in 16.880 seconds version=3.4.0 git=7a2d4e8: 3ds2=on").OnSlot(1),
				Reqs("payments", "INFO", PL(0, 0, P, 0, P+0.5, 1.5), "3DS2 challenge issued for charge ch_{hex:12} (issuer {pick:visa|mastercard} requested step-up)"),
				Once("invoices", "INFO", T+0.01, "scheduler: job monthly-statements started (cron 0 2 1 * *) leader=true").OnSlot(0),
				Once("invoices", "INFO", T+0.03, "HikariPool-batch - Start completed. maximumPoolSize=80 minimumIdle=80").OnSlot(0),
				Src{Svc: "invoices", Level: "INFO", PerMin: Mul(job, C(4)), Slot: 1, Msg: func(g *G, m float64) string {
					return fmt.Sprintf("monthly-statements: %d of 412118 accounts rendered (%d threads)", int((m-T)*21000)+g.IntN(500), 80)
				}},
				Lines("invoices", "WARN", C(0.6), "invoice {int:100000:999999}: PDF renderer fell back to default font (missing glyphs)"),
				Access("invoices", C(4), C(40), 0.5, "GET /v1/invoices/{int:100000:999999} 200"),
				Lines("postgres", "ERROR", Mul(refused, C(30)), "FATAL:  remaining connection slots are reserved for non-replication superuser connections"),
				Lines("postgres", "INFO", Mul(job, C(1.5)), `LOG:  temporary file: path "base/pgsql_tmp/pgsql_tmp{int:1000:9999}.{int:0:9}", size {int:100000000:900000000}`),
				Lines("postgres", "INFO", C(0.3), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
				Lines("postgres", "INFO", C(0.5), "LOG:  connection authorized: user={pick:payments|checkout|invoices} database=shop application_name=HikariPool-1"),
				Once("checkout", "INFO", H+0.15, "starting checkout v7.4.2 (git 3f1d0c9)").OnSlot(2),
				Lines("checkout", "WARN", Mul(refused, C(40)), "charge for cart {uuid}: payments.Charge: 500 Internal Server Error (attempt 1/1)"),
				// the admin limit was 50 rps until gateway-config cut it to 20
				Lines("api-gateway", "WARN", Step(6, 0.15, 0), "rate limited /api/admin client={ip} (50 rps)"),
				Lines("api-gateway", "WARN", Step(6.05, 0, 0.8), "rate limited /api/admin client={ip} (20 rps)"),
				Lines("api-gateway", "ERROR", C(0.25), `[error] 31#31: *{int:10000:99999} client intended to send too large body: {int:10485761:20000000} bytes, client: {ip}, server: api, request: "POST /api/admin/import HTTP/1.1"`),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.5, 6.2, 10.8} {
				trs = append(trs, Tr{At: at, Root: chargeTrace(g, false, i == 2)})
			}
			for i, at := range []float64{15.9, 18.2, 20.5, 23.1, 25.9, 28.6, 31.2, 33.8} {
				trs = append(trs, Tr{At: at, Root: chargeTrace(g, i%3 == 1, i == 5)})
			}
			return trs
		},
		Choices: []Choice{
			{"payments-release", "payments' new release breaks some charges in its card flow"},
			{"pg-max-conn", "postgres allows too few connections for all the services that use it"},
			{"invoices-locks", "invoices' statements hold row locks that payments must wait on"},
			{"checkout-scale", "checkout's scale-out opens more connections than postgres will allow"},
			{"invoices-job", "a scheduled job in invoices takes most of the database connections"},
			{"gateway-limit", "api-gateway's stricter rate limit rejects some of the checkouts"},
			{"card-issuer", "a card issuer refuses charges overnight and payments returns 500"},
		},
		Answer: Answer{
			Choice: "invoices-job", Onset: T,
			Chain: []string{
				"At 02:00:00 invoices' scheduler starts monthly-statements (cron 0 2 1 * *) on its leader pod and opens a batch pool of 80 connections to postgres; no change event",
				`postgres' backends go from ~104 to ~190 of max_connections 200: workers_busy_ratio{pod="postgres-0"} 0.52 -> 0.95 from 02:00:30`,
				"Whenever payments' pool replaces a connection, postgres refuses it: 'remaining connection slots are reserved for non-replication superuser connections'",
				"Charges that wait for a connection fail: payments 5xx ~6%, checkout ~5% for as long as the job runs",
			},
			Evidence: []string{
				"invoices logs 'scheduler: job monthly-statements started' and 'HikariPool-batch … maximumPoolSize=80' at 02:00:00-02:00:01",
				`workers_busy_ratio{pod="postgres-0"} climbs 0.52 -> 0.95 in the 02:00:30 scrape and stays there`,
				"payments' errors are all 'FATAL: remaining connection slots are reserved', and postgres logs the same FATAL at the same rate",
				"http_request_duration_p50_ms (payments) rises only ~30 ms: failing charges fail fast on a refused connection, not in the card flow",
			},
			Wrong: [][2]string{
				{"payments-release", "payments v3.4.0 went out at 01:59:18 and is ~11 ms slower for good (3DS2 challenges); but its failures are refused database connections, which began only when the job opened its 80."},
				{"pg-max-conn", "200 connections served every service with ~100 to spare until 02:00; they ran out because one job took 80 at once, not because the limit shrank or traffic grew (it is the nightly low)."},
				{"invoices-locks", "No lock waits appear in postgres' log and payments' errors are refused connections, not timeouts."},
				{"checkout-scale", "The scale-out at 02:05 is a symptom (checkout's latency target) and came five minutes after the first refusals."},
				{"gateway-limit", "The rate limit applies to /api/admin only and has been in place since 01:51; failing checkouts pass the gateway and fail in payments."},
				{"card-issuer", "Declines are 402s at the same rate all night; the 500s are database connection errors."},
			},
			RedHerrings: []string{"payments-deploy", "checkout-hpa", "gateway-config", "card-issuer"},
			Proof: []Proof{
				ProveLog(1, "invoices", "job monthly-statements started"),
				ProveLog(1, "invoices", "maximumPoolSize=80"),
				ProveLog(1, "invoices", "monthly-statements: ").Within(T, T+5),
				// the leader pod's pool and CPU (the generator adds no idle pod)
				ProvePod(1, "invoices", telemetry.PoolName, 0, T, T+3),
				ProvePod(1, "invoices", telemetry.CPUName, 0, T, T+3),
				ProveMetric(2, "postgres", telemetry.PodSeriesName(telemetry.BusyName, "postgres-0"), T, T+10),
				ProveLog(3, "payments", "remaining connection slots are reserved").Within(T, T+20),
				ProveLog(3, "postgres", "remaining connection slots are reserved").Within(T, T+12),
				ProveSpan(3, "payments", "HikariPool.getConnection", true),
				ProveMetric(3, "payments", telemetry.PoolName, T, T+5),
				ProveMetric(4, "payments", telemetry.ErrorsName(telemetry.HTTP), T, T+5),
				ProveMetric(4, "checkout", telemetry.ErrorsName(telemetry.HTTP), T, T+5),
				ProveMetric(4, "payments", telemetry.DurationName(telemetry.HTTP, "p50"), T, T+5),
				ProveLog(4, "checkout", "payments.Charge: 500 Internal Server Error").Within(T, T+10),
			},
			Debrief: `On the first of the month at 02:00 invoices' in-process scheduler starts the
monthly-statements job. It opens its own pool of 80 connections to the shared postgres,
whose max_connections is 200 and which normally serves ~100. With ~190 in use, postgres
refuses any new connection that is not a superuser's. payments' pool replaces connections
as they age, and each replacement was refused: the charges waiting on them failed with
500s. Nothing was deployed to cause it; a cron did, as it does every month (last month the
job ran with 20 threads).

The tempting shortcut: the change log. payments released 42 s before 02:00, on the very
service that fails, and it is really a little slower for good. But the errors are refused
database connections, and they begin at exactly 02:00:00, the minute of a cron schedule.

Fastest path: read the error (a refused connection), then ask who else holds connections to
that database. postgres' backends jump at 02:00 and invoices says why in its own log. Round
times point at schedules; shared resources need per-tenant limits.
`,
		},
	}
}

// chargeTrace is POST /api/checkout through payments. refused fails the
// charge on a connection postgres refused; dropped loses checkout's server
// span.
func chargeTrace(g *G, refused, dropped bool) *Sp {
	var pk []*Sp
	status := "201"
	if refused {
		c := Leaf("payments", "HikariPool.getConnection", 1, g.LogNormal(9, 0.3)).E().A("exception.type", "org.postgresql.util.PSQLException", "exception.message", "FATAL: remaining connection slots are reserved for non-replication superuser connections")
		pk = append(pk, c)
		status = "502"
	} else {
		pk = append(pk, Leaf("payments", "INSERT charges", 2, g.LogNormal(1.5, 0.3)).A("db.system", "postgresql"))
	}
	pay := S("payments", "POST /v1/charges", 0, g.LogNormal(60, 0.3), pk...)
	if refused {
		pay.E()
	}
	pc := Call(g, "checkout", "payments POST /v1/charges", 3, pay)
	co := S("checkout", "POST /v1/checkout", 0, pc.Off+pc.Dur+g.LogNormal(40, 0.3), pc)
	if dropped {
		co.Drop()
	}
	root := S("api-gateway", "POST /api/checkout", 0, co.Dur+4, Call(g, "api-gateway", "checkout POST /v1/checkout", 2, co))
	if refused {
		co.E()
		root.E()
	}
	return root.A("http.status_code", status).L(fmt.Sprintf("POST /api/checkout %s %dms", status, int(root.Dur)))
}
