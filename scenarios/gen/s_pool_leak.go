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
// connection while postgres idles. pgbouncer's pool settings are changed
// 45 s after the release, with a real and lasting effect on pgbouncer (it
// churns server connections: more CPU, more work for postgres): the
// change nearest the first shift, and a choice that fits "waiting for
// connections" as well as the right one.
func poolLeak() *Script {
	const (
		T = 16.0  // orders v3.8.0 rolls out
		B = 16.75 // pgbouncer reload
	)
	users := Wave(300, 0.03, 41, 0.6)
	poolOf := func(p telemetry.Pod, m float64) float64 { // share of a pod's 20 connections in use
		if p.Version != "v3.8.0" {
			return 0.2
		}
		return math.Min(1, 0.2+0.8*(m-minutes(p.From))/6.4)
	}
	full := PL(0, 0, T+5.5, 0, T+7, 1) // share of orders' requests that wait for a connection
	ordersP50 := Sum(C(30), Mul(full, C(2600)))
	ordersErr := Sum(C(0.002), Mul(full, C(0.08)))
	bouncerCPU := Step(B+0.1, 1, 1.7)
	gwErr := Sum(C(0.0005), Mul(full, C(0.08)))
	held := func(m float64) float64 { return 2 * math.Min(16, math.Max(0, 2.5*(m-T-0.1))) } // connections kept, both pods
	return &Script{
		ID: "orders-timeout-at-peak", Seed: "pool-leak", Title: "Orders time out at peak", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"orders", "database", "latency"},
		Start: time.Date(2025, 11, 18, 19, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.03,
		Briefing: `[SEV2] api-gateway: orders p95 above 4s for 2 minutes, 5xx at 8%.
The database dashboard shows more connections than usual. Evening peak is starting.
Find the root cause.
`,
		Hints: []string{
			"Where does a slow order spend its time: before its first query, or inside it?",
			"Compare each orders pod's pool with when that pod started.",
			"Which log line did orders write at a steady rate all evening, and what follows it since 19:16?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"orders"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: users, Err: gwErr,
					P50: Sum(C(38), Mul(full, C(1900))), Tail: C(3), CPUms: 0.4}.Std()},
			{Name: "orders", Calls: []string{"pgbouncer", "payments", "notifications"}, Pods: 2, Version: "v3.7.2",
				Rollouts: []Rollout{{At: T, Version: "v3.8.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: users, Err: ordersErr, P50: ordersP50, Tail: C(4), CPUms: 3, Mem: 1400,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.Pool = poolOf(p, m)
						if r.Pool >= 1 {
							r.Busy = math.Min(1, r.Busy+0.6) // threads parked in getConnection
						}
					}}.Std([2]float64{T + 8, T + 8.7})},
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
			{At: T, ID: "orders-deploy", Kind: "deploy", Svc: "orders", Text: "orders v3.8.0 (git e4b1c77) rolled out by argo-cd (2/2 pods): refund validation rewrite"},
			{At: B, ID: "pgbouncer-config", Kind: "config", Svc: "pgbouncer", Text: "pgbouncer.ini: default_pool_size 20 -> 40, server_idle_timeout 600 -> 60 (RELOAD by dba-oncall)"},
			{At: 19, ID: "pg-work-mem", Kind: "config", Svc: "postgres", Text: "postgres: ALTER SYSTEM SET work_mem = '64MB'; pg_reload_conf() (reporting queries spill to disk)"},
			{At: 25, ID: "alert-orders-p95", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway orders p95 > 4s for 2m"},
			{At: 25.5, ID: "alert-orders-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway orders 5xx > 5% for 2m"},
		},
		Logs: Join(
			Shares("api-gateway", C(10), gwErr, Sum(C(38), Mul(full, C(1900))), 0.7,
				[]string{"POST /api/orders 201", "GET /api/orders/{int:100000:999999} 200"},
				[]string{"POST /api/orders 503", "GET /api/orders/{int:100000:999999} 503"}),
			Shares("orders", C(10), ordersErr, ordersP50, 0.7, []string{"POST /v1/orders 201", "GET /v1/orders/{int:100000:999999} 200", "POST /v1/refunds 202"},
				[]string{"POST /v1/orders 503", "GET /v1/orders/{int:100000:999999} 503"}),
			Of(
				Reqs("orders", "WARN", C(1.5), "refund validation failed for order {int:100000:999999}: payment token expired"),
				Src{Svc: "orders", Level: "DEBUG", PerMin: C(3), Msg: func(g *G, m float64) string {
					a := 4 + int(16*full(m)+0.5) + g.IntN(2)
					w := 0
					if a >= 20 {
						a, w = 20, 5+g.IntN(40)
					}
					return fmt.Sprintf("HikariPool-1 - Pool stats (total=20, active=%d, idle=%d, waiting=%d)", a, 20-a, w)
				}},
				Reqs("orders", "WARN", PL(0, 0, T+1, 0, T+1.5, 1.3, T+6.5, 1.3, T+7, 0.2), "Connection leak detection triggered for org.postgresql.jdbc.PgConnection@{hex:8} on thread http-nio-8080-exec-{int:1:200}, stack trace follows"),
				Reqs("orders", "ERROR", PL(0, 0, T+6.5, 0, T+8.5, 1.5), "Failed to obtain JDBC Connection; nested exception is java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 5000ms."),
				Once("orders", "INFO", T+0.1, "Started OrdersApplication in 14.211 seconds (process running for 15.02) version=3.8.0 git=e4b1c77").OnSlot(0),
				Once("orders", "INFO", T+0.35, "Started OrdersApplication in 13.874 seconds (process running for 14.61) version=3.8.0 git=e4b1c77").OnSlot(1),
				Reqs("notifications", "ERROR", C(3.5), "failed to send push notification: apns: 410 Unregistered (device token {hex:16}…)", "failed to send email to customer {int:100000:999999}: smtp: 452 4.2.2 Mailbox full"),
				Lines("notifications", "INFO", C(3), "consumed batch of {int:40:90} events from order-events in {ms:40:0.3}ms"),
				Access("payments", C(6), C(60), 0.5, "POST /v1/authorize 200"),
				Lines("pgbouncer", "INFO", C(2), "LOG stats: {int:290:330} xacts/s, {int:300:340} queries/s, in {int:40000:52000} B/s, out {int:180000:200000} B/s, xact {int:1900:2300} us, query {int:1800:2100} us, wait {int:8:20} us"),
				Lines("pgbouncer", "INFO", PL(0, 0, B, 0, B+0.1, 2), "LOG C-0x{hex:12}: orders/orders@10.{int:0:3}.{int:0:255}.{int:1:254}:{int:30000:60000} closing because: server idle timeout (age={int:60:62}s)"),
				Once("pgbouncer", "INFO", B+0.02, "LOG got SIGHUP, re-reading config: default_pool_size=40 server_idle_timeout=60").OnSlot(0),
				Once("pgbouncer", "INFO", B+0.03, "LOG got SIGHUP, re-reading config: default_pool_size=40 server_idle_timeout=60").OnSlot(1),
				Lines("postgres", "INFO", C(0.3), "LOG:  duration: {msf:1200:0.2} ms  statement: SELECT date_trunc('day', created_at), sum(total_cents) FROM order_items GROUP BY 1 -- reporting"),
				Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
				Lines("postgres", "INFO", PL(0, 0.2, B, 0.2, B+0.1, 2), "LOG:  connection authorized: user=orders database=orders application_name=pgbouncer SSL enabled (protocol=TLSv1.3)"),
				Lines("postgres", "ERROR", C(0.2), "ERROR:  canceling statement due to user request"),
				Once("postgres", "INFO", 19.02, "LOG:  received SIGHUP, reloading configuration files").On("postgres-0"),
				Once("postgres", "INFO", 19.03, "LOG:  parameter \"work_mem\" changed to \"64MB\"").On("postgres-0"),
			)),
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
			{"orders-conn-leak", "orders v3.8 keeps some connections instead of handing them back"},
			{"postgres-slow", "postgres answers the order queries more slowly at peak"},
			{"notifications-backlog", "notifications' backlog blocks the order writes that publish"},
			{"pool-too-small", "orders' pool of 20 is too small for the evening traffic"},
			{"payments-latency", "payments is slow and orders holds connections while it waits"},
			{"gateway-timeouts", "api-gateway gives up on orders sooner than orders needs"},
			{"pgbouncer-limit", "pgbouncer's new pool settings leave orders queueing for a free slot"},
		},
		Answer: Answer{
			Choice: "orders-conn-leak", Onset: T,
			Chain: []string{
				"orders v3.8.0 (19:16) returns early from refund validation without closing its JDBC connection; every expired payment token keeps one",
				"Each new orders pod's pool_in_use_ratio climbs from 0.2 to 1 in about six minutes from that pod's start; orders logs leak detection from 19:17",
				"With no idle connections, requests wait 5 s for one and fail: 'Connection is not available, request timed out after 5000ms'",
				"api-gateway's orders p95 goes to ~5 s and 5xx to 8% from 19:22, while postgres query time stays flat",
			},
			Evidence: []string{
				"postgres workers_busy_ratio{pod=\"postgres-0\"} climbs from 19:16:30 in a straight line: backends left idle in transaction by orders, not queries",
				"orders pool_in_use_ratio per pod climbs in a straight line from each v3.8.0 pod's start to 1 by 19:22; the v3.7.2 pods sat at 0.2 all evening",
				"orders logs 'Connection leak detection triggered' from 19:17, one minute (leakDetectionThreshold) after the deploy, at the rate of the steady 'payment token expired' warnings",
				"Slow traces: a HikariPool.getConnection span of 2.6-5 s, then 3 ms of SQL; pg_query_duration_p99_ms of postgres stays flat",
			},
			Wrong: [][2]string{
				{"postgres-slow", "postgres' query quantiles stay flat and it serves fewer queries as orders stalls; its work_mem change at 19:19 only touched the reporting queries."},
				{"notifications-backlog", "notifications has logged the same push and mail errors at the same rate all evening, and its lag is flat; orders' traces show no wait on kafka."},
				{"pool-too-small", "20 connections served the same traffic with 4 in use all evening; the traffic barely moved. The pool filled because connections never came back, not because more were needed."},
				{"payments-latency", "payments' latency is flat at ~60 ms, and slow traces wait before their first query, not around the payments call."},
				{"gateway-timeouts", "The requests fail inside orders after its 5000 ms connectionTimeout; the gateway only relays the 503."},
				{"pgbouncer-limit", "pgbouncer's reload at 19:16:45 is real and lasting: its CPU rose by two thirds as it closed idle server connections every minute. But its wait stays ~14 us and orders' pools had started to fill before it: the queue is inside orders."},
			},
			RedHerrings: []string{"pgbouncer-config", "pg-work-mem", "notifications", "postgres-slow"},
			Proof: []Proof{
				ProveEvent(1, "orders-deploy"),
				ProveLog(1, "orders", "Connection leak detection triggered").Within(T, T+4),
				ProvePod(2, "orders", telemetry.PoolName, 0, T+2, T+9),
				ProveMetric(2, "postgres", telemetry.PodSeriesName(telemetry.BusyName, "postgres-0"), T, T+8),
				ProveLog(3, "orders", "Connection is not available, request timed out after 5000ms").Within(T+5, T+12),
			},
			Debrief: `orders v3.8.0 rewrote refund validation. When a payment token had expired, the new code
returned early without closing the connection it had borrowed. Those refunds happen a few
times a minute, so each new pod kept a connection every twenty-odd seconds: its pool of 20
drained in about six minutes, and from then on every request waited its full 5 s for a
connection that never came. postgres saw fewer queries, not slower ones.

The tempting shortcut: take the change nearest the first shift. That is pgbouncer's reload,
45 seconds after the release, and its effect is real and lasting: pgbouncer's CPU rose by two
thirds and postgres forked new backends. "Pool settings" also sounds like "waiting for
connections". But pgbouncer's wait stayed at ~14 us; the waiting happens in orders' own pool,
which fills on each new pod from the minute that pod started.

Fastest path: a slow trace shows a long wait in HikariPool.getConnection followed by 3 ms of
SQL; per-pod pool use climbs in a straight line from each pod's start; leak detection fires a
minute (the threshold) after it. A linear climb from a deploy is a leak until shown otherwise.
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
