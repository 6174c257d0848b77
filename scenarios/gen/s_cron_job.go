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
// and a postgres parameter reload 24 s before are the changes next to the
// shift (the release is really a little slower for good, the reload really
// logs more statements). Every choice fits errors in payments and postgres
// that rise and recover by themselves: a connection storm from the release,
// the reload, the nightly base backup, a failover, invoices' row locks; each
// is refuted only in postgres' and invoices' logs, spans and pod series.
func cronJob() *Script {
	const (
		T = 15.0 // 02:00:00, the job starts
		P = 14.3 // payments v3.4.0
		R = 14.6 // postgres parameter reload
		H = 20.0 // checkout HPA
	)
	job := PL(0, 0, T, 0, T+0.4, 1, 33.9, 1, 34, 0) // the job's pool in use
	users := Wave(230, 0.03, 31, 0.8)
	refused := Mul(job, C(0.055)) // share of payments' requests that meet a refused connection
	payErr := Sum(C(0.002), refused)
	coErr := Sum(C(0.002), Mul(refused, C(0.9)))
	payP50 := Sum(PL(0, 62, P+0.2, 62, P+0.6, 73), Mul(job, C(30)))
	return &Script{
		ID: "card-payments-failing", Title: "Card payments failing for 1 in 20 checkouts", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"payments", "errors", "checkout"},
		Start: time.Date(2026, 4, 1, 1, 45, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.04,
		Briefing: `[SEV2] payments 5xx above 5% for 5 minutes; checkout failing for ~1 in 20 customers.
Support: customers see "payment could not be processed, try again"; a retry often works.
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
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.1)), Err: C(0.002), P50: Sum(C(40), Mul(job, C(4))), CPUms: 6, Mem: 1200,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Slot == 0 { // the scheduler runs jobs on the leader
							r.CPU += 1.6 * job(m)
							r.MemMiB += 900 * job(m)
							r.Pool = math.Min(1, r.Pool+job(m))
							r.Busy = math.Min(1, r.Busy+0.3*job(m))
						}
					}}.Std()},
			{Name: "postgres", Pods: 1, Sts: true, Version: "16.4",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 1, RPS: Sum(Mul(users, C(4)), Mul(job, C(210))), Err: Mul(job, C(0.004)),
					P50: Sum(C(0.8), Mul(job, C(0.5))), Tail: C(5), CPUms: 0.3, Limit: 8, Workers: 200, Mem: 12000,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.Busy = 0.52 + 0.43*job(m) // backends of max_connections 200
						r.CPU += 2.2 * job(m)
					}}.Std()},
		},
		Events: []Ev{
			{At: 6, ID: "gateway-config", Kind: "config", Svc: "api-gateway", Text: "api-gateway: rate limit for /api/admin 50 -> 20 rps (security review SEC-221)"},
			{At: P, ID: "payments-deploy", Kind: "deploy", Svc: "payments", Text: "payments v3.4.0 (git 7a2d4e8) rolled out by argo-cd (2/2 pods): 3DS2 challenge flow"},
			{At: R, ID: "postgres-params", Kind: "config", Svc: "postgres", Text: "postgres: apply parameter group pg16-shop rev 14 (PR #412)"},
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
				Once("payments", "INFO", P+0.04, "HikariPool-1 - Start completed. maximumPoolSize=20 minimumIdle=10").OnSlot(0),
				Once("payments", "INFO", P+0.29, "HikariPool-1 - Start completed. maximumPoolSize=20 minimumIdle=10").OnSlot(1),
				Reqs("payments", "INFO", PL(0, 0, P, 0, P+0.5, 1.5), "3DS2 challenge issued for charge ch_{hex:12} (issuer {pick:visa|mastercard} requested step-up)"),
				Once("invoices", "INFO", T+0.01, "scheduler: job monthly-statements started (cron 0 2 1 * *) leader=true").OnSlot(0),
				Once("invoices", "INFO", T+0.03, "HikariPool-batch - Start completed. maximumPoolSize=80 minimumIdle=80").OnSlot(0),
				Src{Svc: "invoices", Level: "INFO", PerMin: Mul(job, C(4)), Slot: 1, Msg: func(g *G, m float64) string {
					return fmt.Sprintf("monthly-statements: %d of 412118 accounts rendered (%d threads)", int((m-T)*21700)+g.IntN(500), 80)
				}},
				Once("invoices", "INFO", 33.9, "scheduler: job monthly-statements finished in 18m54s (412118 accounts, 0 failed)").OnSlot(0),
				Once("invoices", "INFO", 33.91, "HikariPool-batch - Shutdown completed.").OnSlot(0),
				Lines("invoices", "WARN", C(0.6), "invoice {int:100000:999999}: PDF renderer fell back to default font (missing glyphs)"),
				Access("invoices", C(4), C(40), 0.5, "GET /v1/invoices/{int:100000:999999} 200"),
				// the job's pool connects in the first seconds of 02:00
				Lines("postgres", "INFO", Pulse(C(0), T, T+1.0/6, 480), "LOG:  connection authorized: user=invoices database=shop application_name=HikariPool-batch"),
				// the nightly base backup ran 01:45:18-01:57:54 and ended before the job
				Once("postgres", "INFO", 0.3, "LOG:  replication connection authorized: user=backup application_name=pg_basebackup"),
				Once("postgres", "INFO", 0.31, "LOG:  checkpoint starting: force wait"),
				Once("postgres", "INFO", 12.9, "LOG:  disconnection: session time: 0:12:36.412 user=backup database= host=10.4.9.17 port=51234"),
				// the reload changes logging only; it logs slow statements from then on
				Once("postgres", "INFO", R+0.01, "LOG:  received SIGHUP, reloading configuration files"),
				Once("postgres", "INFO", R+0.02, `LOG:  parameter "log_min_duration_statement" changed to "250"`),
				Once("postgres", "INFO", R+0.03, `LOG:  parameter "idle_in_transaction_session_timeout" changed to "60s"`),
				Lines("postgres", "INFO", Mul(Step(R, 0, 1), C(0.6)), "LOG:  duration: {int:250:700}.{int:100:999} ms  statement: SELECT {pick:o.id, o.total FROM orders o|c.id, c.status FROM charges c} WHERE {pick:o.customer_id|c.order_id} = $1"),
				Lines("postgres", "INFO", Mul(Step(R, 0, 1), job, C(6)), "LOG:  duration: {int:300:4000}.{int:100:999} ms  statement: SELECT l.* FROM invoice_lines l JOIN accounts a ON a.id = l.account_id WHERE a.id = ANY($1)"),
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
			{"payments-release", "payments' new release opens more connections than postgres will allow"},
			{"pg-params", "a postgres parameter change lowered how many connections clients may open"},
			{"pg-backup", "postgres' scheduled backup slows every query until client pools run dry"},
			{"pg-failover", "postgres failed over to its standby and clients lost their connections"},
			{"invoices-locks", "invoices' statements hold row locks that payments must wait on"},
			{"invoices-job", "a scheduled job in invoices takes most of the database connections"},
			{"card-issuer", "a card issuer refuses charges and payments answers them with a 500"},
		},
		Answer: Answer{
			Choice: "invoices-job", Onset: T,
			Chain: []string{
				"At 02:00:00 invoices' scheduler starts monthly-statements (cron 0 2 1 * *) on its leader pod and opens a batch pool of 80 connections to postgres; no change event",
				`postgres' backends go from ~104 to ~190 of its 200 connection slots: workers_busy_ratio{pod="postgres-0"} 0.52 -> ~0.94 from the 02:00:30 to the 02:01:30 scrape`,
				"Whenever payments' pool replaces a connection, postgres refuses it: 'remaining connection slots are reserved for non-replication superuser connections'",
				"Charges that wait for a connection fail: payments 5xx ~6%, checkout ~5%, until the job ends at 02:18:54 and everything recovers",
			},
			Evidence: []string{
				"invoices logs 'job monthly-statements started' and 'maximumPoolSize=80' at 02:00:00, and postgres logs ~80 'application_name=HikariPool-batch' connections in the next ten seconds",
				`workers_busy_ratio{pod="postgres-0"} climbs 0.52 -> ~0.94 from the 02:00:30 scrape and falls back at 02:19:00, when the job has ended`,
				"payments' errors are all 'remaining connection slots are reserved' (span HikariPool.getConnection fails in ~9 ms), and postgres logs the same FATAL",
				"http_errors_ratio of payments and checkout rise at 02:00:30 and fall back at 02:19:00-02:19:30, after invoices logs 'job monthly-statements finished'; 'payments.Charge: 500 Internal Server Error' in checkout's log",
			},
			Wrong: [][2]string{
				{"payments-release", "payments v3.4.0 rolled out at 01:59:18 and its new pods log 'maximumPoolSize=20', the pool size it had before; postgres' backends stayed at ~104 through the rollout and jumped only at 02:00:00, when ~80 HikariPool-batch connections from invoices arrived. The release is ~11 ms slower for good (3DS2 challenges), nothing more."},
				{"pg-params", "The reload at 01:59:36 changed log_min_duration_statement and idle_in_transaction_session_timeout only (postgres logs both); a per-role limit would refuse with 'too many connections for role', not 'remaining connection slots are reserved'. Its lasting effect is the 'duration:' statement lines it logs from then on."},
				{"pg-backup", "The nightly pg_basebackup connected at 01:45:18 and disconnected at 01:57:54 (session time 0:12:36), two minutes before the first error; postgres' errors are refused connections, not slow statements."},
				{"pg-failover", "postgres-0 serves throughout: the same pod, no restart in its restarts counter, no promote or 'ready to accept connections' line; clients were refused new connections, they did not lose the ones they had."},
				{"invoices-locks", "No lock waits appear in postgres' log and payments' errors fail in ~9 ms in HikariPool.getConnection, not in a statement waiting on a lock."},
				{"card-issuer", "Declines are 402s at the same rate all night; the 500s are database connection errors."},
			},
			RedHerrings: []string{"payments-deploy", "postgres-params", "checkout-hpa", "gateway-config", "card-issuer"},
			Proof: []Proof{
				ProveLog(1, "invoices", "job monthly-statements started"),
				ProveLog(1, "invoices", "maximumPoolSize=80"),
				ProveLog(1, "invoices", "monthly-statements: ").Within(T, T+5),
				ProveLog(1, "postgres", "application_name=HikariPool-batch").Within(T, T+0.04),
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
				ProveLog(4, "checkout", "payments.Charge: 500 Internal Server Error").Within(T, T+10),
				ProveLog(4, "invoices", "job monthly-statements finished"),
			},
			Debrief: `On the first of the month at 02:00 invoices' in-process scheduler starts the
monthly-statements job. It opens its own pool of 80 connections to the shared postgres,
whose 200 connection slots normally serve ~100. With ~190 in use, postgres refuses any new
connection that is not a superuser's. payments' pool replaces connections as they age, and
each replacement was refused: the charges waiting on them failed with 500s. When the job
finished, its pool closed and everything recovered by itself. Nothing was deployed to cause
it (last month the job ran with 20 threads).

The tempting quick bet: errors in payments and postgres that rise together and recover with
no rollback look like "something on a schedule" or "a storm after the release", and the
table offers several: payments' release 42 s before, the postgres reload 24 s before, the
nightly backup, a failover, invoices' locks, invoices' job. They all draw the same first
Metrics screen. Only the logs tell them apart: the backup had disconnected at 01:57:54; the
reload changed logging only; payments' new pods kept a pool of 20; postgres-0 never
restarted; the refusals fail in ~9 ms in getConnection, not on a lock. And postgres logs
~80 connections from application_name=HikariPool-batch at 02:00:00, the second invoices
logs 'job monthly-statements started'.

Fastest path: read the error (a refused connection), then ask who holds postgres'
connections: its busy backends jump at 02:00 and invoices' leader pod's pool fills at the
same scrape. Shared databases need per-tenant connection limits.
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
