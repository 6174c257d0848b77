package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// A partner refund with no amount lands on payments partition 7 at
// offset 1843392. settlement dereferences the nil amount and panics before
// committing; the restarted pod (or, after a rebalance, the next owner of
// partition 7) reads the same record and dies too. No change caused it:
// settlement's release four minutes earlier (its CPU fell for good, batch
// commits) and notifications' release a minute after the record (its CPU
// rose for good, a heavier template) are both real and both near enough to
// be blamed, and so is refunds' partner config change at 14:18. The pages
// show only group lag, stale balances and a kafka controller change (no
// crash-loop alert), so seven choices fit the share of merchants one
// partition carries (the record, one merchant's batch blowing memory, a
// stuck partition leader, refunds' new event version, a slow ledger write
// killed by the liveness probe, a rebalance storm from new consumer
// settings); the panic lines and exit codes, the flat memory, kafka's
// quiet logs, refunds' config line, settlement's start line and postgres'
// flat latency tell them apart.
func poisonPill() *Script {
	const T = 26.05 // 14:26:03, the record is published
	const R = 22.0  // settlement v2.4.0 (decoy)
	const N = 27.0  // notifications v5.2.0 (decoy)
	const C2 = 18.0 // refunds config change (decoy)
	const parts = 8
	crashes := []float64{T + 0.05, T + 1.1, T + 2.4, T + 3.3, T + 4.9, T + 6.1, T + 7.8, T + 9.0, T + 10.9, T + 12.2}
	owner := func(i int) int { return i % 4 } // the slot that owned partition 7 at crash i
	stall := func(m float64) float64 {        // a consumer paused by a crash
		for _, c := range crashes {
			if m >= c && m < c+0.75 {
				return 1
			}
		}
		return 0
	}
	perPart := 1150.0 / parts // msg/s produced to each partition
	lag := func(p int, m float64) float64 {
		base := 20 + 8*float64(p%3)
		if p == 7 {
			return base + max(0, m-T)*60*perPart
		}
		for i, c := range crashes {
			other := 2*owner(i) + (i % 2) // the dead pod's other partition
			if other == 7 {
				other = 6
			}
			if p == other && m >= c && m < c+2 {
				if m < c+0.75 {
					return base + (m-c)*60*perPart
				}
				return base + 0.75*60*perPart*(1-(m-c-0.75)/1.25)
			}
		}
		return base
	}
	leaner := Step(R, 1, 0.82)  // batch commits: less CPU per record
	heavier := Step(N, 1, 1.45) // receipt template v7 renders images
	logs := []Src{
		Access("api-gateway", C(9), C(55), 0.6, "POST /api/payments 201", "POST /api/refunds 202", "GET /api/payments/{int:100000:999999} 200"),
		Reqs("api-gateway", "ERROR", C(0.1), "POST /api/payments 502 {ms:60:0.3}ms upstream=payments-api: upstream returned 502 Bad Gateway"),
		Lines("payments-api", "INFO", C(8.5), "published PaymentCaptured pay_{hex:12} partition={int:0:7} offset={int:1838000:1849000}"),
		Reqs("refunds", "INFO", C(1.5), "published RefundIssued rf_{hex:10} topic=payments partition={int:0:7} offset={int:1838000:1849000} source={pick:api|api|partner:acme-pay}"),
		Once("refunds", "INFO", T+0.004, "published RefundIssued rf_7f2c9a01be topic=payments partition=7 offset=1843392 source=partner:acme-pay"),
		Reqs("refunds", "WARN", C(0.3), "partner webhook acme-pay: retrying delivery ack (attempt {int:2:4})"),
		Once("refunds", "WARN", T, "partner webhook acme-pay rf_7f2c9a01be: field amount missing, forwarding as null"),
		Once("refunds", "INFO", C2+0.01, "config reloaded: partner webhook retry.max=4 (was 3), event schema RefundIssued v3 (unchanged)"),
		{Svc: "settlement", Level: "INFO", PerMin: Mul(C(7), Sum(C(1), Mul(C(-0.5), stall))), Msg: func(g *G, m float64) string {
			p := g.IntN(parts)
			if p == 7 && m >= T {
				p = 6
			}
			return fmt.Sprintf("committed offsets partition=%d batch=500 in %dms", p, int(g.LogNormal(38, 0.3)))
		}},
		{Svc: "settlement", Level: "INFO", PerMin: PL(0, 0, R+0.2, 0, R+0.3, 0.5, T, 0.5, T+0.01, 0), Msg: func(g *G, m float64) string {
			return fmt.Sprintf("stats: processed=%d since start, dlq=0, panics=0", int((m-R)*60*287*(1+0.01*g.NormFloat64())))
		}},
		{Svc: "settlement", Level: "INFO", Req: true, PerMin: C(1.2), Msg: func(g *G, m float64) string {
			p := g.IntN(parts)
			if p == 7 && m >= T {
				p = g.IntN(7)
			}
			return fmt.Sprintf("applied RefundIssued rf_%s partition=%d amount=-%d.%02d EUR", g.Hex(10), p, 5+g.IntN(300), g.IntN(100))
		}},
		Reqs("settlement", "WARN", C(0.3), "ledger entry for pay_{hex:12}: 409 already settled, skipping"),
		Lines("notifications", "ERROR", C(2.6), "send receipt email: 550 5.1.1 <{hex:8}@{pick:gmial.com|yaho.com|hotmial.com}>: Recipient address rejected: User unknown", "push: FCM 404 NotRegistered for device {hex:16}", "send receipt email: 421 4.7.0 Try again later, closing connection"),
		Lines("notifications", "INFO", C(3.2), "consumed {int:100:400} events from payments in {ms:80:0.3}ms"),
		Lines("postgres", "INFO", C(1), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled",
			"LOG:  duration: {msf:300:0.3} ms  statement: UPDATE merchant_balances SET pending = pending + $1 WHERE merchant_id = $2"),
		Lines("postgres", "ERROR", C(0.12), "ERROR:  deadlock detected", "ERROR:  could not serialize access due to concurrent update"),
		Lines("kafka", "INFO", C(1.3), "[Log partition=payments-{int:0:7}, dir=/var/lib/kafka/data] Rolled new log segment at offset {int:1838000:1849000} in {int:1:9} ms."),
		Once("kafka", "WARN", T+1.98, "[Controller id=0] Controller session expired, resigning (zk session 0x3000a1b2c3d0004 timed out after 18000ms)").On("kafka-0"),
		Once("kafka", "INFO", T+2, "[Controller id=2] 2 successfully elected as the controller. Epoch incremented to 17 and epoch zk version is now 17").On("kafka-2"),
	}
	for i := range 4 {
		logs = append(logs,
			Once("settlement", "INFO", R+0.02+0.25*float64(i), "starting settlement v2.4.0 (git 5e5f7a1): batch commits enabled, commit.interval=5s, session.timeout.ms=45000 (default)").OnSlot(i))
	}
	for i := range 2 {
		logs = append(logs, Once("notifications", "INFO", N+0.02+0.25*float64(i), "starting notifications v5.2.0 (git c4d5e6f): receipt template v7 (inline images)").OnSlot(i))
	}
	for i, c := range crashes {
		slot := owner(i)
		crash := func(dt float64, level, msg string) Src {
			return Once("settlement", level, c+dt/60, msg).OnSlot(slot)
		}
		logs = append(logs,
			crash(-0.4, "INFO", "assigned partitions: map[payments:["+fmt.Sprint(4+i%3)+" 7]]"), // its own partition, then 7
			crash(0, "INFO", "processing partition=7 offset=1843392 key=rf_7f2c9a01be type=RefundIssued"),
			crash(0.002, "ERROR", "panic: runtime error: invalid memory address or nil pointer dereference"),
			crash(0.003, "ERROR", "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x8f4e21]"),
			crash(0.004, "ERROR", "github.com/shop/settlement/internal/settle.(*Settler).apply(0xc000412000, {0xc0004a2f00, 0x1b, 0x20})"),
			crash(0.005, "ERROR", "\t/src/internal/settle/apply.go:142 +0x1c1"),
		)
		logs = append(logs, crash(1.5, "WARN", "Container settlement terminated: reason=Error exitCode=2, restarting"))
		if i > 1 {
			logs = append(logs, crash(12, "WARN", "Back-off restarting failed container settlement"))
		}
	}
	s := &Script{
		ID: "missing-payments", Seed: "poison-pill", Title: "Payments missing from merchant balances", Difficulty: 5, TimeLimit: 25 * time.Minute,
		Tags:  []string{"kafka", "finance", "sev2"},
		Start: time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), Minutes: 40, Step: 30, Sampled: 0.01,
		Briefing: `[SEV2] consumer group settlement lag above 20k for 2 minutes.
Finance: card payments since about 14:26 are missing from merchant balances; some merchants
see all of today's payments, others are missing a few.
Find the root cause.
`,
		Hints: []string{
			"Is the lag spread over the topic, or does it sit in one place?",
			"What is the last thing a settlement pod logs before it dies, and is it the same every time?",
			"Search every service's logs for the offset in settlement's last line.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"payments-api", "refunds"}, Pods: 2},
			{Name: "payments-api", Calls: []string{"kafka"}, Pods: 1},
			{Name: "refunds", Calls: []string{"kafka"}, Pods: 1},
			{Name: "kafka", Pods: 3, Sts: true},
			{Name: "settlement", Calls: []string{"kafka", "postgres"}, Pods: 4},
			{Name: "postgres", Pods: 1, Sts: true},
			{Name: "notifications", Calls: []string{"kafka"}, Pods: 2},
		},
		Events: []Ev{
			{At: R, ID: "settlement-deploy", Kind: "deploy", Svc: "settlement", Text: "settlement v2.4.0 (git 5e5f7a1) rolled out by argo-cd (4/4 pods): PR #1187 bump deps, consumer settings"},
			{At: N, ID: "notifications-deploy", Kind: "deploy", Svc: "notifications", Text: "notifications v5.2.0 (git c4d5e6f) rolled out by argo-cd (2/2 pods): PR #402 tune consumer settings"},
			{At: C2, ID: "refunds-config", Kind: "config", Svc: "refunds", Text: "refunds config applied by argo-cd: PR #655 partner settings"},
			{At: T + 2, ID: "alert-controller", Kind: "alert", Svc: "kafka", Text: "[WARN] kafka: active controller changed (broker 0 -> 2)"},
			{At: T + 4.5, ID: "alert-stale", Kind: "alert", Svc: "settlement", Text: "[WARN] settlement: merchant balances stale > 4m for some merchants"},
			{At: T + 5.5, ID: "alert-lag", Kind: "alert", Svc: "kafka", Text: "[SEV2] consumer group settlement lag > 20k for 2m"},
		},
		Logs:  logs,
		Holes: []Hole{{Svc: "notifications", From: 34, To: 35.5}},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{4.4, 11.9, 17.3, 22.8} {
				trs = append(trs, Tr{At: at, Root: captureTrace(g, g.IntN(parts-1), i == 2)})
			}
			trs = append(trs, Tr{At: T, Root: poisonTrace(g)})
			for i, at := range []float64{28.6, 30.2, 32.9, 35.4, 38.0} {
				p := []int{3, 7, 5, 7, 1}[i]
				trs = append(trs, Tr{At: at, Root: captureTrace(g, p, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"merchant-batch", "one big merchant's batch blows settlement's memory, so its pods are OOMKilled"},
			{"partition-leader", "one partition's leader broker is stuck; settlement's fetches time out and its pods restart"},
			{"poison-record", "one record settlement cannot process restarts every one of its pods that reads it"},
			{"event-version", "settlement's decoder crashes on a new event version from refunds' partner change"},
			{"hot-merchant", "a slow ledger write for one big merchant times out settlement's batches; the probe kills pods"},
			{"notifications-flood", "notifications' new release floods kafka and starves settlement's fetches"},
			{"rebalance-storm", "settlement's new consumer settings set off a rebalance storm that restarts its consumers"},
			{"refunds-surge", "refunds sends more partner refunds than settlement can settle in time"},
		},
		Answer: Answer{
			Choice: "poison-record", Onset: T,
			Chain: []string{
				"At 14:26:03 refunds forwarded a partner refund with no amount ('field amount missing') and published it to payments partition 7 at offset 1843392 ('published RefundIssued rf_7f2c9a01be')",
				"settlement reads it ('processing partition=7 offset=1843392'), dereferences the nil amount and panics ('nil pointer dereference') before committing the offset, so the record is never skipped",
				"The restarted pod, or the next owner of partition 7 after a rebalance, reads the same record and panics too: ten crashes in twelve minutes, restarts_total climbing on every pod in turn",
				"Partition 7's lag (consumer_lag_messages{partition=\"7\"}) grows without end while the other partitions catch up between crashes; those payments never reach merchant balances",
			},
			Evidence: []string{
				"consumer_lag_messages{partition=\"7\"} (settlement) leaves ~20 in the 14:26:30 scrape and climbs past 100k; the other partitions only bump after a crash and drain again",
				"Every crash is preceded by 'processing partition=7 offset=1843392' on whichever pod owns partition 7, and followed by the same 'nil pointer dereference' in settle.apply",
				"refunds logged 'field amount missing' and then 'published RefundIssued rf_7f2c9a01be' (partition=7 offset=1843392) at 14:26:03",
				"The one sampled trace of that refund has a 'payments publish' span with no settlement consumer child",
			},
			Wrong: [][2]string{
				{"merchant-batch", "memory_working_set_mib is flat on every settlement pod up to each crash, and each pod exits 'reason=Error exitCode=2' right after a Go panic (SIGSEGV), never OOMKilled (137). v2.4.0 rolled out at 14:22 and settled every merchant for four minutes, with a lasting drop in CPU per record."},
				{"partition-leader", "kafka logs no leader change for payments-7 and no fetch error; payments-api keeps publishing to partition 7 all along (its 'published PaymentCaptured' lines and the later traces' 'payments publish' spans), and settlement did fetch the record: it logs 'processing partition=7 offset=1843392' before each panic in settle.apply, not in the kafka client. The controller election at 14:28 came after the first crash."},
				{"event-version", "refunds' 14:18 change is partner settings only: its 'config reloaded' line raises webhook retry.max and keeps event schema RefundIssued v3 (unchanged); payments-api did not change. settlement keeps 'applied RefundIssued' and committing on partitions 0-6 all along, so it decodes both producers' events; only one offset ever precedes a panic, and the panic is a nil amount in settle.apply, not a decode error."},
				{"hot-merchant", "No ledger write times out and no 'Liveness probe failed' line appears anywhere; the pods exit on their own ('reason=Error exitCode=2' after a panic). postgres' pg_query_duration_p99_ms and busy workers stay flat, its 'deadlock detected' lines keep the rate they had all afternoon, and settlement never waits on a write."},
				{"notifications-flood", "notifications' release at 14:27 did raise its CPU for good; kafka's request rate is unchanged, its latency only blips at the 14:28 controller election, and every partition but 7 is consumed normally."},
				{"rebalance-storm", "v2.4.0's consumer settings are batch commits; its start line keeps session.timeout.ms=45000 (default). The rebalances are a consequence: each 'assigned partitions' follows a pod's panic and 'exitCode=2', and between crashes every partition but 7 is owned and drained."},
				{"refunds-surge", "Refunds arrive at about one a minute all afternoon; one of them, not their number, stops partition 7."},
			},
			RedHerrings: []string{"settlement-deploy", "notifications-deploy", "alert-controller", "refunds-config", "notifications-flood"},
			Proof: []Proof{
				ProveLog(1, "refunds", "field amount missing"),
				ProveLog(1, "refunds", "published RefundIssued rf_7f2c9a01be"),
				ProveSpan(1, "refunds", "payments publish", false).Within(T-1, 40),
				ProveLog(2, "settlement", "processing partition=7 offset=1843392"),
				ProveLog(2, "settlement", "nil pointer dereference"),
				ProvePod(3, "settlement", telemetry.RestartsName, 0, T+0.5, T+14),
				ProveMetric(4, "settlement", telemetry.PartitionSeriesName(7), T+0.5, T+14),
			},
			Debrief: `A partner's refund webhook delivered a refund without an amount. refunds published it as is,
and it landed on partition 7 of the payments topic at offset 1843392. settlement's apply step
dereferenced the missing amount and panicked. Because it had not committed the offset, the
restarted consumer read the same record again, and so did every pod that inherited partition
7 after a rebalance. Each crash also paused that pod's other partition for a moment, which is
why the whole consumer group looked unhealthy.

The tempting quick bet: lag while only some merchants lose payments reads as "one partition
is stuck", and the pages fit several stories that each stall one partition and restart the pods
that own it: one bad record, one big merchant's batch blowing memory, a stuck partition leader
(kafka's controller did change at 14:28), a new event version from refunds' partner change,
a slow ledger write for one big merchant timing out until the liveness probe kills the pod, or
a rebalance storm from settlement's new consumer settings. The first screens cannot tell them
apart; the pods' last lines can. Memory is flat and the pods exit 'reason=Error exitCode=2'
after a Go panic, not OOMKilled; kafka logs no leader change and payments-api keeps publishing
to partition 7; refunds' change kept the event schema and settlement keeps applying refunds on
every other partition; no liveness probe fails and postgres never slows; the session timeout
kept its default and each rebalance follows a crash. Every panic follows the same offset.

settlement's release four minutes before the lag is the other bet. It left a real, lasting mark
(less CPU per record), and so did notifications' release a minute after the record (more CPU);
refunds' 14:18 config change only raised a webhook retry limit. None of them changed what
settlement does with one record, and the kafka controller election
came after the first crash. No change caused this: a record did. Nor is it the loudest service
(notifications' bounced receipt emails, at the rate they had all afternoon).

Fastest path: the lag is not spread over the topic, it is all in partition 7. The last line
before every panic is the same offset. Search for that offset: refunds published it at
14:26:03, right after it warned that the partner's refund had no amount. Coaching: consumers
need a dead-letter path for records they cannot process, and a bug that needs one specific
record to fire is a data incident first.
`,
		},
	}
	restarts := func(slot int, m float64) int {
		n := 0
		for i, c := range crashes {
			if owner(i) == slot && m >= c {
				n++
			}
		}
		return n
	}
	consumer := func(rps func(m float64) float64, p50 float64) func(m float64) telemetry.Requests {
		return func(m float64) telemetry.Requests {
			return telemetry.Requests{RPS: rps(m), Err: 0, P50: p50, P95: p50 * 3, P99: p50 * 8, Produced: 1150}
		}
	}
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(1180), C(0.001), C(48), 3), Res: pods(C(0.6), C(220), C(0.5), C(0.25), C(0.3))},
		{Svc: "payments-api", Kind: telemetry.HTTP, RT: telemetry.JVM,
			Req: web(C(1150), C(0.001), C(42), 3), Res: pods(C(0.7), C(1400), C(14), C(0.3), C(0.35))},
		{Svc: "refunds", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(1.5), C(0.002), C(12), 3), Res: pods(C(0.05), C(140), C(0.3), C(0.02), C(0.02))},
		{Svc: "kafka", Kind: telemetry.Kafka, RT: telemetry.JVM, Gaps: [][2]float64{{31.9, 32.1}},
			Req: web(C(2400), C(0), func(m float64) float64 { return 2 + 6*Pulse(C(0), T+2, T+2.5, 1)(m) }, 4),
			Res: pods(C(0.9), C(5200), C(9), C(0.2), C(0))},
		{Svc: "settlement", Kind: telemetry.Consumer, RT: telemetry.Go, Version: "v2.3.7", Rollout: R, NewVersion: "v2.4.0",
			Req: consumer(func(m float64) float64 {
				if m < T {
					return 1150
				}
				return 1150*7/8 - 250*stall(m)
			}, 1.8),
			Res: func(slot int, m float64) telemetry.Resources {
				r := pods(func(m float64) float64 { return 0.45 * leaner(m) }, C(182), C(0.7), C(0.3), C(0.25))(slot, m)
				r.Restarts = restarts(slot, m)
				return r
			}},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native,
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 600 - 40*stall(m), Err: 0.0004, P50: 0.8, P95: 3, P99: 9}
			},
			Res: pods(C(1.1), C(6100), C(0), C(0.3), C(0))},
		{Svc: "notifications", Kind: telemetry.Consumer, RT: telemetry.Go, Version: "v5.1.3", Rollout: N, NewVersion: "v5.2.0",
			Req: consumer(C(1150), 4),
			Res: pods(func(m float64) float64 { return 0.3 * heavier(m) }, func(m float64) float64 { return 160 * (1 + 0.2*(heavier(m)-1)) }, C(0.6), C(0.2), C(0.3))},
	})
	for i := range s.Services {
		switch s.Services[i].Name {
		case "settlement":
			s.Services[i].Std.Partitions, s.Services[i].Std.Lag = parts, lag
		case "notifications":
			s.Services[i].Std.Partitions, s.Services[i].Std.Lag = parts, func(p int, m float64) float64 { return 30 + 10*float64(p%4) }
		}
	}
	return s
}

// captureTrace is a card payment: payments-api publishes to partition p;
// settlement consumes it unless p is 7 after the pill (no consumer
// child). dropped loses the producer span (orphaned consumer).
func captureTrace(g *G, p int, dropped bool) *Sp {
	prod := &Sp{Svc: "payments-api", Name: "payments publish", Off: 2, Dur: g.LogNormal(3, 0.3), Client: true,
		Attrs: []string{"messaging.system", "kafka", "messaging.destination.name", "payments", "messaging.kafka.partition", fmt.Sprint(p)}}
	if p != 7 {
		ins := Leaf("settlement", "UPDATE merchant_balances", 1, g.LogNormal(2, 0.3)).A("db.system", "postgresql")
		prod.Kids = []*Sp{{Svc: "settlement", Name: "payments process", Off: g.Uniform(200, 900), Dur: ins.Dur + 3, Kids: []*Sp{ins},
			Attrs: []string{"messaging.kafka.partition", fmt.Sprint(p), "messaging.kafka.consumer.group", "settlement"}}}
	}
	if dropped {
		prod.Drop()
	}
	pa := S("payments-api", "POST /v1/captures", 0, prod.Off+prod.Dur+g.LogNormal(40, 0.3), prod)
	root := S("api-gateway", "POST /api/payments", 0, pa.Dur+4, Call(g, "api-gateway", "payments-api POST /v1/captures", 2, pa)).A("http.status_code", "201")
	return root.L(fmt.Sprintf("POST /api/payments 201 %dms", int(root.Dur)))
}

// poisonTrace is the partner refund that carries no amount: published to
// partition 7, never consumed.
func poisonTrace(g *G) *Sp {
	prod := &Sp{Svc: "refunds", Name: "payments publish", Off: 4, Dur: g.LogNormal(3, 0.3), Client: true,
		Attrs: []string{"messaging.system", "kafka", "messaging.destination.name", "payments", "messaging.kafka.partition", "7", "messaging.kafka.offset", "1843392"}}
	root := S("refunds", "POST /v1/partner-webhooks/acme-pay", 0, prod.Off+prod.Dur+6, prod).A("http.status_code", "202", "refund.id", "rf_7f2c9a01be")
	return root.L(fmt.Sprintf("POST /v1/partner-webhooks/acme-pay 202 %dms", int(root.Dur)))
}
