package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// A developer, granted break-glass access a minute before, runs ALTER
// TABLE orders by hand from psql (never logged as a change). It needs an
// ACCESS EXCLUSIVE lock and queues behind reporting's export, started
// twenty-four seconds earlier, which holds an ACCESS SHARE lock on orders
// in a read-only snapshot; every query on orders then queues behind the
// ALTER. orders-api's requests hang until statement_timeout for seven
// minutes, until the export finishes, the ALTER takes its lock for a few
// milliseconds and the queue drains. Around the cliff: orders-api's
// release (more CPU for good), postgres' work_mem reload (a little cheaper
// for good) and the nightly maintenance job, whose plain VACUUM of
// order_items ends at 20:16 harmlessly. So a table lock on orders taken
// and released fits four choices on the first screen equally (the ALTER,
// a VACUUM FULL by the maintenance job, a LOCK TABLE in the export, an
// idle transaction's locks), each with an event or a session near the
// cliff; postgres' wait lines (which pid heads the queue, who holds),
// the statements' text, the sessions' application_name and the export's
// own snapshot line tell them apart.
func migrationLock() *Script {
	const T = 14.0  // the ALTER is issued
	const R = 13.5  // orders-api v7.4.0 (decoy)
	const E = 21.0  // the export finishes, the ALTER runs, the queue drains
	const P = 14.4  // postgres reloads a tuned work_mem (decoy)
	const X = 13.6  // reporting's export starts (the lock holder)
	const A = 13.65 // dev_mkaur is granted break-glass access
	const V = 13.8  // the maintenance job's VACUUM of order_items starts (decoy); it ends at VE
	const VE = V + 153.02/60
	// held gates the sampled wait lines. Sources are drawn in 10 s buckets
	// by the bucket's middle, so a gate at T+0.1 starts them at 20:14:10;
	// the waits of the first ten seconds are Once lines below. A wait is
	// logged a second after it began and a timeout five seconds after:
	// none may start before the ALTER at 20:14:00 or after 20:21:00.
	held := func(m float64) float64 {
		if m >= T+0.1 && m < E {
			return 1
		}
		return 0
	}
	ramp := PL(0, 0, T, 0, T+0.3, 1, E, 1, E+0.1, 0)         // how full the wait queue is
	failing := PL(0, 0, T+0.1, 0, T+0.4, 1, E, 1, E+0.01, 0) // requests cancelled at statement_timeout: none before 20:14:05, none begun after 20:21
	heavier := Step(R, 1, 1.25)
	tuned := Step(P, 1, 0.9) // the reload's larger work_mem: fewer temp files, a little less CPU and time
	ordErr := func(m float64) float64 { return 0.001 + 0.5*failing(m) }
	ordP50 := func(m float64) float64 { return 28 + 3000*ramp(m) }
	tableOK := func(m float64) float64 { // orders-api's requests a minute on the orders table that succeed (half of 4)
		if m >= T && m < E {
			return 0
		}
		return 2 * (1 - failing(m))
	}
	tableLat := func(m float64) float64 { // the queue's last requests finish when it drains
		if m >= E {
			return 28 + 3000*ramp(m)
		}
		return 28
	}
	s := &Script{
		ID: "orders-hang", Seed: "migration-lock", Title: "Orders spin, then fail", Difficulty: 5, TimeLimit: 25 * time.Minute,
		Tags:  []string{"database", "latency", "sev1"},
		Start: time.Date(2025, 11, 27, 20, 0, 0, 0, time.UTC), Minutes: 30, Step: 30, Sampled: 0.03,
		Briefing: `[SEV1] orders-api p50 above 2s and 5xx above 30% for 3 minutes.
Support: customers cannot place orders; the button spins for a few seconds, then an error page.
Find the root cause.
`,
		Hints: []string{
			"Are the slow queries slow to run, or slow to start?",
			"postgres says what each waiting backend waits for, and who is ahead of it.",
			"Not every change reaches the change log: who connected to postgres just before the waits began?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"orders-api", "inventory"}, Pods: 2},
			{Name: "orders-api", Calls: []string{"postgres"}, Pods: 3},
			{Name: "inventory", Calls: []string{"postgres"}, Pods: 2},
			{Name: "reporting", Calls: []string{"postgres"}, Pods: 1},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: X, ID: "export-start", Kind: "note", Svc: "reporting", Text: "reporting: job orders_2025_11 started by scheduler (dag monthly_exports)"},
			{At: A, ID: "db-access", Kind: "note", Svc: "postgres", Text: "access: break-glass role granted to dev_mkaur on database shop for 30m (ticket OPS-4471)"},
			{At: V, ID: "db-maint", Kind: "note", Svc: "postgres", Text: "pg-maint: nightly maintenance job started (cron 13 20 * * *)"},
			{At: R, ID: "orders-deploy", Kind: "deploy", Svc: "orders-api", Text: "orders-api v7.4.0 (git 5d1c9e2) rolled out by argo-cd (3/3 pods): PR #2207 bump deps, tune client settings"},
			{At: P, ID: "postgres-params", Kind: "config", Svc: "postgres", Text: "postgres parameters applied by terraform, configuration reloaded (PR #733 tune memory settings)"},
			{At: T + 2, ID: "alert-orders", Kind: "alert", Svc: "orders-api", Text: "[SEV1] orders-api 5xx > 20% for 2m"},
			{At: T + 3, ID: "alert-p50", Kind: "alert", Svc: "orders-api", Text: "[SEV2] orders-api p50 > 2s for 3m"},
		},
		Logs: append([]Src{
			Access("api-gateway", C(17), C(35), 0.6, "GET /api/stock/{int:1000:9999} 200", "GET /api/products/{int:1000:9999} 200"),
			// Half of the orders routes read or write the orders table; during the lock every one of
			// those waits to its statement_timeout, and none succeeds until the queue drains at 20:21.
			// The other half (quotes, carts) never touch it and stay fast.
			boundedShares("api-gateway", Mul(C(2), tableOK), C(0), func(m float64) float64 { return tableLat(m) + 10 }, 0.4, 5000, 0, 0, []string{"POST /api/orders 201", "GET /api/orders?limit=20 200"}, nil)[0],
			Access("api-gateway", C(4), C(38), 0.4, "POST /api/orders/quote 200", "GET /api/cart 200"),
			Reqs("api-gateway", "ERROR", func(m float64) float64 { return 0.02 + 8*ordErr(m) }, "POST /api/orders 504 {int:5003:5020}ms upstream=orders-api: upstream returned 504 Gateway Timeout", "GET /api/orders?limit=20 504 {int:5003:5020}ms upstream=orders-api: upstream returned 504 Gateway Timeout"),
			boundedShares("orders-api", tableOK, C(0), tableLat, 0.4, 5000, 0, 0, []string{"POST /v1/orders 201", "GET /v1/orders?customer={int:100000:999999} 200"}, nil)[0],
			Access("orders-api", C(2), C(26), 0.4, "POST /v1/orders/quote 200", "GET /v1/carts/{int:100000:999999} 200"),
			Reqs("orders-api", "ERROR", func(m float64) float64 { return 4 * ordErr(m) }, "POST /v1/orders 504 {int:5001:5009}ms: insert order: pq: canceling statement due to statement timeout", "GET /v1/orders?customer={int:100000:999999} 504 {int:5001:5009}ms: list orders: pq: canceling statement due to statement timeout"),
			Reqs("orders-api", "WARN", C(0.2), "POST /v1/orders: address validation soft-failed for postcode {int:10000:99999}, accepting"),
			Access("inventory", C(13), C(9), 0.5, "GET /v1/stock/{int:1000:9999} 200"),
			Reqs("inventory", "WARN", C(0.2), "GET /v1/stock/{int:1000:9999}: warehouse {pick:DE-1|FR-2} feed older than 10m"),
			Once("reporting", "INFO", X+0.02, "export orders_2025_11: snapshot: BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY (backend pid 47102)"),
			Once("reporting", "INFO", X+0.025, "export orders_2025_11: started: SELECT o.*, i.* FROM orders o JOIN order_items i USING (order_id) WHERE o.created_at >= '2025-11-01'"),
			Once("reporting", "INFO", E-0.01, "export orders_2025_11: done in 7m22s, 4.1M rows, uploaded to s3://exports/orders_2025_11.csv.gz"),
			Lines("postgres", "INFO", C(4), "LOG:  duration: {msf:120:0.3} ms  statement: SELECT sku, on_hand FROM stock WHERE sku = $1"),
			Once("postgres", "INFO", X-0.02, "LOG:  connection authorized: user=reporting database=shop application_name=orders-export SSL enabled (protocol=TLSv1.3)"),
			Once("postgres", "INFO", P+0.005, "LOG:  received SIGHUP, reloading configuration files"),
			Once("postgres", "INFO", P+0.008, `LOG:  parameter "work_mem" changed to "96MB"`),
			Once("postgres", "INFO", V-0.005, "LOG:  connection authorized: user=maint database=shop application_name=pg_maint SSL enabled (protocol=TLSv1.3)"),
			Once("postgres", "INFO", VE, "LOG:  duration: 153021.874 ms  statement: VACUUM (ANALYZE) public.order_items"),
			Once("postgres", "INFO", VE+0.2, "LOG:  disconnection: session time: 0:02:33.210 user=maint database=shop host=10.4.0.31 port=40112"),
			Once("postgres", "INFO", T-0.3, "LOG:  connection authorized: user=dev_mkaur database=shop application_name=psql SSL enabled (protocol=TLSv1.3)"),
			Once("postgres", "INFO", T+1.0/60, "LOG:  process 48211 still waiting for AccessExclusiveLock on relation 16402 of database 16384 after 1000.081 ms"),
			Once("postgres", "INFO", T+1.0/60+0.002, "DETAIL:  Process holding the lock: 47102. Wait queue: 48211."),
			Once("postgres", "INFO", T+1.0/60+0.004, "STATEMENT:  ALTER TABLE orders ADD COLUMN gift_note text NOT NULL DEFAULT ''"),
			Lines("postgres", "INFO", func(m float64) float64 { return 5 * held(m) },
				"LOG:  process {int:48212:48990} still waiting for RowExclusiveLock on relation 16402 of database 16384 after {int:1000:1003}.{int:100:999} ms",
				"LOG:  process {int:48212:48990} still waiting for AccessShareLock on relation 16402 of database 16384 after {int:1000:1003}.{int:100:999} ms"),
			Lines("postgres", "INFO", func(m float64) float64 { return 2 * held(m) }, "DETAIL:  Processes holding the lock: 47102. Wait queue: 48211, {int:48212:48990}, {int:48212:48990}, {int:48212:48990}."),
			Lines("postgres", "ERROR", func(m float64) float64 { return 0.05 + 2.5*held(m) }, "ERROR:  canceling statement due to statement timeout"),
			Once("postgres", "INFO", E, "LOG:  process 48211 acquired AccessExclusiveLock on relation 16402 of database 16384 after 420002.223 ms"),
			Once("postgres", "INFO", E+0.002, "LOG:  duration: 420101.905 ms  statement: ALTER TABLE orders ADD COLUMN gift_note text NOT NULL DEFAULT ''"),
			Once("postgres", "INFO", E+0.2, "LOG:  disconnection: session time: 0:07:29.980 user=dev_mkaur database=shop host=10.4.0.12 port=51822"),
		}, append(append(pgCheckpoints(2.4, 30), migFirstWaits(T)...), migExportProgress(X+0.025, E-0.01, 4.1)...)...),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{3.1, 7.6, 11.9} {
				trs = append(trs, Tr{At: at, Root: orderInsertTrace(g, false, i == 1)})
			}
			for _, at := range []float64{14.6, 16.2, 18.5, 20.1} {
				trs = append(trs, Tr{At: at, Root: orderInsertTrace(g, true, false)})
			}
			for _, at := range []float64{23.4, 27.2} {
				trs = append(trs, Tr{At: at, Root: orderInsertTrace(g, false, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"orders-release", "orders-api's new release holds its database connections open far too long"},
			{"export-lock", "reporting's export ran LOCK TABLE on orders and queued every query on orders behind it"},
			{"idle-transaction", "a session left idle in a transaction held a lock that queued every query on orders"},
			{"orders-pool", "orders-api's connection pool is too small for this evening's order traffic"},
			{"alter-table", "an ALTER TABLE on orders waited for a lock and queued every query on orders behind it"},
			{"vacuum-full", "a VACUUM FULL of orders held its table lock and queued every query on orders behind it"},
			{"postgres-cpu", "postgres ran out of CPU and answers every query on orders far too slowly"},
			{"seq-scans", "a query plan on orders flipped to full scans that keep postgres' disks busy"},
		},
		Answer: Answer{
			Choice: "alter-table", Onset: T,
			Chain: []string{
				"At 20:13:39 dev_mkaur was granted break-glass access (db-access); at 20:13:42 dev_mkaur connected with psql ('user=dev_mkaur database=shop application_name=psql') and ran ALTER TABLE orders ADD COLUMN gift_note ... by hand (no change record): 'still waiting for AccessExclusiveLock' names the statement",
				"reporting's export has held an ACCESS SHARE lock on orders since 20:13:36 (export-start), inside a read-only snapshot ('REPEATABLE READ, READ ONLY (backend pid 47102)'), so the ALTER waits, and every later query on orders queues behind it: inserts log 'still waiting for RowExclusiveLock', reads 'still waiting for AccessShareLock', with 'Wait queue: 48211' at the head",
				"orders-api's queries wait until statement_timeout (5 s) and are cancelled ('canceling statement due to statement timeout'): its http_request_duration_p50_ms and http_request_duration_p95_ms pass 3 s, its http_errors_ratio reaches a half (504), and postgres' workers_busy_ratio climbs while its CPU falls",
				"At 20:21 the export is done, the ALTER takes its lock for a few ms and completes ('acquired AccessExclusiveLock'), and the queue drains: orders recover without anyone acting",
			},
			Evidence: []string{
				"postgres logs at 20:13:42 a psql connection by dev_mkaur, then at 20:14:01 'still waiting for AccessExclusiveLock' with STATEMENT: ALTER TABLE orders ADD COLUMN gift_note",
				"from 20:14:01 to 20:21 the app's queries on relation 16402 log 'still waiting for RowExclusiveLock' (inserts) and 'still waiting for AccessShareLock' (reads); each wait DETAIL lists 'Wait queue: 48211' at the head and 47102, reporting's export ('backend pid 47102'), holding the lock",
				"http_request_duration_p50_ms (orders-api) jumps from ~28 ms in the 20:14:30 scrape and falls back at 20:21:30, when postgres logs 'acquired AccessExclusiveLock' right after reporting's 'export orders_2025_11: done'",
			},
			Wrong: [][2]string{
				{"orders-release", "v7.4.0 does cost more CPU for good (from 20:13:30), but its queries ran normally for half a minute, the slowness ended at 20:21 while v7.4.0 stayed, and its INSERT spans end in 'canceling statement due to statement timeout': postgres cancels them while they wait for a lock, not while the app sits on a connection."},
				{"export-lock", "The export took no table lock of its own: it opened a REPEATABLE READ, READ ONLY snapshot (backend pid 47102) and streamed a SELECT, whose ACCESS SHARE lock blocks no insert or read, and orders flowed normally beside it from 20:13:36 to 20:14. Had it run LOCK TABLE, its 47102 would head the app's wait queues; they are headed by 48211, whose statement is the ALTER. The export blocked only the ALTER, and the ALTER blocked everyone."},
				{"idle-transaction", "A transaction's row locks make writers wait on that transaction ('ShareLock on transaction') and never make readers wait. Here inserts wait for RowExclusiveLock and reads for AccessShareLock on the whole relation, in a queue headed by the ALTER's process 48211, and the holder, 47102, is reporting's export streaming rows ('backend pid 47102'), not an idle session. dev_mkaur's psql session was not idle either: it was the ALTER, waiting."},
				{"orders-pool", "The pool fills because every connection waits on the lock; traffic is flat, and the pool was enough until 20:14 and again after 20:21."},
				{"vacuum-full", "The maintenance job did start twelve seconds before the waits, but its session (application_name=pg_maint) ran a plain 'VACUUM (ANALYZE) public.order_items': not FULL, and not on orders. A plain vacuum's SHARE UPDATE EXCLUSIVE lock blocks no insert or read; it ended at 20:16:21 while the waits went on to 20:21, and every wait is on relation 16402, orders, in a queue headed by 48211, the ALTER."},
				{"postgres-cpu", "postgres' CPU falls while the workers wait; queries on stock and other tables stay fast."},
				{"seq-scans", "The slow statements are not slow to run, they are slow to start: they wait for a lock, postgres' CPU falls, and inventory's queries stay at their usual speed. The work_mem reload at 20:14:24 is real (postgres a little faster for good) and came after the waits began."},
			},
			RedHerrings: []string{"orders-deploy", "postgres-params", "db-maint"},
			Proof: []Proof{
				ProveLog(1, "postgres", "STATEMENT:  ALTER TABLE orders ADD COLUMN gift_note"),
				ProveLog(1, "postgres", "user=dev_mkaur database=shop application_name=psql"),
				ProveLog(1, "postgres", "still waiting for AccessExclusiveLock"),
				ProveEvent(1, "db-access"),
				ProveEvent(2, "export-start"),
				ProveLog(2, "reporting", "export orders_2025_11: started"),
				ProveLog(2, "reporting", "REPEATABLE READ, READ ONLY (backend pid 47102)"),
				ProveLog(2, "reporting", "backend pid 47102"),
				ProveLog(2, "postgres", "Wait queue: 48211").Within(T, E),
				ProveLog(2, "postgres", "still waiting for RowExclusiveLock").Within(T, E),
				ProveLog(2, "postgres", "still waiting for AccessShareLock").Within(T, E),
				ProveMetric(3, "orders-api", telemetry.DurationName(telemetry.HTTP, "p50"), T, E),
				ProveMetric(3, "orders-api", telemetry.DurationName(telemetry.HTTP, "p95"), T, E),
				ProveMetric(3, "orders-api", telemetry.DurationName(telemetry.HTTP, "p99"), T, E),
				ProveMetric(3, "orders-api", telemetry.ErrorsName(telemetry.HTTP), T, E),
				ProveMetric(3, "postgres", telemetry.BusyName, T, E),
				ProveLog(3, "orders-api", "canceling statement due to statement timeout").Within(T, E),
				ProveLog(3, "postgres", "canceling statement due to statement timeout").Within(T, E),
				ProveSpan(3, "orders-api", "INSERT orders", true),
				ProveLog(4, "postgres", "acquired AccessExclusiveLock"),
				ProveLog(4, "reporting", "export orders_2025_11: done"),
			},
			Debrief: `At 20:13:39 a developer was granted break-glass access, and at 20:14 ran ALTER TABLE orders
ADD COLUMN gift_note ... from psql, by hand, to get ahead of the gift-notes feature; nothing
reached the change log. The ALTER needs an ACCESS EXCLUSIVE lock, and reporting's export had held
an ACCESS SHARE lock on orders since 20:13:36, inside a read-only snapshot. So the ALTER waited,
and because postgres queues lock requests in order, every insert and read on orders queued behind
it. For seven minutes orders-api's queries hit statement_timeout; at 20:21 the export finished,
the ALTER took its lock for a few milliseconds, and it was over.

The tempting quick bet: orders-api and postgres fail from 20:14 to 20:21 with a sharp start and a
sharp stop while inventory, on the same postgres, never notices. That reads as "a table lock on
orders was taken and released", and four choices say it, each with something near the cliff: an
ALTER TABLE (a break-glass grant at 20:13:39), a VACUUM FULL (the maintenance job at 20:13:48), a
LOCK TABLE in the export (started at 20:13:36), and a session idle in a transaction. The plateau
cannot tell them apart; postgres' lock-wait lines can. Every wait is on relation 16402, orders,
and every queue is headed by process 48211, whose STATEMENT is the ALTER, from a psql session by
dev_mkaur. The holder, 47102, is the export, which logs that pid with its REPEATABLE READ, READ
ONLY snapshot: it took no table lock, orders flowed beside it for twenty-four seconds, and it was
streaming rows all along, not idle. The maintenance job (application_name=pg_maint) ran a plain
VACUUM of order_items, not FULL and not on orders, and was done at 20:16:21, five minutes before
the recovery. orders-api v7.4.0 shipped thirty seconds before and postgres reloaded a tuned
work_mem twenty-four seconds after, but both stayed while the failures ended.

Fastest path: slow queries that are slow to start mean waiting. Read postgres' lock-wait lines:
who waits, who holds, who heads the queue, and what statement it is. Then find its session: a
psql connection by a person. Coaching: DDL on a hot table should run with a lock_timeout, and
through the pipeline that logs it.
`,
		},
	}
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: migCapped(web(C(480), func(m float64) float64 { return 0.001 + 0.45*ordErr(m) }, func(m float64) float64 { return 40 + 900*ramp(m) }, 3), 5018, 5024),
			Res: pods(C(0.5), C(220), C(0.5), func(m float64) float64 { return 0.15 + 0.5*ramp(m) }, func(m float64) float64 { return 0.2 + 0.6*ramp(m) })},
		{Svc: "orders-api", Kind: telemetry.HTTP, RT: telemetry.JVM, Version: "v7.3.2", Rollout: R, NewVersion: "v7.4.0",
			Req: migCapped(web(C(210), ordErr, ordP50, 2.5), 5006, 5011),
			Res: pods(func(m float64) float64 { return 0.4*heavier(m) - 0.15*ramp(m) }, C(1500), C(14), func(m float64) float64 { return 0.2 + 0.78*ramp(m) }, func(m float64) float64 { return 0.15 + 0.85*ramp(m) })},
		{Svc: "inventory", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(260), C(0.001), C(9), 3), Res: pods(C(0.25), C(170), C(0.4), C(0.1), C(0.1))},
		{Svc: "reporting", Kind: telemetry.HTTP, RT: telemetry.JVM,
			Req: web(C(0.5), C(0), C(40), 3),
			Res: pods(func(m float64) float64 { return 0.1 + 0.5*Step(X, 0, 1)(m)*(1-Step(E, 0, 1)(m)) }, C(2400), C(20), C(0.05), C(0.05))},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native, Gaps: [][2]float64{{25.4, 25.6}},
			Req: func(m float64) telemetry.Requests {
				p := 0.8 + 2500*ramp(m)
				return telemetry.Requests{RPS: 1400 - 600*ramp(m), Err: 0.0003 + 0.15*ramp(m), P50: 0.8*tuned(m) + 3*ramp(m), P95: 3*tuned(m) + p, P99: 9*tuned(m) + 1.8*p}
			},
			Res: pods(func(m float64) float64 { return 1.4*tuned(m) - 0.6*ramp(m) }, C(6200), C(0), func(m float64) float64 { return 0.25 + 0.73*ramp(m) }, C(0))},
	})
	return s
}

// migCapped bounds a request mix's tail at the statement_timeout's 5 s plus
// the ms each hop adds: no request waits longer, it is cancelled.
func migCapped(req func(m float64) telemetry.Requests, p95, p99 float64) func(m float64) telemetry.Requests {
	return func(m float64) telemetry.Requests {
		r := req(m)
		r.P95, r.P99 = min(r.P95, p95), min(r.P99, p99)
		return r
	}
}

// orderInsertTrace is POST /api/orders. waiting: the INSERT waits on the
// lock queue until statement_timeout. dropped: orders-api's server span
// was not exported.
func orderInsertTrace(g *G, waiting, dropped bool) *Sp {
	ins := Leaf("orders-api", "INSERT orders", 1, g.LogNormal(3, 0.3)).A("db.system", "postgresql", "db.statement", "INSERT INTO orders (order_id, customer_id, total_cents) VALUES ($1, $2, $3)")
	status := "201"
	if waiting {
		ins.Dur = 5000 + g.Uniform(0, 4)
		ins.E().A("error.message", "pq: canceling statement due to statement timeout")
		status = "504"
	}
	sel := Leaf("orders-api", "SELECT customers", 0.3, g.LogNormal(1.2, 0.3)).A("db.system", "postgresql")
	ins.Off = sel.Off + sel.Dur + 0.4
	o := S("orders-api", "POST /v1/orders", 0, ins.Off+ins.Dur+2, sel, ins).A("http.status_code", status)
	if waiting {
		o.E()
	}
	if dropped {
		o.Drop()
	}
	root := S("api-gateway", "POST /api/orders", 0, o.Dur+4, Call(g, "api-gateway", "orders-api POST /v1/orders", 2, o)).A("http.status_code", status)
	if waiting {
		root.E()
	}
	return root.L(fmt.Sprintf("POST /api/orders %s %dms", status, int(root.Dur)))
}
