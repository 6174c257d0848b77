package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// Flag ab-1142 (new pricing) moves 10% then 25% of carts to pricing's v2 quote
// path, which dereferences a null coupon for carts that carry a coupon
// code. Errors step up with each flag step, only in the flag-on cohort.
// Both flag steps are a ramp the flag service's scheduler applies: they are
// NOT in the change log, only in pricing's flag-stream log lines. The change
// log instead has, at the first step, coupons' release 3 s before it (bump
// deps: coupons' CPU drops for good) and checkout's release 24 s after
// (really slower for good), with coupons' ConfigMap 90 s earlier (a shorter
// code cache: coupons is slower for good, and pages); at the second step a
// coupon campaign going live, a pricing ConfigMap 2 s before the step (a
// bigger quote cache: memory up for good) and checkout's follow-up 9 s after.
// So the first screen (checkout and pricing fail in two steps, checkout and
// coupons slower) fits coupons' release or cache, the campaign's codes,
// checkout's releases and a pricing code path alike; the flag attribute on
// every failing line, v1 quotes with the same codes succeeding against the
// new coupons, the v4.0.2 pods' first failures and the NPE tell them apart.
func pricingFlag() *Script {
	const (
		T        = 14.0  // ab-1142 0% -> 10%
		D        = 14.4  // checkout v4.1.0
		H        = 22.15 // checkout v4.1.1, a follow-up to v4.1.0
		C1       = 12.5  // coupons-config: code cache TTL 5m -> 1m
		Campaign = 21.9  // BF2025 codes live
		T2       = 22.0  // ab-1142 10% -> 25%
		PC       = 21.97 // pricing-config: a bigger quote cache
		CR       = 13.95 // coupons v1.5.0 (bump deps); the ramp's steps are in no change log
	)
	share := PL(0, 0, T, 0, T+0.01, 0.10, T2, 0.10, T2+0.01, 0.25)
	off := func(r float64) Fn { return func(m float64) float64 { return r * (1 - share(m)) } }
	on := func(r float64) Fn { return func(m float64) float64 { return r * share(m) } }
	flagOn, flagOff := []string{"flag.ab_1142", "on"}, []string{"flag.ab_1142", "off"}
	users := Wave(95, 0.03, 31, 0.4)
	errRatio := Sum(C(0.003), Mul(share, C(0.085)))
	npe := Mul(share, C(80)) // NPE lines a minute (one per failed quote that is logged)
	coP50 := PL(0, 110, D+0.1, 110, D+0.5, 134, H+0.1, 134, H+0.5, 128)
	couponsP50 := PL(0, 12, C1+0.1, 12, C1+0.9, 95)
	bf := Step(Campaign, 0, 1) // BF2025 codes in use
	return &Script{
		ID: "some-checkouts-fail", Seed: "pricing-flag", Title: "Checkouts failing for some customers", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"checkout", "errors", "coupons"},
		Start: time.Date(2025, 11, 27, 16, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.05,
		Briefing: `[SEV3] checkout 5xx ratio above 2% for 2 minutes (usually 0.3%).
Support: several customers got "something went wrong" when paying, most of them
with a coupon code. Find the root cause.
`,
		Hints: []string{
			"The errors rose in two steps. Line each step up with every change in the same minute, logged or not.",
			"Split the failing and the succeeding checkouts by every attribute their log lines carry.",
			"Carts with coupons also succeed. Which code path do the failing ones go through?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout", "cart"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(3)), Err: Mul(errRatio, C(1.0/3)), P50: C(45), Tail: C(5), CPUms: 0.4}.Std()},
			{Name: "checkout", Calls: []string{"pricing", "payments", "cart"}, Pods: 2, Version: "v4.0.2", Rollouts: []Rollout{{At: D, Version: "v4.1.0"}, {At: H, Version: "v4.1.1"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: users, Err: errRatio, P50: coP50, Tail: C(2.5), CPUms: 4,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						switch p.Version {
						case "v4.1.0":
							r.CPU *= 1.3 // address autocomplete scores every saved address
						case "v4.1.1":
							r.CPU *= 1.2 // it scores the last 20 only
						}
					}}.Std()},
			{Name: "pricing", Calls: []string{"coupons"}, Pods: 2, Version: "v3.2.0",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: users, Err: Sum(C(0.004), Mul(share, C(0.085))), P50: C(6), Tail: PL(0, 3, C1+0.1, 3, C1+0.9, 16), // the 12 % of quotes with a code wait on coupons
					CPUms: 2, Mem: 900,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.MemMiB += 260 * Step(PC+0.05, 0, 1)(m) // the quote cache holds 4x the entries
					}}.Std([2]float64{27, 27.5})},
			{Name: "coupons", Pods: 2, Version: "v1.4.3", Rollouts: []Rollout{{At: CR, Version: "v1.5.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(0.12), Sum(C(1), Mul(bf, C(0.3)))), Err: C(0.001), P50: couponsP50, Tail: C(3), CPUms: 1.5,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.Pool = 0.1 + 0.5*Step(C1+0.1, 0, 1)(m) // more lookups reach its database
						if p.Version == "v1.5.0" {
							r.CPU *= 0.7 // the newer JSON encoder
						}
					}}.Std()},
			{Name: "payments", Pods: 2, Version: "v3.3.0",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 2, RPS: Mul(users, C(0.95)), Err: C(0.002), P50: C(70), CPUms: 5, Mem: 700}.Std()},
			{Name: "cart", Pods: 2, Version: "v2.0.7",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(2.2)), Err: C(0.0005), P50: C(9), CPUms: 0.8}.Std()},
		},
		Events: []Ev{
			{At: C1, ID: "coupons-config", Kind: "config", Svc: "coupons", Text: "configmap coupons-config synced by argo-cd (PR #212, ticket PROMO-88)"},
			{At: CR, ID: "coupons-deploy", Kind: "deploy", Svc: "coupons", Text: "coupons v1.5.0 (git e41a9c7) rolled out by argo-cd (2/2 pods): PR #219 bump deps"},
			{At: D, ID: "checkout-deploy", Kind: "deploy", Svc: "checkout", Text: "checkout v4.1.0 (git 2b7e9d0) rolled out by argo-cd (2/2 pods): PR #930 address form"},
			{At: H, ID: "checkout-deploy-2", Kind: "deploy", Svc: "checkout", Text: "checkout v4.1.1 (git 7c1f0a4) rolled out by argo-cd (2/2 pods): PR #934 follow-up to #930"},
			{At: 19.0, ID: "alert-coupons", Kind: "alert", Svc: "coupons", Text: "[WARN] coupons p99 > 250ms for 5m"},
			{At: PC, ID: "pricing-config", Kind: "config", Svc: "pricing", Text: "configmap pricing-config synced by argo-cd (PR #77, ticket PRICE-31)"},
			{At: Campaign, ID: "bf-campaign", Kind: "note", Svc: "coupons", Text: "marketing: Black Friday campaign live (app banner, email to 800k)"},
			{At: 24, ID: "alert-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV3] api-gateway checkout 5xx > 2% for 2m"},
		},
		Logs: Join(
			Shares("api-gateway", C(9), Mul(errRatio, C(1.0/3)), C(45), 0.6, []string{"POST /api/checkout 201", "GET /api/cart 200", "POST /api/cart/items 201"},
				[]string{"POST /api/checkout 500"}),
			withFlag(Shares("checkout", off(8), C(0.003), coP50, 0.5, []string{"POST /v1/checkout 201"}, []string{"POST /v1/checkout 502"}), flagOff), // the usual background: payments connection resets
			withFlag(Shares("checkout", on(8), C(0.088), coP50, 0.5, []string{"POST /v1/checkout 201"}, []string{"POST /v1/checkout 500"}), flagOn),
			Of(
				withExtra(Reqs("checkout", "WARN", C(0.4), "POST /v1/checkout 422: address validation: postcode {int:10000:99999} does not match city"), flagOff),
				withExtra(Reqs("pricing", "INFO", off(5), "quote cart={uuid} lines={int:1:6} coupon={pick:none|none|none|WELCOME10|FREESHIP|XMAS15} engine=v1 {ms:6:0.4}ms"), flagOff),
				withExtra(Reqs("pricing", "INFO", Mul(off(1.2), bf), "quote cart={uuid} lines={int:1:6} coupon=BF2025 engine=v1 {ms:6:0.4}ms"), flagOff),
				withExtra(Reqs("pricing", "INFO", on(5), "quote cart={uuid} lines={int:1:6} coupon=none engine=v2 {ms:5:0.4}ms"), flagOn),
				withExtra(Reqs("pricing", "ERROR", Mul(npe, C(0.1)), `quote cart={uuid} coupon={pick:WELCOME10|FREESHIP|XMAS15} engine=v2: java.lang.NullPointerException: Cannot invoke "com.shop.Coupon.getRate()" because "coupon" is null`), append([]string{"logger", "c.s.pricing.v2.QuoteService"}, flagOn...)),
				withExtra(Reqs("pricing", "ERROR", Mul(npe, bf, C(0.04)), `quote cart={uuid} coupon=BF2025 engine=v2: java.lang.NullPointerException: Cannot invoke "com.shop.Coupon.getRate()" because "coupon" is null`), append([]string{"logger", "c.s.pricing.v2.QuoteService"}, flagOn...)),
				Access("coupons", Mul(C(3), Sum(C(1), Mul(bf, C(0.3)))), couponsP50, 0.6, "GET /v1/coupons/{pick:WELCOME10|FREESHIP|XMAS15} 200"),
				Access("coupons", Mul(C(1.5), bf), couponsP50, 0.6, "GET /v1/coupons/BF2025 200"),
				Lines("coupons", "WARN", PL(0, 0, C1+0.1, 0, C1+0.9, 1.5), "slow query ({ms:340:0.2}ms): SELECT code, rate, rules FROM coupons WHERE code = $1 AND active"),
				Once("coupons", "INFO", C1+0.05, "config reloaded: code_cache_ttl=1m0s (was 5m0s)").OnSlot(0),
				Once("coupons", "INFO", C1+0.07, "config reloaded: code_cache_ttl=1m0s (was 5m0s)").OnSlot(1),
				Access("payments", C(3), C(70), 0.5, "POST /v1/charges 201"),
				Reqs("payments", "ERROR", C(2.5), "charge declined: card_declined (402): insufficient_funds", "charge declined: card_declined (402): do_not_honor", "charge failed: processing_error (402): try again"),
				Access("cart", C(6), C(9), 0.5, "GET /v1/carts/{uuid} 200"),
				Lines("cart", "INFO", C(1.5), "expired {int:10:90} abandoned carts"),
				Once("cart", "INFO", 10, "cart-merge: merging guest carts into accounts (cron 10,40 * * * *)"),
				Once("cart", "INFO", 11, "cart-merge: 4211 carts merged, 0 conflicts"),
				Once("checkout", "INFO", D+0.05, "starting checkout v4.1.0 (git 2b7e9d0): address autocomplete on").OnSlot(0),
				Once("checkout", "INFO", D+0.3, "starting checkout v4.1.0 (git 2b7e9d0): address autocomplete on").OnSlot(1),
				Once("checkout", "INFO", H+0.05, "starting checkout v4.1.1 (git 7c1f0a4): address autocomplete on").OnSlot(0),
				Once("checkout", "INFO", H+0.3, "starting checkout v4.1.1 (git 7c1f0a4): address autocomplete on").OnSlot(1),
				Once("pricing", "INFO", T2+0.01, "flag stream update: ab-1142 rollout 10% -> 25% (scheduled ramp, LaunchDarkly, env production)").OnSlot(0),
				Once("pricing", "INFO", T2+0.02, "flag stream update: ab-1142 rollout 10% -> 25% (scheduled ramp, LaunchDarkly, env production)").OnSlot(1),
				Once("pricing", "INFO", T+0.01, "flag stream update: ab-1142 rollout 0% -> 10% (scheduled ramp, LaunchDarkly, env production)").OnSlot(0),
				Once("pricing", "INFO", T+0.02, "flag stream update: ab-1142 rollout 0% -> 10% (scheduled ramp, LaunchDarkly, env production)").OnSlot(1),
				withExtra(Once("pricing", "ERROR", T+0.1, `quote cart=5b0e2c8d-41f7-4a39-9c2e-7d1a0f3b6e21 coupon=WELCOME10 engine=v2: java.lang.NullPointerException: Cannot invoke "com.shop.Coupon.getRate()" because "coupon" is null`).OnSlot(0), append([]string{"logger", "c.s.pricing.v2.QuoteService"}, flagOn...)),
				withExtra(Once("pricing", "ERROR", T+0.29, `quote cart=c91d7a3e-08b2-4f6d-a5e4-2b8f61c0d947 coupon=XMAS15 engine=v2: java.lang.NullPointerException: Cannot invoke "com.shop.Coupon.getRate()" because "coupon" is null`).OnSlot(1), append([]string{"logger", "c.s.pricing.v2.QuoteService"}, flagOn...)),
				withExtra(Once("checkout", "ERROR", T+0.12, "POST /v1/checkout 500 38ms").OnSlot(0), flagOn), // the first failures, on v4.0.2, each after its quote's NPE
				withExtra(Once("checkout", "ERROR", T+0.31, "POST /v1/checkout 500 44ms").OnSlot(1), flagOn),
				Once("pricing", "INFO", PC+0.03, "config reloaded: quote_cache_max_entries=200000 (was 50000)").OnSlot(0),
				Once("pricing", "INFO", PC+0.05, "config reloaded: quote_cache_max_entries=200000 (was 50000)").OnSlot(1),
				Once("coupons", "INFO", CR+0.02, "starting coupons v1.5.0 (git e41a9c7)").OnSlot(0),
				Once("coupons", "INFO", CR+0.2, "starting coupons v1.5.0 (git e41a9c7)").OnSlot(1),
				Reqs("checkout", "INFO", PL(0, 0, D, 0, D+0.5, 2), "address autocomplete: {int:1:9} saved addresses scored in {ms:18:0.3}ms"),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			at := func(m float64, root *Sp) Tr { // checkout's span names the pod that served it
				pod, v := g.podAt("checkout", m)
				root.Kids[0].Kids[0].A("k8s.pod.name", pod, "service.version", v)
				return Tr{At: m, Root: root}
			}
			for i, m := range []float64{2.2, 7.9, 12.4} {
				trs = append(trs, at(m, quoteTrace(g, false, i == 1, false, couponsP50(m))))
			}
			for i, m := range []float64{14.25, 15.2, 17.8, 20.9, 23.3, 26.1, 29.4, 31.0, 33.7} {
				v2 := i%2 == 0
				coupon := i%4 != 3
				trs = append(trs, at(m, quoteTrace(g, v2, coupon, i == 6, couponsP50(m))))
			}
			return trs
		},
		Choices: []Choice{
			{"coupons-slow", "coupons got slow after its change and pricing gives up on some lookups"},
			{"coupons-release", "coupons' new version answers some codes in a form pricing cannot handle"},
			{"quote-path", "pricing now quotes some carts in a way that breaks on their coupon"},
			{"checkout-release", "checkout's new versions send some coupon carts in a form pricing rejects"},
			{"campaign-codes", "the new campaign's coupon codes carry rules pricing cannot read"},
			{"pricing-pod", "one pricing pod runs with a bad setting and fails what it serves"},
			{"cart-merge", "cart's merge job corrupts some carts, so they cannot be priced"},
		},
		Answer: Answer{
			Choice: "quote-path", Onset: T,
			Chain: []string{
				"The flag service's scheduled ramp moved ab-1142 (new pricing) 0% -> 10% at 16:14 and 10% -> 25% at 16:22; neither step is in the change log, only in pricing's flag-stream lines ('ab-1142 rollout 0% -> 10%', 'ab-1142 rollout 10% -> 25%'). Those carts take pricing's v2 quote path",
				"v2 dereferences a null Coupon when a cart carries a coupon code: 'NullPointerException' on every such quote, whatever the code",
				"checkout turns the failed quote into a 500 ('POST /v1/checkout 500', flag.ab_1142=on): its http_errors_ratio steps 0.3% -> 1.1% -> 2.4%, one step per flag step",
				"Carts with coupons on v1 (the other 75-90%) keep working, which is why the failures look random",
			},
			Evidence: []string{
				"http_errors_ratio (checkout) steps from 0.3% to ~1.1% at 16:14:30 and to ~2.4% at 16:22:30, matching the 'ab-1142 rollout 0% -> 10%' lines pricing logs at 16:14:00 and the 'ab-1142 rollout 10% -> 25%' lines at 16:22:00",
				"Every 'NullPointerException' line carries flag.ab_1142=on and engine=v2, and so does every 'POST /v1/checkout 500' (checkout's usual ~0.3% background failures log as 502s): the first ones, at 16:14:07 and 16:14:18, come from v4.0.2 pods, each a second after its quote's NPE in pricing",
				"Failing traces contain pricing.v2.Quote ending in error; v1 quotes with coupons and v2 quotes without coupons succeed",
			},
			Wrong: [][2]string{
				{"coupons-slow", "The shorter code cache made coupons slower for good from 16:12:30 (p50 ~12 -> ~95 ms), but its http_errors_ratio stays at 0.1%, every lookup answers 200, and in the traces pricing's coupon calls end OK; the failing quotes throw a NullPointerException, not a timeout."},
				{"coupons-release", "coupons v1.5.0 (16:13:57, bump deps) really changed something for good, its CPU drops ~30%, and the first step follows it within seconds. But v1 quotes with the same codes ('coupon=WELCOME10 engine=v1') succeed against v1.5.0 all along, coupons answers every lookup with a 200, and only engine=v2, flag.ab_1142=on quotes throw; and the 25% step at 16:22 comes with no coupons release."},
				{"campaign-codes", "The errors began at 16:14, eight minutes before the Black Friday codes existed. The NPE lines name WELCOME10, FREESHIP and XMAS15 as well as BF2025, and 'coupon=BF2025 engine=v1' quotes succeed. The campaign's one lasting effect is ~30% more coupon lookups."},
				{"checkout-release", "checkout v4.1.0 is really slower, ~110 -> ~134 ms, for good: autocomplete scores every saved address (v4.1.1 trims it to ~128 ms). Each error step does line up with one of its releases, but the first failures came 17 s before v4.1.0, on v4.0.2 pods, after pricing's NPE; the 25% step is in pricing's flag-stream lines at 16:22:00, 9 s before v4.1.1; and every checkout 500 is a flag-on cart on whichever version served it: v4.0.2 before either release, v4.1.1 after."},
				{"pricing-pod", "pricing-config (16:21:58) reached both pods and did change them for good, a 4x quote cache and ~260 MiB more memory each, but the failures began at 16:14, eight minutes before it. Both pricing pods log the NPE at the same rate; the split is by the flag attribute, not by pod."},
				{"cart-merge", "The merge ran 16:10-16:11 without conflicts, before the first failure; failing carts price fine on v1."},
			},
			RedHerrings: []string{"checkout-deploy", "checkout-deploy-2", "coupons-config", "coupons-deploy", "pricing-config", "alert-coupons", "bf-campaign", "payments", "coupons-slow", "coupons-release"},
			Proof: append(spread(ProveLog(2, "pricing", "NullPointerException"), T, 36, 3), // every NPE line, wherever it is pinned
				ProveLog(1, "pricing", "ab-1142 rollout 0% -> 10%"),
				ProveLog(1, "pricing", "ab-1142 rollout 10% -> 25%"),
				ProveSpan(2, "pricing", "pricing.v2.Quote", true),
				ProveMetric(3, "checkout", telemetry.ErrorsName(telemetry.HTTP), T, T2+2),
				ProveLog(3, "checkout", "POST /v1/checkout 500").Within(T, 36),
			),
			Debrief: `The flag service ramped ab-1142, the new pricing engine, on a schedule: 10% of carts
at 16:14 and 25% at 16:22. A scheduled ramp step is no change anyone makes, so neither step
reached the change log; both are in pricing's flag-stream lines. pricing's v2 quote path
assumed every cart's coupon code resolves to a Coupon object and called getRate() on it;
for carts with a code the lookup returned null and the quote threw. checkout passed the
failure on as a 500. The error ratio rose in two steps, one per ramp step.

The tempting quick bet: a logged change at each step. At the first step the log has
coupons v1.5.0 three seconds before it and checkout v4.1.0 24 s after, with coupons'
ConfigMap (a shorter code cache, which really slowed coupons for good and paged) 90 s
earlier; "coupon" is in the complaint. At the second step it has the Black Friday campaign,
a pricing ConfigMap and checkout's follow-up v4.1.1. Each of those changed something for
good: coupons' CPU, coupons' latency, checkout's latency, pricing's memory, coupon traffic. None of them fails a checkout: v1
quotes with the same codes succeed against the new coupons, which answers every lookup
with a 200; the first failures came from v4.0.2 pods, each a second after an NPE in
pricing, before checkout's release; the NPE names every campaign's codes; and every
failing line carries flag.ab_1142=on, with both ramp steps in pricing's own flag-stream
lines.

Fastest path: steps in an error ratio line up with steps of something discrete: a flag, a
rollout, a config reload, and some of those never reach the change log. Split failing from
succeeding checkouts by their attributes (flag, engine, version, pod, coupon code). Slow is
not failing.
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
func quoteTrace(g *G, v2, coupon, dropped bool, couponMs float64) *Sp {
	engine := "pricing.v1.Quote"
	if v2 {
		engine = "pricing.v2.Quote"
	}
	fail := v2 && coupon
	var pkids []*Sp
	if coupon {
		cs := S("coupons", "GET /v1/coupons/{code}", 0, g.LogNormal(couponMs, 0.4)).A("http.status_code", "200")
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
	pr := S("pricing", "POST /v1/quote", 0, eng.Dur+1.5, eng).A("flag.ab_1142", flag)
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
	co := S("checkout", "POST /v1/checkout", 0, off+2, kids...).A("flag.ab_1142", flag)
	root := S("api-gateway", "POST /api/checkout", 0, co.Dur+4, Call(g, "api-gateway", "checkout POST /v1/checkout", 2, co))
	status := "201"
	if fail {
		status = "500"
		co.E()
		root.E()
	}
	return root.A("http.status_code", status).L(fmt.Sprintf("POST /api/checkout %s %dms", status, int(root.Dur)))
}
