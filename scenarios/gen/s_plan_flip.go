package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// order_items crosses a size at which autovacuum's automatic ANALYZE
// gives the planner new statistics, and the order-history query flips
// from an index scan to a sequential scan with a hash join: 40 ms becomes
// ~3 s, postgres' CPU climbs to its limit, orders' pool fills with slow
// queries. No change causes it. The change log holds an orders release
// three minutes earlier (slightly slower for good) and a postgres logging
// change 42 s after the flip (more log lines for good). Traps: "the
// release", "the new logging", "postgres is undersized".
func planFlip() *Script {
	const (
		T = 15.0 // the automatic ANALYZE finishes; the next history query runs the new plan
		R = 12.0 // orders v3.9.0
		L = 15.7 // postgres log_min_duration_statement
	)
	flip := PL(0, 0, T+0.05, 0, T+0.3, 1)
	users := Wave(380, 0.03, 35, 0.5)
	history := Mul(users, C(0.12)) // history requests a second
	ordP50 := Sum(PL(0, 28, R+0.2, 28, R+0.6, 31), Mul(flip, C(6)))
	ordTail := Sum(C(4), Mul(flip, C(60)))
	ordErr := Sum(C(0.002), Mul(flip, C(0.045)))
	pgCPU := Sum(C(1.1), Mul(flip, C(2.8)))
	return &Script{
		ID: "order-history-timeouts", Title: "Order history times out", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"orders", "latency", "postgres"},
		Start: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.03,
		Briefing: `[SEV2] orders p99 above 2s for 5 minutes; 5xx at 4%.
Customers report "My orders" spinning and then failing; checkout works.
Find the root cause.
`,
		Hints: []string{
			"Which requests are slow: all of orders', or one endpoint's? And where does their time go?",
			"Read what postgres itself logged just before its CPU rose.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"orders", "payments"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(1.8)), Err: Mul(ordErr, C(0.55)), P50: Sum(ordP50, C(5)), Tail: ordTail, CPUms: 0.4}.Std()},
			{Name: "orders", Calls: []string{"postgres", "notifications"}, Pods: 2, Version: "v3.8.4", Rollouts: []Rollout{{At: R, Version: "v3.9.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: users, Err: ordErr, P50: ordP50, Tail: ordTail, CPUms: 3, Mem: 1300,
					PoolMs: Sum(C(6), Mul(flip, history, C(3000.0/380))),
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Version == "v3.9.0" {
							r.CPU *= 1.15 // returns joined into every receipt
						}
					}}.Std([2]float64{26, 26.5})},
			{Name: "postgres", Pods: 2, Sts: true, Version: "16.4",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(3)), Err: Mul(flip, C(0.004)),
					P50: Sum(C(0.9), Mul(flip, C(0.6))), Tail: Sum(C(5), Mul(flip, C(400))), CPUms: 0.2, Limit: 4, Workers: 200, Mem: 9000,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Slot == 0 {
							r.CPU = pgCPU(m)
							r.Busy = math.Min(1, 0.06+0.3*flip(m))
						} else {
							r.CPU, r.Busy = 0.4, 0.03 // the replica only streams WAL
						}
					}}.Std()},
			{Name: "payments", Pods: 2, Version: "v3.3.0",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.5)), Err: C(0.002), P50: C(65), CPUms: 5, Mem: 700}.Std()},
			{Name: "notifications", Pods: 2, Version: "v1.12.0",
				Std: Web{Kind: telemetry.Consumer, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(0.3)), Err: C(0.03), P50: C(35), Prod: Mul(users, C(0.3)), Parts: 3,
					Lag: func(p int, m float64) float64 { return 120 + 30*float64(p) }}.Std()},
		},
		Events: []Ev{
			{At: R, ID: "orders-deploy", Kind: "deploy", Svc: "orders", Text: "orders v3.9.0 (git 91c0d2e) rolled out by argo-cd (2/2 pods): returns shown on receipts"},
			{At: L, ID: "pg-logging", Kind: "config", Svc: "postgres", Text: "postgres: ALTER SYSTEM SET log_min_duration_statement = '250ms' (was 1s); pg_reload_conf() by dba-oncall"},
			{At: 18.5, ID: "alert-pg-cpu", Kind: "alert", Svc: "postgres", Text: "[WARN] postgres-0 CPU > 85% of limit for 3m"},
			{At: 20.5, ID: "alert-orders", Kind: "alert", Svc: "orders", Text: "[SEV2] orders p99 > 2s for 5m"},
			{At: 24, ID: "campaign", Kind: "note", Text: "marketing: spring newsletter sent (320k recipients)"},
		},
		Logs: Join(
			Shares("api-gateway", C(13), Mul(ordErr, C(0.55)), Sum(ordP50, C(5)), 0.7,
				[]string{"GET /api/orders/history 200", "POST /api/orders 201", "POST /api/checkout 201"}, []string{"GET /api/orders/history 504"}),
			Shares("orders", C(13), ordErr, ordP50, 0.8, []string{"GET /v1/orders/history 200", "POST /v1/orders 201", "GET /v1/orders/{int:100000:999999} 200"},
				[]string{"GET /v1/orders/history 500"}),
			Of(
				Reqs("orders", "ERROR", Mul(flip, C(1.2)), "GET /v1/orders/history customer={int:100000:999999}: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout"),
				Reqs("orders", "WARN", C(0.5), "receipt {int:100000:999999}: returns lookup skipped, return id missing (legacy order)"),
				Once("orders", "INFO", R+0.05, "Started OrdersApplication in 13.902 seconds version=3.9.0 git=91c0d2e").OnSlot(0),
				Once("orders", "INFO", R+0.3, "Started OrdersApplication in 14.117 seconds version=3.9.0 git=91c0d2e").OnSlot(1),
				Once("postgres", "INFO", T-0.02, `LOG:  automatic analyze of table "shop.public.order_items" system usage: CPU: user: 1.92 s, system: 0.31 s, elapsed: 4.87 s`).On("postgres-0"),
				Once("postgres", "INFO", T-0.6, `LOG:  automatic vacuum of table "shop.public.order_items": index scans: 1 pages: 0 removed, 1842211 remain; tuples: 412 removed, 14120844 remain`).On("postgres-0"),
				Src{Svc: "postgres", Level: "INFO", Pod: "postgres-0", PerMin: Mul(flip, C(1.5)), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("LOG:  duration: %d.%03d ms  plan:\n\tHash Join  (cost=412.20..611832.51 rows=%d width=96)\n\t  ->  Seq Scan on order_items oi  (cost=0.00..498212.44 rows=14120844 width=64)\n\t  ->  Hash  (cost=410.11..410.11 rows=167 width=40)\n\t        ->  Index Scan using orders_customer_id_idx on orders o",
						2400+g.IntN(1800), g.IntN(1000), 30+g.IntN(200))
				}},
				Src{Svc: "postgres", Level: "INFO", Pod: "postgres-0", PerMin: Mul(Step(L+0.05, 0, 1), Sum(C(2), Mul(flip, C(2)))), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("LOG:  duration: %d.%03d ms  statement: SELECT id, total_cents, status FROM orders WHERE id = ANY($1)", 251+g.IntN(300), g.IntN(1000))
				}},
				Lines("postgres", "ERROR", Mul(flip, C(1.2)), "ERROR:  canceling statement due to statement timeout"),
				Lines("postgres", "INFO", C(0.3), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
				Once("postgres", "INFO", L+0.02, "LOG:  received SIGHUP, reloading configuration files").On("postgres-0"),
				Once("postgres", "INFO", L+0.03, `LOG:  parameter "log_min_duration_statement" changed to "250ms"`).On("postgres-0"),
				Access("payments", C(6), C(65), 0.5, "POST /v1/charges 201"),
				Reqs("notifications", "ERROR", C(3), "failed to send email to customer {int:100000:999999}: smtp: 452 4.2.2 Mailbox full", "failed to send push notification: apns: 410 Unregistered (device token {hex:16}…)"),
				Lines("notifications", "INFO", C(3), "consumed batch of {int:20:60} events from order-events in {ms:30:0.3}ms"),
			)),
		Holes: []Hole{{Svc: "notifications", From: 28, To: 29}},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.4, 7.3, 11.1} {
				trs = append(trs, Tr{At: at, Root: historyTrace(g, false, i == 2)})
			}
			for i, at := range []float64{15.8, 17.9, 19.6, 22.3, 25.1, 28.4, 31.7} {
				trs = append(trs, Tr{At: at, Root: historyTrace(g, true, i == 4)})
			}
			return trs
		},
		Choices: []Choice{
			{"orders-release", "orders' new release fetches far more rows for each history page"},
			{"pg-logging", "postgres' new slow-statement logging slows down every query it runs"},
			{"plan-flip", "the database picked a much worse way to run one query as data grew"},
			{"pg-undersized", "postgres has too little CPU for the morning's order traffic"},
			{"newsletter-traffic", "the newsletter drove more customers to their order history"},
			{"notifications-lag", "notifications holds order rows locked while it sends its emails"},
		},
		Answer: Answer{
			Choice: "plan-flip", Onset: T,
			Chain: []string{
				"At 09:14:59 autovacuum's automatic ANALYZE of order_items (14.1M rows) gave the planner new statistics; no change event, only postgres' own log line",
				"The order-history query flipped from an index scan to a sequential scan of order_items with a hash join: ~40 ms became 2.4-4.2 s",
				"postgres-0's cpu_usage_cores climbs from ~1.1 to ~3.9 of its 4 cores from 09:15:30; slow history queries hold orders' pooled connections and time out",
				"orders' p99 goes above 2 s and 5xx to ~4%, all on GET /v1/orders/history; checkout stays fast",
			},
			Evidence: []string{
				`postgres logs "automatic analyze of table shop.public.order_items" at 09:14:59, then auto_explain plans with "Seq Scan on order_items" from 09:15`,
				`cpu_usage_cores{pod="postgres-0"} rises from ~1.1 to ~3.9 cores from 09:15:30 with the same traffic; the replica stays flat`,
				"The failing requests are all GET /v1/orders/history ('canceling statement due to statement timeout'); POST /v1/orders stays fast",
				"Slow history traces spend 2-4 s in one SELECT order_items JOIN orders span, the slowest failing; every other span is fast",
			},
			Wrong: [][2]string{
				{"orders-release", "orders v3.9.0 went out at 09:12 and ran three clean minutes; it is a few ms slower for good (returns on receipts), and its history query text is unchanged: the plan is what changed."},
				{"pg-logging", "The logging change at 09:15:42 is real and lasting (more 'duration:' lines), but it came 42 s after postgres' CPU began to climb, and logging a statement does not make it take seconds."},
				{"pg-undersized", "The same four cores served the same traffic at ~1.1 cores until 09:15; the traffic did not change, the work per query did."},
				{"newsletter-traffic", "The newsletter went out at 09:24, nine minutes into the incident, and the request rate barely moved."},
				{"notifications-lag", "notifications' errors are the same all morning and its lag is flat; no lock waits appear in postgres' log."},
			},
			RedHerrings: []string{"orders-deploy", "pg-logging", "campaign", "notifications"},
			Proof: []Proof{
				ProveLog(1, "postgres", "automatic analyze of table"),
				ProveLog(2, "postgres", "Seq Scan on order_items").Within(T, T+12),
				ProveSpan(2, "orders", "SELECT order_items JOIN orders", true),
				ProveMetric(3, "postgres", telemetry.PodSeriesName(telemetry.CPUName, "postgres-0"), T, T+10),
				ProveLog(3, "postgres", "canceling statement due to statement timeout").Within(T, 36),
				ProveMetric(4, "orders", telemetry.DurationName(telemetry.HTTP, "p99"), T, T+10),
				ProveMetric(4, "orders", telemetry.DurationName(telemetry.HTTP, "p95"), T, T+10),
				ProveMetric(4, "orders", telemetry.ErrorsName(telemetry.HTTP), T, T+10),
				// orders' PSQLException lines, from the first to the last (09:34)
				ProveLog(4, "orders", "canceling statement due to statement timeout").Within(T, 36),
			},
			Debrief: `order_items had grown past the point where autovacuum analyses it again. At 09:14:59 its
automatic ANALYZE gave the planner fresh statistics, and for the order-history query they
tipped the estimate: the planner switched from an index scan on customer_id to a sequential
scan of 14 million rows with a hash join. Every history page now cost 2-4 s of CPU. postgres'
primary climbed to its core limit, slow queries held orders' pooled connections, and the
statement timeout turned the slowest into 500s. Nothing was deployed to cause it.

The tempting shortcut: the change log. orders released three minutes before (a few ms slower
for good) and the DBA lowered the slow-statement threshold 42 s after the flip (more log lines
for good). Both are real, neither changes a query plan. postgres announced what happened in
its own log: an automatic analyze, then plans with a Seq Scan.

Fastest path: find which requests are slow (one endpoint), follow one trace to the one slow
SELECT, then read the database's log around the minute its CPU rose. Data growth changes
plans without anyone touching anything.
`,
		},
	}
}

// historyTrace is GET /api/orders/history. flipped runs the new plan;
// dropped loses orders' server span.
func historyTrace(g *G, flipped, dropped bool) *Sp {
	d := g.LogNormal(38, 0.3)
	if flipped {
		d = g.Uniform(2400, 4200)
	}
	q := Leaf("orders", "SELECT order_items JOIN orders", 1.5, d).A("db.system", "postgresql", "db.operation", "SELECT")
	status := "200"
	if flipped && d > 3900 {
		q.E()
		status = "500"
	}
	srv := S("orders", "GET /v1/orders/history", 0, q.Off+q.Dur+g.LogNormal(6, 0.3), q)
	if dropped {
		srv.Drop()
	}
	root := S("api-gateway", "GET /api/orders/history", 0, srv.Dur+4, Call(g, "api-gateway", "orders GET /v1/orders/history", 2, srv))
	if status != "200" {
		srv.E()
		root.E()
		status = "504"
	}
	return root.A("http.status_code", status).L(fmt.Sprintf("GET /api/orders/history %s %dms", status, int(root.Dur)))
}
