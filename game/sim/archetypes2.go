package sim

import (
	"fmt"
	"time"
)

func buildCPUThrottling(g *gen) {
	gw := g.gateway()
	apiSvc := g.add(api("api", StackGo, 14, "GET /v1/cart"))
	users := g.add(api("users", StackJava, 9, "GET /users/{id}"))
	s := &g.m.Services[apiSvc]
	s.CPU, s.Pods, s.CPUms = 2, 4, 8
	// Size traffic so a pod uses 0.40–0.45 cores: 2 cores is idle, 0.5 is not.
	perPod := 0.43 + 0.04*g.rng.Float64()
	g.m.EntryRPS = perPod * 1000 / s.CPUms * float64(s.Pods)
	g.link(gw, Dep{To: apiSvc, PerReq: 1, Timeout: 5000, Op: "api.GetCart"})
	g.link(apiSvc, Dep{To: users, PerReq: 0.5, Timeout: 800, Retries: 1, BackoffMs: 100, Op: "users.Get"})
	g.fault = Fault{Kind: FaultCPULimit, Service: apiSvc, At: g.onset, Value: 0.5}
	g.cause = SignalRef{"api", MetricThrottled}
	g.symptoms = []SignalRef{{"api-gateway", MetricP99}, {"api-gateway", MetricP95}}
	g.change = g.changeEvent("api-resources", "config", "api", "%s", "api resources updated by right-sizing bot: requests/limits rev "+fmt.Sprint(10+g.rng.IntN(80))+" (4/4 pods restarted)")
	g.correct = choiceText{"cpu-limit-cut", "A right-sizing change cut api's CPU limit; throttling stalls its requests", ""}
	g.traps = []choiceText{
		{"api-usage-low", "api's CPU usage is low, so api is fine; users' slow lookups hold its requests",
			"users' latency is flat; api's usage is low because it is capped at exactly its new limit, with most periods throttled"},
		{"node-noisy-neighbour", "A noisy neighbour on api's nodes steals CPU from its pods",
			"node CPU stays moderate; the stalls are CFS throttling of api's own cgroup, which began with the resources change"},
	}
	g.notes = append(g.notes, noteHerring{"node-cpu-note", "api", "capacity report: node group general-1 CPU at 41% average, no pressure",
		"api's nodes are CPU-starved and every pod on them runs slower",
		"node CPU is 41% and other services on those nodes are unaffected; only api's cgroup is throttled"})
	g.chain = []link{
		{"a right-sizing change cut api's CPU limit from 2 cores to 0.5", nil},
		{"api's cgroup hit its CFS quota in most periods", ref("api", MetricThrottled)},
		{"throttled periods stalled requests in ~100 ms steps, so api's tail grew", ref("api", MetricP99)},
		{"the gateway's tail latency followed", ref("api-gateway", MetricP99)},
	}
	g.hint2 = "Low CPU usage can mean a cap: look at throttling, not usage."
}

func buildBadHost(g *gen) {
	gw := g.gateway()
	checkout := g.add(api("checkout", StackGo, 12, "POST /v1/pay"))
	pay := g.add(api("payments", StackGo, 35, "rpc payments.Charge"))
	g.link(gw, Dep{To: checkout, PerReq: 0.2 + 0.2*g.rng.Float64(), Timeout: 5000, Op: "checkout.Pay"})
	d := dep(pay, "payments.Charge")
	d.Host = "payments.prod.svc.cluster.locl"
	di := g.link(checkout, d)
	a, b := 30+g.rng.IntN(60), 100+g.rng.IntN(100)
	g.fault = Fault{Kind: FaultBadHost, Service: checkout, Dep: di, At: g.onset,
		Stages: []Stage{{0, 1.0 / 3}, {a, 2.0 / 3}, {b, 1}}}
	g.cause = SignalRef{"payments", MetricRPS}
	g.symptoms = []SignalRef{{"api-gateway", MetricErr}, {"checkout", MetricErr}}
	g.change = g.changeEvent("checkout-config", "config", "checkout", "%s", "checkout config push: PAYMENTS_URL and 3 other keys updated (pods reload one by one)")
	g.correct = choiceText{"misspelt-host-config", "checkout's config names a misspelt payments host, so lookups fail", ""}
	g.traps = []choiceText{
		{"payments-down", "payments is down: its pods fail every charge that checkout sends",
			"payments' inbound rate fell to zero and its error rate is flat: it is not called, not failing"},
		{"checkout-dns-outage", "CoreDNS is failing, so checkout's lookups time out for every service",
			"every other name still resolves; the failures are NXDOMAIN for one misspelt name, returned in 2 ms"},
	}
	g.notes = append(g.notes, noteHerring{"coredns-restart", "checkout", "kube-system: coredns-5d78c9869d-x2k4q restarted (liveness), 1/2 replicas ready for 20s",
		"A CoreDNS restart broke name resolution for checkout's pods",
		"the restarted replica was back within 20 s and the other served throughout; the errors never stopped"})
	g.chain = []link{
		{"a config push set PAYMENTS_URL to a misspelt host (.locl)", nil},
		{"checkout's pods reloaded one by one and their lookups failed: payments stopped being called", ref("payments", MetricRPS)},
		{"checkout's charges failed in 2 ms with no server span", ref("checkout", MetricErr)},
		{"the gateway's error rate climbed in steps as pods reloaded", ref("api-gateway", MetricErr)},
	}
	g.hint2 = "Is payments failing, or is nobody calling it?"
}

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

func buildFeatureFlag(g *gen) {
	gw := g.gateway()
	checkout := g.add(api("checkout", StackGo, 14, "POST /v1/checkout"))
	pricing := g.add(api("pricing", StackJava, 20, "POST /v2/quote"))
	coupons := g.add(api("coupons", StackGo, 6, "GET /coupons/{code}"))
	g.link(gw, Dep{To: checkout, PerReq: 0.8, Timeout: 5000, Op: "checkout.Checkout"})
	g.link(checkout, Dep{To: pricing, PerReq: 1, Timeout: 2000, Op: "pricing.Quote"})
	g.link(pricing, Dep{To: coupons, PerReq: 0.3, Timeout: 500, Retries: 1, BackoffMs: 100, Op: "coupons.Get"})
	step2 := 300 + g.rng.IntN(300)
	g.fault = Fault{Kind: FaultFlag, Service: pricing, At: g.onset, Value: 0.25 + 0.1*g.rng.Float64(),
		Stages: []Stage{{0, 0.1}, {step2, 0.25}}}
	g.cause = SignalRef{"pricing", MetricErr}
	g.symptoms = []SignalRef{{"checkout", MetricErr}}
	g.change = g.changeEvent("new-pricing-10", "flag", "pricing", "%s", "flag new-pricing: rollout 0% -> 10% (by release-bot)")
	g.extraChange = &changeAt{after: step2, id: "new-pricing-25", kind: "flag", svc: "pricing", text: "flag new-pricing: rollout 10% -> 25% (by release-bot)"}
	g.errs.flag = `java.lang.NullPointerException: Cannot invoke "com.shop.Coupon.getRate()" because "coupon" is null`
	g.correct = choiceText{"flag-cohort-exception", "The new-pricing flag's code path throws on carts that carry a coupon", ""}
	g.traps = []choiceText{
		{"coupons-bad-data", "The coupons service returns bad data, so pricing cannot price carts",
			"coupons' latency and errors are flat and v1 pricing handles the same coupons; only flag-on requests fail"},
		{"pricing-capacity", "pricing is overloaded: its quote threads saturate at the lunchtime peak",
			"pricing's latency and saturation are flat; the errors are fast exceptions in one cohort"},
	}
	g.notes = append(g.notes, noteHerring{"coupons-latency", "coupons", "coupons: p99 latency alert auto-resolved after 3m (GC pause)",
		"A slow coupons service makes pricing time out on coupon carts",
		"the coupons blip resolved in three minutes; pricing's errors are exceptions, not timeouts, and persist"})
	g.chain = []link{
		{"the new-pricing flag went to 10% of traffic", nil},
		{"its v2 path threw a NullPointerException on carts with coupons", ref("pricing", MetricErr)},
		{"checkout's error rate rose in a staircase that follows the flag's steps", ref("checkout", MetricErr)},
	}
	g.hint2 = "Compare failing and healthy requests: what attribute do the failures share?"
}

func buildCertExpiry(g *gen) {
	gw := g.gateway()
	pay := g.add(api("payments", StackGo, 20, "POST /v1/charge"))
	ledger := g.add(api("ledger", StackGo, 8, "rpc ledger.Post"))
	g.link(gw, Dep{To: pay, PerReq: 0.15 + 0.15*g.rng.Float64(), Timeout: 5000, Op: "payments.Charge"})
	g.link(pay, dep(ledger, "ledger.Post"))
	// Certificates expire at round times: the half hour if one falls in
	// the window's middle, else the quarter hour, five minutes, the minute.
	lo, hi := g.at(g.secs/4+30), g.at(g.secs*2/3)
	for _, unit := range []time.Duration{30 * time.Minute, 15 * time.Minute, 5 * time.Minute, time.Minute} {
		if r := lo.Truncate(unit).Add(unit); !r.After(hi) {
			g.onset = int(r.Sub(g.start) / time.Second)
			break
		}
	}
	g.fault = Fault{Kind: FaultCertExpiry, Service: ledger, At: g.onset}
	g.cause = SignalRef{"ledger", MetricRPS}
	g.symptoms = []SignalRef{{"api-gateway", MetricErr}, {"payments", MetricErr}}
	g.correct = choiceText{"expired-certificate", "ledger's mTLS certificate expired, so every handshake to it fails", ""}
	g.traps = []choiceText{
		{"ledger-release-broke", "ledger's latest release broke its API and payments' calls to it fail",
			"ledger ran clean for minutes after its deploy; the failures start at a round time with a TLS error and no server span"},
		{"payments-network", "A network fault between payments and ledger drops their connections",
			"the failures are fast x509 errors, not resets or timeouts, and they began at the exact expiry time"},
	}
	g.preDeploy = "ledger"
	g.notes = append(g.notes, noteHerring{"network-alert", "payments", "network: packet loss alert on transit gateway tgw-0a3 auto-resolved (0.3% for 2m)",
		"Packet loss on the transit gateway broke payments' calls to ledger",
		"the loss was 0.3% for two minutes; payments' calls fail every time, in 3 ms, on a certificate error"})
	g.chain = []link{
		{"ledger's mTLS certificate reached its notAfter time; its renewal job had died", nil},
		{"every handshake to ledger failed, so ledger stopped receiving requests", ref("ledger", MetricRPS)},
		{"payments' ledger calls failed in milliseconds", ref("payments", MetricErr)},
		{"the gateway's error rate jumped", ref("api-gateway", MetricErr)},
	}
	g.hint2 = "A step at a round time with no change: what expires?"
}
