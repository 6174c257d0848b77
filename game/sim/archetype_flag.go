package sim

// Archetypes where a flag sends a slice of traffic down a broken path.

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
	g.correct = choiceText{"flag-cohort-exception", "The new pricing code path throws on every cart that carries a coupon", ""}
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
