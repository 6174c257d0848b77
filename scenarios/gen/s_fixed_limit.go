package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// A creator's post goes viral and signups grow steadily all evening. Every
// signup sends a one-time code through otp-sender, a single pod with a
// hard-coded pool of 48 workers (the SMS provider session is not shared).
// At ~137 codes a second the pool is full: from then on codes queue, wait
// and time out, and signups fail. No change causes it. The first Metrics
// screen shows growth and otp-sender saturating, which four mechanisms
// draw alike: the provider slowing under its own evening load, a
// provider-side cap on our account, our own pool, a bot farm. Two
// releases land in the minute before the pool fills, each with a real,
// lasting effect: otp-sender v1.1.0 (new SDK, a bigger working set) and
// accounts v5.2.0 (a little slower for good). Only the dispatcher's own
// lines, the per-pod busy workers and the traces tell them apart.
func fixedLimit() *Script {
	const (
		T = 16.0 // the pool is full
		R = 15.0 // otp-sender v1.1.0
		A = 15.4 // accounts v5.2.0
		W = 9.5  // api-gateway managed rule set
	)
	signups := PL(0, 40, 7, 40, T, 125, 36, 230)                                // signups a second
	codes := Mul(signups, C(1.1))                                               // codes a second, resends included
	const capacity = 48 / 0.35                                                  // codes a second the pool can send
	over := func(m float64) float64 { return math.Max(0, 1-capacity/codes(m)) } // share that cannot be sent in time
	busy := func(m float64) float64 { return math.Min(1, codes(m)*0.35/48) }
	wait := func(m float64) float64 { return 4200 * math.Min(1, over(m)*6) } // ms a code waits for a worker
	otpP50 := func(m float64) float64 { return 340 + wait(m) }
	signupMs := func(m float64) float64 { return 60 + otpP50(m) } // a signup holds while its code goes out
	otpErr := Sum(C(0.002), over)
	accErr := Sum(C(0.002), Mul(over, C(0.8/3)))                                                  // signups are a third of accounts' requests
	gwErr := func(m float64) float64 { return 0.002 + 0.8*over(m)*signups(m)/(3*signups(m)+200) } // signups among all its routes
	signupErr := Sum(C(0.002), Mul(over, C(0.8)))                                                 // signups that fail
	timedOut := Mul(over, C(0.8))                                                                 // signups whose code waited past the 5 s deadline
	signupShare := func(m float64) float64 { return signups(m) / (3*signups(m) + 200) }           // of the gateway's requests
	accP50 := PL(0, 45, A+0.2, 45, A+0.6, 50)                                                     // logins and verifies; v5.2.0 a little slower
	accP95 := func(m float64) float64 { return math.Min(5080, 1.05*signupMs(m)) }
	accP99 := func(m float64) float64 { return math.Min(5150, 1.3*signupMs(m)+40) }
	gwP95 := func(m float64) float64 { return math.Min(5090, 0.8*accP95(m)) }
	gwP99 := func(m float64) float64 { return math.Min(5160, accP99(m)+6) }
	otpP95 := func(m float64) float64 { return math.Min(5060, 1.4*otpP50(m)) }
	otpP99 := func(m float64) float64 { return math.Min(5120, 1.9*otpP50(m)) }
	// the dispatcher's stats line, once a minute
	var dispatcherStats []Src
	for at := 0.47; at < 36; at++ {
		queued := "0"
		if over(at) > 0 {
			q := int(codes(at) * over(at) * 5)
			queued = fmt.Sprintf("{int:%d:%d}", q, q+39)
		}
		dispatcherStats = append(dispatcherStats, Once("otp-sender", "INFO", at, fmt.Sprintf(
			"dispatcher stats: inflight=%d/48 queued=%s sent_1m=%d provider_p50={int:330:359}ms provider_429_1m=0",
			int(math.Round(busy(at)*48)), queued, int(codes(at)*(1-over(at))*60))))
	}
	return &Script{
		ID: "signups-failing", Title: "Signups failing", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"accounts", "signup", "errors"},
		Start: time.Date(2026, 5, 8, 19, 30, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.03,
		Briefing: `[SEV2] POST /api/signup 5xx above 10% for 5 minutes; signup p95 above 4s.
Support: new users sit on the "enter your code" screen, then see "something went wrong".
Find the root cause.
`,
		Hints: []string{
			"Plot each service's saturation next to the traffic it gets. Which one stops following the traffic?",
			"Where does a failing signup spend its 5 seconds: waiting inside otp-sender, or in the call out of it?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"accounts"}, Pods: 2, Version: "1.27.3",
				Std: withTail(Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Sum(Mul(signups, C(3)), C(200)), Err: gwErr, P50: C(30), CPUms: 0.4}.Std(), gwP95, gwP99)},
			{Name: "accounts", Calls: []string{"otp-sender", "postgres", "email"}, Pods: 3, Version: "v5.1.3", Rollouts: []Rollout{{At: A, Version: "v5.2.0"}},
				Std: withTail(Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 3, RPS: Mul(signups, C(3)), Err: accErr, P50: accP50, CPUms: 2, Limit: 2,
					PoolMs: Mul(otpP50, C(0.35)), Pool: 100}.Std(), accP95, accP99)},
			{Name: "otp-sender", Pods: 1, Version: "v1.0.9", Rollouts: []Rollout{{At: R, Version: "v1.1.0"}},
				Std: withTail(Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 1, RPS: Mul(codes, Sum(C(1), Mul(over, C(-1)))), Err: otpErr, P50: otpP50, CPUms: 1.5,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.Busy = busy(m) // the 48 workers
						r.Pool = busy(m) // one provider connection each
						if p.Version == "v1.1.0" {
							r.MemMiB *= 1.3 // the new SDK's buffers: bigger for good, and harmless
						}
					}}.Std([2]float64{27, 27.5}), otpP95, otpP99)},
			{Name: "email", Pods: 2, Version: "v3.0.4",
				Std: Web{Kind: telemetry.Consumer, Runtime: telemetry.Go, Pods: 2, RPS: Mul(signups, C(0.9)), Err: C(0.03), P50: C(90), Prod: Mul(signups, C(0.9)), Parts: 3,
					Lag: func(p int, m float64) float64 { return 50 + 10*float64(p) }}.Std()},
			{Name: "postgres", Pods: 1, Sts: true, Version: "16.4",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 1, RPS: Mul(signups, C(9)), Err: C(0.0003), P50: C(1.1), Tail: C(4), CPUms: 0.2, Limit: 8, Workers: 200, Mem: 9000}.Std()},
		},
		Events: []Ev{
			{At: W, ID: "gateway-rules", Kind: "config", Svc: "api-gateway", Text: "api-gateway: managed rule set 2026-05 enabled (SEC-240)"},
			{At: R, ID: "otp-deploy", Kind: "deploy", Svc: "otp-sender", Text: "otp-sender v1.1.0 (git 7a1e0d4) rolled out by argo-cd (1/1 pods): bump deps (PR #212)"},
			{At: A, ID: "accounts-deploy", Kind: "deploy", Svc: "accounts", Text: "accounts v5.2.0 (git c4e19b2) rolled out by argo-cd (3/3 pods): signup form changes (PR #1184)"},
			{At: 20.5, ID: "alert-otp", Kind: "alert", Svc: "otp-sender", Text: "[WARN] otp-sender p95 > 3s for 3m"},
			{At: 24, ID: "alert-signup-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] POST /api/signup 5xx > 10% for 5m"},
		},
		Logs: Join(
			// signups wait for their code; the other routes do not (the statuses add up to each error ratio)
			// a signup that succeeds answered before accounts' 5 s deadline for the code; one that fails took the deadline
			// (the 0.2 % that fail at any time fail fast, on a bad request body, not at the deadline)
			boundedShares("api-gateway", Mul(C(13), signupShare), signupErr, Sum(signupMs, C(5)), 0.3, 5000, 5008, 5024, []string{"POST /api/signup 201"}, []string{"POST /api/signup 504"})[:1],
			boundedShares("api-gateway", Mul(C(13), signupShare), timedOut, C(0), 0, 5000, 5008, 5024, nil, []string{"POST /api/signup 504"})[1:],
			Shares("api-gateway", Mul(C(13), signupShare), C(0.002), C(40), 0.3, nil, []string{"POST /api/signup 500"})[1:],
			Shares("api-gateway", Mul(C(13), Sum(C(1), Mul(signupShare, C(-1)))), C(0.002), C(30), 0.9, []string{"POST /api/login 200", "GET /api/me 200", "GET /api/feed 200"},
				[]string{"GET /api/feed 502"}),
			boundedShares("accounts", C(4), signupErr, signupMs, 0.3, 5000, 5003, 5016, []string{"POST /v1/signup 201"}, []string{"POST /v1/signup 503"})[:1],
			boundedShares("accounts", C(4), timedOut, C(0), 0, 5000, 5003, 5016, nil, []string{"POST /v1/signup 503"})[1:],
			Shares("accounts", C(4), C(0.002), C(30), 0.3, nil, []string{"POST /v1/signup 500"})[1:],
			Shares("accounts", C(8), C(0.002), accP50, 0.6, []string{"POST /v1/login 200", "POST /v1/otp/verify 200"}, []string{"POST /v1/login 500"}),
			Of(
				Reqs("accounts", "WARN", Mul(over, C(3.5)), "signup {uuid}: otp-sender.Send attempt 1/1: context deadline exceeded after 5s; signup rolled back"),
				Reqs("accounts", "INFO", C(1.4), "signup {uuid}: referrer={pick:social|social|social|search|direct|newsletter} country={pick:US|GB|DE|BR|IN|FR|MX|ES}"),
				Src{Svc: "accounts", Level: "INFO", PerMin: C(1), Msg: func(g *G, m float64) string {
					started := int(signups(m)*60) + g.IntN(80)
					sent := int(codes(m) * (1 - over(m)) * 60 / 1.1)
					verified := int(float64(sent) * (0.84 + 0.04*g.Float64()))
					return fmt.Sprintf("signup funnel 1m: started=%d code_sent=%d verified=%d", started, sent, verified)
				}},
				Once("accounts", "INFO", A+0.05, "starting accounts v5.2.0 (git c4e19b2): otp client timeout=5s retries=0").OnSlot(0),
				Once("accounts", "INFO", A+0.3, "starting accounts v5.2.0 (git c4e19b2): otp client timeout=5s retries=0").OnSlot(1),
				Once("accounts", "INFO", A+0.55, "starting accounts v5.2.0 (git c4e19b2): otp client timeout=5s retries=0").OnSlot(2),
				Once("otp-sender", "INFO", R+0.05, "starting otp-sender v1.1.0 (git 7a1e0d4): provider session smsrail-eu, dispatcher workers=48 queue_timeout=5s").OnSlot(0),
				Reqs("otp-sender", "ERROR", Mul(over, C(4)), "send code to +{int:1000000000:9999999999}: waited 5s for a free worker (inflight=48/48), giving up"),
				boundedShares("otp-sender", C(4), C(0), otpP50, 0.3, 5000, 0, 0, []string{"POST /v1/codes 202"}, nil)[0],
				Lines("otp-sender", "WARN", C(0.4), "provider callback for msg {hex:10}: status=undelivered (carrier rejected)"),
				Reqs("email", "ERROR", C(3), "send welcome mail to user {int:1000000:9999999}: smtp: 550 5.1.1 mailbox unavailable", "send welcome mail: smtp: 421 4.7.0 try again later"),
				Lines("email", "INFO", C(5), "consumed {int:10:40} user-created events in {ms:40:0.3}ms"),
				Lines("api-gateway", "WARN", PL(0, 0, W, 0, W+0.1, 0.7), "request blocked rule=942100 client={ip} uri=/api/search"),
			),
			pgCheckpoints(3.1, 36), dispatcherStats),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.1, 6.4, 11.0, 14.2, 15.7} {
				trs = append(trs, Tr{At: at, Root: signupTrace(g, 0, i == 2)})
			}
			for i, at := range []float64{17.3, 19.8, 22.5, 25.4, 28.1, 31.0, 33.6} {
				trs = append(trs, Tr{At: at, Root: signupTrace(g, []float64{1200, 5000, 3100, 5000, 4400, 5000, 2600}[i], false)})
			}
			return trs
		},
		Choices: []Choice{
			{"provider-slower", "otp-sender's SMS provider takes longer to accept each code this evening"},
			{"provider-cap", "otp-sender reached its SMS provider's cap on codes a second for our account"},
			{"sender-ceiling", "otp-sender reached its own cap on how many codes it has in flight at once"},
			{"otp-release", "otp-sender's new release keeps each of its senders busy longer per code"},
			{"accounts-retries", "accounts' new release retries slow code requests and piles onto otp-sender"},
			{"bot-signups", "a bot farm signs up fake users and floods otp-sender with code requests"},
			{"otp-gc-stalls", "otp-sender stalls in garbage collection as its backlog of codes grows"},
		},
		Answer: Answer{
			Choice: "sender-ceiling", Onset: T,
			Chain: []string{
				"Signups grow steadily from 19:37, mostly `referrer=social` from many countries: api-gateway's http_requests_per_second climbs from ~320 to ~580 rps by 19:46, and accounts' and otp-sender's http_requests_per_second climb with it",
				"Every signup sends a code through otp-sender, one pod whose dispatcher has `workers=48` at ~350 ms a send: ~137 codes a second at most",
				"At 19:46 the pool is full: otp-sender's workers_busy_ratio reaches 1 and stays there while traffic keeps growing; the dispatcher reads `inflight=48/48`, codes queue, and otp-sender's http_request_duration_p50_ms climbs toward 5 s",
				"Codes that wait 5 s are dropped (`waited 5s for a free worker`, otp-sender's http_errors_ratio) and accounts rolls the signup back (`context deadline exceeded after 5s; signup rolled back`, `POST /v1/signup 503`): accounts' http_errors_ratio grows with the traffic",
			},
			Evidence: []string{
				"otp-sender logs `dispatcher stats: inflight=48/48` from 19:46 on, with a growing queue, while its provider_p50 stays ~340 ms and nothing is throttled",
				"otp-sender's workers_busy_ratio follows the traffic on one line before and after v1.1.0, and flattens at 1 at 19:46",
				"api-gateway's http_requests_per_second had been rising since 19:37, nine minutes before anything failed",
				"Failing signup traces wait in otp-sender's POST /v1/codes for 5 s with no provider call under them",
			},
			Wrong: [][2]string{
				{"provider-slower", "The provider answers in ~340 ms all evening: provider_p50 in otp-sender's dispatcher stats, and the provider span in every trace that reaches it (1.2 s traces spend 0.34 s there). Codes wait for a free worker before they ever reach the provider."},
				{"provider-cap", "A provider cap would answer 429s; the dispatcher stats say provider_429_1m=0 throughout, and failing traces never call the provider at all. The limit that is full is otp-sender's own: inflight=48/48."},
				{"otp-release", "otp-sender v1.1.0 at 19:45:00 really changed something: the pod's memory_working_set_mib is ~30 % higher for good (the new SDK). But the provider span takes ~340 ms before and after it, and workers_busy_ratio keeps the same ratio to the traffic across the release: each code holds a worker as long as before. The pool filled when the codes reached 48 / 0.35 s."},
				{"accounts-retries", "accounts v5.2.0 is ~5 ms slower for good, but its start-up lines say retries=0, its warnings read 'attempt 1/1', and each failing trace holds one call to otp-sender: no retries pile on."},
				{"bot-signups", "The signup funnel lines show ~86 % of sent codes verified, before and during the growth, and the signups come mostly from social referrers in many countries: real people. Traffic grew; the ceiling did not."},
				{"otp-gc-stalls", "otp-sender's gc_pause_p99_ms stays under a millisecond and it never restarts; its workers are all busy sending, not paused."},
			},
			RedHerrings: []string{"otp-deploy", "accounts-deploy", "gateway-rules", "email"},
			Proof: []Proof{
				ProveMetric(1, "api-gateway", telemetry.RateName(telemetry.HTTP), 7, 30),
				ProveMetric(1, "accounts", telemetry.RateName(telemetry.HTTP), 7, 30),
				ProveMetric(1, "otp-sender", telemetry.RateName(telemetry.HTTP), 7, 30),
				ProveLog(1, "accounts", "referrer=social").Within(7, 36),
				ProveLog(2, "otp-sender", "workers=48"),
				ProvePod(3, "otp-sender", telemetry.BusyName, 0, T, T+12),
				ProveLog(3, "otp-sender", "dispatcher stats: inflight=48/48"),
				ProveMetric(3, "otp-sender", telemetry.DurationName(telemetry.HTTP, "p50"), T, 30),
				ProveMetric(3, "otp-sender", telemetry.DurationName(telemetry.HTTP, "p95"), T, 30),
				ProveMetric(3, "otp-sender", telemetry.DurationName(telemetry.HTTP, "p99"), T, 30),
				ProveLog(4, "otp-sender", "waited 5s for a free worker"),
				ProveMetric(4, "otp-sender", telemetry.ErrorsName(telemetry.HTTP), T, 30),
				ProveLog(4, "accounts", "signup rolled back"),
				ProveLog(4, "accounts", "POST /v1/signup 503"),
				ProveMetric(4, "accounts", telemetry.ErrorsName(telemetry.HTTP), T, 36),
				ProveSpan(4, "otp-sender", "POST /v1/codes", true),
			},
			Debrief: `A creator's post went viral and signups grew steadily from 19:37. Every signup sends a
one-time code through otp-sender, which runs as a single pod because it holds the SMS
provider's session, with a dispatcher of 48 workers hard-coded years ago (its start-up line
says workers=48). At ~350 ms a send that is ~137 codes a second. At 19:46 the traffic crossed
it: the pool was full, codes queued, those that waited 5 s were dropped, and accounts rolled
the signups back. Nothing changed in the system; the traffic outgrew a limit nobody remembered.

The tempting quick bet: the first Metrics screen shows traffic climbing and otp-sender's latency
leaving its band while its request rate flattens. That is a ceiling, but four ceilings draw that
same screen: the provider slowing under its own evening load (our 48 workers then send fewer
codes a second), a provider cap on our account, our own pool, or a bot farm's extra load. And
two releases landed in the minute before the cliff, otp-sender's own among them. None of that
can be told apart from the first screen; the dispatcher's lines and the traces can.

Fastest path: follow one failing signup trace. Its 5 s are spent inside otp-sender's
POST /v1/codes with no provider call under it: the code waited for a worker. The dispatcher
stats say inflight=48/48, provider_p50 ~340 ms, provider_429_1m=0: the provider is quick and
not throttling, our own pool is full. workers_busy_ratio followed the traffic on one line
before and after v1.1.0, so the release changed nothing per code. Know your fixed limits, and
alert on saturation, not only on errors.
`,
		},
	}
}

// signupTrace is POST /api/signup. wait is the time the code waited for a
// worker in otp-sender (5000: it gave up); dropped loses accounts' server
// span.
func signupTrace(g *G, wait float64, dropped bool) *Sp {
	var ok []*Sp
	failed := wait >= 5000
	if !failed {
		ok = append(ok, Leaf("otp-sender", "sms provider POST /messages", wait+1, g.LogNormal(340, 0.2)).A("peer.service", "sms-provider"))
	}
	otp := S("otp-sender", "POST /v1/codes", 0, wait+2, ok...)
	if !failed {
		otp.Dur += ok[0].Dur
	} else {
		otp.E()
	}
	ins := Leaf("accounts", "INSERT users", 1, g.LogNormal(1.2, 0.3)).A("db.system", "postgresql")
	oc := Call(g, "accounts", "otp-sender POST /v1/codes", ins.Off+ins.Dur+1, otp)
	acc := S("accounts", "POST /v1/signup", 0, oc.Off+oc.Dur+g.LogNormal(8, 0.3), ins, oc)
	if dropped {
		acc.Drop()
	}
	root := S("api-gateway", "POST /api/signup", 0, acc.Dur+3, Call(g, "api-gateway", "accounts POST /v1/signup", 2, acc))
	status := "201"
	if failed {
		status = "504"
		acc.E()
		root.E()
	}
	return root.A("http.status_code", status).L(fmt.Sprintf("POST /api/signup %s %dms", status, int(root.Dur)))
}
