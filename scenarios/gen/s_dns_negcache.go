package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"firedrill/game/sim/signal"
	"firedrill/game/sim/telemetry"
)

// The carrier's DNS provider answers NXDOMAIN for api.parcelhub.example
// for about twenty seconds. Two nodes' node-local-dns caches ask during
// that window and cache the negative answer for the zone's SOA minimum,
// 900 s; the third node's cache still holds the positive record. For
// fifteen minutes the shipping pods on two nodes cannot resolve the
// carrier (each quote fails after three attempts and two backoffs) while
// the one on the third node quotes normally, and then it heals by itself.
// No change caused it: shipping's quote cache was turned off three minutes
// earlier (a real, lasting quarter more latency), and the egress policy
// that lands 36 s before the first failure really does cut the pods off
// the instance metadata address (a harmless, lasting warning).
//
// The page's shape, two pods of three failing for a while and then
// healing, fits five choices alike (a cached negative answer, a rate
// limit on two egress addresses, pods calling the carrier's old address,
// an expired token, two nodes' DNS caches without an upstream); only how
// far a failing call gets tells them apart.
func dnsNegCache() *Script {
	const T = 13.0 // the carrier's DNS blip begins
	const D = 10.0 // shipping-config: quote cache off (decoy, lasting slowdown)
	const E = 12.4 // egress policy: instance metadata blocked (decoy, lasting warning)
	const ttl = 15.0
	nodes := []string{"ip-10-0-1-23", "ip-10-0-2-41", "ip-10-0-3-88"}
	shipNode := func(slot int) string { return nodes[(slot+shippingOffset)%3] }
	dnsSlot := func(node string) int { // the node-local-dns pod on node
		for i := range 3 {
			if nodes[(i+dnsOffset)%3] == node {
				return i
			}
		}
		panic(node)
	}
	cachedAt := map[int]float64{0: T + 0.1, 1: T + 0.25} // shipping slot -> when its node cached the NXDOMAIN
	failing := func(slot int, m float64) bool {
		at, ok := cachedAt[slot]
		return ok && m >= at && m < at+ttl
	}
	share := func(m float64) float64 { // share of shipping pods that cannot resolve
		n := 0.0
		for slot := range 3 {
			if failing(slot, m) {
				n++
			}
		}
		return n / 3
	}
	slower := Step(D, 1, 1.25)
	quoteMs := func(m float64) float64 { return 170 * slower(m) }
	const failMs = 82.0 // three failed lookups with 25 ms and 50 ms backoffs between them
	logs := []Src{
		Access("api-gateway", C(6), C(40), 0.6, "GET /api/products/{int:1000:9999} 200", "GET /api/cart 200", "POST /api/cart/items 201"),
		Access("api-gateway", func(m float64) float64 { return 5 * (1 - share(m)) }, func(m float64) float64 { return quoteMs(m) + 60 }, 0.4, "GET /api/checkout/shipping-options 200"),
		Reqs("api-gateway", "ERROR", func(m float64) float64 { return 0.02 + 5*share(m) }, "GET /api/checkout/shipping-options 503 {int:92:104}ms upstream=checkout: upstream returned 503 Service Unavailable"),
		Access("checkout", func(m float64) float64 { return 5 * (1 - share(m)) }, func(m float64) float64 { return quoteMs(m) + 40 }, 0.4, "GET /v1/shipping-options 200"),
		Reqs("checkout", "ERROR", func(m float64) float64 { return 5 * share(m) }, "GET /v1/shipping-options 503 {int:86:97}ms: shipping.Quote: shipping returned 502"),
		Access("checkout", C(5), C(30), 0.5, "POST /v1/orders 201", "GET /v1/cart/{uuid} 200"),
		Reqs("checkout", "ERROR", C(0.1), "POST /v1/orders: publish order.created: kafka: Failed to produce message to topic orders: Broker: Not enough in-sync replicas (will retry)"),
		Reqs("checkout", "WARN", C(0.3), "GET /v1/cart/{uuid}: price changed for sku-{int:10000:99999} since it was added"),
		Lines("coredns", "INFO", C(3), `[INFO] {ip}:{int:30000:60000} - {int:1000:65000} "A IN {pick:catalog|checkout|shipping|postgres}.prod.svc.cluster.local. udp 50 false 512" NOERROR qr,aa,rd 110 0.000{int:100:400}s`),
		Lines("postgres", "INFO", C(1.4), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled",
			"LOG:  duration: {msf:150:0.3} ms  statement: SELECT id, price_cents FROM products WHERE id = ANY($1)"),
		Lines("postgres", "ERROR", C(0.05), "ERROR:  could not serialize access due to concurrent update"),
		Once("shipping", "INFO", D+0.05, "config reloaded: QUOTE_CACHE_TTL=0s (quote cache disabled)"),
	}
	for slot := range 3 {
		node := shipNode(slot)
		on := func(src Src) Src {
			src = src.OnSlot(slot)
			src.Extra = append(src.Extra, "node", node+".ec2.internal")
			return src
		}
		fail := func(m float64) float64 {
			if failing(slot, m) {
				return 1
			}
			return 0
		}
		logs = append(logs,
			on(Access("shipping", func(m float64) float64 { return 1.8 * (1 - fail(m)) }, quoteMs, 0.4, "POST /v1/quotes 200")),
			on(Src{Svc: "shipping", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 1.8 * fail(m) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf(`POST /v1/quotes 502 %dms after 3 attempts: parcelhub: Post "https://api.parcelhub.example/v2/rates": dial tcp: lookup api.parcelhub.example on 169.254.20.10:53: no such host`, 78+g.IntN(9))
			}}),
			on(Reqs("shipping", "WARN", C(0.15), "POST /v1/quotes: parcelhub rate for zone {pick:DE-9|FR-2|IT-5} missing, using table rate")),
			// the egress policy's real effect: the SDK can no longer reach the instance metadata address
			on(Lines("shipping", "WARN", Step(E+0.1+0.15*float64(slot), 0, 0.25), "aws-sdk: IMDS GET http://169.254.169.254/latest/api/token: dial tcp 169.254.169.254:80: i/o timeout; using region from AWS_REGION=eu-west-1")),
		)
		// every pod refreshes its carrier token every ten minutes, at the
		// carrier's auth host: it works on every node throughout
		for at := 4.5 + 3*float64(slot); at < 40; at += 10 {
			logs = append(logs, on(Once("shipping", "INFO", at, "parcelhub: access token refreshed at https://auth.parcelhub.example/oauth/token (expires_in=3600s)")))
		}
		// the node's cache: what shipping on this node asks it, how it answers
		dns := func(src Src) Src {
			src = src.OnSlot(dnsSlot(node))
			src.Extra = append(src.Extra, "node", node+".ec2.internal")
			return src
		}
		logs = append(logs,
			dns(Src{Svc: "node-local-dns", Level: "INFO", PerMin: C(0.9), Msg: func(g *G, m float64) string {
				if failing(slot, m) {
					return fmt.Sprintf(`[INFO] %s:%d - %d "A IN api.parcelhub.example. udp 44 false 512" NXDOMAIN qr,rd,ra 112 0.0000%ds`, g.IP(), 30000+g.IntN(30000), g.IntN(65535), 20+g.IntN(60))
				}
				return fmt.Sprintf(`[INFO] %s:%d - %d "A IN api.parcelhub.example. udp 44 false 512" NOERROR qr,rd,ra 98 0.0000%ds`, g.IP(), 30000+g.IntN(30000), g.IntN(65535), 20+g.IntN(60))
			}}),
			dns(Src{Svc: "node-local-dns", Level: "INFO", PerMin: C(0.9), Msg: func(g *G, m float64) string {
				name := signal.Pick(g, "checkout.prod.svc.cluster.local", "postgres.prod.svc.cluster.local", "auth.parcelhub.example", "api.stripe.com", "sqs.eu-west-1.amazonaws.com")
				if !strings.HasSuffix(name, ".cluster.local") && g.Float64() < 0.5 { // an outside name whose entry expired: asked upstream
					return fmt.Sprintf(`[INFO] %s:%d - %d "A IN %s. udp 44 false 512" NOERROR qr,rd,ra 98 0.0%ds`, g.IP(), 30000+g.IntN(30000), g.IntN(65535), name, 12000+g.IntN(18000))
				}
				return fmt.Sprintf(`[INFO] %s:%d - %d "A IN %s. udp 50 false 512" NOERROR qr,aa,rd 110 0.0000%ds`, g.IP(), 30000+g.IntN(30000), g.IntN(65535), name, 20+g.IntN(80))
			}}),
		)
		if at, ok := cachedAt[slot]; ok {
			logs = append(logs, dns(Once("node-local-dns", "INFO", at,
				`[INFO] 10.2.`+fmt.Sprint(1+slot)+`.17:48211 - 2231 "A IN api.parcelhub.example. udp 44 false 512" NXDOMAIN qr,rd,ra 112 0.021837s`)))
		} else {
			logs = append(logs, dns(Once("node-local-dns", "INFO", T-0.2,
				`[INFO] 10.2.`+fmt.Sprint(1+slot)+`.17:40951 - 5120 "A IN api.parcelhub.example. udp 44 false 512" NOERROR qr,rd,ra 98 0.019204s`)))
		}
	}
	s := &Script{
		ID: "shipping-options-missing", Seed: "dns-negcache", Title: "Shipping options missing at checkout", Difficulty: 4, TimeLimit: 20 * time.Minute,
		Tags:  []string{"checkout", "errors", "sev2"},
		Start: time.Date(2025, 11, 18, 14, 0, 0, 0, time.UTC), Minutes: 40, Step: 30, Sampled: 0.05,
		Briefing: `[SEV2] checkout: "no shipping options available" on ~65% of checkouts since ~14:13.
Support: a reload sometimes brings the options back. Orders with a saved quote go through.
Find the root cause.
`,
		Hints: []string{
			"Split shipping's failures by pod and by node. What do the healthy and the failing pods have in common?",
			"How far does a failing quote get: does it reach the carrier at all? Compare with the other calls the same pods make.",
			"How long does a 'does not exist' answer live in a cache?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout"}, Pods: 2},
			{Name: "checkout", Calls: []string{"shipping", "postgres"}, Pods: 2},
			{Name: "shipping", Calls: []string{"node-local-dns"}, Pods: 3},
			{Name: "node-local-dns", Calls: []string{"coredns"}, Pods: 3},
			{Name: "coredns", Pods: 2},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Hosts: &Hosts{Service: "nodes", Names: nodes},
		Events: []Ev{
			{At: D, ID: "shipping-config", Kind: "config", Svc: "shipping", Text: "configmap shipping-config updated (ops, ticket SHIP-77 'stale rates at checkout')"},
			{At: E, ID: "egress-policy", Kind: "config", Svc: "shipping", Text: "NetworkPolicy shipping-egress updated by platform-ci (PR #2210)"},
			{At: T + 3, ID: "alert-shipping", Kind: "alert", Svc: "checkout", Text: "[SEV2] checkout GET /v1/shipping-options 5xx > 20% for 3m"},
			{At: T + 4, ID: "alert-5xx", Kind: "alert", Svc: "api-gateway", Text: "[WARN] api-gateway 5xx ratio > 5% for 5m"},
		},
		Logs: logs,
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{3.3, 8.1, 11.5} {
				trs = append(trs, Tr{At: at, Root: shippingTrace(g, false, i == 1, quoteMs(at), shipNode(i))})
			}
			for i, at := range []float64{14.2, 16.6, 19.9, 23.3, 26.1, 31.4, 35.8} {
				slot := i % 3
				trs = append(trs, Tr{At: at, Root: shippingTrace(g, failing(slot, at), false, quoteMs(at), shipNode(slot))})
			}
			return trs
		},
		Choices: []Choice{
			{"carrier-ratelimit", "the carrier rate-limits two of our nodes' egress addresses for a while"},
			{"old-address", "the carrier moved its API, and two shipping pods still call the old address"},
			{"shipping-settings", "shipping's new settings break the quote requests on most of its pods"},
			{"negative-answer", "a brief upstream glitch left a cached 'no such name' answer on two nodes"},
			{"token-expired", "two shipping pods hold an expired carrier API token until they refresh it"},
			{"egress-blocked", "the new egress network policy blocks shipping's carrier calls on two nodes"},
			{"dns-upstream", "the DNS caches on two nodes lost their upstream and fail every outside name"},
		},
		Answer: Answer{
			Choice: "negative-answer", Onset: T,
			Chain: []string{
				"At 14:13 the carrier's DNS provider answered NXDOMAIN for api.parcelhub.example for about twenty seconds",
				"The node-local-dns caches of two nodes asked during that window (14:13:06 and 14:13:15) and cached the negative answer for the zone's SOA minimum, 900 s; the third node's cache still held the positive record",
				"For fifteen minutes the shipping pods on those two nodes fail every quote at the lookup ('no such host', three attempts in ~80 ms) while they still reach auth.parcelhub.example, and the pod on the third node quotes normally: shipping's error ratio sits at two thirds",
				"checkout answers 503 for those shipping options; at 14:28 the negative entries expire and everything heals without anyone touching it",
			},
			Evidence: []string{
				"http_errors_ratio (shipping) jumps to ~0.66 in the 14:13:30 scrape and falls back at 14:28:30, fifteen minutes later, with no change at either end",
				"Every 'no such host' line comes from the two shipping pods on " + shipNode(0) + " and " + shipNode(1) + "; the pod on " + shipNode(2) + " keeps quoting api.parcelhub.example",
				"node-local-dns on those two nodes logs an NXDOMAIN for api.parcelhub.example from upstream at 14:13 ('NXDOMAIN qr,rd,ra 112 0.021837s': 21 ms), then serves NXDOMAIN in microseconds: from its cache",
				"Failing traces hold three 1-3 ms failed 'parcelhub POST /v2/rates' client spans, 25 and 50 ms apart, that never connect",
				"The failing pods keep refreshing their carrier token during the incident ('access token refreshed' at 14:14:30 and 14:17:30): the carrier, its auth and the nodes' way out all work; only the one name fails",
			},
			Wrong: [][2]string{
				{"carrier-ratelimit", "No failing call reaches the carrier: each stops at the lookup ('no such host') in 1-3 ms, there is no 429 anywhere, and the same pods get tokens from auth.parcelhub.example through the same egress during the incident."},
				{"old-address", "Nothing connects to an old address: the failing attempts stop at the lookup ('dial tcp: lookup … no such host') before any address is known, and pool_in_use_ratio of the two failing pods falls to near zero instead of holding connections."},
				{"token-expired", "The carrier never answers 401: the failing pods refresh their token at 14:14:30 and 14:17:30 ('access token refreshed') and still fail, at the lookup, before any request is sent."},
				{"dns-upstream", "node-local-dns on those two nodes keeps resolving other outside names from upstream in milliseconds during the incident (auth.parcelhub.example, api.stripe.com, sqs: 'NOERROR qr,rd,ra'), and answers api.parcelhub.example NXDOMAIN, not SERVFAIL: upstream did answer, and its answer was 'no such name', kept for 900 s."},
				{"shipping-settings", "The configmap change at 14:10 turned shipping's quote cache off ('QUOTE_CACHE_TTL=0s'): quotes are a quarter slower for good, visible from 14:10 and again after 14:28. But all three pods run it and the pod on " + shipNode(2) + " quotes normally throughout; the failures follow nodes, and end at 14:28 with the setting unchanged."},
				{"egress-blocked", "The policy at 14:12:24 blocks only the instance metadata address: shipping's pods log 'IMDS … i/o timeout' and fall back to AWS_REGION, a real and harmless effect that lasts. It lets 443 out, the failing calls never get past the lookup, and the failures end at 14:28 with the policy still in place."},
			},
			RedHerrings: []string{"shipping-config", "egress-policy", "shipping-settings", "egress-blocked"},
			Proof: slices.Concat([]Proof{
				ProveLog(1, "node-local-dns", "NXDOMAIN qr,rd,ra 112 0.021837s"),
				ProveLog(3, "shipping", "access token refreshed").Within(T, T+ttl+0.25),
				ProveSpan(3, "shipping", "parcelhub POST /v2/rates", true),
				ProveMetric(3, "shipping", telemetry.ErrorsName(telemetry.HTTP), T, T+ttl),
				ProveMetric(4, "checkout", telemetry.ErrorsName(telemetry.HTTP), T, T+ttl),
				ProveMetric(4, "api-gateway", telemetry.ErrorsName(telemetry.HTTP), T, T+ttl),
			},
				// the failing lines recur for fifteen minutes: one item per
				// five minutes keeps each narrow while a pin anywhere counts
				thirds(ProveLog(2, "node-local-dns", "api.parcelhub.example. udp 44 false 512\" NXDOMAIN"), T+0.1, T+ttl+0.25),
				thirds(ProveLog(3, "shipping", "no such host"), T, T+ttl+0.25),
				thirds(ProveLog(4, "checkout", "shipping.Quote: shipping returned 502"), T, T+ttl+0.25),
				thirds(ProveLog(4, "api-gateway", "shipping-options 503"), T, T+ttl+0.25),
			),
			Debrief: `The carrier's DNS provider had a twenty-second glitch at 14:13 and answered NXDOMAIN for
api.parcelhub.example. Two of the three nodes' node-local-dns caches happened to ask in that
window, and a negative answer is cached for the zone's SOA minimum: 900 seconds. For fifteen
minutes the shipping pods on those nodes were told the carrier does not exist, in microseconds,
while the pod on the third node, whose cache still held the real record, quoted normally. At
14:28 the entries expired and the incident ended by itself.

The tempting quick bet: two thirds failing, a reload that sometimes works and a fifteen-minute
episode that heals by itself say "two of three pods or nodes, on a timer", and the whole table
fits that shape: a rate limit on two egress addresses, two pods calling the carrier's old
address or holding an expired token, two nodes' DNS caches without an upstream, a cached
negative answer. The shape picks none of them; how far a failing call gets does. It never
connects: it fails at the lookup, while the same pods reach auth.parcelhub.example to refresh
their token, and the same caches resolve other outside names from upstream. The two changes
before the cliff are real too: the quote cache was switched off at 14:10 (shipping is a quarter
slower for good) and the egress policy at 14:12:24 cut the pods off the instance metadata
address (a lasting, harmless warning); neither follows nodes, and neither was undone at 14:28.

Reading the latency panels: while two pods fail, shipping's and checkout's p50 drop, because
most requests are then fast failures (three lookups and two backoffs, ~80 ms); after 14:28
they come back a quarter above the 14:00-14:10 level, the quote cache still being off.

Fastest path: split the failures by pod and node, read how far a failing call gets, then
compare the node caches' answers for the same name: one answers NOERROR from upstream, two
answer NXDOMAIN in microseconds. Coaching: a cache remembers "does not exist" too; when one
cohort fails and heals on a round timer, look for a TTL.
`,
		},
	}
	shipOptions := func(w, others, othersTail, extra, failExtra float64) func(m float64) []mixPart {
		return func(m float64) []mixPart {
			f := share(m)
			return []mixPart{{1 - w, others, othersTail}, {w * (1 - f), quoteMs(m) + extra, 2.2}, {w * f, failMs + failExtra, 1.15}}
		}
	}
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: mixReq(C(460), func(m float64) float64 { return 0.001 + 0.45*share(m) }, shipOptions(0.45, 42, 3, 60, 16)), Res: pods(C(0.5), C(220), C(0.5), C(0.15), C(0.2))},
		{Svc: "checkout", Kind: telemetry.HTTP, RT: telemetry.JVM,
			Req: mixReq(C(150), func(m float64) float64 { return 0.001 + 0.55*share(m) }, shipOptions(0.55, 30, 3, 40, 9)),
			Res: pods(C(0.5), C(1400), C(15), C(0.2), C(0.2))},
		{Svc: "shipping", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: mixReq(C(80), func(m float64) float64 { return 0.002 + share(m) }, func(m float64) []mixPart {
				f := share(m)
				return []mixPart{{1 - f, quoteMs(m), 2.2}, {f, failMs, 1.1}}
			}),
			Res: func(slot int, m float64) telemetry.Resources {
				live := 1.0
				if failing(slot, m) {
					live = 0.05
				}
				return pods(func(m float64) float64 { return 0.04 + 0.12*live }, func(m float64) float64 { return 150 * (1 + 0.3*(slower(m)-1)) }, C(0.4),
					func(m float64) float64 { return 0.02 + 0.25*live*slower(m) }, func(m float64) float64 { return 0.02 + 0.3*live*slower(m) })(slot, m)
			}},
		{Svc: "node-local-dns", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(1500), C(0.0002), C(0.05), 40), Res: pods(C(0.04), C(28), C(0.2), C(0.05), C(0.02))},
		{Svc: "coredns", Kind: telemetry.HTTP, RT: telemetry.Go, Gaps: [][2]float64{{30.4, 30.6}},
			Req: web(C(420), C(0.0005), C(0.4), 6), Res: pods(C(0.08), C(42), C(0.3), C(0.05), C(0))},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native,
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 350, Err: 0.0003, P50: 0.8, P95: 3, P99: 8}
			},
			Res: pods(C(0.6), C(4800), C(0), C(0.2), C(0))},
	})
	return s
}

// thirds is p limited to each third of the period from..to, one item per
// third: a log line that recurs through a long episode, proven anywhere in
// it by items each narrow enough to prove something.
func thirds(p Proof, from, to float64) []Proof {
	d := (to - from) / 3
	return []Proof{p.Within(from, from+d), p.Within(from+d, from+2*d), p.Within(from+2*d, to)}
}

// Where the generator deals shipping's and node-local-dns' replicas onto
// the nodes (slot i on nodes[(i+offset)%3]); sn_placement_test.go checks.
const (
	shippingOffset = 0
	dnsOffset      = 2
)

// shippingTrace is GET /api/checkout/shipping-options. failing: the pod's
// three lookups of the carrier fail in ~2 ms each, 25 ms and 50 ms apart
// (no connection to the carrier). dropped: checkout's server span was not
// exported.
func shippingTrace(g *G, failing, dropped bool, quote float64, node string) *Sp {
	var kids []*Sp
	status := "200"
	if failing {
		off := 1.0
		for _, backoff := range []float64{25, 50, 0} {
			sp := Leaf("shipping", "parcelhub POST /v2/rates", off, g.Uniform(1, 3)).E().A("server.address", "api.parcelhub.example",
				"error.message", "dial tcp: lookup api.parcelhub.example on 169.254.20.10:53: no such host")
			kids = append(kids, sp)
			off += sp.Dur + backoff
		}
		status = "503"
	} else {
		kids = append(kids, Leaf("shipping", "parcelhub POST /v2/rates", 1, g.LogNormal(quote, 0.25)).A("server.address", "api.parcelhub.example", "http.status_code", "200"))
	}
	last := kids[len(kids)-1]
	sh := S("shipping", "POST /v1/quotes", 0, last.Off+last.Dur+3, kids...).A("k8s.node.name", node+".ec2.internal")
	if failing {
		sh.E()
	}
	co := S("checkout", "GET /v1/shipping-options", 0, sh.Dur+6, Call(g, "checkout", "shipping POST /v1/quotes", 2, sh))
	if failing {
		co.E()
	}
	if dropped {
		co.Drop()
	}
	root := S("api-gateway", "GET /api/checkout/shipping-options", 0, co.Dur+4, Call(g, "api-gateway", "checkout GET /v1/shipping-options", 2, co)).A("http.status_code", status)
	if failing {
		root.E()
	}
	return root.L(fmt.Sprintf("GET /api/checkout/shipping-options %s %dms", status, int(root.Dur)))
}
