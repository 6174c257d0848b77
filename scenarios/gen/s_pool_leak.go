package main

import (
	"fmt"
	"time"
)

// orders v3.8.0 returns early from its refund validation without closing
// the JDBC connection it borrowed. Every expired payment token leaks one;
// HikariPool drains in about six minutes and requests queue for a
// connection while postgres idles. A postgres replica upgrade lands in
// between, and notifications has errored all evening.
func poolLeak() *Script {
	const T = 16.0 // orders v3.8.0 rolls out
	active := func(m float64) float64 { return min(4+max(m-T, 0)*2.5, 20) }
	return &Script{
		ID: "orders-timeout-at-peak", Seed: "pool-leak", Title: "Orders time out at peak", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"orders", "database", "latency"},
		Start: time.Date(2025, 11, 18, 19, 0, 0, 0, time.UTC), Minutes: 45, Step: 20, Sampled: 0.03,
		Briefing: `[SEV2] api-gateway: orders p95 above 4s for 5 minutes, 5xx at 8%.
The database dashboard shows more connections than usual. Evening peak is starting.
Find the root cause.
`,
		Hints: []string{
			"Where does a slow order spend its time: before its first query, or inside it?",
			"Follow orders' connection pool from 19:16 on, and read what HikariPool logs.",
			"Which log line did orders write at a steady rate all evening, and what changed about it at 19:16?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"orders", "catalog"}},
			{Name: "orders", Calls: []string{"pgbouncer", "payments", "notifications"}},
			{Name: "catalog", Calls: []string{"pgbouncer"}},
			{Name: "payments", Pods: 2},
			{Name: "notifications", Pods: 2},
			{Name: "pgbouncer", Calls: []string{"postgres"}, Pods: 2},
			{Name: "postgres", Pods: 2, Sts: true},
		},
		Events: []Ev{
			{At: T, ID: "orders-deploy", Kind: "deploy", Svc: "orders", Text: "orders v3.8.0 (git e4b1c77) rolled out by argo-cd (3/3 pods): refund validation rewrite"},
			{At: 19, ID: "pg-replica-upgrade", Kind: "deploy", Svc: "postgres", Text: "postgres-1 (read replica) upgraded 16.3 -> 16.4 by dba-oncall; primary postgres-0 unchanged"},
			{At: 24.5, ID: "alert-orders-p95", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway orders p95 > 4s for 5m"},
			{At: 25.5, ID: "alert-orders-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway orders 5xx > 5% for 5m"},
		},
		Metrics: []Metric{
			{Svc: "api-gateway", Name: "orders_p95_ms", Unit: "ms", F: PL(0, 90, T+6, 92, T+8, 5000), Jit: 0.04},
			{Svc: "api-gateway", Name: "orders_5xx_ratio", Unit: "%", F: PL(0, 0.2, T+6.5, 0.2, T+8.5, 8), Jit: 0.06},
			{Svc: "api-gateway", Name: "http_rps", Unit: "rps", F: PL(0, 880, 45, 920), Jit: 0.02},
			{Svc: "orders", Name: "hikaricp_connections_active", Unit: "count", F: active, Jit: 0.04, Gaps: [][2]float64{{T + 8, T + 8.7}}},
			{Svc: "orders", Name: "hikaricp_connections_idle", Unit: "count", F: func(m float64) float64 { return 20.3 - active(m) }, Jit: 0.02, Gaps: [][2]float64{{T + 8, T + 8.7}}},
			{Svc: "orders", Name: "jvm_gc_pause_p99_ms", Unit: "ms", F: C(22), Jit: 0.08},
			{Svc: "pgbouncer", Name: "avg_wait_us", Unit: "us", F: C(14), Jit: 0.1},
			{Svc: "pgbouncer", Name: "cl_active", Unit: "count", F: func(m float64) float64 { return 48 + 3*(active(m)-4) }, Jit: 0.03},
			{Svc: "postgres", Name: "cpu_pct", Unit: "%", F: Pulse(C(27), 19, 19.7, -8), Jit: 0.04},
			{Svc: "postgres", Name: "query_p95_ms", Unit: "ms", F: C(3.1), Jit: 0.05},
			{Svc: "notifications", Name: "kafka_consumer_lag", Unit: "count", F: Pulse(C(320), 12, 13, 4200), Jit: 0.08},
			{Svc: "payments", Name: "http_request_p95_ms", Unit: "ms", F: C(140), Jit: 0.04},
		},
		Logs: []Src{
			Access("api-gateway", C(8), PL(0, 38, T+6, 38, T+8, 1900), 0.7, "POST /api/orders 201", "GET /api/orders/{int:100000:999999} 200", "GET /api/products/{int:1000:9999} 200"),
			Reqs("api-gateway", "ERROR", PL(0, 0.1, T+6.5, 0.1, T+8.5, 5), "POST /api/orders 503 {ms:5000:0.05}ms upstream=orders: upstream returned 503 Service Unavailable", "GET /api/orders/{int:100000:999999} 503 {ms:5000:0.05}ms upstream=orders: upstream returned 503 Service Unavailable"),
			Access("orders", C(7), PL(0, 30, T+6, 30, T+8, 1500), 0.7, "POST /v1/orders 201", "GET /v1/orders/{int:100000:999999} 200", "POST /v1/refunds 202"),
			Reqs("orders", "WARN", C(1.5), "refund validation failed for order {int:100000:999999}: payment token expired"),
			{Svc: "orders", Level: "DEBUG", PerMin: C(3), Msg: func(g *G, m float64) string {
				a := min(int(active(m)+g.NormFloat64()*0.5+0.5), 20)
				a = max(a, 1)
				w := 0
				if active(m) >= 20 {
					w = 5 + g.IntN(40)
				}
				return fmt.Sprintf("HikariPool-1 - Pool stats (total=20, active=%d, idle=%d, waiting=%d)", a, 20-a, w)
			}},
			Reqs("orders", "WARN", PL(0, 0, T+1, 0, T+1.5, 1.3, T+6.5, 1.3, T+7, 0.2), "Connection leak detection triggered for org.postgresql.jdbc.PgConnection@{hex:8} on thread http-nio-8080-exec-{int:1:200}, stack trace follows"),
			Reqs("orders", "ERROR", PL(0, 0, T+6.5, 0, T+8.5, 3), "Failed to obtain JDBC Connection; nested exception is java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 5000ms."),
			Reqs("orders", "ERROR", C(0.2), "Failed to publish OrderCreated to notifications: org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for order-events-3: 30012 ms has passed since batch creation"),
			Once("orders", "INFO", T+0.1, "Started OrdersApplication in 14.211 seconds (process running for 15.02) version=3.8.0 git=e4b1c77"),
			Once("orders", "INFO", T+0.12, "HikariPool-1 - Start completed. maximumPoolSize=20 connectionTimeout=5000 leakDetectionThreshold=60000"),
			Access("catalog", C(6), C(12), 0.5, "GET /v1/products/{int:1000:9999} 200"),
			Reqs("notifications", "ERROR", Pulse(C(2), 12, 13, 10), "failed to send push notification: apns: 410 Unregistered (device token {hex:16}…)", "failed to send email to customer {int:100000:999999}: smtp: 452 4.2.2 Mailbox full"),
			Lines("notifications", "INFO", C(1), "consumed batch of {int:40:90} events from order-events in {ms:40:0.3}ms"),
			Once("notifications", "INFO", 12, "digest-mailer: nightly digest batch enqueued 18211 messages"),
			Access("payments", C(3), C(60), 0.5, "POST /v1/authorize 200"),
			Lines("pgbouncer", "INFO", C(1), "LOG stats: {int:290:330} xacts/s, {int:300:340} queries/s, in {int:40000:52000} B/s, out {int:180000:200000} B/s, xact {int:1900:2300} us, query {int:1800:2100} us, wait {int:8:20} us"),
			Lines("postgres", "INFO", C(0.3), "LOG:  duration: {msf:1200:0.2} ms  statement: SELECT date_trunc('day', created_at), sum(total_cents) FROM order_items GROUP BY 1 -- reporting"),
			Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
			{Svc: "postgres", Level: "INFO", Pod: "postgres-1", PerMin: PL(0, 0, 19, 0, 19.01, 60, 19.05, 60, 19.06, 0), Msg: Tmpl("LOG:  database system is ready to accept read-only connections", "LOG:  starting PostgreSQL 16.4 on x86_64-pc-linux-gnu")},
		},
		Holes: []Hole{{Svc: "catalog", From: 33, To: 34}},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{4.3, 9.8, 14.6} {
				trs = append(trs, Tr{At: at, Root: ordersTrace(g, 0, false)})
			}
			for i, at := range []float64{18.2, 21.4, 23.5, 26.7, 30.1, 34.8, 39.6} {
				wait := []float64{0, 2600, 5000, 3900, 5000, 5000, 4400}[i]
				trs = append(trs, Tr{At: at, Root: ordersTrace(g, wait, i == 4)})
			}
			return trs
		},
		Choices: []Choice{
			{"orders-conn-leak", "orders v3.8 leaks a connection on an error path, draining its pool"},
			{"postgres-slow", "postgres slowed down after its minor upgrade and orders' queries queue"},
			{"notifications-backlog", "notifications' kafka backlog blocks the order writes that publish events"},
			{"pool-too-small", "orders' pool of 20 connections is too small for the evening traffic peak"},
			{"payments-latency", "payments answers slowly and orders holds its connections while it waits"},
			{"gateway-timeouts", "api-gateway's upstream timeouts are shorter than orders needs at peak"},
			{"pgbouncer-limit", "pgbouncer reached max_client_conn and refuses new clients from orders"},
		},
		Answer: Answer{
			Choice: "orders-conn-leak", Onset: T,
			Chain: []string{
				"orders v3.8.0 (19:16) returns early from refund validation without closing its JDBC connection; every expired payment token leaks one",
				"hikaricp_connections_active climbs ~2.5 a minute from 4 to the pool's maximum of 20 by 19:22; HikariPool logs leak detection from 19:17",
				"With no idle connections, requests wait 5 s for one and fail: 'Connection is not available, request timed out after 5000ms'",
				"api-gateway's orders p95 goes 90 ms -> 5 s and 5xx to 8% from 19:22, while postgres query time and CPU stay flat",
			},
			Evidence: []string{
				"hikaricp_connections_active (orders) leaves its flat baseline of 4 at the 19:16:20 scrape and climbs linearly to 20 by 19:22; hikaricp_connections_idle mirrors it down to 0",
				"orders logs 'Connection leak detection triggered' from 19:17, one minute (leakDetectionThreshold) after the deploy, at the rate of the steady 'payment token expired' warnings",
				"postgres query_p95_ms stays ~3 ms and pgbouncer avg_wait_us ~14 us throughout: the database is not where the time goes",
				"Slow traces: a HikariPool.getConnection span of 2.6-5 s, then 3 ms of SQL",
			},
			Wrong: [][2]string{
				{"postgres-slow", "postgres' query_p95_ms stays at 3 ms and its CPU is flat; the upgrade was to the read replica at 19:19, after the pool had started to drain, and orders writes to the primary."},
				{"notifications-backlog", "notifications has logged the same push and mail errors at the same rate all evening, and its lag spike at 19:12 cleared in a minute; orders' traces show no wait on kafka."},
				{"pool-too-small", "20 connections served the same traffic with 4 active all evening; http_rps barely moved. The pool filled because connections never came back, not because more were needed."},
				{"payments-latency", "payments' p95 is flat at 140 ms, and slow traces wait before their first query, not around the payments call."},
				{"gateway-timeouts", "The requests fail inside orders after its 5000 ms connectionTimeout; the gateway only relays the 503."},
				{"pgbouncer-limit", "pgbouncer keeps reporting ~300 xacts/s with a 14 us wait and refuses no client; its cl_active rises only because orders holds its leaked connections open. The queue is inside orders' own pool."},
			},
			RedHerrings: []string{"pg-replica-upgrade", "notifications", "postgres-slow"},
			Proof: []Proof{
				ProveEvent(1, "orders-deploy"),
				ProveMetric(2, "orders", "hikaricp_connections_active", T, T+7),
				ProveLog(2, "orders", "Connection leak detection triggered").Within(T, T+3),
				ProveLog(3, "orders", "Connection is not available, request timed out after 5000ms").Within(T+5, T+8),
			},
			Debrief: `orders v3.8.0 rewrote refund validation. When a payment token had expired, the new code
returned early without closing the connection it had borrowed. Those refunds happen a few
times a minute, so each pod leaked a connection every twenty-odd seconds: the pool of 20
drained in about six minutes, and from then on every request waited its full 5 s for a
connection that never came. postgres saw fewer queries, not slower ones.

Fastest path: a slow trace shows a long wait in HikariPool.getConnection followed by 3 ms of
SQL. The pool's active count climbs in a straight line from the deploy, and orders logs leak
detection one minute (the threshold) after it.

Coaching: "the database is slow" is a claim about the database, so check its own numbers
first: query time and CPU were flat. A linear climb from a deploy is a leak until shown
otherwise. The replica upgrade was a real change, but it came three minutes after the climb
began and on a replica orders does not write to. The loudest service, notifications, was
just as loud an hour earlier.
`,
		},
	}
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
