package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// Someone edits api-gateway's rate-limit configmap by hand (kubectl edit,
// never logged) and drops a zero: the mobile app's policy goes from 400
// to 40 requests a second per gateway pod. The gateway hot-reloads it and
// answers about half of the app's requests with 429. Thirty seconds earlier
// mobile-bff shipped a release (logged) that prefetches the next page, so
// the app sends ~10 % more for good and mobile-bff's memory is higher:
// and mobile-bff's traffic collapses right after it, as if it broke.
func rateLimitEdit() *Script {
	const T = 13.0                                                         // the hand edit
	const D = 12.5                                                         // mobile-bff v2.14.0 (decoy)
	app := func(m float64) float64 { return 150 * Step(D+0.1, 1, 1.1)(m) } // app requests/s at the gateway
	limit := PL(0, 800, T+0.05, 800, T+0.1, 80)                            // both gateway pods together
	passed := func(m float64) float64 { return min(app(m), limit(m)) }
	refused := func(m float64) float64 { return 1 - passed(m)/app(m) }
	gwRPS := func(m float64) float64 { return app(m) + 360 }
	gwErr := func(m float64) float64 { return 0.001 + refused(m)*app(m)/gwRPS(m) }
	prefetch := Step(D, 1, 1.3)
	s := &Script{
		ID: "app-says-try-later", Seed: "ratelimit-edit", Title: "The app says \"try again later\"", Difficulty: 2, TimeLimit: 12 * time.Minute,
		Tags:  []string{"mobile", "errors", "sev2"},
		Start: time.Date(2025, 10, 21, 13, 0, 0, 0, time.UTC), Minutes: 30, Step: 30, Sampled: 0.1,
		Briefing: `[SEV2] Mobile app: many screens show "Too many requests, try again later" since about 13:13.
The website works. App store reviews are piling up.
Find the root cause.
`,
		Hints: []string{
			"Who answers the app's failing requests: does mobile-bff ever see them?",
			"Compare what the app sends with what reaches mobile-bff, before and after 13:13.",
			"Not every change reaches the change log: read api-gateway's INFO lines around the first failures.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"mobile-bff", "web"}, Pods: 2},
			{Name: "mobile-bff", Calls: []string{"catalog"}, Pods: 2},
			{Name: "web", Calls: []string{"catalog"}, Pods: 2},
			{Name: "catalog", Calls: []string{"postgres"}, Pods: 2},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 6, ID: "catalog-reindex", Kind: "note", Svc: "catalog", Text: "catalog: nightly price import finished (48211 SKUs)"},
			{At: D, ID: "bff-deploy", Kind: "deploy", Svc: "mobile-bff", Text: "mobile-bff v2.14.0 (git 0c9e3f1) rolled out by argo-cd (2/2 pods): prefetch next page of listings"},
			{At: T + 4, ID: "alert-4xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] api-gateway 4xx ratio > 10% for 3m"},
		},
		Logs: []Src{
			Access("api-gateway", C(5), C(60), 0.6, "GET /product/{int:1000:9999} 200", "GET /search?q={pick:boots|tent|lamp|kettle} 200", "GET / 200"),
			Access("api-gateway", func(m float64) float64 { return 6 * (1 - refused(m)) }, C(45), 0.6, "GET /app/v2/listings?page={int:1:9} 200", "GET /app/v2/product/{int:1000:9999} 200"),
			{Svc: "api-gateway", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 0.01 + 6*refused(m) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf("GET /app/v2/%s 429 0ms: rate limit exceeded for key mobile-%s (policy mobile: 40 req/s)", []string{"listings?page=2", "listings?page=1", "product/" + fmt.Sprint(1000+g.IntN(9000))}[g.IntN(3)], []string{"ios", "android"}[g.IntN(2)])
			}},
			Access("mobile-bff", func(m float64) float64 { return 3 * (1 - refused(m)) * app(m) / 150 }, C(35), 0.5, "GET /v2/listings?page={int:1:9} 200", "GET /v2/product/{int:1000:9999} 200"),
			Reqs("mobile-bff", "WARN", C(0.2), "GET /v2/product/{int:1000:9999}: image variant webp missing, falling back to jpeg"),
			Once("mobile-bff", "INFO", D+0.02, "starting mobile-bff v2.14.0 (git 0c9e3f1): prefetch=on").OnSlot(0),
			Once("mobile-bff", "INFO", D+0.27, "starting mobile-bff v2.14.0 (git 0c9e3f1): prefetch=on").OnSlot(1),
			Access("web", C(3), C(80), 0.5, "GET /product/{int:1000:9999} 200", "GET /search 200"),
			Lines("web", "ERROR", C(0.3), "SSR /product/{int:1000:9999}: TypeError: Cannot read properties of undefined (reading 'variants')"),
			Access("catalog", func(m float64) float64 { return 3 + 2*(1-refused(m)) }, C(12), 0.5, "GET /v1/products/{int:1000:9999} 200", "GET /v1/listings?page={int:1:9} 200"),
			Lines("postgres", "INFO", C(1), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled",
				"LOG:  duration: {msf:120:0.3} ms  statement: SELECT id, name, price_cents FROM products WHERE category = $1 ORDER BY rank LIMIT 48"),
			Once("api-gateway", "INFO", T+0.05, "ratelimit: policy 'mobile' reloaded from configmap gateway-ratelimits (resourceVersion 771203, field manager kubectl-edit): 40 req/s per key (was 400)").OnSlot(0),
			Once("api-gateway", "INFO", T+0.07, "ratelimit: policy 'mobile' reloaded from configmap gateway-ratelimits (resourceVersion 771203, field manager kubectl-edit): 40 req/s per key (was 400)").OnSlot(1),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{3.2, 7.7, 11.4} {
				trs = append(trs, Tr{At: at, Root: appTrace(g, false, i == 1, "")})
			}
			for i, at := range []float64{14.1, 16.3, 18.9, 21.5, 24.2, 27.6} {
				trs = append(trs, Tr{At: at, Root: appTrace(g, i%4 != 3, false, []string{"ios", "android"}[i%2])})
			}
			return trs
		},
		Choices: []Choice{
			{"bff-release", "mobile-bff's new release fails most of the requests the app sends it"},
			{"gateway-edge", "api-gateway now turns away half the calls that are bound for mobile-bff"},
			{"gateway-pods", "api-gateway lost pods and its survivors refuse what they cannot serve"},
			{"catalog-slow", "catalog slowed down, so mobile-bff sheds load when its calls queue up"},
			{"bot-budget", "a scraping bot shares the app's key and uses up its request budget"},
			{"bff-prefetch", "mobile-bff's prefetching multiplies the app's calls beyond what is allowed"},
		},
		Answer: Answer{
			Choice: "gateway-edge", Onset: T,
			Chain: []string{
				"At 13:13:03 api-gateway reloads a rate-limit configmap someone edited by hand (kubectl edit, no change record) with a zero dropped: policy 'mobile' went from 400 to 40 requests a second per key",
				"Both gateway pods hot-reloaded it (13:13:03 and 13:13:04); the app sends ~165 requests a second over two keys, so about half are answered 429 at the gateway",
				"The refused requests never reach mobile-bff: its request rate halves while its errors and latency stay flat",
				"The app shows 'Too many requests' on many screens; the website uses another policy and is untouched",
			},
			Evidence: []string{
				"http_errors_ratio (api-gateway) jumps to ~0.13 in the 13:13:30 scrape and ~0.16 from 13:14:00, and every failure is a 429 on an /app/ route for key mobile-ios or mobile-android",
				"api-gateway logs at 13:13:03: ratelimit: policy 'mobile' reloaded ... field manager kubectl-edit: 40 req/s per key (was 400)",
				"http_requests_per_second (mobile-bff) falls from ~160 to ~98 in that same 13:13:30 scrape and to ~80 from 13:14:00, while its http_errors_ratio stays at ~0.1%",
				"Failing GET /app/v2/listings traces end at the gateway with a 429 and no mobile-bff span",
			},
			Wrong: [][2]string{
				{"bff-release", "mobile-bff v2.14.0 rolled out at 13:12:30 (its pods start at 13:12:31 and 13:12:46) and fails nothing: its error ratio stays flat; its traffic falls because the gateway stops passing requests on."},
				{"gateway-pods", "Both gateway pods run all along (same names, no restarts); they refuse app requests with 429 by policy, not for lack of capacity, and serve the website normally."},
				{"catalog-slow", "catalog's latency is flat at ~12 ms; the failures end at the gateway before any backend is called."},
				{"bot-budget", "The refused keys are the app's own (mobile-ios, mobile-android) at their usual volume; the budget shrank tenfold, the spend did not grow."},
				{"bff-prefetch", "Prefetching does add about a tenth to the app's calls (a lasting rise), but ~165 a second was far inside the 400 allowed until the limit itself was cut to 40."},
			},
			RedHerrings: []string{"bff-deploy", "catalog-reindex", "bff-release", "bff-prefetch"},
			Proof: []Proof{
				ProveLog(1, "api-gateway", "field manager kubectl-edit"),
				ProveMetric(2, "api-gateway", telemetry.ErrorsName(telemetry.HTTP), T, T+6),
				ProveLog(2, "api-gateway", "429 0ms: rate limit exceeded").Within(T, T+6),
				ProveSpan(2, "api-gateway", "GET /app/v2/listings", true),
				ProveMetric(3, "mobile-bff", telemetry.RateName(telemetry.HTTP), T, T+6),
				// fewer requests reach mobile-bff: its pods' CPU and busy workers fall with them
				ProveMetric(3, "mobile-bff", telemetry.CPUName, T, T+6),
				ProveMetric(3, "catalog", telemetry.RateName(telemetry.HTTP), T, T+6),
			},
			Debrief: `At 13:13:03 api-gateway reloaded a rate-limit configmap someone had edited by hand, with a
zero dropped: the mobile app's policy went from 400 to 40 requests a second per key. The edit
never went through the pipeline, so the change log is silent; the gateway hot-reloaded it and
said so in its own INFO lines. From then on about half of the app's requests were refused with
429 at the edge.

The tempting shortcut is the one change in the log: mobile-bff shipped v2.14.0 at 13:12:30,
33 s before, and mobile-bff's traffic collapsed in the 13:13:30 scrape, the same scrape in
which the gateway's errors jump. The release is real and has a lasting effect of its own
(prefetching adds about a tenth to the app's calls and its memory is up), but mobile-bff
fails nothing: its traffic fell because the gateway stopped sending it requests.

Fastest path: ask who answers the failures. They are 429s written by the gateway, for the app's
own keys, with no backend span. Then read the gateway's lines at the first failure: the reload
at 13:13:03 names the policy, the new value and kubectl-edit. Coaching: a callee whose traffic
drops while its errors stay flat is not the one that broke; look upstream of it.
`,
		},
	}
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: gwRPS(m), Err: gwErr(m), P50: 38 * (1 - 0.4*refused(m)*app(m)/gwRPS(m)), P95: 140, P99: 330}
			},
			Res: pods(C(0.5), C(230), C(0.5), C(0.18), C(0.2))},
		{Svc: "mobile-bff", Kind: telemetry.HTTP, RT: telemetry.Go, Version: "v2.13.2", Rollout: D, NewVersion: "v2.14.0",
			Req: web(passed, C(0.001), C(35), 3),
			Res: pods(func(m float64) float64 { return 0.05 + 0.002*passed(m) }, func(m float64) float64 { return 280 * prefetch(m) }, C(0.5),
				func(m float64) float64 { return 0.001 * passed(m) }, func(m float64) float64 { return 0.001 * passed(m) })},
		{Svc: "web", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(360), C(0.003), C(80), 3), Res: pods(C(0.5), C(420), C(1.1), C(0.25), C(0.2))},
		{Svc: "catalog", Kind: telemetry.HTTP, RT: telemetry.Go, Gaps: [][2]float64{{22.4, 22.6}},
			Req: web(func(m float64) float64 { return 300 + 1.2*passed(m) }, C(0.001), C(12), 3),
			Res: pods(func(m float64) float64 { return 0.1 + 0.0008*(300+1.2*passed(m)) }, C(260), C(0.5), C(0.15), C(0.15))},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native,
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 200 + 0.4*passed(m), Err: 0.0003, P50: 0.7, P95: 2.5, P99: 7}
			},
			Res: pods(C(0.6), C(4600), C(0), C(0.18), C(0))},
	})
	return s
}

// appTrace is an app request through the gateway. refused: the gateway
// answers 429 itself (no mobile-bff span). dropped: mobile-bff's server
// span was not exported. A refused request's line is the gateway's usual
// 429 line for the app's key (mobile-ios or mobile-android).
func appTrace(g *G, refused, dropped bool, key string) *Sp {
	if refused {
		return S("api-gateway", "GET /app/v2/listings", 0, g.Uniform(0.3, 0.9)).E().A("http.status_code", "429", "ratelimit.policy", "mobile").
			L("GET /app/v2/listings?page=1 429 0ms: rate limit exceeded for key mobile-" + key + " (policy mobile: 40 req/s)")
	}
	cat := Call(g, "mobile-bff", "catalog GET /v1/listings", 1, S("catalog", "GET /v1/listings", 0, g.LogNormal(12, 0.3)))
	bff := S("mobile-bff", "GET /v2/listings", 0, cat.Off+cat.Dur+4, cat)
	if dropped {
		bff.Drop()
	}
	root := S("api-gateway", "GET /app/v2/listings", 0, bff.Dur+4, Call(g, "api-gateway", "mobile-bff GET /v2/listings", 2, bff)).A("http.status_code", "200")
	return root.L(fmt.Sprintf("GET /app/v2/listings?page=1 200 %dms", int(root.Dur)))
}
