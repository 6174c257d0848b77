package main

import (
	"fmt"
	"time"
)

// fulfillment v1.9.0 enriches every order event with a blocking call to
// customer-profile: 2 ms a record becomes 45 ms, consumption drops below
// production and lag grows for the rest of the window. A kafka broker
// restart (under-replicated partitions) lands three minutes later and
// pages first: the trap is "the brokers are slow".
func consumerLag() *Script {
	const T = 13.0 // fulfillment v1.9.0 rolls out
	lag := func(m float64) float64 { return 300 + max(0, m-T)*27000 + max(0, m-T-10)*7800 }
	return &Script{
		ID: "late-shipping-labels", Seed: "consumer-lag", Title: "Shipping labels are late", Difficulty: 2, TimeLimit: 12 * time.Minute,
		Tags:  []string{"kafka", "fulfillment", "delays"},
		Start: time.Date(2025, 12, 5, 10, 0, 0, 0, time.UTC), Minutes: 40, Step: 15, Sampled: 0.01,
		Briefing: `[SEV3] order-events consumer lag above 100k messages for 5 minutes.
Warehouse reports shipping labels printing 10+ minutes after orders are placed.
Find the root cause.
`,
		Hints: []string{
			"Lag is production minus consumption. Which of the two changed, and when?",
			"How long does fulfillment spend on one record now, and on what?",
		},
		Services: []Svc{
			{Name: "orders", Calls: []string{"kafka"}},
			{Name: "kafka", Pods: 3, Sts: true},
			{Name: "fulfillment", Calls: []string{"kafka", "customer-profile", "warehouse"}, Pods: 4},
			{Name: "customer-profile", Pods: 2},
			{Name: "warehouse", Pods: 2},
		},
		Events: []Ev{
			{At: T, ID: "fulfillment-deploy", Kind: "deploy", Svc: "fulfillment", Text: "fulfillment v1.9.0 (git 6c3a0f2) rolled out by argo-cd (4/4 pods): loyalty tier on packing slips"},
			{At: 16, ID: "kafka-config", Kind: "config", Svc: "kafka", Text: "kafka-2 rolling restart for broker config (log.retention.hours 72 -> 48)"},
			{At: 17, ID: "alert-urp", Kind: "alert", Svc: "kafka", Text: "[WARN] kafka under-replicated partitions > 0 for 1m"},
			{At: 20, ID: "alert-lag", Kind: "alert", Svc: "kafka", Text: "[SEV3] consumer group fulfillment lag > 100k for 5m"},
			{At: 23, ID: "flash-sale", Kind: "note", Svc: "orders", Text: "marketing: 'Friday flash sale' banner live"},
		},
		Metrics: []Metric{
			{Svc: "orders", Name: "events_produced_per_s", Unit: "msg/s", F: PL(0, 1150, 23, 1150, 24, 1280), Jit: 0.025},
			{Svc: "fulfillment", Name: "records_consumed_per_s", Unit: "msg/s", F: PL(0, 1150, T, 1150, T+0.25, 700), Jit: 0.025, Gaps: [][2]float64{{29, 29.5}}},
			{Svc: "fulfillment", Name: "record_process_ms_p50", Unit: "ms", F: PL(0, 2, T, 2, T+0.25, 45), Jit: 0.04, Gaps: [][2]float64{{29, 29.5}}},
			{Svc: "kafka", Name: "consumergroup_lag", Unit: "msg", F: lag, Jit: 0.02},
			{Svc: "kafka", Name: "fetch_latency_p99_ms", Unit: "ms", F: Pulse(C(12), 16, 17, 30), Jit: 0.05, Gaps: [][2]float64{{16, 16.5}}},
			{Svc: "customer-profile", Name: "http_rps", Unit: "rps", F: PL(0, 40, T, 40, T+0.25, 740), Jit: 0.03},
			{Svc: "customer-profile", Name: "http_request_p99_ms", Unit: "ms", F: C(38), Jit: 0.05},
			{Svc: "warehouse", Name: "cpu_pct", Unit: "%", F: Pulse(C(20), 10.5, 11.5, 30), Jit: 0.04},
		},
		Logs: []Src{
			Reqs("orders", "INFO", C(4), "published OrderCreated order={int:1000000:9999999} topic=order-events partition={int:0:11} offset={int:18000000:19000000}"),
			Reqs("orders", "ERROR", C(0.1), "publish OrderCreated order={int:1000000:9999999}: kafka: NOT_LEADER_OR_FOLLOWER, retrying (attempt 1)"),
			{Svc: "fulfillment", Level: "INFO", PerMin: C(2.5), Msg: func(g *G, m float64) string {
				per := 2.0
				if m >= T {
					per = 45
				}
				return fmt.Sprintf("processed batch of 500 records from order-events-%d in %dms", g.IntN(12), int(500*per*(1+0.05*g.NormFloat64())))
			}},
			Lines("fulfillment", "WARN", PL(0, 0, T+1, 0, T+1.5, 0.8), "[Consumer clientId=fulfillment-{int:1:4}, groupId=fulfillment] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages."),
			Lines("fulfillment", "ERROR", PL(0, 0, T+1, 0, T+1.5, 0.5), "Offset commit failed: org.apache.kafka.clients.consumer.CommitFailedException: Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member."),
			Lines("fulfillment", "INFO", PL(0, 0, T+1, 0, T+1.5, 0.6), "[Consumer clientId=fulfillment-{int:1:4}, groupId=fulfillment] Revoke previously assigned partitions order-events-{int:0:11}"),
			Reqs("fulfillment", "DEBUG", PL(0, 0, T, 0, T+0.1, 1.5), "enrich order {int:1000000:9999999}: GET http://customer-profile.prod.svc.cluster.local/v1/profiles/{int:100000:999999} 200 {ms:41:0.2}ms"),
			Reqs("fulfillment", "INFO", C(2), "label requested order={int:1000000:9999999} carrier={pick:DHL|UPS|DPD} warehouse=ams-{int:1:3}"),
			Once("fulfillment", "INFO", T+0.1, "starting fulfillment v1.9.0 (git 6c3a0f2): loyalty enrichment enabled (customer-profile, sync)"),
			Access("customer-profile", PL(0, 3, T, 3, T+0.25, 8), C(9), 0.6, "GET /v1/profiles/{int:100000:999999} 200"),
			Lines("kafka", "INFO", C(0.5), "[Log partition=order-events-{int:0:11}, dir=/var/lib/kafka/data] Rolled new log segment at offset {int:18000000:19000000} in {int:1:9} ms."),
			Once("kafka", "INFO", 16.1, "[Partition order-events-4 broker=0] Shrinking ISR from 2,0,1 to 0,1. Leader: (highWatermark: 18402211, endOffset: 18402230). Out of sync replicas: (brokerId: 2, endOffset: 18402198).").On("kafka-0"),
			Once("kafka", "INFO", 16.6, "[KafkaServer id=2] started (kafka.server.KafkaServer)").On("kafka-2"),
			Once("kafka", "INFO", 18.9, "[Partition order-events-4 broker=0] ISR updated to 2,0,1 and version updated to 88").On("kafka-0"),
			Lines("warehouse", "ERROR", C(1.2), "label printer zebra-{int:1:12} offline: dial tcp 10.40.{int:1:9}.{int:10:90}:9100: connect: connection refused (dock {int:1:6})"),
			Access("warehouse", C(3), C(120), 0.4, "POST /v1/labels 201"),
			Once("warehouse", "INFO", 10.5, "carrier batch DHL: 1843 labels queued (cron 30 */2 * * *)"),
			Once("warehouse", "INFO", 11.5, "carrier batch DHL: done in 58.2s"),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.5, 6.1, 9.4, 12.2} {
				trs = append(trs, Tr{At: at, Root: eventTrace(g, false, g.Uniform(0.1, 0.5), i == 2)})
			}
			for _, at := range []float64{14.6, 16.2, 18.0, 20.5, 22.0, 24.0} {
				trs = append(trs, Tr{At: at, Root: eventTrace(g, true, lag(at)/700, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"kafka-brokers-slow", "kafka brokers got slow when partitions went under-replicated"},
			{"fulfillment-enrich", "fulfillment v1.9 makes a blocking profile call for every record"},
			{"flash-sale", "the flash sale produces more order events than can be consumed"},
			{"profile-failing", "customer-profile is failing, so fulfillment retries its records"},
			{"warehouse-printers", "warehouse label printers are down and fulfillment keeps waiting on them"},
			{"orders-duplicates", "orders started publishing every event twice, doubling the load"},
		},
		Answer: Answer{
			Choice: "fulfillment-enrich", Onset: T,
			Chain: []string{
				"fulfillment v1.9.0 (10:13) calls customer-profile synchronously for every record: ~2 ms -> ~45 ms a record",
				"Consumption falls from ~1,150 to ~700 msg/s at 10:13:15 while orders keeps producing ~1,150 msg/s",
				"Lag grows ~27k messages a minute (more after the 10:23 sale) and labels are printed later and later",
				"Batches now outrun max.poll.interval.ms: poll timeouts and rebalances waste more consumer time",
			},
			Evidence: []string{
				"records_consumed_per_s (fulfillment) drops 1,150 -> 700 at 10:13:15 while events_produced_per_s (orders) stays flat until the sale at 10:23",
				"record_process_ms_p50 (fulfillment) goes 2 -> 45 ms in the same scrape; customer-profile http_rps jumps 40 -> 740",
				"Consumer traces after 10:13 have a new ~40 ms customer-profile GET /v1/profiles child under every record",
				"consumergroup_lag grows linearly from 10:13, three minutes before the kafka-2 restart",
			},
			Wrong: [][2]string{
				{"kafka-brokers-slow", "fetch_latency_p99_ms stays ~12 ms apart from the one-minute restart blip at 10:16, and the lag had been growing for three minutes by then; the ISR recovered by 10:19."},
				{"flash-sale", "Production only rose 10% at 10:23; consumption had already fallen 40% at 10:13. Before the deploy, fulfillment kept up at 1,150 msg/s."},
				{"profile-failing", "customer-profile answers 200 in ~40 ms with a flat p99; nothing is retried. It is the calls themselves, one per record, that cost the time."},
				{"warehouse-printers", "The printer errors run at the same rate all morning; label requests are sent after the slow step, not before it."},
				{"orders-duplicates", "events_produced_per_s is flat at ~1,150 until the sale; nothing doubled on the producer side."},
			},
			RedHerrings: []string{"kafka-config", "alert-urp", "flash-sale", "warehouse"},
			Proof: []Proof{
				ProveEvent(1, "fulfillment-deploy"),
				ProveLog(1, "fulfillment", "loyalty enrichment enabled (customer-profile, sync)"),
				ProveMetric(1, "fulfillment", "record_process_ms_p50", T, T+6),
				ProveMetric(2, "fulfillment", "records_consumed_per_s", T, T+6),
				ProveMetric(3, "kafka", "consumergroup_lag", T+1, T+8),
			},
			Debrief: `fulfillment v1.9.0 added the customer's loyalty tier to packing slips, fetched from
customer-profile with a blocking HTTP call for every record. Each record went from ~2 ms to
~45 ms, so the consumer group's throughput fell from ~1,150 to ~700 messages a second while
production stayed where it was. Lag grew by ~27k messages a minute; batches started taking
longer than max.poll.interval.ms, which added rebalances on top.

Fastest path: lag is production minus consumption, so plot both. Production is flat,
consumption drops at 10:13, the minute fulfillment deployed. A consumer trace shows the new
40 ms child under every record.

Coaching: the kafka alert fired first because a broker restart briefly under-replicated some
partitions, but it happened after the lag started and fetch latency never stayed up. When a
queue backs up, ask which side changed: the producer, the consumer, or the pipe.
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
