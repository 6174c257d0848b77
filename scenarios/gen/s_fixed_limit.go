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
// and time out, and signups fail. No change causes it; the change log
// holds a gateway WAF change as traffic began to rise and accounts' own
// release 36 s before the pool filled, really a little slower for good.
func fixedLimit() *Script {
	const (
		T = 16.0 // the pool is full
		A = 15.4 // accounts v5.2.0
		W = 9.5  // api-gateway WAF rules
	)
	signups := PL(0, 40, 7, 40, T, 125, 36, 230)                                // signups a second
	codes := Mul(signups, C(1.1))                                               // codes a second, resends included
	const capacity = 48 / 0.35                                                  // codes a second the pool can send
	over := func(m float64) float64 { return math.Max(0, 1-capacity/codes(m)) } // share that cannot be sent in time
	busy := func(m float64) float64 { return math.Min(1, codes(m)*0.35/48) }
	otpP50 := func(m float64) float64 { return 340 + 4200*math.Min(1, over(m)*6) }
	otpErr := Sum(C(0.002), over)
	accErr := Sum(C(0.002), Mul(over, C(0.8)))
	accP50 := Sum(PL(0, 45, A+0.2, 45, A+0.6, 50), Mul(C(0.5), otpP50))
	return &Script{
		ID: "signups-failing", Title: "Signups failing tonight", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"accounts", "signup", "errors"},
		Start: time.Date(2026, 5, 8, 19, 30, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.03,
		Briefing: `[SEV2] POST /api/signup 5xx above 10% for 5 minutes; signup p95 above 4s.
Growth team: "we are trending on social tonight, do not lose these users".
Find the root cause.
`,
		Hints: []string{
			"Plot each service's saturation next to the traffic it gets. Which one stops following the traffic?",
			"How many codes can otp-sender have in flight, and how many does it have?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"accounts"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Sum(Mul(signups, C(3)), C(200)), Err: Mul(accErr, C(0.3)), P50: C(30), Tail: C(20), CPUms: 0.4}.Std()},
			{Name: "accounts", Calls: []string{"otp-sender", "postgres", "email"}, Pods: 3, Version: "v5.1.3", Rollouts: []Rollout{{At: A, Version: "v5.2.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 3, RPS: Mul(signups, C(3)), Err: accErr, P50: accP50, Tail: C(3), CPUms: 2, Limit: 2,
					PoolMs: Mul(otpP50, C(0.35)), Pool: 100}.Std()},
			{Name: "otp-sender", Pods: 1, Version: "v1.0.9",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 1, RPS: Mul(codes, Sum(C(1), Mul(over, C(-1)))), Err: otpErr, P50: otpP50, Tail: C(2), CPUms: 1.5,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.Busy = busy(m) // the 48 workers
						r.Pool = busy(m) // one provider connection each
					}}.Std([2]float64{27, 27.5})},
			{Name: "email", Pods: 2, Version: "v3.0.4",
				Std: Web{Kind: telemetry.Consumer, Runtime: telemetry.Go, Pods: 2, RPS: Mul(signups, C(0.9)), Err: C(0.03), P50: C(90), Prod: Mul(signups, C(0.9)), Parts: 3,
					Lag: func(p int, m float64) float64 { return 50 + 10*float64(p) }}.Std()},
			{Name: "postgres", Pods: 1, Sts: true, Version: "16.4",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 1, RPS: Mul(signups, C(9)), Err: C(0.0003), P50: C(1.1), Tail: C(4), CPUms: 0.2, Limit: 8, Workers: 200, Mem: 9000}.Std()},
		},
		Events: []Ev{
			{At: W, ID: "waf-rules", Kind: "config", Svc: "api-gateway", Text: "api-gateway: WAF managed rule set 2026-05 enabled in block mode (security, SEC-240)"},
			{At: A, ID: "accounts-deploy", Kind: "deploy", Svc: "accounts", Text: "accounts v5.2.0 (git c4e19b2) rolled out by argo-cd (3/3 pods): password strength meter"},
			{At: 20.5, ID: "alert-otp", Kind: "alert", Svc: "otp-sender", Text: "[WARN] otp-sender p95 > 3s for 3m"},
			{At: 24, ID: "alert-signup-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV2] POST /api/signup 5xx > 10% for 5m"},
		},
		Logs: Join(
			Shares("api-gateway", C(13), Mul(accErr, C(0.3)), C(30), 0.9, []string{"POST /api/signup 201", "POST /api/login 200", "GET /api/me 200", "GET /api/feed 200"},
				[]string{"POST /api/signup 504"}),
			Shares("accounts", C(12), accErr, accP50, 0.6, []string{"POST /v1/signup 201", "POST /v1/login 200", "POST /v1/otp/verify 200"}, []string{"POST /v1/signup 503"}),
			Of(
				Reqs("accounts", "WARN", Mul(over, C(12)), "signup {uuid}: otp-sender.Send: context deadline exceeded after 5s; signup rolled back"),
				Reqs("accounts", "INFO", C(2), "signup {uuid}: referrer={pick:social|social|social|search|direct|newsletter} country={pick:US|GB|DE|BR|IN|FR}"),
				Once("accounts", "INFO", A+0.05, "starting accounts v5.2.0 (git c4e19b2): zxcvbn password strength meter on").OnSlot(0),
				Once("accounts", "INFO", A+0.3, "starting accounts v5.2.0 (git c4e19b2): zxcvbn password strength meter on").OnSlot(1),
				Once("accounts", "INFO", A+0.55, "starting accounts v5.2.0 (git c4e19b2): zxcvbn password strength meter on").OnSlot(2),
				Src{Svc: "otp-sender", Level: "INFO", PerMin: C(3), Msg: func(g *G, m float64) string {
					n := int(math.Round(busy(m) * 48))
					q := 0
					if over(m) > 0 {
						q = int(codes(m)*over(m)*5) + g.IntN(40)
					}
					return fmt.Sprintf("dispatcher stats: inflight=%d/48 queued=%d sent_1m=%d provider_p50=%dms", n, q, int(codes(m)*(1-over(m))*60), 330+g.IntN(30))
				}},
				Reqs("otp-sender", "ERROR", Mul(over, C(8)), "send code to +{int:1000000000:9999999999}: waited 5s for a free worker (inflight=48/48), giving up"),
				Access("otp-sender", C(4), otpP50, 0.3, "POST /v1/codes 202"),
				Lines("otp-sender", "WARN", C(0.4), "provider callback for msg {hex:10}: status=undelivered (carrier rejected)"),
				Reqs("email", "ERROR", C(3), "send welcome mail to user {int:1000000:9999999}: smtp: 550 5.1.1 mailbox unavailable", "send welcome mail: smtp: 421 4.7.0 try again later"),
				Lines("email", "INFO", C(2), "consumed {int:10:40} user-created events in {ms:40:0.3}ms"),
				Lines("api-gateway", "WARN", PL(0, 0, W, 0, W+0.1, 0.7), "WAF: request blocked rule=942100 (SQLi) client={ip} uri=/api/search"),
				Lines("postgres", "INFO", C(0.3), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.1, 6.4, 11.0, 14.2} {
				trs = append(trs, Tr{At: at, Root: signupTrace(g, 0, i == 2)})
			}
			for i, at := range []float64{17.3, 19.8, 22.5, 25.4, 28.1, 31.0, 33.6} {
				trs = append(trs, Tr{At: at, Root: signupTrace(g, []float64{1200, 5000, 3100, 5000, 4400, 5000, 2600}[i], false)})
			}
			return trs
		},
		Choices: []Choice{
			{"sms-provider-slow", "the SMS provider behind otp-sender answers more slowly tonight"},
			{"accounts-release", "accounts' new release makes every signup do much more work"},
			{"gateway-waf", "api-gateway's new WAF rules block a share of the signup requests"},
			{"postgres-locks", "postgres row locks on the users table stall the new signups"},
			{"bot-signups", "a bot farm signs up fake users and floods the code sender with work"},
			{"otp-sender-memory", "otp-sender runs out of memory and drops the codes it has queued"},
			{"fixed-ceiling", "signups outgrew a fixed ceiling on how many codes go out at once"},
		},
		Answer: Answer{
			Choice: "fixed-ceiling", Onset: T,
			Chain: []string{
				"Signups grow steadily from 19:37 (a viral post: mostly referrer=social, many countries), 40 -> 125 a second by 19:46",
				"Every signup sends a code through otp-sender, one pod with a hard-coded pool of 48 workers at ~350 ms a send: ~137 codes a second at most",
				`At 19:46 the pool is full: otp-sender's workers_busy_ratio reaches 1 and stays there while traffic keeps growing; codes queue and wait`,
				"Codes that wait 5 s are dropped and accounts rolls the signup back: signup 5xx above 10% and growing with the traffic",
			},
			Evidence: []string{
				"otp-sender's dispatcher stats read inflight=48/48 from 19:46 on, with a growing queue, while the provider's own p50 stays ~340 ms",
				"http_request_duration_p50_ms (otp-sender) jumps from ~340 ms as the pool fills at 19:46, while its request rate stops following the signups",
				"api-gateway http_requests_per_second had been rising since 19:37, nine minutes before anything failed",
				"Failing signup traces wait in otp-sender for 5 s with no provider call under them",
			},
			Wrong: [][2]string{
				{"sms-provider-slow", "The provider answers in ~340 ms throughout (provider_p50 in the dispatcher stats); codes wait for a worker before they ever reach it."},
				{"accounts-release", "accounts v5.2.0 is ~5 ms slower for good (its strength meter), and landed 36 s before the pool filled; but in failing traces accounts' own spans take milliseconds; the 5 s are spent waiting in otp-sender."},
				{"gateway-waf", "The WAF blocks a few /api/search requests a minute since 19:39; signups fail with 504 after 5 s, not with a 403."},
				{"postgres-locks", "postgres latency is flat; failing signups never reach their INSERT."},
				{"bot-signups", "The new users come from many countries, mostly from social referrers, and verify their codes at the usual rate: real people. Traffic grew; the ceiling did not."},
				{"otp-sender-memory", "otp-sender's memory is flat and it never restarts; its workers are all busy, not gone."},
			},
			RedHerrings: []string{"accounts-deploy", "waf-rules", "email", "sms-provider-slow"},
			Proof: []Proof{
				ProveMetric(1, "api-gateway", telemetry.RateName(telemetry.HTTP), 10, T),
				ProvePod(2, "otp-sender", telemetry.BusyName, 0, T-0.5, T+8),
				ProveLog(3, "otp-sender", "inflight=48/48").Within(T, T+4),
			},
			Debrief: `A creator's post went viral and signups grew steadily from 19:37. Every signup sends a
one-time code through otp-sender, which runs as a single pod because it holds the SMS
provider's session, with a pool of 48 workers hard-coded years ago. At ~350 ms a send that
is ~137 codes a second. At 19:46 traffic crossed it: the pool was full, codes queued, those
that waited 5 s were dropped, and accounts rolled the signups back. Nothing changed in the
system; the traffic outgrew a limit nobody remembered.

The tempting shortcut: the change log. accounts released 36 s before the pool filled and is
really a little slower for good; the WAF change came as traffic started to rise. Neither
explains a saturation that tracks the traffic. The first metric to move was traffic itself,
nine minutes earlier.

Fastest path: put each service's saturation next to its traffic. otp-sender's workers reach
1.0 and its throughput flattens while demand keeps growing: a ceiling. Its dispatcher stats
say inflight=48/48. Know your fixed limits, and alert on saturation, not only on errors.
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
