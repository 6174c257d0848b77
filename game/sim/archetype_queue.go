package sim

// Archetypes where a queue's consumers fall behind its producers.

func buildConsumerLag(g *gen) {
	gw := g.gateway()
	oapi := g.add(api("orders-api", StackGo, 10, "POST /v1/orders"))
	kafka := g.add(Service{Name: "kafka", Kind: KindBroker, Stack: StackKafka, Median: 2, Sigma: 0.5, Endpoint: "Produce",
		CPUms: 0.05, Pods: 3, Quiet: true})
	cons := g.add(Service{Name: "order-events", Kind: KindConsumer, Stack: StackGo, Median: 2, Sigma: 0.4,
		Endpoint: "consume order-events", CPUms: 1, Pods: 3})
	g.link(gw, Dep{To: oapi, PerReq: 0.6, Timeout: 3000, Op: "orders.Create"})
	g.link(oapi, Dep{To: kafka, PerReq: 1, Timeout: 1000, Retries: 2, BackoffMs: 100, Op: "kafka.Produce"})
	produce := g.m.EntryRPS * 0.6
	threads := 2
	perRecord := 2.0
	g.m.Services[cons].Queue = &Queue{Topic: "order-events", Producer: oapi, PerReq: 1, Threads: threads, PerRecord: perRecord, Partitions: 12}
	// After the release the consumers manage 55–70 % of production.
	capAfter := produce * (0.55 + 0.15*g.rng.Float64())
	g.fault = Fault{Kind: FaultSlowConsumer, Service: cons, At: g.onset, Value: float64(3*threads) * 1000 / capAfter}
	g.cause = SignalRef{"order-events", MetricConsume}
	g.symptoms = []SignalRef{{"order-events", MetricLag}}
	g.change = g.changeEvent("order-events-deploy", "deploy", "order-events", "order-events consumer %s rolled out (3/3 pods)", g.semver())
	g.correct = choiceText{"slow-consumer-release", "order-events' release made each record slower; consumption fell behind", ""}
	g.traps = []choiceText{
		{"kafka-brokers-slow", "Kafka brokers are slow, so order-events' fetches stall on every partition",
			"broker latency and orders-api's produce calls stay normal; the consumers fetch fine and then take longer per record"},
		{"order-events-sale-traffic", "Sale traffic outgrew order-events' consumer capacity",
			"production rose only slightly and later; consumption dropped at the release, with production flat"},
	}
	g.notes = append(g.notes, noteHerring{"kafka-urp", "kafka", "kafka: UnderReplicatedPartitions=2 on broker 3 for 40s during log segment roll",
		"Under-replicated partitions on kafka slowed order-events' fetches",
		"the partitions were back in sync within a minute while lag kept growing for half an hour"})
	g.trafficRise = true
	g.chain = []link{
		{"order-events' release added a synchronous call per record", nil},
		{"the consume rate fell below the produce rate", ref("order-events", MetricConsume)},
		{"lag grew without bound", ref("order-events", MetricLag)},
		{"batches outran max.poll.interval.ms and consumers were kicked from the group", nil},
	}
	g.hint2 = "Compare the produce and consume rates around the change log."
}
