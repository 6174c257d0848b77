package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// The new-pricing flag moves 10% then 25% of carts to pricing's v2 quote
// path, which dereferences a null coupon for carts that carry a coupon
// code. Errors step up with each flag step, only in the flag-on cohort;
// latency stays flat. checkout's own release lands 24 s after the first
// flag step and is really slower for good (address autocomplete); a
// coupons cache-TTL change slows coupons and pages first. Traps: "the
// release", "coupons are broken".
func pricingFlag() *Script {
	const (
		T = 14.0 // new-pricing 0% -> 10%
		D = 14.4 // checkout v4.1.0
	)
	share := PL(0, 0, T, 0, T+0.01, 0.10, T+8, 0.10, T+8.01, 0.25)
	off := func(r float64) Fn { return func(m float64) float64 { return r * (1 - share(m)) } }
	on := func(r float64) Fn { return func(m float64) float64 { return r * share(m) } }
	flagOn, flagOff := []string{"flag.new_pricing", "on"}, []string{"flag.new_pricing", "off"}
	users := Wave(95, 0.03, 31, 0.4)
	errRatio := Sum(C(0.003), Mul(share, C(0.085)))
	npe := Mul(share, C(80)) // NPE lines a minute (one per failed quote that is logged)
	coP50 := PL(0, 110, D+0.1, 110, D+0.5, 134)
	couponsP50 := PL(0, 12, 15.6, 12, 16.5, 120)
	return &Script{
		ID: "some-checkouts-fail", Seed: "pricing-flag", Title: "Some checkouts fail, latency normal", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"checkout", "errors", "coupons"},
		Start: time.Date(2025, 11, 27, 16, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.05,
		Briefing: `[SEV3] checkout 5xx ratio above 2% for 2 minutes (usually 0.3%); latency is normal.
Support: several customers got "something went wrong" when paying with a coupon code.
Find the root cause.
`,
		Hints: []string{
			"The errors rose in steps, not in a ramp. What else in the system moves in steps?",
			"Split the failing and the succeeding checkouts by every attribute their log lines carry.",
			"Carts with coupons also succeed. Which code path do the failing ones go through?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout", "cart"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(3)), Err: Mul(errRatio, C(1.0/3)), P50: C(45), Tail: C(5), CPUms: 0.4}.Std()},
			{Name: "checkout", Calls: []string{"pricing", "payments", "cart"}, Pods: 2, Version: "v4.0.2", Rollouts: []Rollout{{At: D, Version: "v4.1.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: users, Err: errRatio, P50: coP50, Tail: C(2.5), CPUms: 4,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Version == "v4.1.0" {
							r.CPU *= 1.3 // address autocomplete scores every saved address
						}
					}}.Std()},
			{Name: "pricing", Calls: []string{"coupons"}, Pods: 2, Version: "v3.2.0",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: users, Err: Sum(C(0.004), Mul(share, C(0.085))), P50: C(6), Tail: C(3), CPUms: 2, Mem: 900}.Std([2]float64{27, 27.5})},
			{Name: "coupons", Pods: 2, Version: "v1.4.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(0.12)), Err: C(0.001), P50: couponsP50, Tail: C(3), CPUms: 1.5,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.Pool = 0.1 + 0.5*Step(15.6, 0, 1)(m) // more lookups reach its database
					}}.Std()},
			{Name: "payments", Pods: 2, Version: "v3.3.0",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.95)), Err: C(0.002), P50: C(70), CPUms: 5, Mem: 700}.Std()},
			{Name: "cart", Pods: 2, Version: "v2.0.7",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(2.2)), Err: C(0.0005), P50: C(9), CPUms: 0.8}.Std()},
		},
		Events: []Ev{
			{At: T, ID: "flag-10", Kind: "flag", Svc: "pricing", Text: "flag new-pricing: 0% -> 10% of carts (growth-team via LaunchDarkly)"},
			{At: D, ID: "checkout-deploy", Kind: "deploy", Svc: "checkout", Text: "checkout v4.1.0 (git 2b7e9d0) rolled out by argo-cd (2/2 pods): saved-address autocomplete"},
			{At: 15.5, ID: "coupons-config", Kind: "config", Svc: "coupons", Text: "configmap coupons-config: CODE_CACHE_TTL 5m -> 1m (ops, ticket PROMO-88 'faster coupon launches')"},
			{At: 19.5, ID: "alert-coupons", Kind: "alert", Svc: "coupons", Text: "[WARN] coupons p95 > 300ms for 2m"},
			{At: 24, ID: "alert-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV3] api-gateway checkout 5xx > 2% for 2m"},
		},
		Logs: Join(
			Shares("api-gateway", C(11), Mul(errRatio, C(1.0/3)), C(45), 0.6, []string{"POST /api/checkout 201", "GET /api/cart 200", "POST /api/cart/items 201"},
				[]string{"POST /api/checkout 500"}),
			withFlag(Shares("checkout", off(8), C(0.003), coP50, 0.5, []string{"POST /v1/checkout 201"}, []string{"POST /v1/checkout 500"}), flagOff),
			withFlag(Shares("checkout", on(8), C(0.088), coP50, 0.5, []string{"POST /v1/checkout 201"}, []string{"POST /v1/checkout 500"}), flagOn),
			Of(
				withExtra(Reqs("checkout", "WARN", C(0.4), "POST /v1/checkout 422: address validation: postcode {int:10000:99999} does not match city"), flagOff),
				withExtra(Reqs("pricing", "INFO", off(5), "quote cart={uuid} lines={int:1:6} coupon={pick:none|none|none|WELCOME10|FREESHIP} engine=v1 {ms:6:0.4}ms"), flagOff),
				withExtra(Reqs("pricing", "INFO", on(5), "quote cart={uuid} lines={int:1:6} coupon=none engine=v2 {ms:5:0.4}ms"), flagOn),
				withExtra(Reqs("pricing", "ERROR", Mul(npe, C(0.1)), `java.lang.NullPointerException: Cannot invoke "com.shop.Coupon.getRate()" because "coupon" is null`), append([]string{"logger", "c.s.pricing.v2.QuoteService"}, flagOn...)),
				Access("coupons", C(3), couponsP50, 0.6, "GET /v1/coupons/{pick:WELCOME10|FREESHIP|BF2025|XMAS15} 200"),
				Lines("coupons", "WARN", PL(0, 0, 15.6, 0, 16.5, 1.5), "slow query ({ms:340:0.2}ms): SELECT code, rate, rules FROM coupons WHERE code = $1 AND active"),
				Once("coupons", "INFO", 15.6, "config reloaded: code_cache_ttl=1m0s").OnSlot(0),
				Once("coupons", "INFO", 15.62, "config reloaded: code_cache_ttl=1m0s").OnSlot(1),
				Access("payments", C(3), C(70), 0.5, "POST /v1/charges 201"),
				Reqs("payments", "ERROR", C(2.5), "charge declined: card_declined (402): insufficient_funds", "charge declined: card_declined (402): do_not_honor", "charge failed: processing_error (402): try again"),
				Access("cart", C(6), C(9), 0.5, "GET /v1/carts/{uuid} 200"),
				Once("cart", "INFO", 10, "cart-merge: merging guest carts into accounts (cron 10,40 * * * *)"),
				Once("cart", "INFO", 11, "cart-merge: 4211 carts merged, 0 conflicts"),
				Once("checkout", "INFO", D+0.05, "starting checkout v4.1.0 (git 2b7e9d0): address autocomplete on").OnSlot(0),
				Once("checkout", "INFO", D+0.3, "starting checkout v4.1.0 (git 2b7e9d0): address autocomplete on").OnSlot(1),
				Once("pricing", "INFO", T+8+0.01, "flag stream update: new-pricing rollout 10% -> 25% (LaunchDarkly, env production)").OnSlot(0),
				Once("pricing", "INFO", T+8+0.02, "flag stream update: new-pricing rollout 10% -> 25% (LaunchDarkly, env production)").OnSlot(1),
				Once("pricing", "INFO", T+0.01, "flag stream update: new-pricing rollout 0% -> 10% (LaunchDarkly, env production)").OnSlot(0),
				Once("pricing", "INFO", T+0.02, "flag stream update: new-pricing rollout 0% -> 10% (LaunchDarkly, env production)").OnSlot(1),
				Reqs("checkout", "INFO", PL(0, 0, D, 0, D+0.5, 2), "address autocomplete: {int:1:9} saved addresses scored in {ms:18:0.3}ms"),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.2, 7.9, 12.4} {
				trs = append(trs, Tr{At: at, Root: quoteTrace(g, false, i == 1, false)})
			}
			for i, at := range []float64{15.2, 17.8, 20.9, 23.3, 26.1, 29.4, 31.0, 33.7} {
				v2 := i%2 == 0
				coupon := i%4 != 2
				trs = append(trs, Tr{At: at, Root: quoteTrace(g, v2, coupon, i == 5)})
			}
			return trs
		},
		Choices: []Choice{
			{"coupons-broken", "coupons fails the lookup for some codes, so those checkouts fail"},
			{"payments-declines", "payments declines more cards, and checkout turns that into 500s"},
			{"pricing-flag", "pricing runs part of the carts through code that breaks on codes"},
			{"checkout-release", "checkout's new release mishandles some carts at the final step"},
			{"cart-merge", "cart's merge job corrupts some carts, so they cannot be priced"},
			{"coupons-cache-ttl", "coupons is overloaded since its change and pricing gives up on it"},
			{"gateway-waf", "api-gateway's WAF rules block some checkout requests as attacks"},
		},
		Answer: Answer{
			Choice: "pricing-flag", Onset: T,
			Chain: []string{
				"The new-pricing flag went 0% -> 10% at 16:14 (in the change log) and 25% at 16:22 (only in pricing's flag-stream lines), sending those carts to pricing's v2 quote path",
				"v2 dereferences a null Coupon when a cart carries a coupon code: NullPointerException on every such quote",
				"checkout turns the failed quote into a 500: its http_errors_ratio steps 0.3% -> 1.1% -> 2.4%, one step per flag change, with latency flat",
				"Carts with coupons on v1 (the other 75-90%) keep working, which is why the failures look random",
			},
			Evidence: []string{
				"http_errors_ratio (checkout) steps from 0.3% to ~1.1% at 16:14:30 and to ~2.4% at 16:22:30, matching flag-10 and the 25% step pricing logs at 16:22:00",
				"Every failing checkout and every NullPointerException line carries flag.new_pricing=on; no flag-off line fails",
				"Failing traces contain pricing.v2.Quote ending in error; v1 quotes with coupons and v2 quotes without coupons succeed",
				"checkout's failures carry both versions, v4.0.2 before 16:14:24 and v4.1.0 after: the release changes nothing about them",
			},
			Wrong: [][2]string{
				{"coupons-broken", "coupons answers every lookup (HTTP 200), and coupon carts priced by v1 succeed all along; the NPE is thrown in pricing's v2 code, not in coupons."},
				{"payments-declines", "payments has declined ~4% of cards all day at the same rate; failing checkouts never reach payments, they fail at the quote."},
				{"checkout-release", "checkout v4.1.0 is really slower, ~110 -> ~134 ms, for good: autocomplete scores every saved address. But the first failures came 24 s before it, on v4.0.2 pods, and only on flag-on carts."},
				{"cart-merge", "The merge ran 16:10-16:11 without conflicts, before the first failure; failing carts price fine on v1."},
				{"coupons-cache-ttl", "The TTL change at 16:15:30 made coupons slower for good, but every lookup still succeeded, and the errors had started 90 seconds earlier."},
				{"gateway-waf", "A WAF block would answer 403 at the gateway; these 500s come from checkout, with pricing's NPE in the same trace."},
			},
			RedHerrings: []string{"checkout-deploy", "coupons-config", "alert-coupons", "payments", "coupons-broken"},
			Proof: []Proof{
				ProveEvent(1, "flag-10"),
				ProveSpan(2, "pricing", "pricing.v2.Quote", true),
				ProveLog(2, "pricing", "NullPointerException").Within(T, T+5),
				ProveMetric(3, "checkout", telemetry.ErrorsName(telemetry.HTTP), T, T+7),
			},
			Debrief: `The growth team ramped the new-pricing flag to 10% and, eight minutes later, to 25% of carts;
the second step was made in LaunchDarkly's UI and reached only pricing's logs. pricing's v2
quote path assumed every cart's coupon code resolves to a Coupon object and called getRate()
on it; for carts with a code the lookup returned null and the quote threw. checkout passed the
failure on as a 500. The error ratio rose in two steps, one per flag change, and latency
never moved.

The tempting shortcut: the change nearest the first shift. checkout's own release landed 24
seconds after the first flag step, and it is really slower for good. It is also the service
whose 500s the page counts. But the first failures came from v4.0.2 pods, before the release,
and every failure carries flag.new_pricing=on.

Fastest path: steps in an error ratio line up with steps of something discrete: a flag, a
rollout, a config reload. Split failing from succeeding checkouts by their attributes (flag,
version, pod). The complaint said "coupon", and coupons paged first, because an unrelated TTL
change slowed it down: slow is not failing, its lookups all succeed.
`,
		},
	}
}

// withFlag adds the flag attribute to every source of a group.
func withFlag(srcs []Src, kv []string) []Src {
	out := make([]Src, len(srcs))
	for i, s := range srcs {
		out[i] = withExtra(s, kv)
	}
	return out
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
