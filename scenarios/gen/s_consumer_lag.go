package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// customer-profile v4.2.0 adds Spring Security to its internal API, and
// its header writer stamps "Cache-Control: no-cache, no-store" on every
// response. fulfillment's HTTP client honours the header: once the cached
// profiles (max-age=120) expire, every record waits on a ~40 ms call
// instead of a cache hit, consumption falls below production and lag grows
// for the rest of the window. fulfillment's own release landed 36 s before
// and really costs ~0.8 ms a record for good (the loyalty tier on packing
// slips, read from the cached profile). On the first Metrics screen
// fulfillment slows and customer-profile's traffic jumps, which fits a new
// call in fulfillment, a pool to customer-profile running dry and a
// slower customer-profile as well as the lost cache; only the cache stats
// lines, the response header in the traces and the order of the two
// rollouts tell them apart. A kafka broker restart three minutes on pages
// first.
func consumerLag() *Script {
	const (
		F     = 14.0 // fulfillment v1.9.0 rolls out (3 pods, 15 s apart)
		T     = 14.6 // customer-profile v4.2.0 rolls out: its responses become uncacheable
		parts = 6
	)
	tier := PL(0, 0, F+0.1, 0, F+0.6, 0.8)        // ms a record v1.9.0 spends on the loyalty tier
	miss := PL(0, 0.04, T+0.1, 0.04, T+2.4, 0.98) // fulfillment's profile-cache misses: entries expire (max-age=120) and are not stored again
	produced := Sum(Wave(1150, 0.02, 23, 0.1), PL(0, 0, 24, 0, 25, 120))
	profileP50 := PL(0, 38, T+0.2, 38, T+0.5, 44)
	recordMs := Sum(C(2), tier, Mul(miss, func(m float64) float64 { return profileP50(m) + 1 }))
	consumed := func(m float64) float64 { // 24 workers' worth of records a second, or what is produced
		return math.Min(produced(m), 31500/recordMs(m))
	}
	lagAt := func(m float64) float64 { // whole group: what production outran consumption by
		sum := 0.0
		for x := T; x < m; x += 1.0 / 12 {
			sum += (produced(x) - consumed(x)) * 5
		}
		return 300 + sum
	}
	var cacheLines []Src
	for slot := range 3 {
		cacheLines = append(cacheLines, Src{Svc: "fulfillment", Level: "INFO", PerMin: C(1), Msg: func(g *G, m float64) string {
			hit := math.Max(0, 1-miss(m)+0.01*g.NormFloat64())
			entries := 182000 * math.Max(0.01, math.Min(1, 1-(m-T-0.1)/2.3))
			if m < T {
				entries = 182000 + float64(g.IntN(3000))
			}
			return fmt.Sprintf("profile-client cache stats: hit_ratio=%.2f entries=%d not_storable=%d/min", hit, int(entries), int(math.Max(0, miss(m)-0.04)*consumed(m)*20))
		}}.OnSlot(slot))
	}
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
			"Two services changed in one minute. Which rollout do the new calls follow, pod by pod?",
			"How long does one record take now, and does it still find what it needs without a call?",
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
				Rollouts: []Rollout{{At: F, Version: "v1.9.0"}},
				Std: Web{Kind: telemetry.Consumer, Runtime: telemetry.JVM, Pods: 3, RPS: consumed, P50: recordMs, Tail: C(2.5), Prod: produced,
					CPUms: 0.6, Workers: 8, Pool: 64, Parts: parts, Mem: 900,
					PoolMs: Mul(miss, profileP50),
					Lag:    func(p int, m float64) float64 { return lagAt(m)/parts*(1+0.08*float64(p%3-1)) + 20*float64(p) },
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Version == "v1.9.0" {
							r.CPU *= 1.25 // the packing-slip template renders the tier
						}
					}}.Std([2]float64{29, 29.5})},
			{Name: "customer-profile", Pods: 2, Version: "v4.1.7", Rollouts: []Rollout{{At: T, Version: "v4.2.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Sum(C(40), Mul(miss, consumed)), Err: C(0.001), P50: profileP50, CPUms: 1.5, Limit: 2, Mem: 700,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Version == "v4.2.0" {
							r.MemMiB *= 1.12 // the security filter chain
						}
					}}.Std()},
			{Name: "warehouse", Pods: 2, Version: "v2.3.0", Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2,
				RPS: func(m float64) float64 { return consumed(m) * 0.02 }, Err: C(0.004), P50: C(110), CPUms: 8}.Std()},
		},
		Events: []Ev{
			{At: F, ID: "fulfillment-deploy", Kind: "deploy", Svc: "fulfillment", Text: "fulfillment v1.9.0 (git 6c3a0f2) rolled out by argo-cd (3/3 pods): PR #1207 packing slip v7"},
			{At: T, ID: "profile-deploy", Kind: "deploy", Svc: "customer-profile", Text: "customer-profile v4.2.0 (git a41e9d3) rolled out by argo-cd (2/2 pods): PR #655 bump deps, auth for internal API"},
			{At: 17, ID: "kafka-config", Kind: "config", Svc: "kafka", Text: "kafka-2 rolling restart for broker config (log.retention.hours 72 -> 48)"},
			{At: 18, ID: "alert-urp", Kind: "alert", Svc: "kafka", Text: "[WARN] kafka under-replicated partitions > 0 for 1m"},
			{At: 20, ID: "alert-lag", Kind: "alert", Svc: "kafka", Text: "[SEV3] consumer group fulfillment lag > 100k for 2m"},
			{At: 24, ID: "flash-sale", Kind: "note", Svc: "orders", Text: "marketing: 'Friday flash sale' banner live"},
		},
		Logs: Join(
			Shares("orders", C(9), C(0.002), C(24), 0.5, []string{"POST /v1/orders 201", "GET /v1/orders/{int:100000:999999} 200"},
				[]string{"POST /v1/orders 503"}),
			cacheLines,
			Of(
				Reqs("orders", "WARN", C(0.1), "publish OrderCreated order={int:1000000:9999999}: kafka: NOT_LEADER_OR_FOLLOWER, retrying (attempt 1)"),
				Lines("orders", "INFO", C(3), "published OrderCreated order={int:1000000:9999999} topic=order-events partition={int:0:5} offset={int:18000000:19000000}"),
				Src{Svc: "fulfillment", Level: "INFO", PerMin: C(2.4), Msg: func(g *G, m float64) string {
					per := recordMs(m) * (1 + 0.05*g.NormFloat64())
					return fmt.Sprintf("processed batch of 500 records from order-events-%d in %dms", g.IntN(parts), int(500*per))
				}},
				Lines("fulfillment", "WARN", PL(0, 0, T+1.5, 0, T+2.5, 0.8), "[Consumer clientId=fulfillment-{int:1:3}, groupId=fulfillment] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages."),
				Lines("fulfillment", "ERROR", PL(0, 0.05, T+1.5, 0.05, T+2.5, 0.5), "Offset commit failed: org.apache.kafka.clients.consumer.CommitFailedException: Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member."),
				Lines("fulfillment", "INFO", PL(0, 0.05, T+1.5, 0.05, T+2.5, 0.6), "[Consumer clientId=fulfillment-{int:1:3}, groupId=fulfillment] Revoke previously assigned partitions order-events-{int:0:5}"),
				Reqs("fulfillment", "INFO", C(2), "label requested order={int:1000000:9999999} carrier={pick:DHL|UPS|DPD} warehouse=ams-{int:1:3}"),
				Once("fulfillment", "INFO", F+0.05, "starting fulfillment v1.9.0 (git 6c3a0f2): slip template v7, profile-client pool=64, honour Cache-Control=true").OnSlot(0),
				Once("fulfillment", "INFO", F+0.3, "starting fulfillment v1.9.0 (git 6c3a0f2): slip template v7, profile-client pool=64, honour Cache-Control=true").OnSlot(1),
				Once("fulfillment", "INFO", F+0.55, "starting fulfillment v1.9.0 (git 6c3a0f2): slip template v7, profile-client pool=64, honour Cache-Control=true").OnSlot(2),
				Once("customer-profile", "INFO", T+0.05, "Started CustomerProfileApplication in 14.2 seconds version=4.2.0 git=a41e9d3").OnSlot(0),
				Once("customer-profile", "INFO", T+0.06, "Will secure any request with [DisableEncodeUrlFilter, SecurityContextHolderFilter, HeaderWriterFilter, CorsFilter, BearerTokenAuthenticationFilter, AuthorizationFilter]").OnSlot(0),
				Once("customer-profile", "INFO", T+0.3, "Started CustomerProfileApplication in 13.8 seconds version=4.2.0 git=a41e9d3").OnSlot(1),
				Once("customer-profile", "INFO", T+0.31, "Will secure any request with [DisableEncodeUrlFilter, SecurityContextHolderFilter, HeaderWriterFilter, CorsFilter, BearerTokenAuthenticationFilter, AuthorizationFilter]").OnSlot(1),
				Access("customer-profile", Sum(C(2), Mul(miss, C(6))), profileP50, 0.3, "GET /v1/profiles/{int:100000:999999} 200"),
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
			on := func(at float64, sp *Sp, pod, version string) Tr { // the consuming pod, as its span's attributes say
				sp.Kids[0].Kids[0].A("k8s.pod.name", pod, "service.version", version)
				return Tr{At: at, Root: sp}
			}
			for i, at := range []float64{2.5, 6.1, 9.4, 12.2} {
				pod, v := g.podAt("fulfillment", at)
				trs = append(trs, on(at, eventTrace(g, i == 1, "max-age=120", g.Uniform(0.1, 0.5), i == 2), pod, v))
			}
			pod, v := g.slotAt("fulfillment", 0, 14.45) // a v1.9.0 pod, before customer-profile rolled
			trs = append(trs, on(14.45, eventTrace(g, false, "", 0.3, false), pod, v))
			for _, at := range []float64{15.6, 17.2, 19.0, 21.5, 23.0, 24.5, 26.0} {
				pod, v := g.podAt("fulfillment", at)
				trs = append(trs, on(at, eventTrace(g, true, "no-cache, no-store, max-age=0, must-revalidate", lagAt(at)/700, false), pod, v))
			}
			return trs
		},
		Choices: []Choice{
			{"kafka-brokers-slow", "kafka brokers serve fetches slowly since a broker left the in-sync set"},
			{"fulfillment-new-call", "fulfillment's new version added a blocking remote call for every record"},
			{"profile-uncacheable", "fulfillment cannot keep customer profiles locally, so each record asks"},
			{"profile-slower", "customer-profile's new version answers slower, stretching every record"},
			{"profile-pool", "fulfillment's connections to customer-profile run out and records queue"},
			{"flash-sale", "orders produce more events than one consumer group can keep up with"},
			{"fulfillment-rebalance", "fulfillment's consumers are stuck in a loop of group rebalances"},
		},
		Answer: Answer{
			Choice: "profile-uncacheable", Onset: T,
			Chain: []string{
				"customer-profile v4.2.0 (10:14:36) secures its API with Spring Security, whose 'HeaderWriterFilter' stamps Cache-Control no-cache, no-store on every response, where v4.1.7 sent max-age=120",
				"fulfillment's client honours the header: as the cached profiles expire its 'profile-client cache stats' fall from hit_ratio=0.96 to ~0.02, and customer-profile's http_requests_per_second jumps ~90 -> ~700",
				"Every record now waits ~40 ms on a call: consumer_record_duration_p50_ms (fulfillment) goes ~3.5 -> ~45 ms and consumer_records_per_second falls from ~1,150 to ~700 while orders keeps producing",
				"Lag grows ~27k messages a minute on every partition; batches outrun max.poll.interval.ms and 'Offset commit failed' rebalances add to it",
			},
			Evidence: []string{
				"customer-profile's v4.2.0 pods list 'HeaderWriterFilter' in their security filter chain at start-up; the GET /v1/profiles/{id} spans after 10:15 carry http.response.cache_control no-cache, no-store, max-age=0, must-revalidate, older ones max-age=120",
				"fulfillment's 'profile-client cache stats' read hit_ratio=0.96 on the v1.9.0 pods until 10:14:40, then fall with the entries over two minutes",
				"customer-profile's http_requests_per_second climbs from 10:15, as its own pods roll, not at 10:14 when fulfillment's did",
				"consumer_record_duration_p50_ms (fulfillment) goes ~3.5 -> ~45 ms and consumer_records_per_second falls ~1,150 -> ~700 while orders keeps producing ~1,150 msg/s",
			},
			Wrong: [][2]string{
				{"fulfillment-new-call", "v1.9.0 reads the loyalty tier from the profile it already had: a trace from a v1.9.0 pod at 10:14:27 makes no call and takes ~3 ms, its cache stats read hit_ratio=0.96, and customer-profile's request rate did not move until customer-profile's own pods rolled. v1.9.0's real cost is ~0.8 ms a record, for good."},
				{"profile-slower", "customer-profile's release did slow it, 38 -> 44 ms, for good; but 6 ms cannot turn 3 ms into 45 ms. What changed is how often it is called: ~90 -> ~700 requests a second."},
				{"profile-pool", "fulfillment's pool_in_use_ratio stays under a fifth of its 64 connections, and in the traces the client span to customer-profile lasts as long as the server span: no record waits for a connection."},
				{"kafka-brokers-slow", "kafka's request p99 stays flat through the kafka-2 restart at 10:17 and the ISR recovered by 10:20; the lag had been growing for two minutes by then."},
				{"flash-sale", "Production only rose 10% at 10:24; consumption had already fallen 40% at 10:15. Before, fulfillment kept up at 1,150 msg/s."},
				{"fulfillment-rebalance", "The rebalances start two minutes after the records slowed down: batches that take 20 s outrun max.poll.interval.ms. They are a symptom that adds to the lag, not its cause."},
			},
			RedHerrings: []string{"fulfillment-deploy", "kafka-config", "alert-urp", "flash-sale", "warehouse"},
			Proof: []Proof{
				ProveEvent(1, "profile-deploy"),
				ProveLog(1, "customer-profile", "HeaderWriterFilter"),
				ProveSpan(1, "customer-profile", "GET /v1/profiles/{id}", false).Within(T, 40),
				ProveLog(2, "fulfillment", "profile-client cache stats").Within(T+0.5, T+8),
				ProveMetric(2, "customer-profile", telemetry.RateName(telemetry.HTTP), T, T+6),
				ProveMetric(3, "fulfillment", telemetry.DurationName(telemetry.Consumer, "p50"), T, T+6),
				ProveMetric(3, "fulfillment", telemetry.RateName(telemetry.Consumer), T, T+6),
				ProveLog(4, "fulfillment", "Offset commit failed").Within(T+2, 40),
			},
			Debrief: `customer-profile v4.2.0 put Spring Security in front of its internal API. Its header
writer stamps "Cache-Control: no-cache, no-store, max-age=0, must-revalidate" on every
response, where v4.1.7 sent max-age=120. fulfillment's HTTP client honours Cache-Control: as
the profiles it held expired, it stopped storing new ones, and within two minutes every record
waited ~40 ms on a call instead of a cache hit. The consumer group fell from ~1,150 to ~700
messages a second while production stayed where it was; lag grew ~27k messages a minute, and
batches that outran max.poll.interval.ms added rebalances on top.

The tempting quick bet: fulfillment rolled out just before its records slowed, and
customer-profile's traffic jumped, so "the new fulfillment makes a call per record". But a
v1.9.0 pod at 10:14:27 still answered from its cache in ~3 ms; the calls follow
customer-profile's rollout, not fulfillment's. customer-profile's own slowdown (38 -> 44 ms)
is real but six milliseconds; the pool never filled.

Fastest path: lag is production minus consumption, so plot both. Production is flat,
consumption drops at 10:15. A consumer trace shows a 40 ms profile call under every record;
ask why it happens now. Its response header, the client's cache stats, and which rollout the
jump in calls follows answer that: when two changes land together, line each one up with the
numbers, pod by pod.
`,
		},
	}
}

// eventTrace is one order event: produced by orders, consumed by
// fulfillment after queuedSec in kafka. call is a profile-cache miss: a
// customer-profile call whose response carried cacheControl; otherwise
// the profile comes from the client's cache. dropped loses the producer span (its exporter
// batch was lost), so the consumer span is an orphan.
func eventTrace(g *G, call bool, cacheControl string, queuedSec float64, dropped bool) *Sp {
	var kids []*Sp
	off := 0.5
	if call {
		srv := S("customer-profile", "GET /v1/profiles/{id}", 0, g.LogNormal(40, 0.15)).A("http.response.cache_control", cacheControl)
		p := Call(g, "fulfillment", "customer-profile GET /v1/profiles/{id}", off, srv).A("http.cache", "miss")
		kids = append(kids, p)
		off += p.Dur + 0.3
	} else {
		kids = append(kids, S("fulfillment", "profile-client cache get", off, g.LogNormal(0.05, 0.2)).A("http.cache", "hit"))
		off += 0.4
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
