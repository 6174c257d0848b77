package sim

import "time"

// Archetypes where a dependency stops being reachable although it is
// healthy: a misspelt host, an expired certificate.

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
	g.correct = choiceText{"misspelt-host-config", "checkout now dials a misspelt payments host name, so its lookups fail", ""}
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
	g.trigger = g.certTrigger("ledger")
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
