package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// fulfillment v1.9.0 enriches every order event with a blocking call to
// customer-profile: ~2 ms a record becomes ~45 ms, consumption drops below
// production and lag grows for the rest of the window. customer-profile's
// own release lands 36 s later and really does make it a little slower
// (38 -> 44 ms, for good): the change nearest the first shift is the
// decoy. A kafka broker restart three minutes on pages first.
func consumerLag() *Script {
	const (
		T     = 14.0 // fulfillment v1.9.0 rolls out (3 pods, 15 s apart)
		D     = 14.6 // customer-profile v4.2.0 rolls out
		parts = 6
	)
	newShare := PL(0, 0, T+0.1, 0, T+0.6, 1) // share of fulfillment's pods on v1.9.0
	produced := Sum(Wave(1150, 0.02, 23, 0.1), PL(0, 0, 24, 0, 25, 120))
	consumed := func(m float64) float64 {
		cap := 1150*(1-newShare(m)) + 700*newShare(m) // records/s the group can do
		return math.Min(produced(m), cap)
	}
	lagAt := func(m float64) float64 { // whole group: what production outran consumption by
		sum := 0.0
		for x := T; x < m; x += 1.0 / 12 {
			sum += (produced(x) - consumed(x)) * 5
		}
		return 300 + sum
	}
	profileP50 := PL(0, 38, D+0.2, 38, D+0.5, 44)
	recordMs := Sum(C(2), Mul(newShare, func(m float64) float64 { return profileP50(m) + 1 }))
	return &Script{
		ID: "late-shipping-labels", Seed: "consumer-lag", Title: "Shipping labels are late", Difficulty: 2, TimeLimit: 12 * time.Minute,
		Tags:  []string{"kafka", "warehouse", "delays"},
		Start: time.Date(2025, 12, 5, 10, 0, 0, 0, time.UTC), Minutes: 40, Step: 30, Sampled: 0.01,
		Briefing: `[SEV3] order-events consumer lag above 100k messages for 2 minutes.
Warehouse reports shipping labels printing 10+ minutes after orders are placed.
Find the root cause.
`,
		Hints: []string{
			"Lag is production minus consumption. Which of the two changed, and when?",
			"How long does one record take now, and where does the time go?",
		},
		Services: []Svc{
			{Name: "orders", Calls: []string{"kafka"}, Pods: 2, Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2,
				RPS: Mul(produced, C(0.2)), Err: C(0.002), P50: C(24), CPUms: 4}.Std(), Version: "v4.12.1"},
			{Name: "kafka", Pods: 3, Sts: true, Std: Web{Kind: telemetry.Kafka, Runtime: telemetry.JVM, Pods: 3,
				RPS: Sum(Mul(produced, C(0.02)), func(m float64) float64 { return consumed(m) / 500 * 3 }), P50: C(4), Tail: C(3), CPUms: 300, Mem: 4200,
				Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
					if p.Slot == 2 && m >= 17.2 {
						r.Restarts = 1 // the rolling restart for the retention config
						r.MemMiB *= 0.8
					}
				}}.Std([2]float64{17, 17.6}), Version: "3.7.1"},
			{Name: "fulfillment", Calls: []string{"kafka", "customer-profile", "warehouse"}, Pods: 3, Version: "v1.8.4",
				Rollouts: []Rollout{{At: T, Version: "v1.9.0"}},
				Std: Web{Kind: telemetry.Consumer, Runtime: telemetry.JVM, Pods: 3, RPS: consumed, P50: recordMs, Tail: C(2.5), Prod: produced,
					CPUms: 0.6, Workers: 8, Parts: parts, Mem: 900,
					PoolMs: Mul(newShare, profileP50),
					Lag:    func(p int, m float64) float64 { return lagAt(m)/parts*(1+0.08*float64(p%3-1)) + 20*float64(p) },
				}.Std([2]float64{29, 29.5})},
			{Name: "customer-profile", Pods: 2, Version: "v4.1.7", Rollouts: []Rollout{{At: D, Version: "v4.2.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Sum(C(40), Mul(newShare, consumed)), Err: C(0.001), P50: profileP50, CPUms: 1.5,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Version == "v4.2.0" {
							r.MemMiB *= 1.18 // the new loyalty-tier cache
							r.CPU *= 1.15
						}
					}}.Std()},
			{Name: "warehouse", Pods: 2, Version: "v2.3.0", Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2,
				RPS: func(m float64) float64 { return consumed(m) * 0.02 }, Err: C(0.004), P50: C(110), CPUms: 8}.Std()},
		},
		Events: []Ev{
			{At: T, ID: "fulfillment-deploy", Kind: "deploy", Svc: "fulfillment", Text: "fulfillment v1.9.0 (git 6c3a0f2) rolled out by argo-cd (3/3 pods): loyalty tier on packing slips"},
			{At: D, ID: "profile-deploy", Kind: "deploy", Svc: "customer-profile", Text: "customer-profile v4.2.0 (git a41e9d3) rolled out by argo-cd (2/2 pods): tier cache warm-up"},
			{At: 17, ID: "kafka-config", Kind: "config", Svc: "kafka", Text: "kafka-2 rolling restart for broker config (log.retention.hours 72 -> 48)"},
			{At: 18, ID: "alert-urp", Kind: "alert", Svc: "kafka", Text: "[WARN] kafka under-replicated partitions > 0 for 1m"},
			{At: 20, ID: "alert-lag", Kind: "alert", Svc: "kafka", Text: "[SEV3] consumer group fulfillment lag > 100k for 2m"},
			{At: 24, ID: "flash-sale", Kind: "note", Svc: "orders", Text: "marketing: 'Friday flash sale' banner live"},
		},
		Logs: Join(
			Shares("orders", C(9), C(0.002), C(24), 0.5, []string{"POST /v1/orders 201", "GET /v1/orders/{int:100000:999999} 200"},
				[]string{"POST /v1/orders 503"}),
			Of(
				Reqs("orders", "WARN", C(0.1), "publish OrderCreated order={int:1000000:9999999}: kafka: NOT_LEADER_OR_FOLLOWER, retrying (attempt 1)"),
				Lines("orders", "INFO", C(3), "published OrderCreated order={int:1000000:9999999} topic=order-events partition={int:0:5} offset={int:18000000:19000000}"),
				Src{Svc: "fulfillment", Level: "INFO", PerMin: C(2.4), Msg: func(g *G, m float64) string {
					per := recordMs(m) * (1 + 0.05*g.NormFloat64())
					return fmt.Sprintf("processed batch of 500 records from order-events-%d in %dms", g.IntN(parts), int(500*per))
				}},
				Lines("fulfillment", "WARN", PL(0, 0, T+1, 0, T+1.5, 0.8), "[Consumer clientId=fulfillment-{int:1:3}, groupId=fulfillment] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages."),
				Lines("fulfillment", "ERROR", PL(0, 0.05, T+1, 0.05, T+1.5, 0.5), "Offset commit failed: org.apache.kafka.clients.consumer.CommitFailedException: Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member."),
				Lines("fulfillment", "INFO", PL(0, 0.05, T+1, 0.05, T+1.5, 0.6), "[Consumer clientId=fulfillment-{int:1:3}, groupId=fulfillment] Revoke previously assigned partitions order-events-{int:0:5}"),
				Reqs("fulfillment", "INFO", C(2), "label requested order={int:1000000:9999999} carrier={pick:DHL|UPS|DPD} warehouse=ams-{int:1:3}"),
				Once("fulfillment", "INFO", T+0.05, "starting fulfillment v1.9.0 (git 6c3a0f2)").OnSlot(0),
				Once("fulfillment", "INFO", T+0.3, "starting fulfillment v1.9.0 (git 6c3a0f2)").OnSlot(1),
				Once("fulfillment", "INFO", T+0.55, "starting fulfillment v1.9.0 (git 6c3a0f2)").OnSlot(2),
				Once("customer-profile", "INFO", D+0.05, "starting customer-profile v4.2.0 (git a41e9d3): tier cache warm-up 180k entries").OnSlot(0),
				Once("customer-profile", "INFO", D+0.3, "starting customer-profile v4.2.0 (git a41e9d3): tier cache warm-up 180k entries").OnSlot(1),
				Access("customer-profile", PL(0, 2, T, 2, T+0.5, 7), profileP50, 0.3, "GET /v1/profiles/{int:100000:999999} 200"),
				Lines("kafka", "INFO", C(0.6), "[Log partition=order-events-{int:0:5}, dir=/var/lib/kafka/data] Rolled new log segment at offset {int:18000000:19000000} in {int:1:9} ms."),
				Once("kafka", "INFO", 17.1, "[Partition order-events-4 broker=0] Shrinking ISR from 2,0,1 to 0,1. Leader: (highWatermark: 18402211, endOffset: 18402230). Out of sync replicas: (brokerId: 2, endOffset: 18402198).").On("kafka-0"),
				Once("kafka", "INFO", 17.4, "[KafkaServer id=2] started (kafka.server.KafkaServer)").On("kafka-2"),
				Once("kafka", "INFO", 19.9, "[Partition order-events-4 broker=0] ISR updated to 2,0,1 and version updated to 88").On("kafka-0"),
				Lines("warehouse", "ERROR", C(0.9), "label printer zebra-{int:1:12} offline: dial tcp 10.40.{int:1:9}.{int:10:90}:9100: connect: connection refused (dock {int:1:6})"),
				Lines("warehouse", "WARN", C(0.5), "label printer zebra-{int:1:12} paper low, queue depth {int:3:40} (dock {int:1:6})"),
				Access("warehouse", C(2), C(110), 0.4, "POST /v1/labels 201"),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.5, 6.1, 9.4, 12.2} {
				trs = append(trs, Tr{At: at, Root: eventTrace(g, false, g.Uniform(0.1, 0.5), i == 2)})
			}
			for _, at := range []float64{15.6, 17.2, 19.0, 21.5, 23.0, 24.5, 26.0} {
				trs = append(trs, Tr{At: at, Root: eventTrace(g, true, lagAt(at)/700, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"kafka-brokers-slow", "kafka brokers serve fetches slowly since a broker left the in-sync set"},
			{"fulfillment-enrich", "fulfillment now spends most of each record waiting on another service"},
			{"flash-sale", "orders produce more events than one consumer group can keep up with"},
			{"profile-slower", "customer-profile answers more slowly, stretching every record it serves"},
			{"warehouse-printers", "warehouse printers are offline and fulfillment blocks on each label"},
			{"fulfillment-rebalance", "fulfillment's consumers are stuck in a loop of group rebalances"},
		},
		Answer: Answer{
			Choice: "fulfillment-enrich", Onset: T,
			Chain: []string{
				"fulfillment v1.9.0 (10:14) fetches the loyalty tier from customer-profile synchronously for every record: ~2 ms -> ~45 ms a record",
				"consumer_records_per_second (fulfillment) falls from ~1,150 to ~700 as the new pods take over while orders keeps producing ~1,150 msg/s",
				"Lag grows ~27k messages a minute on every partition (more after the 10:24 sale) and labels print later and later",
				"Batches now outrun max.poll.interval.ms: poll timeouts and rebalances waste more consumer time",
			},
			Evidence: []string{
				"consumer_records_per_second (fulfillment) drops 1,150 -> 700 from 10:14:30 while kafka_topic_messages_in_per_second stays ~1,150 until the sale at 10:24",
				"consumer_record_duration_p50_ms (fulfillment) goes ~2 -> ~45 ms in the same scrapes, and customer-profile's http_requests_per_second jumps 40 -> 740: calls that did not exist before",
				"Consumer traces after 10:14 have a new ~40 ms customer-profile GET /v1/profiles child under every record",
				"Lag grows on all six partitions at once from 10:14, three minutes before the kafka-2 restart",
			},
			Wrong: [][2]string{
				{"kafka-brokers-slow", "kafka's request p99 stays flat through the kafka-2 restart at 10:17 and the ISR recovered by 10:20; the lag had been growing for three minutes by then."},
				{"flash-sale", "Production only rose 10% at 10:24; consumption had already fallen 40% at 10:14. Before the deploy, fulfillment kept up at 1,150 msg/s."},
				{"profile-slower", "customer-profile's release did slow it, 38 -> 44 ms, for good; but that is 6 ms on a record that went from 2 to 45 ms. The 40 ms is a call per record that v1.9.0 added: customer-profile's request rate rose 18-fold at 10:14, before its own release."},
				{"warehouse-printers", "The printer errors run at the same rate all morning; label requests are sent after the slow step, not before it."},
				{"fulfillment-rebalance", "The rebalances start a minute after the records slowed down: batches that take 20 s outrun max.poll.interval.ms. They are a symptom that adds to the lag, not its cause."},
			},
			RedHerrings: []string{"profile-deploy", "kafka-config", "alert-urp", "flash-sale", "warehouse"},
			Proof: []Proof{
				ProveEvent(1, "fulfillment-deploy"),
				ProveMetric(1, "customer-profile", telemetry.RateName(telemetry.HTTP), T, T+6),
				ProveMetric(2, "fulfillment", telemetry.RateName(telemetry.Consumer), T, T+6),
				ProveSpan(1, "customer-profile", "GET /v1/profiles/{id}", false),
			},
			Debrief: `fulfillment v1.9.0 added the customer's loyalty tier to packing slips, fetched from
customer-profile with a blocking HTTP call for every record. Each record went from ~2 ms to
~45 ms, so the consumer group's throughput fell from ~1,150 to ~700 messages a second while
production stayed where it was. Lag grew by ~27k messages a minute; batches started taking
longer than max.poll.interval.ms, which added rebalances on top.

The tempting shortcut: blame the change nearest the first shift. Here that is
customer-profile's own release, 36 seconds after fulfillment's, which really did make it
slower, 38 -> 44 ms, and whose pods really did grow. But 6 ms cannot turn 2 ms into 45 ms:
what changed is the number of calls. customer-profile's request rate jumped 40 -> 740 a second
as fulfillment's new pods came up, before its own release began.

Fastest path: lag is production minus consumption, so plot both. Production is flat,
consumption drops at 10:14. A consumer trace shows the new 40 ms child under every record.
When a queue backs up, ask which side changed: the producer, the consumer, or the pipe; and
when two changes land together, ask which one the numbers are big enough for.
`,
		},
	}
}

// eventTrace is one order event: produced by orders, consumed by
// fulfillment after queuedSec in kafka. enrich adds the v1.9
// customer-profile call. dropped loses the producer span (its exporter
// batch was lost), so the consumer span is an orphan.
func eventTrace(g *G, enrich bool, queuedSec float64, dropped bool) *Sp {
	var kids []*Sp
	off := 0.5
	if enrich {
		p := Call(g, "fulfillment", "customer-profile GET /v1/profiles/{id}", off, S("customer-profile", "GET /v1/profiles/{id}", 0, g.LogNormal(40, 0.15)))
		kids = append(kids, p)
		off += p.Dur + 0.3
	}
	lbl := Call(g, "fulfillment", "warehouse POST /v1/labels", off, S("warehouse", "POST /v1/labels", 0, g.LogNormal(1.2, 0.2)))
	lbl.Kids[0].Name = "POST /v1/labels (async)"
	kids = append(kids, lbl)
	cons := &Sp{Svc: "fulfillment", Name: "order-events process", Off: queuedSec * 1000, Dur: lbl.Off + lbl.Dur + 0.5, Kids: kids,
		Attrs: []string{"messaging.system", "kafka", "messaging.destination.name", "order-events", "messaging.kafka.consumer.group", "fulfillment"}}
	prod := &Sp{Svc: "orders", Name: "order-events publish", Off: 0, Dur: g.LogNormal(3, 0.3), Client: true, Kids: []*Sp{cons},
		Attrs: []string{"messaging.system", "kafka", "messaging.destination.name", "order-events"}}
	if dropped {
		prod.Drop()
	}
	cons.L(fmt.Sprintf("order event processed after %.1fs in queue", queuedSec))
	root := S("orders", "POST /v1/orders", 0, prod.Dur+g.LogNormal(20, 0.3), prod).A("http.status_code", "201")
	return root.L(fmt.Sprintf("POST /v1/orders 201 %dms", int(root.Dur)))
}
