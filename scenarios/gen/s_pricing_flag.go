package main

import (
	"fmt"
	"time"
)

// The new-pricing flag moves 10% then 25% of carts to pricing's v2 quote
// path, which dereferences a null coupon for carts that carry a coupon
// code. Errors step up with each flag step, only in the flag-on cohort;
// latency stays flat. A coupons cache-TTL change raises coupons' latency
// and pages first: the trap is "coupons are broken".
func pricingFlag() *Script {
	const T = 14.0 // new-pricing 0% -> 10%
	share := PL(0, 0, T, 0, T+0.01, 0.10, T+8, 0.10, T+8.01, 0.25)
	off := func(r float64) Fn { return func(m float64) float64 { return r * (1 - share(m)) } }
	on := func(r float64) Fn { return func(m float64) float64 { return r * share(m) } }
	flagOn, flagOff := []string{"flag.new_pricing", "on"}, []string{"flag.new_pricing", "off"}
	errs := PL(0, 0, T, 0, T+0.01, 0.9, T+8, 0.9, T+8.01, 2.2)
	return &Script{
		ID: "some-checkouts-fail", Seed: "pricing-flag", Title: "Some checkouts fail, latency normal", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"checkout", "errors", "coupons"},
		Start: time.Date(2025, 11, 27, 16, 0, 0, 0, time.UTC), Minutes: 40, Step: 15, Sampled: 0.05,
		Briefing: `[SEV3] checkout 5xx ratio above 2% for 10 minutes (usually 0.3%); latency is normal.
Support: several customers got "something went wrong" when paying with a coupon code.
Find the root cause.
`,
		Hints: []string{
			"The errors rose in steps, not in a ramp. What else in the system moves in steps?",
			"Split the failing and the succeeding checkouts by every attribute their log lines carry.",
			"Carts with coupons also succeed. Which code path do the failing ones go through?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout", "cart"}},
			{Name: "checkout", Calls: []string{"pricing", "payments", "cart"}},
			{Name: "pricing", Calls: []string{"coupons"}},
			{Name: "coupons", Pods: 2},
			{Name: "payments", Pods: 2},
			{Name: "cart"},
		},
		Events: []Ev{
			{At: 3, ID: "checkout-deploy", Kind: "deploy", Svc: "checkout", Text: "checkout v4.0.2 (git 2b7e9d0) rolled out by argo-cd (3/3 pods): address form validation"},
			{At: T, ID: "flag-10", Kind: "flag", Svc: "pricing", Text: "flag new-pricing: 0% -> 10% of carts (growth-team via LaunchDarkly)"},
			{At: 15.5, ID: "coupons-config", Kind: "config", Svc: "coupons", Text: "configmap coupons-config: CODE_CACHE_TTL 5m -> 1m (ops, ticket PROMO-88 'faster coupon launches')"},
			{At: 19.5, ID: "alert-coupons", Kind: "alert", Svc: "coupons", Text: "[WARN] coupons p95 > 300ms for 2m"},
			{At: T + 8, ID: "flag-25", Kind: "flag", Svc: "pricing", Text: "flag new-pricing: 10% -> 25% of carts (growth-team via LaunchDarkly)"},
			{At: 25, ID: "alert-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV3] api-gateway checkout 5xx > 2% for 2m"},
		},
		Metrics: []Metric{
			{Svc: "api-gateway", Name: "checkout_5xx_ratio", Unit: "%", F: PL(0, 0.3, T, 0.3, T+0.2, 1.1, T+8, 1.1, T+8.2, 2.4), Jit: 0.04},
			{Svc: "api-gateway", Name: "checkout_p95_ms", Unit: "ms", F: C(240), Jit: 0.04},
			{Svc: "checkout", Name: "http_rps", Unit: "rps", F: PL(0, 95, 40, 99), Jit: 0.02},
			{Svc: "pricing", Name: "quote_p95_ms", Unit: "ms", F: C(18), Jit: 0.05, Gaps: [][2]float64{{27, 27.5}}},
			{Svc: "pricing", Name: "cpu_pct", Unit: "%", F: C(26), Jit: 0.04, Gaps: [][2]float64{{27, 27.5}}},
			{Svc: "coupons", Name: "http_request_p95_ms", Unit: "ms", F: PL(0, 40, 15.5, 40, 16.5, 380), Jit: 0.05},
			{Svc: "coupons", Name: "cache_hit_ratio", Unit: "%", F: PL(0, 97, 15.5, 97, 16, 81), Jit: 0.006},
			{Svc: "payments", Name: "decline_ratio", Unit: "%", F: C(4.1), Jit: 0.05},
			{Svc: "cart", Name: "cpu_pct", Unit: "%", F: Pulse(C(24), 10, 11, 30), Jit: 0.04},
		},
		Logs: []Src{
			Access("api-gateway", C(11), C(45), 0.6, "POST /api/checkout 201", "GET /api/cart 200", "POST /api/cart/items 201"),
			Reqs("api-gateway", "ERROR", Sum(C(0.08), errs), "POST /api/checkout 500 {ms:180:0.4}ms upstream=checkout: upstream returned 500 Internal Server Error"),
			withExtra(Access("checkout", off(7), C(110), 0.5, "POST /v1/checkout 201"), flagOff),
			withExtra(Access("checkout", on(7), C(110), 0.5, "POST /v1/checkout 201"), flagOn),
			withExtra(Reqs("checkout", "ERROR", errs, `POST /v1/checkout 500: pricing.Quote: HTTP 500 from pricing: {"error":"internal"}`), flagOn),
			withExtra(Reqs("checkout", "ERROR", C(0.1), "POST /v1/checkout 422: address validation: postcode {int:10000:99999} does not match city"), flagOff),
			withExtra(Reqs("pricing", "INFO", off(5), "quote cart={uuid} lines={int:1:6} coupon={pick:none|none|none|WELCOME10|FREESHIP} engine=v1 {ms:6:0.4}ms"), flagOff),
			withExtra(Reqs("pricing", "INFO", on(5), "quote cart={uuid} lines={int:1:6} coupon=none engine=v2 {ms:5:0.4}ms"), flagOn),
			withExtra(Reqs("pricing", "ERROR", errs, `java.lang.NullPointerException: Cannot invoke "com.shop.Coupon.getRate()" because "coupon" is null`), append([]string{"logger", "c.s.pricing.v2.QuoteService"}, flagOn...)),
			Access("coupons", C(3), PL(0, 12, 15.5, 12, 16.5, 120), 0.6, "GET /v1/coupons/{pick:WELCOME10|FREESHIP|BF2025|XMAS15} 200"),
			Lines("coupons", "WARN", PL(0, 0, 15.5, 0, 16.5, 1.5), "slow query ({ms:340:0.2}ms): SELECT code, rate, rules FROM coupons WHERE code = $1 AND active"),
			Once("coupons", "INFO", 15.6, "config reloaded: code_cache_ttl=1m0s"),
			Access("payments", C(3), C(70), 0.5, "POST /v1/charges 201"),
			Reqs("payments", "ERROR", C(2.5), "charge declined: card_declined (402): insufficient_funds", "charge declined: card_declined (402): do_not_honor", "charge failed: processing_error (402): try again"),
			Access("cart", C(4), C(9), 0.5, "GET /v1/carts/{uuid} 200"),
			Once("cart", "INFO", 10, "cart-merge: merging guest carts into accounts (cron 10,40 * * * *)"),
			Once("cart", "INFO", 11, "cart-merge: 4211 carts merged, 0 conflicts"),
			Once("checkout", "INFO", 3.1, "starting checkout v4.0.2 (git 2b7e9d0)"),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.2, 7.9, 12.4} {
				trs = append(trs, Tr{At: at, Root: quoteTrace(g, false, i == 1, false)})
			}
			for i, at := range []float64{15.2, 17.8, 20.9, 23.3, 26.1, 29.4, 33.0, 36.7} {
				v2 := i%2 == 0
				coupon := i%4 != 2
				trs = append(trs, Tr{At: at, Root: quoteTrace(g, v2, coupon, i == 5)})
			}
			return trs
		},
		Choices: []Choice{
			{"coupons-broken", "the coupons service is broken and fails every checkout that uses a coupon"},
			{"payments-declines", "payments declines more cards tonight and checkout turns that into 500s"},
			{"pricing-flag", "the new-pricing flag routes carts to a quote path that fails on coupons"},
			{"checkout-release", "checkout's release an hour ago mishandles carts with a new address form"},
			{"cart-merge", "cart's merge job corrupts some carts, so checkout cannot price them"},
			{"coupons-cache-ttl", "coupons' shorter cache TTL overloads it, and pricing gives up on it"},
			{"gateway-waf", "api-gateway's WAF rules block some checkout requests as attacks"},
		},
		Answer: Answer{
			Choice: "pricing-flag", Onset: T,
			Chain: []string{
				"The new-pricing flag went 0% -> 10% at 16:14 and 25% at 16:22, sending those carts to pricing's v2 quote path",
				"v2 dereferences a null Coupon when a cart carries a coupon code: NullPointerException on every such quote",
				"checkout turns the failed quote into a 500: checkout_5xx_ratio steps 0.3% -> 1.1% -> 2.4%, one step per flag change, with latency flat",
				"Carts with coupons on v1 (the other 75-90%) keep working, which is why the failures look random",
			},
			Evidence: []string{
				"checkout_5xx_ratio (api-gateway) steps from 0.3% to 1.1% at 16:14:15 and to 2.4% at 16:22:15, matching flag-10 and flag-25",
				"Every failing checkout and every NullPointerException line carries flag.new_pricing=on; no flag-off line fails",
				"Failing traces contain pricing.v2.Quote ending in error; v1 quotes with coupons and v2 quotes without coupons succeed",
				"checkout_p95_ms stays at 240 ms: nothing is slow, one path throws",
			},
			Wrong: [][2]string{
				{"coupons-broken", "coupons answers every lookup (HTTP 200), and coupon carts priced by v1 succeed all along; the NPE is thrown in pricing's v2 code, not in coupons."},
				{"payments-declines", "payments has declined ~4% of cards all day at the same rate; failing checkouts never reach payments, they fail at the quote."},
				{"checkout-release", "checkout v4.0.2 went out at 16:03 and ran eleven clean minutes; its 422 address errors are unchanged and are not 500s."},
				{"cart-merge", "The merge ran 16:10-16:11 without conflicts, before the first failure; failing carts price fine on v1."},
				{"coupons-cache-ttl", "The TTL change at 16:15:30 made coupons slower (p95 380 ms) but every lookup still succeeded, and the errors had started 90 seconds earlier."},
				{"gateway-waf", "A WAF block would answer 403 at the gateway; these 500s come from checkout, with pricing's NPE in the same trace."},
			},
			RedHerrings: []string{"coupons-config", "alert-coupons", "checkout-deploy", "payments", "coupons-broken"},
			Proof: []Proof{
				ProveEvent(1, "flag-10"),
				ProveSpan(2, "pricing", "pricing.v2.Quote", true),
				ProveLog(2, "pricing", "NullPointerException").Within(T, T+5),
				ProveLog(3, "checkout", "pricing.Quote: HTTP 500").Within(T, T+5),
				ProveMetric(3, "api-gateway", "checkout_5xx_ratio", T, T+7),
			},
			Debrief: `The growth team ramped the new-pricing flag to 10% and later 25% of carts. pricing's v2
quote path assumed every cart's coupon code resolves to a Coupon object and called getRate()
on it; for carts with a code the lookup returned null and the quote threw. checkout passed the
failure on as a 500. The error ratio rose in two steps, one per flag change, and latency
never moved.

Fastest path: steps in an error ratio line up with steps of something discrete: a flag, a
rollout, a config reload. The change log has two flag changes at exactly those times. Then
split failing from succeeding checkouts by their attributes: every failure is
flag.new_pricing=on.

Coaching: the complaint said "coupon", and coupons paged first, because an unrelated TTL
change slowed it down. Slow is not failing: its lookups all succeed. Compare cohorts before
blaming the component in the complaint. payments' declines are the loudest errors in the
logs, and exactly as loud as they were before the incident.
`,
		},
	}
}

// withExtra adds attributes to every line of a source.
func withExtra(s Src, kv []string) Src {
	s.Extra = append(append([]string(nil), s.Extra...), kv...)
	return s
}

// quoteTrace is POST /api/checkout. v2 marks the flag-on cohort; with a
// coupon, v2 throws. dropped loses coupons' server span.
func quoteTrace(g *G, v2, coupon, dropped bool) *Sp {
	engine := "pricing.v1.Quote"
	if v2 {
		engine = "pricing.v2.Quote"
	}
	fail := v2 && coupon
	var pkids []*Sp
	if coupon {
		cs := S("coupons", "GET /v1/coupons/{code}", 0, g.LogNormal(12, 0.4))
		if dropped {
			cs.Drop()
			cs.Kids = []*Sp{Leaf("coupons", "SELECT coupons", 0.5, cs.Dur-1).A("db.system", "postgresql")}
		}
		pkids = append(pkids, Call(g, "pricing", "coupons GET /v1/coupons/{code}", 1, cs))
	}
	eng := S("pricing", engine, 0.5, g.LogNormal(4, 0.3), pkids...)
	if len(pkids) > 0 {
		eng.Dur += pkids[0].Dur
	}
	if fail {
		eng.E().A("exception.type", "java.lang.NullPointerException", "exception.message", `Cannot invoke "com.shop.Coupon.getRate()" because "coupon" is null`)
	}
	flag := "off"
	if v2 {
		flag = "on"
	}
	pr := S("pricing", "POST /v1/quote", 0, eng.Dur+1.5, eng).A("flag.new_pricing", flag)
	if fail {
		pr.E().A("http.status_code", "500")
	}
	pc := Call(g, "checkout", "pricing POST /v1/quote", 2, pr)
	kids := []*Sp{pc}
	off := pc.Off + pc.Dur + 1
	if !fail {
		pay := Call(g, "checkout", "payments POST /v1/charges", off, S("payments", "POST /v1/charges", 0, g.LogNormal(70, 0.3)))
		kids = append(kids, pay)
		off += pay.Dur + 1
	}
	co := S("checkout", "POST /v1/checkout", 0, off+2, kids...).A("flag.new_pricing", flag)
	root := S("api-gateway", "POST /api/checkout", 0, co.Dur+4, Call(g, "api-gateway", "checkout POST /v1/checkout", 2, co))
	status := "201"
	if fail {
		status = "500"
		co.E()
		root.E()
	}
	return root.A("http.status_code", status).L(fmt.Sprintf("POST /api/checkout %s %dms", status, int(root.Dur)))
}
