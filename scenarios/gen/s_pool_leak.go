package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// orders v3.8.0 returns early from its refund validation without closing
// the JDBC connection it borrowed. Every expired payment token keeps one;
// each pod's pool drains in about six minutes and requests queue for a
// connection while postgres idles. The evening peak is building; in the
// same minute as the release orders' runtime config lowers its heap (a
// real, lasting drop in working set), and pgbouncer's pool settings are
// reloaded 45 s after the release, with a real and lasting effect on
// pgbouncer (it churns server connections: more CPU, more work for
// postgres). So three changes sit in the minute before the slow fill. The
// first Metrics screen shows orders waiting while postgres' query time
// stays flat, which six mechanisms draw alike: a leak, open transactions,
// pgbouncer's queue, postgres' connection limit, a pool too small for the
// peak, GC stalls in the smaller heap.
// Only per-pod pool use from each pod's start, leak detection, the traces'
// getConnection wait and pgbouncer's own wait tell them apart.
func poolLeak() *Script {
	const (
		T = 16.0  // orders v3.8.0 rolls out
		H = 15.65 // orders' runtime config: a smaller heap, picked up by the release's pods
		B = 16.75 // pgbouncer reload
	)
	users := Mul(Wave(300, 0.03, 41, 0.6), PL(0, 0.9, 8, 0.9, 36, 1.2)) // the evening peak builds
	poolOf := func(p telemetry.Pod, m float64) float64 {                // share of a pod's 20 connections in use
		base := 0.2 * users(m) / 300 // ~4 of 20 in use for the traffic
		if p.Version != "v3.8.0" {
			return base
		}
		return math.Min(1, base+0.8*(m-minutes(p.From))/6.4)
	}
	full := PL(0, 0, T+5.5, 0, T+7, 1) // share of orders' requests that wait for a connection
	ordersP50 := Sum(C(30), Mul(full, C(2600)))
	gwP50 := Sum(ordersP50, C(8))
	upTo := func(f Fn, k, limit float64) Fn { // a quantile k × the median, stopped by the 5 s connection timeout
		return func(m float64) float64 { return math.Min(limit, k*f(m)) }
	}
	ordersErr := Sum(C(0.002), Mul(full, C(0.08)))
	bouncerCPU := Step(B+0.1, 1, 1.7)
	gwErr := Sum(C(0.0005), Mul(full, C(0.08)))
	held := func(m float64) float64 { return 2 * math.Min(16, math.Max(0, 2.5*(m-T-0.1))) } // connections kept, both pods
	return &Script{
		ID: "orders-timing-out", Seed: "pool-leak", Title: "Orders time out", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"orders", "database", "latency"},
		Start: time.Date(2025, 11, 18, 19, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.03,
		Briefing: `[SEV2] api-gateway: orders p95 above 4s for 2 minutes, 5xx at 8%.
Support: "placing an order spins for a while, then says try again later". The evening peak is building.
Find the root cause.
`,
		Hints: []string{
			"Where does a slow order spend its time: before its first query, or inside it?",
			"Compare each orders pod's pool with when that pod started.",
			"Which warning did orders write at a steady rate all evening, and what follows it since 19:16?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"orders"}, Pods: 2, Version: "1.27.3",
				Std: withTail(Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: users, Err: gwErr,
					P50: gwP50, CPUms: 0.4}.Std(), upTo(gwP50, 2.2, 5045), upTo(gwP50, 3, 5090))},
			{Name: "orders", Calls: []string{"pgbouncer", "payments", "notifications"}, Pods: 2, Version: "v3.7.2",
				Rollouts: []Rollout{{At: T, Version: "v3.8.0"}},
				Std: withTail(Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: users, Err: ordersErr, P50: ordersP50, CPUms: 3, Mem: 1400,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.Pool = poolOf(p, m)
						if p.Version == "v3.8.0" {
							r.MemMiB *= 0.86 // MaxRAMPercentage 70 -> 60
						}
						if r.Pool >= 1 {
							r.Busy = math.Min(1, r.Busy+0.6) // threads parked in getConnection
						}
					}}.Std([2]float64{T + 8, T + 8.7}), upTo(ordersP50, 2.4, 5030), upTo(ordersP50, 3.4, 5070))},
			{Name: "payments", Pods: 2, Version: "v3.3.0",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.9), Sum(C(1), Mul(full, C(-0.5)))), Err: C(0.002), P50: C(60), CPUms: 5, Mem: 700}.Std()},
			{Name: "notifications", Pods: 2, Version: "v1.12.0",
				Std: Web{Kind: telemetry.Consumer, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(0.9)), Err: C(0.04), P50: C(40), Prod: Mul(users, C(0.9)), Parts: 3,
					Lag: func(p int, m float64) float64 { return 300 + 40*float64(p) }}.Std()},
			{Name: "pgbouncer", Calls: []string{"postgres"}, Pods: 2, Version: "1.22.1",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(3.2), Sum(C(1), Mul(full, C(-0.6)))), Err: C(0.0002),
					P50: C(2), CPUms: 0.3, Workers: 100, Mem: 60,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.CPU *= bouncerCPU(m) // reconnecting to postgres every minute costs TLS handshakes
					}}.Std()},
			{Name: "postgres", Pods: 2, Sts: true, Version: "16.3",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(3.2), Sum(C(1), Mul(full, C(-0.6)))), Err: C(0.0003),
					P50: C(1.1), Tail: C(3), CPUms: 0.5, Limit: 4, Workers: 200, Mem: 8000,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.CPU *= 1 + 0.25*Step(B+0.1, 0, 1)(m) // new backends forked for pgbouncer's churn
						if p.Slot == 0 {
							r.Busy += held(m) / 200 // backends left idle in transaction by orders
						}
					}}.Std()},
		},
		Events: []Ev{
			{At: H, ID: "orders-config", Kind: "config", Svc: "orders", Text: "orders: configmap orders-runtime rev 12 applied by argo-cd (PLAT-880)"},
			{At: T, ID: "orders-deploy", Kind: "deploy", Svc: "orders", Text: "orders v3.8.0 (git e4b1c77) rolled out by argo-cd (2/2 pods): refunds refactor (PR #1432)"},
			{At: B, ID: "pgbouncer-config", Kind: "config", Svc: "pgbouncer", Text: "pgbouncer: config rev 31 reloaded by dba-oncall (CHG-5521)"},
			{At: 19, ID: "pg-work-mem", Kind: "config", Svc: "postgres", Text: "postgres: settings for reporting reloaded by dba-oncall (CHG-5523)"},
			{At: 25, ID: "alert-orders-p95", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway orders p95 > 4s for 2m"},
			{At: 25.5, ID: "alert-orders-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway orders 5xx > 5% for 2m"},
		},
		Logs: Join(
			Shares("api-gateway", C(10), gwErr, gwP50, 0.7,
				[]string{"POST /api/orders 201", "GET /api/orders/{int:100000:999999} 200"},
				[]string{"POST /api/orders 503", "GET /api/orders/{int:100000:999999} 503"}),
			Shares("orders", C(10), ordersErr, ordersP50, 0.7, []string{"POST /v1/orders 201", "GET /v1/orders/{int:100000:999999} 200", "POST /v1/refunds 202"},
				[]string{"POST /v1/orders 503", "GET /v1/orders/{int:100000:999999} 503"}),
			Of(
				Reqs("orders", "WARN", C(5), "refund validation failed for order {int:100000:999999}: payment token expired"),
				// each new pod's first expired token, and its leak reported a minute (leakDetectionThreshold) later
				Once("orders", "WARN", T+0.2, "refund validation failed for order 482911: payment token expired").OnSlot(0),
				Once("orders", "WARN", T+0.62, "refund validation failed for order 517304: payment token expired").OnSlot(1),
				leakDetected(T+1.2, 0), leakDetected(T+1.62, 1),
				Reqs("orders", "WARN", PL(0, 0, T+1.5, 0, T+2, 4.8, T+6.6, 4.8, T+7, 0), "Connection leak detection triggered for org.postgresql.jdbc.PgConnection@{hex:8} on thread http-nio-8080-exec-{int:1:200}, stack trace follows"),
				Reqs("orders", "ERROR", PL(0, 0, T+5.5, 0, T+6.5, 1.5), "Failed to obtain JDBC Connection; nested exception is java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 5000ms."),
				Once("orders", "INFO", T+0.06, "JVM: -XX:MaxRAMPercentage=60 (max heap 1228m, was 1433m), G1GC, 8 GC threads").OnSlot(0),
				Once("orders", "INFO", T+0.31, "JVM: -XX:MaxRAMPercentage=60 (max heap 1228m, was 1433m), G1GC, 8 GC threads").OnSlot(1),
				Once("orders", "INFO", T+0.1, "Started OrdersApplication in 14.211 seconds (process running for 15.02) version=3.8.0 git=e4b1c77").OnSlot(0),
				Once("orders", "INFO", T+0.35, "Started OrdersApplication in 13.874 seconds (process running for 14.61) version=3.8.0 git=e4b1c77").OnSlot(1),
				Reqs("notifications", "ERROR", C(2.5), "failed to send push notification: apns: 410 Unregistered (device token {hex:16}…)", "failed to send email to customer {int:100000:999999}: smtp: 452 4.2.2 Mailbox full"),
				Lines("notifications", "INFO", C(2), "consumed batch of {int:40:90} events from order-events in {ms:40:0.3}ms"),
				Access("payments", C(6), C(60), 0.5, "POST /v1/authorize 200"),
				Lines("pgbouncer", "INFO", C(2), "LOG stats: {int:290:330} xacts/s, {int:300:340} queries/s, in {int:40000:52000} B/s, out {int:180000:200000} B/s, xact {int:1900:2300} us, query {int:1800:2100} us, wait {int:8:20} us"),
				Lines("pgbouncer", "INFO", PL(0, 0, B, 0, B+0.1, 2), "LOG C-0x{hex:12}: orders/orders@10.{int:0:3}.{int:0:255}.{int:1:254}:{int:30000:60000} closing because: server idle timeout (age={int:60:62}s)"),
				Once("pgbouncer", "INFO", B+0.02, "LOG got SIGHUP, re-reading config: default_pool_size=40 server_idle_timeout=60").OnSlot(0),
				Once("pgbouncer", "INFO", B+0.03, "LOG got SIGHUP, re-reading config: default_pool_size=40 server_idle_timeout=60").OnSlot(1),
				Lines("postgres", "INFO", C(0.3), "LOG:  duration: {msf:1200:0.2} ms  statement: SELECT date_trunc('day', created_at), sum(total_cents) FROM order_items GROUP BY 1 -- reporting"),
				Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
				Lines("postgres", "INFO", PL(0, 0.2, B, 0.2, B+0.1, 2), "LOG:  connection authorized: user=orders database=orders application_name=pgbouncer SSL enabled (protocol=TLSv1.3)"),
				Lines("postgres", "ERROR", C(0.2), "ERROR:  canceling statement due to user request"),
				Lines("postgres", "INFO", C(0.15), "LOG:  process {int:3000:9000} still waiting for AccessShareLock on relation 16420 of database 16384 after 1000.{int:100:999} ms -- reporting refresh of order_totals_daily").On("postgres-0"),
				Once("postgres", "INFO", 19.02, "LOG:  received SIGHUP, reloading configuration files").On("postgres-0"),
				Once("postgres", "INFO", 19.03, "LOG:  parameter \"work_mem\" changed to \"64MB\"").On("postgres-0"),
			),
			// HikariCP's housekeeper logs each pod's pool every 30 s, from the pod's start
			hikariStats(0, 0.3, T, -1, users, full), hikariStats(1, 0.45, T+0.25, -1, users, full),
			hikariStats(0, T+0.6, 36, T, users, full), hikariStats(1, T+0.85, 36, T+0.25, users, full)),
		Holes: []Hole{{Svc: "payments", From: 30, To: 31}},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{4.3, 9.8, 14.6} {
				trs = append(trs, Tr{At: at, Root: ordersTrace(g, 0, false)})
			}
			for i, at := range []float64{18.2, 21.4, 23.5, 26.7, 29.1, 31.8, 34.6} {
				wait := []float64{0, 2600, 5000, 3900, 5000, 5000, 4400}[i]
				trs = append(trs, Tr{At: at, Root: ordersTrace(g, wait, i == 4)})
			}
			return trs
		},
		Choices: []Choice{
			{"pgbouncer-queue", "pgbouncer's reloaded settings leave orders queueing for a server connection"},
			{"orders-conn-leak", "orders' new release keeps some database connections and never hands them back"},
			{"orders-open-tx", "orders' new release leaves transactions open whose row locks stall other orders"},
			{"pool-too-small", "orders' pool of 20 database connections is too small for the evening peak"},
			{"postgres-max-conn", "postgres runs out of connection slots as pgbouncer opens more server connections"},
			{"orders-gc", "orders' config change shrank its heap, and its request threads stall in collection"},
		},
		Answer: Answer{
			Choice: "orders-conn-leak", Onset: T,
			Chain: []string{
				"orders v3.8.0 (19:16) returns early from refund validation without closing its JDBC connection; every `payment token expired` keeps one",
				"Each new orders pod's pool_in_use_ratio climbs from ~0.2 to 1 in about six minutes from that pod's start (its `Pool stats` lines count active up to 20); orders logs `Connection leak detection triggered` from 19:17:12 and postgres-0's workers_busy_ratio climbs with the held backends",
				"With no idle connections (`Pool stats`: active=20, idle=0, waiting above 0 from 19:22), requests wait 5 s in HikariPool.getConnection and fail: `Connection is not available, request timed out after 5000ms`",
				"api-gateway's http_request_duration_p95_ms goes to ~5 s and its http_errors_ratio to 8% from 19:22",
			},
			Evidence: []string{
				`orders' pool_in_use_ratio{pod="x8tld"} climbs in a straight line from the pod's start at 19:16 to 1 by 19:22, and b9kf6's alike from 19:16:15; the v3.7.2 pods sat at ~0.2 all evening`,
				"orders' HikariPool-1 `Pool stats` lines on each v3.8.0 pod, every 30 s from 19:16:36 on; active climbs from ~5 to 20 of 20, then idle=0 with requests waiting",
				`postgres' workers_busy_ratio{pod="postgres-0"} climbs from 19:16:30 in a straight line: backends orders keeps and never uses`,
				"orders logs `Connection leak detection triggered` from 19:17:12, one minute (leakDetectionThreshold) after the first new pod's first expired token, then at the rate of the steady `payment token expired` warnings",
				"Trace 278eebb00397d2535717626a20fc06d7 (19:21:24): 2.6 s in its HikariPool.getConnection span, then 3 ms of SQL; the later slow traces wait 3.9-5 s there, and at 5 s they fail",
			},
			Wrong: [][2]string{
				{"pgbouncer-queue", "pgbouncer's reload at 19:16:45 is real and lasting (default_pool_size 20 -> 40, server_idle_timeout 60 s): its CPU rose by two thirds as it closes idle server connections every minute. But its LOG stats keep wait at 8-20 us, and orders' pools had started to fill before the reload: the queue is inside orders, in HikariPool.getConnection."},
				{"orders-open-tx", "Slow traces wait before their first query and then run 3 ms of SQL; no statement waits on a row lock. postgres logs lock waits (log_lock_waits is on): the only ones are the reporting refresh's, at the same rate all evening."},
				{"pool-too-small", "The traffic rose ~15 % by the time the pools were full (a third by the end of the window); on the v3.7.2 pods that kept ~4-5 of 20 connections busy. On each v3.8.0 pod the pool climbs in a straight line from the pod's start, whatever the traffic, and leak detection names connections held for over a minute."},
				{"postgres-max-conn", "postgres never refuses a connection: no 'remaining connection slots are reserved' or 'too many clients' line, and pgbouncer logs no failed server login. orders fails on its own pool ('HikariPool-1 - Connection is not available') after 5 s."},
				{"orders-gc", "The runtime config change (19:15:39) is real and lasting: the new pods start with a smaller heap ('max heap 1228m, was 1433m') and their memory_working_set_mib sits ~14 % lower. But gc_pause_p99_ms stays at ~20-25 ms on every pod, as before, and the slow traces spend their time in HikariPool.getConnection: the threads are parked waiting for a connection, not paused."},
			},
			RedHerrings: []string{"orders-config", "pgbouncer-config", "pg-work-mem", "notifications", "pgbouncer-queue"},
			Proof: []Proof{
				ProveEvent(1, "orders-deploy"),
				ProveLog(1, "orders", "payment token expired").Within(T, T+4),
				ProvePod(2, "orders", telemetry.PoolName, 0, T+1, T+9),
				ProveLog(2, "orders", "Connection leak detection triggered").Within(T, T+4),   // two windows: each
				ProveLog(2, "orders", "Connection leak detection triggered").Within(T+4, T+9), // stays narrow
				ProveLog(2, "orders", "Pool stats").Within(T+1, T+8),
				ProveLogRE(3, "orders", `Pool stats \(total=20, active=20, idle=0, waiting=[1-9]`).Within(T+5, T+12),
				ProveMetric(2, "postgres", telemetry.PodSeriesName(telemetry.BusyName, "postgres-0"), T, T+8),
				ProveLog(3, "orders", "Connection is not available, request timed out after 5000ms").Within(T+5, T+12),
				ProveSpan(3, "orders", "HikariPool.getConnection", true),
				ProveSpan(3, "orders", "HikariPool.getConnection", false).Within(T, 36), // the waits that got a connection at last
				ProveMetric(4, "api-gateway", telemetry.DurationName(telemetry.HTTP, "p95"), T+4, 36),
				ProveMetric(4, "api-gateway", telemetry.ErrorsName(telemetry.HTTP), T+4, 36),
			},
			Debrief: `orders v3.8.0 rewrote refund validation. When a payment token had expired, the new code
returned early without closing the connection it had borrowed. Those refunds happen two or
three times a minute on each pod, so each new pod kept a connection every twenty-odd seconds:
its pool of 20 drained in about six minutes, and from then on every request waited its full
5 s for a connection that never came. postgres saw fewer queries, not slower ones.

The tempting quick bet: orders' release landed five minutes before the cliff, so "the new
release leaks connections". But the minute around it holds three changes (orders' runtime
config with a smaller heap at 19:15:39, the release at 19:16, pgbouncer's reload at 19:16:45),
the evening peak is building, and on the first Metrics screen orders waits while postgres'
query time stays flat, which six stories draw alike: a leak, open transactions, pgbouncer's
queue, postgres out of connection slots, a pool too small for the peak, and GC stalls in the
smaller heap. The other two changes are real and lasting (the new pods' working set is ~14 %
lower; pgbouncer's CPU rose by two thirds and postgres forked new backends), and the traffic
really is climbing. A release before a slow fill is a lead, not yet a proof.

Fastest path: a slow trace shows a long wait in HikariPool.getConnection followed by 3 ms of
SQL, so the wait is in orders' own pool, not in pgbouncer (its wait stays ~14 us) or postgres.
Per-pod pool use climbs in a straight line from each pod's start, whatever the traffic; leak
detection fires a minute (the threshold) after each new pod's first expired token, then at the
rate of the expired-token warnings; the HikariPool "Pool stats" lines say the same in numbers.
A linear climb from a deploy is a leak until shown otherwise.
`,
		},
	}
}

// leakDetected is HikariCP's leak report from the orders pod in replica
// slot at minute m: a connection held past the one-minute threshold.
func leakDetected(m float64, slot int) Src {
	return Once("orders", "WARN", m, "Connection leak detection triggered for org.postgresql.jdbc.PgConnection@{hex:8} on thread http-nio-8080-exec-{int:1:200}, stack trace follows").OnSlot(slot)
}

// ordersTrace is POST /api/orders. wait is the time spent in
// HikariPool.getConnection; 5000 means it gave up (503). dropped loses the
// OrderService span (orders' exporter was shedding), orphaning its children.
func ordersTrace(g *G, wait float64, dropped bool) *Sp {
	getConn := S("orders", "HikariPool.getConnection", 0.3, max(wait, g.Uniform(0.05, 0.3)))
	svcKids := []*Sp{getConn}
	failed := wait >= 5000
	off := getConn.Off + getConn.Dur + 0.2
	if failed {
		getConn.E().A("exception.type", "java.sql.SQLTransientConnectionException")
	} else {
		for _, q := range []string{"SELECT carts", "INSERT orders", "INSERT order_items"} {
			d := g.LogNormal(1.1, 0.3)
			svcKids = append(svcKids, Leaf("orders", q, off, d).A("db.system", "postgresql", "net.peer.name", "pgbouncer"))
			off += d + 0.2
		}
		pay := Call(g, "orders", "payments POST /v1/authorize", off, S("payments", "POST /v1/authorize", 0, g.LogNormal(60, 0.3)))
		svcKids = append(svcKids, pay)
		off += pay.Dur + 1
	}
	svc := S("orders", "OrderService.create", 1, off, svcKids...)
	if dropped {
		svc.Drop()
	}
	srv := S("orders", "POST /v1/orders", 0, off+2, svc)
	root := S("api-gateway", "POST /api/orders", 0, srv.Dur+4, Call(g, "api-gateway", "orders POST /v1/orders", 2, srv))
	status := "201"
	if failed {
		status = "503"
		srv.E()
		root.E()
	}
	return root.A("http.status_code", status).L(fmt.Sprintf("POST /api/orders %s %dms", status, int(root.Dur)))
}

// hikariStats is the pool line of the orders pod in replica slot, every
// 30 s from minute first until minute until: ~4 of 20 connections active
// for the traffic, and on a v3.8.0 pod (leaking from minute leakFrom; <0:
// an old pod) a straight climb to 20 in about six minutes, then requests
// waiting.
func hikariStats(slot int, first, until, leakFrom float64, users, full Fn) []Src {
	return Ticker("orders", "DEBUG", slot, first, until, 0.5, func(g *G, m float64) string {
		used := 0.2 * users(m) / 300
		if leakFrom >= 0 {
			used = math.Min(1, used+0.8*(m-leakFrom)/6.4)
		}
		a := min(20, int(20*used+0.5)+g.IntN(2))
		w := 0
		if a >= 20 && full(m) > 0 {
			w = 5 + g.IntN(40)
		}
		return fmt.Sprintf("HikariPool-1 - Pool stats (total=20, active=%d, idle=%d, waiting=%d)", a, 20-a, w)
	})
}
