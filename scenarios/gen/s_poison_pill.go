package main

import (
	"fmt"
	"time"
)

// A partner refund with no amount lands on payments partition 7 at
// offset 1843392. settlement dereferences the nil amount and panics before
// committing; the restarted pod (or, after a rebalance, the next owner of
// partition 7) reads the same record and dies too. The deploy of
// settlement 20 minutes earlier is the trap: it had settled 2M records.
func poisonPill() *Script {
	const T = 28.0 // 14:28:03, the record is published
	crashes := []float64{T + 0.05, T + 1.1, T + 2.4, T + 3.3, T + 4.9, T + 6.1, T + 7.8, T + 9.0, T + 10.9, T + 12.2, T + 14.3, T + 16.0, T + 18.4, T + 20.3}
	restarts := []float64{0, 2}
	for i, c := range crashes {
		restarts = append(restarts, c, float64(2+i), c+0.01, float64(3+i))
	}
	restarts = append(restarts, 50, float64(2+len(crashes)))
	stall := func(m float64) float64 { // partitions paused by a dead consumer
		for _, c := range crashes {
			if m >= c && m < c+0.75 {
				return 1
			}
		}
		return 0
	}
	logs := []Src{
		Access("api-gateway", C(8), C(55), 0.6, "POST /api/checkout 201", "POST /api/refunds 202", "GET /api/orders/{int:100000:999999} 200"),
		Reqs("api-gateway", "ERROR", C(0.1), "POST /api/checkout 502 upstream=checkout: upstream returned 502 Bad Gateway"),
		Access("checkout", C(4), C(140), 0.5, "POST /v1/checkout 201"),
		Reqs("payments-api", "INFO", C(5), "published PaymentCaptured pay_{hex:12} topic=payments partition={int:0:11} offset={int:1838000:1849000}"),
		Reqs("refunds", "INFO", C(1), "published RefundIssued rf_{hex:10} topic=payments partition={int:0:11} offset={int:1838000:1849000} source={pick:api|api|partner:acme-pay}"),
		Once("refunds", "INFO", T, "published RefundIssued rf_7f2c9a01be topic=payments partition=7 offset=1843392 source=partner:acme-pay"),
		Reqs("refunds", "WARN", C(0.2), "partner webhook acme-pay: retrying delivery ack (attempt {int:2:4})"),
		{Svc: "settlement", Level: "INFO", PerMin: Mul(C(3), Sum(C(1), Mul(C(-0.5), stall))), Msg: func(g *G, m float64) string {
			p := g.IntN(12)
			if p == 7 && m >= T {
				p = 6
			}
			return fmt.Sprintf("committed offsets partition=%d batch=500 in %dms", p, int(g.LogNormal(38, 0.3)))
		}},
		{Svc: "settlement", Level: "INFO", PerMin: PL(0, 0, 8.2, 0, 8.3, 0.5), Msg: func(g *G, m float64) string {
			return fmt.Sprintf("stats: processed=%d since start, dlq=0, panics=0", int((m-8.1)*60*1150*(1+0.01*g.NormFloat64())))
		}},
		Once("settlement", "INFO", 8.1, "starting settlement v2.4.0 (git 5e5f7a1): batch commits enabled, commit.interval=5s"),
		Reqs("settlement", "WARN", C(0.3), "ledger.Post entry for pay_{hex:12}: 409 already settled, skipping"),
		Reqs("notifications", "ERROR", C(3.5), "send receipt email: 550 5.1.1 <{hex:8}@{pick:gmial.com|yaho.com|hotmial.com}>: Recipient address rejected: User unknown", "push: FCM 404 NotRegistered for device {hex:16}", "send receipt email: 421 4.7.0 Try again later, closing connection"),
		Lines("notifications", "INFO", C(2), "consumed {int:100:400} events from payments in {ms:80:0.3}ms"),
		Once("notifications", "INFO", 29.1, "starting notifications v5.2.0 (git c4d5e6f): receipt template v7"),
		Access("ledger", C(4), PL(0, 9, 20, 9, 20.5, 25, 24, 25, 24.5, 9), 0.5, "POST /v1/entries 201"),
		Once("ledger", "INFO", 20, "month-end accrual job started: 48211 merchant accounts"),
		Once("ledger", "INFO", 24.2, "month-end accrual job done in 4m11s"),
		Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
		Lines("postgres", "ERROR", C(0.12), "ERROR:  deadlock detected", "ERROR:  could not serialize access due to concurrent update"),
		Lines("kafka", "INFO", C(0.6), "[Log partition=payments-{int:0:11}, dir=/var/lib/kafka/data] Rolled new log segment at offset {int:1838000:1849000} in {int:1:9} ms."),
		Once("kafka", "INFO", T+2, "[Controller id=2] 2 successfully elected as the controller. Epoch incremented to 17 and epoch zk version is now 17").On("kafka-2"),
		Once("kafka", "WARN", T+1.98, "[Controller id=0] Controller session expired, resigning (zk session 0x3000a1b2c3d0004 timed out after 18000ms)").On("kafka-0"),
	}
	pods := []string{"settlement-7c8d9f6b4-2xkqp", "settlement-7c8d9f6b4-m9wzt", "settlement-7c8d9f6b4-q4rjd", "settlement-7c8d9f6b4-v6hnl"}
	for i, c := range crashes {
		pod := pods[i%len(pods)]
		crash := func(dt float64, level, msg string) Src {
			return Once("settlement", level, c+dt/60, msg).On(pod)
		}
		logs = append(logs,
			crash(-0.4, "INFO", "assigned partitions: map[payments:["+fmt.Sprint(6+i%2)+" 7]]"),
			crash(0, "INFO", "processing partition=7 offset=1843392 key=rf_7f2c9a01be type=RefundIssued"),
			crash(0.002, "ERROR", "panic: runtime error: invalid memory address or nil pointer dereference"),
			crash(0.003, "ERROR", "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x8f4e21]"),
			crash(0.004, "ERROR", "github.com/shop/settlement/internal/settle.(*Settler).apply(0xc000412000, {0xc0004a2f00, 0x1b, 0x20})"),
			crash(0.005, "ERROR", "\t/src/internal/settle/apply.go:142 +0x1c1"),
		)
		if i > 1 {
			logs = append(logs, crash(12, "WARN", "Back-off restarting failed container settlement in pod "+pod))
		}
	}
	return &Script{
		ID: "missing-payments", Seed: "poison-pill", Title: "Payments missing from merchant balances", Difficulty: 5, TimeLimit: 25 * time.Minute,
		Tags:  []string{"kafka", "settlement", "finance"},
		Start: time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), Minutes: 50, Step: 15, Sampled: 0.01,
		Briefing: `[SEV2] consumer group settlement lag above 20k for 2 minutes; settlement pods restarting.
Finance: card payments since about 14:30 are missing from merchant balances.
Find the root cause.
`,
		Hints: []string{
			"Is the lag spread over the topic, or does it sit in one place?",
			"What is the last thing a settlement pod logs before it dies, and is it the same every time?",
			"Search every service's logs for the offset in settlement's last line.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout", "refunds"}},
			{Name: "checkout", Calls: []string{"payments-api"}},
			{Name: "payments-api", Calls: []string{"kafka"}},
			{Name: "refunds", Calls: []string{"kafka"}, Pods: 2},
			{Name: "kafka", Pods: 3, Sts: true},
			{Name: "settlement", Calls: []string{"kafka", "ledger", "postgres"}, Pods: 4},
			{Name: "ledger", Calls: []string{"postgres"}},
			{Name: "postgres", Pods: 1, Sts: true},
			{Name: "notifications", Calls: []string{"kafka"}, Pods: 2},
		},
		Events: []Ev{
			{At: 8, ID: "settlement-deploy", Kind: "deploy", Svc: "settlement", Text: "settlement v2.4.0 (git 5e5f7a1) rolled out by argo-cd (4/4 pods): batch commits"},
			{At: 20, ID: "accrual-job", Kind: "note", Svc: "ledger", Text: "ledger month-end accrual job started"},
			{At: 29, ID: "notifications-deploy", Kind: "deploy", Svc: "notifications", Text: "notifications v5.2.0 (git c4d5e6f) rolled out by argo-cd (2/2 pods): receipt template v7"},
			{At: 30, ID: "alert-controller", Kind: "alert", Svc: "kafka", Text: "[WARN] kafka: active controller changed (broker 0 -> 2)"},
			{At: 31.5, ID: "alert-crashloop", Kind: "alert", Svc: "settlement", Text: "[WARN] settlement: KubePodCrashLooping"},
			{At: 33.5, ID: "alert-lag", Kind: "alert", Svc: "kafka", Text: "[SEV2] consumer group settlement lag > 20k for 2m"},
		},
		Metrics: []Metric{
			{Svc: "kafka", Name: "consumergroup_lag_partition_7", Unit: "msg", F: PL(0, 20, T, 20, T+22, 127000), Jit: 0.02},
			{Svc: "kafka", Name: "consumergroup_lag_max_other", Unit: "msg", F: func(m float64) float64 { return 40 + 3800*stall(m) }, Jit: 0.05, Gaps: [][2]float64{{41, 41.25}}},
			{Svc: "settlement", Name: "settled_per_s", Unit: "msg/s", F: func(m float64) float64 {
				if m < T {
					return 1150
				}
				return 1055 - 250*stall(m)
			}, Jit: 0.02, Gaps: [][2]float64{{T + 4.9, T + 5.25}, {T + 12.2, T + 12.5}}},
			{Svc: "settlement", Name: "container_restarts_total", Unit: "count", F: PL(restarts...), Prec: 0},
			{Svc: "settlement", Name: "heap_inuse_mb", Unit: "MiB", F: C(182), Jit: 0.03, Gaps: [][2]float64{{T + 4.9, T + 5.25}, {T + 12.2, T + 12.5}}},
			{Svc: "payments-api", Name: "events_produced_per_s", Unit: "msg/s", F: PL(0, 1150, 50, 1170), Jit: 0.02},
			{Svc: "notifications", Name: "kafka_produce_per_s", Unit: "msg/s", F: PL(0, 300, 29, 300, 29.5, 330), Jit: 0.03},
			{Svc: "ledger", Name: "write_p95_ms", Unit: "ms", F: Pulse(C(12), 20, 24.25, 18), Jit: 0.05},
			{Svc: "postgres", Name: "lock_waits", Unit: "count", F: Pulse(C(2), 20, 24.25, 3), Jit: 0.1},
			{Svc: "kafka", Name: "request_handler_idle_pct", Unit: "%", F: Pulse(C(78), T+2, T+2.5, -20), Jit: 0.02},
		},
		Logs:  logs,
		Holes: []Hole{{Svc: "notifications", From: 36, To: 37.5}},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{4.4, 11.9, 17.3, 24.8} {
				trs = append(trs, Tr{At: at, Root: captureTrace(g, g.IntN(12), i == 2)})
			}
			trs = append(trs, Tr{At: T, Root: poisonTrace(g)})
			for i, at := range []float64{30.6, 33.2, 37.9, 41.4, 46.0} {
				p := []int{3, 7, 10, 7, 1}[i]
				trs = append(trs, Tr{At: at, Root: captureTrace(g, p, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"poison-record", "a malformed event on partition 7 kills each settlement pod that reads it"},
			{"settlement-release", "settlement v2.4's batch commits have a nil-pointer bug that crashes its pods"},
			{"kafka-leader", "partition 7's leader has been stuck since the kafka controller election"},
			{"ledger-accrual", "the ledger accrual job slows ledger writes until settlement's batches time out"},
			{"postgres-locks", "postgres lock contention on merchant balances stalls settlement's commits"},
			{"settlement-oom", "settlement pods run out of memory on large batches and get OOMKilled"},
			{"notifications-flood", "notifications' new release floods kafka and starves settlement's fetches"},
			{"rebalance-storm", "a consumer-group rebalance storm keeps settlement from holding partitions"},
			{"refunds-surge", "a surge of partner refunds is more than settlement can settle in time"},
		},
		Answer: Answer{
			Choice: "poison-record", Onset: T,
			Chain: []string{
				"At 14:28:03 refunds published a partner refund with no amount to payments partition 7, offset 1843392",
				"settlement dereferences the nil amount and panics before committing the offset, so the record is never skipped",
				"The restarted pod, or the next owner of partition 7 after a rebalance, reads the same record and panics too: 14 crashes in 20 minutes",
				"Partition 7's lag grows without end while the other partitions catch up between crashes; those payments never reach merchant balances",
			},
			Evidence: []string{
				"consumergroup_lag_partition_7 (kafka) leaves ~20 at 14:28:15 and climbs to 127k; consumergroup_lag_max_other only blips during each crash and returns to ~40",
				"Every crash is preceded by 'processing partition=7 offset=1843392 key=rf_7f2c9a01be', on whichever pod owns partition 7",
				"refunds logged 'published RefundIssued rf_7f2c9a01be ... partition=7 offset=1843392 source=partner:acme-pay' at 14:28:03",
				"The one sampled trace of that refund has a producer span with no settlement consumer child; settlement's heap_inuse_mb stays at ~182 MiB",
			},
			Wrong: [][2]string{
				{"settlement-release", "v2.4.0 processed over 2M records between 14:08 and 14:28 without a panic (its stats line says so). A code bug hit by one record is a bug, but the incident is the record: every crash is the same offset."},
				{"kafka-leader", "The controller moved at 14:30, after the first crash; partition 7 is served (fetches succeed), and the consumer dies while processing what it fetched."},
				{"ledger-accrual", "The accrual job ran 14:20-14:24 and ledger's write p95 returned to 12 ms before the first crash; settlement panics, it does not time out."},
				{"postgres-locks", "Lock waits rose only during the accrual job and the deadlock errors are old noise; no commit is waiting when the pods die."},
				{"settlement-oom", "heap_inuse_mb is flat at ~182 MiB and the pods exit with a Go panic (SIGSEGV), not OOMKilled."},
				{"notifications-flood", "notifications' produce rate rose 10% at 14:29; kafka's handlers stay mostly idle, and other partitions are consumed normally."},
				{"rebalance-storm", "The rebalances are a consequence: each follows a crash. Between crashes every partition but 7 is owned and drained."},
				{"refunds-surge", "Refunds arrive at about one a minute all afternoon; one of them, not their number, stops partition 7."},
			},
			RedHerrings: []string{"settlement-deploy", "notifications-deploy", "alert-controller", "accrual-job", "notifications"},
			Proof: []Proof{
				ProveLog(1, "refunds", "published RefundIssued rf_7f2c9a01be"),
				ProveLog(2, "settlement", "processing partition=7 offset=1843392"),
				ProveLog(3, "settlement", "panic: runtime error: invalid memory address or nil pointer dereference"),
				ProveMetric(4, "kafka", "consumergroup_lag_partition_7", T+2, T+12),
			},
			Debrief: `A partner's refund webhook delivered a refund without an amount. refunds published it as is,
and it landed on partition 7 of the payments topic at offset 1843392. settlement v2.4's apply
step dereferenced the missing amount and panicked. Because it had not committed the offset,
the restarted consumer read the same record again, and so did every pod that inherited
partition 7 after a rebalance. Each crash also paused that pod's other partitions for a
moment, which is why the whole consumer group looked unhealthy.

Fastest path: the lag is not spread over the topic, it is all in partition 7. The last line
before every panic is the same offset. Search for that offset: refunds published it at 14:28:03.

Coaching: the deploy twenty minutes earlier is the tempting answer, but it had settled two
million records; a bug that needs one specific record to fire is a data incident first.
Consumers need a dead-letter path for records they cannot process. The controller election
alert is loud and well timed, yet it came after the first crash. Errors from notifications are
the loudest in the logs, at the same rate they had all afternoon.
`,
		},
	}
}

// captureTrace is a card payment: checkout -> payments-api -> publish to
// partition p; settlement consumes it unless p is 7 after the pill (no
// consumer child). dropped loses the producer span (orphaned consumer).
func captureTrace(g *G, p int, dropped bool) *Sp {
	prod := &Sp{Svc: "payments-api", Name: "payments publish", Off: 2, Dur: g.LogNormal(3, 0.3), Client: true,
		Attrs: []string{"messaging.system", "kafka", "messaging.destination.name", "payments", "messaging.kafka.partition", fmt.Sprint(p)}}
	if p != 7 {
		led := Call(g, "settlement", "ledger POST /v1/entries", 1, S("ledger", "POST /v1/entries", 0, g.LogNormal(9, 0.3)))
		prod.Kids = []*Sp{{Svc: "settlement", Name: "payments process", Off: g.Uniform(200, 900), Dur: led.Dur + 3, Kids: []*Sp{led},
			Attrs: []string{"messaging.kafka.partition", fmt.Sprint(p), "messaging.kafka.consumer.group", "settlement"}}}
	}
	if dropped {
		prod.Drop()
	}
	pa := S("payments-api", "POST /v1/captures", 0, prod.Off+prod.Dur+g.LogNormal(60, 0.3), prod)
	co := S("checkout", "POST /v1/checkout", 0, pa.Dur+8, Call(g, "checkout", "payments-api POST /v1/captures", 3, pa))
	root := S("api-gateway", "POST /api/checkout", 0, co.Dur+4, Call(g, "api-gateway", "checkout POST /v1/checkout", 2, co)).A("http.status_code", "201")
	return root.L(fmt.Sprintf("POST /api/checkout 201 %dms", int(root.Dur)))
}

// poisonTrace is the partner refund that carries no amount: published to
// partition 7, never consumed.
func poisonTrace(g *G) *Sp {
	prod := &Sp{Svc: "refunds", Name: "payments publish", Off: 4, Dur: g.LogNormal(3, 0.3), Client: true,
		Attrs: []string{"messaging.system", "kafka", "messaging.destination.name", "payments", "messaging.kafka.partition", "7", "messaging.kafka.offset", "1843392"}}
	root := S("refunds", "POST /v1/partner-webhooks/acme-pay", 0, prod.Off+prod.Dur+6, prod).A("http.status_code", "202", "refund.id", "rf_7f2c9a01be")
	return root.L(fmt.Sprintf("POST /v1/partner-webhooks/acme-pay 202 %dms", int(root.Dur)))
}
