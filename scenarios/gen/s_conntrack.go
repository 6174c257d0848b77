package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// webhooks opens a new TLS connection for every delivery, and the evening
// volume grows until the conntrack table of the node it runs on is full
// (nf_conntrack_max). From then on that node drops packets of new flows:
// every pod on it sees connect and DNS timeouts, whoever it belongs to.
// No change caused it, but two sit right before it: checkout's redis pool
// was raised 36 s earlier (a real, lasting change in its pool use and in
// redis' connections), and kube-proxy, the component that owns the nodes'
// connection tracking settings, was upgraded on every node 18 s before
// (its iptables syncs really got cheaper for good; nf_conntrack_max is the
// same before and after, as its own lines say). On the first screen
// checkout and webhooks fail, payments and redis are flat: that fits
// anything they share — the cluster DNS resolver, the egress NAT, or the
// node (a full conntrack table, its packet allowance, its source ports,
// service rules the kube-proxy upgrade broke there) — alike; coredns'
// own series and lines, the errors' addresses, the split by pod, the
// node's series and its kernel and kube-proxy lines tell them apart.
func conntrack() *Script {
	const T = 16.0 // the table is full
	const P = 15.4 // checkout-config (decoy)
	const K = 15.7 // kube-proxy upgrade on every node (decoy)
	nodes := []string{"ip-10-0-1-52", "ip-10-0-2-77", "ip-10-0-3-19"}
	bad := nodes[(0+webhooksOffset)%3] // webhooks' node
	onBad := func(offset, slot int) bool { return nodes[(slot+offset)%3] == bad }
	volume := PL(0, 0.55, 9, 0.58, T, 0.95, 30, 1.25) // webhook deliveries, relative to the table's room
	drop := func(m float64) float64 {                 // share of new flows the bad node drops
		if m < T {
			return 0
		}
		return math.Min(0.6, 0.25+1.5*(volume(m)-volume(T)))
	}
	// a pod on the bad node fails this share of its requests
	podFail := func(m float64) float64 { return 0.7 * drop(m) }
	coBad := -1
	for slot := range 3 {
		if onBad(checkoutOffset, slot) {
			coBad = slot
		}
	}
	coFail := func(m float64) float64 { return podFail(m) / 3 }
	bigPool := Step(P, 1, 2.5)
	s := &Script{
		ID: "checkout-timeouts", Seed: "conntrack", Title: "Checkout timing out tonight", Difficulty: 4, TimeLimit: 20 * time.Minute,
		Tags:  []string{"latency", "errors", "sev2"},
		Start: time.Date(2025, 12, 1, 18, 0, 0, 0, time.UTC), Minutes: 40, Step: 30, Sampled: 0.05,
		Briefing: `[SEV2] checkout 5xx above 5% for 3 minutes, mostly timeouts; it started around 18:16.
Support: customers see "payment could not be completed"; webhook partners report missed deliveries.
Find the root cause.
`,
		Hints: []string{
			"Split checkout's failures by pod. Then ask what the failing pod shares with other failing things.",
			"Do the failing calls fail after connecting, or before a connection exists?",
			"A node has limits of its own. Which of its series was climbing before anything failed, and did the upgrade change any limit?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout"}, Pods: 2},
			{Name: "checkout", Calls: []string{"payments", "redis", "coredns"}, Pods: 3},
			{Name: "payments", Calls: []string{"coredns"}, Pods: 2},
			{Name: "webhooks", Calls: []string{"coredns"}, Pods: 1},
			{Name: "redis", Pods: 1, Sts: true},
			{Name: "coredns", Pods: 2},
			{Name: "nodes"},
		},
		Hosts: &Hosts{Service: "nodes", Names: nodes, F: func(i int, m float64) telemetry.NodeState {
			ct := 0.18 + 0.04*float64(i) + 0.03*(bigPool(m)-1)/1.5
			if nodes[i] == bad {
				// flat until the evening climb at 18:09, 0.9 just before
				// 18:16, full from then on (1.12 before the exporter's
				// noise, so every full sample reads 1)
				ct = 0.52 + 0.38*math.Max(0, math.Min(1, (m-9)/7))
				if m >= T {
					ct = 1.12
				}
			}
			proxy := 0.03 * Step(K+0.15*float64(i), 0, 1)(m) // the new kube-proxy's iptables syncs cost less
			return telemetry.NodeState{CPU: 0.35 + 0.1*float64(i) - proxy, DiskFreeGiB: 58 - 3*float64(i), NetMbps: 140 + 20*float64(i), Conntrack: ct, ClockOffsetMs: 0.2 * math.Sin(m+float64(i))}
		}},
		Events: []Ev{
			{At: 5, ID: "redis-bgsave", Kind: "note", Svc: "redis", Text: "redis: scheduled BGSAVE to s3://backups/redis (hourly)"},
			{At: P, ID: "checkout-config", Kind: "config", Svc: "checkout", Text: "configmap checkout-config synced by argo-cd (ops, ticket CO-902)"},
			{At: K, ID: "kube-proxy-upgrade", Kind: "deploy", Text: "kube-proxy DaemonSet v1.29.4 -> v1.29.6 rolled out by argo-cd (3/3 nodes): PR #301 bump"},
			{At: T + 3, ID: "alert-checkout", Kind: "alert", Svc: "checkout", Text: "[SEV2] checkout 5xx ratio > 5% for 3m"},
			{At: T + 5, ID: "alert-webhooks", Kind: "alert", Svc: "webhooks", Text: "[WARN] webhooks delivery failures > 10% for 5m"},
		},
		Logs: []Src{
			Access("api-gateway", C(10), C(40), 0.6, "GET /api/products/{int:1000:9999} 200", "GET /api/cart 200"),
			Access("api-gateway", func(m float64) float64 { return 6 * (1 - coFail(m)) }, C(150), 0.5, "POST /api/checkout 201"),
			Reqs("api-gateway", "ERROR", func(m float64) float64 { return 0.02 + 6*coFail(m) }, "POST /api/checkout 502 {int:1000:3100}ms upstream=checkout: upstream returned 502 Bad Gateway"),
			Access("payments", C(5), C(90), 0.5, "POST /v1/charges 201"),
			Reqs("payments", "ERROR", C(0.1), "POST /v1/charges: ledger write for ch_{hex:12}: pq: could not serialize access due to concurrent update (retrying)"),
			Reqs("payments", "WARN", C(0.3), "POST /v1/charges: card declined (insufficient_funds) for ch_{hex:12}"),
			Access("webhooks", func(m float64) float64 { return 3 * volume(m) * (1 - podFail(m)) }, C(220), 0.5, "POST /v1/deliveries 202"),
			Reqs("webhooks", "ERROR", func(m float64) float64 { return 0.05 + 3*volume(m)*podFail(m) }, `deliver evt_{hex:12} to https://hooks.{pick:acme-retail|shopfront|northwind}.example/orders: dial tcp {ip}:443: i/o timeout (attempt {int:1:5}/5)`),
			Lines("webhooks", "INFO", C(0.3), "delivery queue: depth={int:200:2000} in_flight={int:40:80} http.keepalive=false"),
			Lines("webhooks", "INFO", C(0.1), "egress: external deliveries routed via nat-gateway nat-0c4f1e2a (eu-west-1a)"),
			Lines("redis", "INFO", C(0.8), "Background saving started by pid {int:100:999}", "DB saved on disk", "{int:100:999} changes in 60 seconds. Saving...", "Accepted {ip}:{int:30000:60000}"),
			Lines("coredns", "INFO", C(3), `[INFO] {ip}:{int:30000:60000} - {int:1000:65000} "A IN {pick:payments|redis|checkout}.prod.svc.cluster.local. udp 50 false 512" NOERROR qr,aa,rd 110 0.000{int:100:400}s`),
			Once("checkout", "INFO", P+0.03, "config reloaded: redis pool size=50 (was 20)").OnSlot(0),
			Once("checkout", "INFO", P+0.05, "config reloaded: redis pool size=50 (was 20)").OnSlot(1),
			Once("checkout", "INFO", P+0.06, "config reloaded: redis pool size=50 (was 20)").OnSlot(2),
			Lines("nodes", "WARN", func(m float64) float64 { return 6 * drop(m) }, "kernel: nf_conntrack: nf_conntrack: table full, dropping packet").On(bad),
			Lines("nodes", "INFO", C(0.3), "kubelet: Successfully pulled image \"registry.internal/{pick:search|catalog|mailer}:{hex:7}\" in {int:900:4000}ms").On(nodes[(1+webhooksOffset)%3]),
			Lines("nodes", "INFO", C(0.3), "kubelet: Successfully pulled image \"registry.internal/{pick:search|catalog|mailer}:{hex:7}\" in {int:900:4000}ms").On(nodes[(2+webhooksOffset)%3]),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{3.5, 8.2, 12.6} {
				trs = append(trs, Tr{At: at, Root: checkoutCTTrace(g, 0, i == 1)})
			}
			for i, at := range []float64{17.1, 19.4, 22.8, 25.3, 28.7, 33.2, 36.9} {
				trs = append(trs, Tr{At: at, Root: checkoutCTTrace(g, []int{1, 0, 2, 1, 0, 2, 1}[i], false)})
			}
			return trs
		},
		Choices: []Choice{
			{"dns-resolver", "the cluster DNS resolver drops queries under load, so new lookups time out"},
			{"egress-nat", "the egress NAT gateway runs out of ports, so new outbound connections time out"},
			{"node-ports", "one node runs out of source ports, so new connections from it fail"},
			{"node-tracking", "one node's connection-tracking table is full, so it drops new flows"},
			{"proxy-upgrade", "the kube-proxy upgrade left one node with broken service routing rules"},
			{"node-packets", "one node's network card exceeds its packet allowance and drops packets"},
			{"checkout-pool", "checkout's larger client pool opens more sockets than redis accepts"},
		},
		Answer: Answer{
			Choice: "node-tracking", Onset: T,
			Chain: []string{
				"webhooks opens a new connection for every delivery ('http.keepalive=false'); as the evening volume grows (webhooks' http_requests_per_second), node_conntrack_used_ratio of its node " + bad + " climbs and reaches 1 at 18:16",
				"From then on " + bad + " drops packets of new flows: 'nf_conntrack: table full, dropping packet' in its kernel log",
				"Every pod on that node sees connect and DNS timeouts for new connections ('i/o timeout'): the checkout pod there fails a share of its requests, and webhooks' deliveries fail",
				"checkout's http_errors_ratio rises with the drops (about a third of the failing pod's share) and api-gateway passes the 502s on; the other checkout pods are fine",
			},
			Evidence: []string{
				"node_conntrack_used_ratio{node=\"" + bad + "\"} (nodes) climbs with webhooks' volume from about 18:09 (0.52 to 0.85 by 18:16) and reads 1 in every scrape from 18:16:30; the other nodes stay under a third and do not move at the kube-proxy upgrade",
				"the kernel of " + bad + " logs 'nf_conntrack: table full, dropping packet' from 18:16, and only that node",
				"webhooks' own lines say 'http.keepalive=false': a new connection, and a new conntrack entry, for every delivery; its http_requests_per_second grows all evening, from about 35/s at 18:09 to 57/s at 18:16",
				"checkout's and webhooks' failures end in 'i/o timeout' while dialling or resolving, before any connection exists",
				"http_errors_ratio (checkout) rises from 18:16:30; checkout's timeouts come from one pod, the one on " + bad + ", and fail before any connection exists",
			},
			Wrong: [][2]string{
				{"proxy-upgrade", "kube-proxy v1.29.6 logs the same lines on all three nodes ('SyncProxyRules complete', nf_conntrack_max 262144 as before), and webhooks' deliveries to addresses on the internet, which no service rule touches, fail the same way. " + bad + "'s table had been filling since 18:09, before the upgrade at 18:15:42; the upgrade's lasting effect is cheaper iptables syncs (a little less node CPU)."},
				{"node-packets", "The ENA counters on " + bad + " ('ena-stats eth0') read pps_allowance_exceeded=0 all evening, its node_network_receive_mbps is flat, and the kernel names what drops the packets: the conntrack table."},
				{"node-ports", "Out of source ports a connect fails at once with 'cannot assign requested address'; no pod logs that. The failures are 'i/o timeout' after a full second, checkout's calls to payments inside the cluster are not translated through the node's ports at all, and the kernel names the conntrack table."},
				{"dns-resolver", "Both failing services resolve through coredns, and some of checkout's errors are lookup timeouts, but coredns' own series are flat and its lines answer NOERROR in well under a millisecond; payments resolves through the same servers without a failure; checkout's dials to redis and payments by IP time out too; and only the checkout pod on " + bad + " fails, while the other two use the same resolver untouched."},
				{"egress-nat", "webhooks' deliveries do leave through the egress NAT, but checkout's failing dials go to pod addresses inside the cluster (10.2.x.x:8080, :6379) and to the cluster DNS at 10.96.0.10, none of which pass a NAT gateway; and a gateway out of ports would fail every checkout pod alike, not only the one on " + bad + "."},
				{"checkout-pool", "The pool raise at 18:15:24 is real (checkout's pool use and redis' connections change for good), but redis accepts every connection, webhooks fails too without touching redis, and the failures come from one checkout pod only, the one on the full node."},
			},
			RedHerrings: []string{"checkout-config", "kube-proxy-upgrade", "redis-bgsave", "checkout-pool"},
			Proof: []Proof{
				ProveLog(1, "webhooks", "http.keepalive=false"),
				ProveMetric(1, "webhooks", telemetry.RateName(telemetry.HTTP), T-7, T+10),
				ProveMetric(1, "nodes", telemetry.NodeSeriesName(telemetry.NodeConntrack, bad), T-7, T+10),
				ProveLog(2, "nodes", "nf_conntrack: table full").Within(T, T+4),
				ProveLog(3, "checkout", "i/o timeout").Within(T, T+4),
				ProveLog(3, "webhooks", "i/o timeout").Within(T, T+4),
				ProveMetric(4, "checkout", telemetry.ErrorsName(telemetry.HTTP), T, T+10),
			},
			Debrief: `webhooks delivers every event over a fresh TLS connection (keep-alive off), and each one holds
a conntrack entry on its node for a while after it closes. As the evening's volume grew, the
table on ` + bad + ` filled, and at 18:16 it hit nf_conntrack_max. From then on the kernel
dropped packets of new flows on that node, whoever they belonged to: the checkout pod there
timed out on new connections and DNS lookups, webhooks' deliveries failed, and the other nodes
carried on. Yesterday evening the volume peaked just under the limit.

The tempting quick bet: checkout and webhooks time out together while payments and redis are
clean, so something they share is failing. They share more than a node: both resolve through
coredns, webhooks leaves through the egress NAT, and some of checkout's errors are DNS lookup
timeouts. A resolver dropping queries, a NAT gateway out of ports, a full conntrack table, a
network card over its packet allowance, a node out of source ports, or service rules the
kube-proxy upgrade broke all draw the same first screen. The deeper data tells them apart:
coredns is flat and answers NOERROR in well under a millisecond, and payments resolves through
it without a failure; checkout's failing dials go to in-cluster pod addresses that no NAT
touches, and only one of its three pods fails; that pod and webhooks share ` + bad + `, whose
conntrack ratio climbs from 18:09 while its kernel says 'table full'; the ENA counters stay at
zero; no pod logs 'cannot assign requested address'; kube-proxy logs the same healthy sync on
all three nodes.

The other bet is a change: checkout's redis pool was raised 36 seconds before the errors, with
a real, lasting effect (more connections held, less pool waiting), and kube-proxy, which owns
the nodes' conntrack settings, was upgraded 18 seconds before. Neither explains failures that
come from one pod, fail before connecting, and follow one node whose table had been filling for
seven minutes; kube-proxy set the same limit on every node.

Fastest path: split the failures by pod, then by node; check that node's families and kernel
lines. Coaching: when timeouts fail before a connection exists and follow a node, look at the
node's own limits (conntrack, ephemeral ports, packet allowances, file descriptors), and at who
churns connections.
`,
		},
	}
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(520), func(m float64) float64 { return 0.001 + 0.4*coFail(m) }, C(45), 3), Res: pods(C(0.5), C(220), C(0.5), C(0.15), C(0.2))},
		{Svc: "checkout", Kind: telemetry.HTTP, RT: telemetry.JVM,
			Req: web(C(150), func(m float64) float64 { return 0.001 + coFail(m) }, func(m float64) float64 { return 140 + 600*coFail(m) }, 3),
			Res: func(slot int, m float64) telemetry.Resources {
				pool := 0.5 / bigPool(m)
				if slot == coBad {
					pool += 0.5 * podFail(m)
				}
				return pods(C(0.45), C(1500), C(16), C(0.25), func(float64) float64 { return pool })(slot, m)
			}},
		{Svc: "payments", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(150), C(0.002), C(90), 2.5), Res: pods(C(0.3), C(200), C(0.5), C(0.15), C(0.2))},
		{Svc: "webhooks", Kind: telemetry.HTTP, RT: telemetry.Go, Gaps: [][2]float64{{27.4, 27.6}},
			Req: web(func(m float64) float64 { return 60 * volume(m) }, func(m float64) float64 { return 0.004 + podFail(m) }, func(m float64) float64 { return 210 + 900*podFail(m) }, 2.5),
			Res: pods(func(m float64) float64 { return 0.1 + 0.3*volume(m) }, C(170), C(0.5), func(m float64) float64 { return 0.2*volume(m) + 0.5*podFail(m) }, func(m float64) float64 { return 0.3*volume(m) + 0.5*podFail(m) })},
		{Svc: "redis", Kind: telemetry.Redis, RT: telemetry.Native,
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 2600, Err: 0, P50: 0.3, P95: 0.8, P99: 1.6, Hit: 0.96}
			},
			Res: pods(C(0.2), func(m float64) float64 { return 1900 + 60*(bigPool(m)-1) }, C(0), func(m float64) float64 { return 0.1 * bigPool(m) }, C(0))},
		{Svc: "coredns", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(900), C(0.0005), C(0.4), 6), Res: pods(C(0.08), C(42), C(0.3), C(0.05), C(0))},
	})
	logsFor := func(slot int) []Src {
		node := nodes[(slot+checkoutOffset)%3]
		on := func(src Src) Src {
			src = src.OnSlot(slot)
			src.Extra = append(src.Extra, "node", node+".ec2.internal")
			return src
		}
		fail := func(m float64) float64 {
			if slot == coBad {
				return podFail(m)
			}
			return 0
		}
		return []Src{
			on(Access("checkout", func(m float64) float64 { return 2.5 * (1 - fail(m)) }, C(140), 0.5, "POST /v1/checkout 201")),
			on(Src{Svc: "checkout", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 0.01 + 2.5*fail(m) }, Msg: func(g *G, m float64) string {
				switch g.IntN(3) {
				case 0:
					return fmt.Sprintf(`POST /v1/checkout 502 %dms: charge: Post "http://payments.prod.svc.cluster.local:8080/v1/charges": dial tcp 10.2.%d.%d:8080: i/o timeout`, 1000+g.IntN(40), 1+g.IntN(5), 10+g.IntN(240))
				case 1:
					return fmt.Sprintf(`POST /v1/checkout 502 %dms: cart: redis: dial tcp 10.2.%d.%d:6379: i/o timeout`, 1000+g.IntN(40), 1+g.IntN(5), 10+g.IntN(240))
				}
				return fmt.Sprintf(`POST /v1/checkout 502 %dms: charge: dial tcp: lookup payments.prod.svc.cluster.local on 10.96.0.10:53: read udp 10.2.%d.%d:%d->10.96.0.10:53: i/o timeout`, 2000+g.IntN(40), 1+g.IntN(5), 10+g.IntN(240), 30000+g.IntN(30000))
			}}),
		}
	}
	for slot := range 3 {
		s.Logs = append(s.Logs, logsFor(slot)...)
	}
	for i, node := range nodes {
		at := K + 0.15*float64(i)
		s.Logs = append(s.Logs,
			Lines("nodes", "INFO", C(0.2), "ena-stats eth0: bw_in_allowance_exceeded=0 bw_out_allowance_exceeded=0 pps_allowance_exceeded=0 linklocal_allowance_exceeded=0").On(node),
			Once("nodes", "INFO", at, "kube-proxy: Version v1.29.6 starting, proxy mode iptables").On(node),
			Once("nodes", "INFO", at+0.01, `kube-proxy: "Set sysctl" entry="net/netfilter/nf_conntrack_max" value=262144`).On(node),
			Once("nodes", "INFO", at+0.02, `kube-proxy: "Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_close_wait" value=3600`).On(node),
			Once("nodes", "INFO", at+0.05, fmt.Sprintf("kube-proxy: SyncProxyRules complete, elapsed %dms (was ~%dms on v1.29.4)", 180+20*i, 420+30*i)).On(node),
		)
	}
	return s
}

// Where the generator deals the replicas onto the nodes (slot i on
// nodes[(i+offset)%3]); sn_placement_test.go checks.
const (
	webhooksOffset = 1
	checkoutOffset = 0
)

// checkoutCTTrace is POST /api/checkout. mode 0: healthy. 1: the pod on
// the full node cannot open a connection to payments (a 1 s connect
// timeout, no payments span). 2: healthy, served by another pod during
// the incident. dropped: checkout's server span was not exported.
func checkoutCTTrace(g *G, mode int, dropped bool) *Sp {
	var pay *Sp
	status := "201"
	if mode == 1 {
		pay = Leaf("checkout", "payments POST /v1/charges", 2, 1000+g.Uniform(0, 5)).E().A("error.message", "dial tcp: i/o timeout")
		status = "502"
	} else {
		pay = Call(g, "checkout", "payments POST /v1/charges", 2, S("payments", "POST /v1/charges", 0, g.LogNormal(90, 0.3)))
	}
	rd := Leaf("checkout", "redis GET cart", 0.5, g.LogNormal(0.4, 0.3)).A("db.system", "redis")
	co := S("checkout", "POST /v1/checkout", 0, pay.Off+pay.Dur+8, rd, pay)
	if mode == 1 {
		co.E()
	}
	if dropped {
		co.Drop()
	}
	root := S("api-gateway", "POST /api/checkout", 0, co.Dur+4, Call(g, "api-gateway", "checkout POST /v1/checkout", 2, co)).A("http.status_code", status)
	if mode == 1 {
		root.E()
	}
	return root.L(fmt.Sprintf("POST /api/checkout %s %dms", status, int(root.Dur)))
}
