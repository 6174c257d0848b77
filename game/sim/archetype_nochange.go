package sim

import (
	"fmt"
	"math"

	"firedrill/game"
	"firedrill/game/sim/telemetry"
)

// Archetypes whose cause is in no change log: load that grows past a
// fixed limit, a job no one announced, data that flips a plan, a disk, a
// neighbour, a clock, a third party, one hot partition. Each leaves one
// quiet trace (a log line, a node series) that step 1 of the proof pins.

func buildTrafficGrowth(g *gen) {
	gw := g.gateway()
	cat := g.add(api("catalog", StackGo, 12, "GET /v1/products"))
	pg := g.postgres("postgres")
	g.link(gw, Dep{To: cat, PerReq: 0.7, Timeout: 3000, Op: "catalog.List"})
	g.link(cat, dep(pg, "postgres.SELECT products"))
	g.m.Services[cat].Pods = 4
	// catalog runs at 60–65 % of its capped replicas; a partner's feed adds
	// 180–220 % more requests over 4–8 minutes.
	g.m.Services[cat].rhoC = 0.6 + 0.05*g.rng.Float64()
	g.fault = Fault{Kind: FaultLoad, Service: gw, At: g.onset, Ramp: 240 + g.rng.IntN(240),
		Value: g.m.EntryRPS * (1.8 + 0.4*g.rng.Float64())}
	g.trigger = &triggerLine{sec: g.onset + 30 + g.stream(7).IntN(60), service: "api-gateway", level: game.LevelInfo,
		key: "client_id=partner-feed", msg: "new API client seen: client_id=partner-feed plan=enterprise quota=none"}
	g.cause = SignalRef{"api-gateway", MetricRPS}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"api-gateway", MetricErr}}
	g.correct = choiceText{"fixed-limit-growth", "Steady request growth outran catalog's fixed replica count and saturated it", ""}
	g.traps = []choiceText{
		{"catalog-slow-queries", "catalog's product queries became slow and now hold its workers longer",
			"postgres' query time stays flat until catalog itself saturates; catalog's request rate grew first"},
		{"catalog-bad-pod", "One catalog pod is unhealthy and fails its share of every request",
			"every catalog pod shows the same climb in CPU and busy workers; none stands out"},
	}
	g.notes = append(g.notes, noteHerring{"catalog-hpa", "catalog", "catalog HPA: maxReplicas=4 reached (desired 7), scaling limited",
		"catalog's autoscaler broke and removed replicas in the middle of the day",
		"the autoscaler removed nothing: catalog kept its 4 pods throughout; it could not add more than its cap"})
	g.trafficRise = false
	g.chain = []link{
		{"a new client's requests grew the gateway's traffic steadily, with no change logged", ref("api-gateway", MetricRPS)},
		{"catalog's pods ran out of CPU at their fixed replica count", ref("catalog", MetricCPU)},
		{"catalog queued and shed requests past its server timeout", ref("catalog", MetricP95)},
		{"the gateway slowed and errored", ref("api-gateway", MetricErr)},
	}
	g.hint2 = "Did anything change, or did the load itself grow? Compare the request rates over the whole window."
}

func buildThirdPartySlow(g *gen) {
	gw := g.gateway()
	co := g.add(api("checkout", StackGo, 10, "POST /v1/checkout"))
	psp := g.add(api("payment-provider", StackNginx, 140, "POST /v1/charges"))
	g.m.Services[psp].Uninstrumented = true
	g.m.Services[psp].rhoW, g.m.Services[psp].rhoC = 0.1, 0.1
	g.link(gw, Dep{To: co, PerReq: 0.3 + 0.2*g.rng.Float64(), Timeout: 8000, Op: "checkout.Checkout"})
	d := dep(psp, "psp.Charge")
	d.Timeout, d.Retries, d.Host = 1500, 2, "api.psp.example"
	g.link(co, d)
	ramp := 120 + g.rng.IntN(240)
	g.fault = Fault{Kind: FaultSlow, Service: psp, At: g.onset, Value: 6 + 4*g.rng.Float64(),
		Stages: []Stage{{0, 0.3}, {ramp / 2, 0.6}, {ramp, 1}}}
	g.cause = SignalRef{"payment-provider", MetricP95}
	g.symptoms = []SignalRef{{"checkout", MetricErr}, {"api-gateway", MetricErr}}
	g.correct = choiceText{"provider-degraded", "The external payment provider slowed and checkout's calls to it time out", ""}
	g.traps = []choiceText{
		{"checkout-capacity", "checkout ran out of workers and queues every order at the gateway",
			"checkout's own work is flat; its workers wait on calls to the provider that take seconds"},
		{"egress-network", "The cluster's egress NAT drops packets, so outbound calls stall",
			"other outbound calls stay fast; only the provider's responses slowed, and they slowed gradually"},
	}
	g.notes = append(g.notes, noteHerring{"nat-gateway", "checkout", "network: NAT gateway nat-0c1 connection count at 61% of limit (daily report)",
		"The NAT gateway hit its connection limit and stalls checkout's outbound calls",
		"61% is a daily reading, not a limit; connections to the provider complete, slowly"})
	g.chain = []link{
		{"the payment provider's responses slowed, with nothing changed on our side", ref("payment-provider", MetricP95)},
		{"checkout's calls hit their 1.5 s timeout and were retried", ref("checkout", MetricP95)},
		{"orders failed after every retry, at checkout and the gateway", ref("checkout", MetricErr)},
	}
	g.hint2 = "Whose time is it? Split checkout's latency into its own work and its calls."
}

func buildPlanFlip(g *gen) {
	gw := g.gateway()
	orders := g.add(api("orders", StackGo, 9, "GET /v1/orders"))
	pg := g.postgres("postgres")
	g.m.Services[pg].Pods = 1
	g.link(gw, Dep{To: orders, PerReq: 0.5, Timeout: 5000, Op: "orders.List"})
	d := dep(pg, "postgres.SELECT orders")
	d.Timeout, d.Retries = 2000, 1
	g.link(orders, d)
	g.m.Services[pg].rhoC, g.m.Services[pg].rhoW = 0.2, 0.25
	g.fault = Fault{Kind: FaultSlow, Service: pg, At: g.onset, Value: 15 + 10*g.rng.Float64()}
	g.trigger = &triggerLine{sec: g.onset, service: "postgres", level: game.LevelInfo,
		key: `automatic analyze of table "shop.public.orders"`,
		msg: `LOG:  automatic analyze of table "shop.public.orders" system usage: CPU: user: 1.92 s, system: 0.11 s, elapsed: 2.41 s`}
	g.errs.slowQuery = "LOG:  duration: %.3f ms  execute <unnamed>: SELECT o.* FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = $1"
	g.cause = SignalRef{"postgres", MetricP95}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"orders", MetricErr}}
	g.correct = choiceText{"plan-flip-stats", "Fresh table statistics flipped orders' main query onto a much slower plan", ""}
	g.traps = []choiceText{
		{"orders-traffic", "orders' request volume grew and overloaded postgres with queries",
			"postgres' query rate is flat: each query got slower, there are not more of them"},
		{"postgres-disk", "postgres' disk slowed down and every query waits on I/O",
			"other tables' queries keep their speed; one query's time jumped at once, after an analyze"},
	}
	g.notes = append(g.notes, noteHerring{"pg-backup", "postgres", "postgres: base backup started (pg_basebackup, throttled to 50 MB/s)",
		"The base backup saturated postgres' disk and slowed every query",
		"the backup is throttled and ran on other nights without slowing queries; one query's plan changed"})
	g.chain = []link{
		{"autovacuum analyzed the orders table; with the new statistics the planner chose a nested loop", nil},
		{"the query's time jumped from milliseconds to seconds", ref("postgres", MetricP95)},
		{"orders' requests waited on postgres and timed out", ref("orders", MetricErr)},
		{"the gateway's latency followed", ref("api-gateway", MetricP95)},
	}
	g.hint2 = "More queries, or slower ones? Compare postgres' rate with its latency."
}

func buildBatchJob(g *gen) {
	gw := g.gateway()
	orders := g.add(api("orders", StackGo, 9, "GET /v1/orders"))
	pg := g.postgres("postgres")
	g.link(gw, Dep{To: orders, PerReq: 0.5, Timeout: 5000, Op: "orders.List"})
	d := dep(pg, "postgres.SELECT orders")
	d.Timeout, d.Retries = 2000, 1
	g.link(orders, d)
	g.m.Services[pg].rhoC = 0.35 + 0.05*g.rng.Float64()
	g.afterSize = func(g *gen) {
		g.fault = Fault{Kind: FaultLoad, Service: pg, At: g.onset, Ramp: 60, Value: g.meanLoad[pg] * (2 + g.rng.Float64())}
	}
	job := []string{"nightly-export", "ledger-reconcile", "search-reindex"}[g.rng.IntN(3)]
	g.trigger = &triggerLine{sec: g.onset, service: "postgres", level: game.LevelInfo,
		key: "application_name=" + job,
		msg: "LOG:  connection authorized: user=etl database=shop application_name=" + job}
	g.cause = SignalRef{"postgres", MetricRPS}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"orders", MetricErr}}
	g.correct = choiceText{"unannounced-batch", "A batch job outside the change log flooded postgres with queries", ""}
	g.traps = []choiceText{
		{"orders-query-regression", "orders' queries regressed and each now scans far more rows",
			"orders' own query rate is flat; postgres serves several times more queries, from another client"},
		{"postgres-failover", "postgres failed over and the new primary started with a cold cache",
			"postgres kept its pod and uptime; its load rose at once, from a new client"},
	}
	g.notes = append(g.notes, noteHerring{"pg-vacuum", "postgres", "postgres: automatic vacuum of table \"shop.public.sessions\" started",
		"An autovacuum run saturated postgres and slowed orders' queries",
		"vacuum does not multiply the query rate; the extra queries come from a new client"})
	g.chain = []link{
		{"a batch job connected to postgres, with nothing in the change log", nil},
		{"postgres' query rate multiplied", ref("postgres", MetricRPS)},
		{"postgres saturated and orders' queries waited", ref("postgres", MetricP95)},
		{"orders' requests timed out at the gateway", ref("orders", MetricErr)},
	}
	g.hint2 = "Who else talks to postgres? Its query rate and its clients' rates should add up."
}

func buildDiskFull(g *gen) {
	gw := g.gateway()
	ingest := g.add(api("ingest", StackGo, 8, "POST /v1/events"))
	pg := g.postgres("postgres")
	g.link(gw, Dep{To: ingest, PerReq: 0.6, Timeout: 3000, Op: "ingest.Write"})
	d := dep(pg, "postgres.INSERT events")
	d.Timeout, d.Retries = 2000, 0
	g.link(ingest, d)
	fill := 420 + g.rng.IntN(360) // free space lasts 7–13 minutes
	fill = min(fill, g.secs-g.onset-600)
	g.fault = Fault{Kind: FaultFail, Service: pg, At: g.onset + fill, Value: 0.85 + 0.1*g.rng.Float64()}
	free := 20 + 10*g.rng.Float64()
	g.nodeFx = func(node, t int, ns *telemetry.NodeState) {
		if g.nodes[node] != g.podsOf[pg][0].Node || t < g.onset {
			return
		}
		ns.DiskFreeGiB = math.Max(0, free*(1-float64(t-g.onset)/float64(fill)))
	}
	g.errs.fail = []string{`PANIC:  could not write to file "pg_wal/xlogtemp.4711": No space left on device`,
		`ERROR:  could not extend file "base/16384/24576": No space left on device`}
	g.trigger = &triggerLine{sec: g.onset + 20, service: "postgres", level: game.LevelWarn,
		key: "archive command failed",
		msg: `WARNING:  archive command failed with exit code 1 (archive_command "wal-g wal-push %p")`}
	g.cause = SignalRef{nodesService, MetricNodeDisk}
	g.symptoms = []SignalRef{{"ingest", MetricErr}, {"api-gateway", MetricErr}}
	g.correct = choiceText{"disk-filled-up", "postgres' volume filled up over minutes until its writes began to fail", ""}
	g.traps = []choiceText{
		{"ingest-bad-payloads", "ingest accepts malformed events that postgres rejects on insert",
			"the errors are write failures on every insert, not constraint errors; they began when free space ran out"},
		{"postgres-overload", "postgres is overloaded by ingest's write volume and times out",
			"the write rate is flat; postgres answers fast, with errors, once its disk was full"},
	}
	g.notes = append(g.notes, noteHerring{"pg-upgrade", "postgres", "postgres: minor version upgrade 16.3 -> 16.4 scheduled for tonight (no restart yet)",
		"The postgres upgrade left its storage in a bad state",
		"the upgrade is scheduled, not done; the volume filled steadily from a failing WAL archiver"})
	g.chain = []link{
		{"postgres' WAL archiving started failing, so WAL segments piled up on its volume", ref(nodesService, MetricNodeDisk)},
		{"the volume filled and postgres' writes failed", ref("postgres", MetricErr)},
		{"ingest's inserts failed and the gateway's errors rose", ref("ingest", MetricErr)},
	}
	g.hint2 = "Look past the services: what do the machines under them show?"
}

func buildNoisyNeighbour(g *gen) {
	gw := g.gateway()
	search := g.add(api("search", StackJava, 30, "GET /search"))
	g.m.Services[search].Pods = 3
	g.link(gw, Dep{To: search, PerReq: 0.8, Timeout: 2000, Retries: 1, BackoffMs: 100, Op: "search.Query"})
	// The pods on the busy node (one of three) run at a fraction of their
	// speed: the service's mean work grows by the share of pods there.
	g.fault = Fault{Kind: FaultSlow, Service: search, At: g.onset, Value: 3 + g.rng.Float64()}
	g.nodeFx = func(node, t int, ns *telemetry.NodeState) {
		if t >= g.onset && g.nodes[node] == g.podsOf[search][0].Node {
			ns.CPU = math.Min(1, 0.93+0.05*math.Sin(float64(t)/17))
		}
	}
	g.hotNode = func(p telemetry.Pod, t int) bool { return t >= g.onset && p.Node == g.podsOf[search][0].Node }
	g.cause = SignalRef{nodesService, MetricNodeCPU}
	g.symptoms = []SignalRef{{"api-gateway", MetricP95}, {"search", MetricP95}}
	g.correct = choiceText{"shared-node-contention", "Another workload on a shared node took the CPU that search needs there", ""}
	g.traps = []choiceText{
		{"search-index-growth", "search's index outgrew its memory and every query reads from disk",
			"only the pods on one node slowed; the others answer as fast as before"},
		{"search-gc-pressure", "search's heap is too small and GC pauses stall every query",
			"GC pauses stay flat on most pods; the slow ones are throttled on a busy node"},
	}
	g.notes = append(g.notes, noteHerring{"node-scale-up", "search", "cluster-autoscaler: node group general-2 scaled 5 -> 6 (pending pods)",
		"A new node joined and search's pods moved onto a bad machine",
		"no search pod moved; the slow pods were where they were, on a node whose CPU filled"})
	g.chain = []link{
		{"a batch workload on a shared node used all of its CPU", ref(nodesService, MetricNodeCPU)},
		{"search's pods on that node were throttled", ref("search", MetricThrottled)},
		{"search's tail latency grew", ref("search", MetricP95)},
		{"the gateway slowed", ref("api-gateway", MetricP95)},
	}
	g.hint2 = "Are all of search's pods slow, or the ones on one machine?"
}

func buildClockSkew(g *gen) {
	gw := g.gateway()
	acct := g.add(api("accounts", StackGo, 7, "GET /v1/accounts/me"))
	g.m.Services[acct].Pods = 3
	g.link(gw, Dep{To: acct, PerReq: 0.5, Timeout: 2000, Op: "accounts.Me"})
	g.fault = Fault{Kind: FaultFail, Service: acct, At: g.onset, Value: 0.3 + 0.05*g.rng.Float64()}
	skew := -float64(60+g.rng.IntN(60)) * 1000
	g.nodeFx = func(node, t int, ns *telemetry.NodeState) {
		if t >= g.onset && g.nodes[node] == g.podsOf[acct][0].Node {
			ns.ClockOffsetMs = math.Max(skew, skew*float64(t-g.onset+1)/30)
		}
	}
	g.errs.fail = []string{"token has invalid claims: token used before issued", "token has invalid claims: token is not valid yet"}
	g.errs.failLevel = game.LevelWarn
	g.failOn = func(p telemetry.Pod) bool { return p.Node == g.podsOf[acct][0].Node }
	g.trigger = &triggerLine{sec: g.onset + 40 + g.stream(7).IntN(60), service: "accounts", level: game.LevelWarn,
		key: "clock skew against token issuer",
		msg: fmt.Sprintf("jwt: clock skew against token issuer is %.0fs, beyond the 30s leeway", skew/1000)}
	g.failOnTrigger = true
	g.cause = SignalRef{nodesService, MetricClock}
	g.symptoms = []SignalRef{{"accounts", MetricErr}, {"api-gateway", MetricErr}}
	g.correct = choiceText{"node-clock-drift", "One node's clock fell behind, so the services there reject fresh tokens", ""}
	g.traps = []choiceText{
		{"signing-key-rotation", "A signing key rotation left accounts unable to verify tokens",
			"a bad key fails every pod the same way; here only the pods on one node refuse, and they say the token is from the future"},
		{"accounts-overload", "accounts is overloaded and refuses a third of its requests",
			"accounts' latency and CPU are flat; the refusals are instant and come from the pods on one node"},
	}
	g.notes = append(g.notes, noteHerring{"jwks-rotation", "accounts", "auth: JWKS key set refreshed (kid 2025-q3 added, old key kept)",
		"The JWKS refresh removed the key accounts verifies tokens with",
		"the old key was kept, and pods on other nodes verify the same tokens fine"})
	g.chain = []link{
		{"one node's clock drifted behind true time (its node clock offset series)", nil},
		{"accounts' pods on that node saw fresh tokens as issued in the future and refused them", ref("accounts", MetricErr)},
		{"the gateway's error rate rose", ref("api-gateway", MetricErr)},
	}
	g.hint2 = "Do the failing requests share a pod, or a machine?"
}

func buildHotPartition(g *gen) {
	gw := g.gateway()
	oapi := g.add(api("orders-api", StackGo, 10, "POST /v1/orders"))
	kafka := g.add(Service{Name: "kafka", Kind: KindBroker, Stack: StackKafka, Median: 2, Sigma: 0.5, Endpoint: "Produce",
		CPUms: 0.05, Pods: 3, Quiet: true})
	cons := g.add(Service{Name: "order-events", Kind: KindConsumer, Stack: StackGo, Median: 2, Sigma: 0.4,
		Endpoint: "consume order-events", CPUms: 1, Pods: 3})
	g.link(gw, Dep{To: oapi, PerReq: 0.6, Timeout: 3000, Op: "orders.Create"})
	g.link(oapi, Dep{To: kafka, PerReq: 1, Timeout: 1000, Retries: 2, BackoffMs: 100, Op: "kafka.Produce"})
	produce := g.m.EntryRPS * 0.6
	g.m.Services[cons].Queue = &Queue{Topic: "order-events", Producer: oapi, PerReq: 1, Threads: 2, PerRecord: 2, Partitions: 12}
	// One tenant's import keys onto one partition: its consumer falls
	// behind there while the group as a whole keeps up elsewhere.
	capAfter := produce * (0.8 + 0.1*g.rng.Float64())
	g.fault = Fault{Kind: FaultSlowConsumer, Service: cons, At: g.onset, Value: float64(3*2) * 1000 / capAfter}
	g.hotPartition = g.rng.IntN(12)
	tenant := []string{"acme-retail", "globex", "initech"}[g.rng.IntN(3)]
	g.trigger = &triggerLine{sec: g.onset, service: "orders-api", level: game.LevelInfo, key: "bulk import started tenant=" + tenant,
		msg: fmt.Sprintf("bulk import started tenant=%s rows=%d partition_key=tenant_id", tenant, 800_000+g.rng.IntN(900_000))}
	g.step1Event = "tenant-import-ticket"
	g.events = append(g.events, game.Event{At: g.at(max(0, g.onset-600-g.rng.IntN(600))), ID: g.step1Event, Kind: game.EventNote,
		Service: "orders-api", Text: fmt.Sprintf("support ticket: %s plans a bulk order import this afternoon (no action needed)", tenant)})
	g.cause = SignalRef{"order-events", MetricLag}
	g.symptoms = []SignalRef{{"order-events", MetricLag}}
	g.correct = choiceText{"single-hot-partition", "One tenant's bulk import piled onto one partition that one consumer drains", ""}
	g.traps = []choiceText{
		{"kafka-brokers-slow", "Kafka brokers are slow, so order-events' fetches stall on every partition",
			"eleven of twelve partitions keep up; the backlog sits on one, fed by one tenant's import"},
		{"consumer-undersized", "order-events has too few consumers for the day's order volume",
			"the group keeps up on every other partition; adding consumers does not split one partition"},
	}
	g.notes = append(g.notes, noteHerring{"kafka-urp", "kafka", "kafka: UnderReplicatedPartitions=2 on broker 3 for 40s during log segment roll",
		"Under-replicated partitions on kafka slowed order-events' fetches",
		"the partitions were back in sync within a minute while one partition's lag kept growing"})
	g.trafficRise = true
	g.chain = []link{
		{"a tenant's bulk import started, keyed by tenant id", nil},
		{"one partition's lag grew while the others stayed near zero", ref("order-events", MetricLag)},
		{"the consumer of that partition fell further behind", ref("order-events", MetricRPS)},
	}
	g.hint2 = "Is the lag spread over the partitions, or on one?"
}
