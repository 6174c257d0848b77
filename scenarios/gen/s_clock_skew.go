package main

import (
	"fmt"
	"time"
)

// After an EC2 live migration, node ip-10-0-3-17's clock runs 95 s slow
// (chrony had been stopped). The two orders-api pods on it see every
// freshly issued JWT as issued in the future and reject it: a third of
// orders requests get 401. A JWKS key rotation five minutes earlier and an
// auth deploy are the traps: a wrong key fails as "signature is invalid",
// everywhere.
func clockSkew() *Script {
	const T = 19.0 // the live migration
	const node = "ip-10-0-3-17.ec2.internal"
	type pod struct{ name, node string }
	pods := []pod{
		{"orders-api-5b7d8c9f6-4kzqp", "ip-10-0-1-44.ec2.internal"},
		{"orders-api-5b7d8c9f6-9wvtd", node},
		{"orders-api-5b7d8c9f6-hx2mr", "ip-10-0-2-9.ec2.internal"},
		{"orders-api-5b7d8c9f6-l7cjn", "ip-10-0-4-120.ec2.internal"},
		{"orders-api-5b7d8c9f6-rq8vs", node},
		{"orders-api-5b7d8c9f6-z5nbk", "ip-10-0-2-9.ec2.internal"},
	}
	skew := PL(0, 0, T, 0, T+0.01, -95)
	var logs []Src
	for _, p := range pods {
		extra := []string{"node", p.node}
		src := func(level string, perMin Fn, req bool, tmpls ...string) Src {
			s := Src{Svc: "orders-api", Level: level, PerMin: perMin, Msg: Tmpl(tmpls...), Req: req, Pod: p.name, Extra: extra}
			if p.node == node {
				s.Skew = skew
			}
			return s
		}
		ok := C(1.3)
		if p.node == node {
			ok = PL(0, 1.3, T, 1.3, T+0.01, 0.05)
			logs = append(logs, src("WARN", PL(0, 0, T, 0, T+0.01, 1.5), true,
				"POST /v1/orders 401 {ms:0.6:0.3}ms: token has invalid claims: token used before issued",
				"GET /v1/orders?customer={int:100000:999999} 401 {ms:0.6:0.3}ms: token has invalid claims: token used before issued"))
		}
		logs = append(logs,
			src("INFO", ok, true, "POST /v1/orders 201 {ms:48:0.5}ms", "GET /v1/orders?customer={int:100000:999999} 200 {ms:22:0.5}ms"),
			src("WARN", C(0.02), true, "GET /v1/orders?customer={int:100000:999999} 401 {ms:0.5:0.3}ms: token has invalid claims: token is expired"),
			src("INFO", C(0.12), false, "jwks: refreshed 2 keys from https://auth.prod.svc.cluster.local/.well-known/jwks.json"),
		)
	}
	logs = append(logs,
		Access("api-gateway", C(7), C(45), 0.6, "POST /api/orders 201", "GET /api/orders 200", "GET /api/profile 200", "GET /api/search?q={pick:boots|tent|lamp|kettle} 200"),
		Reqs("api-gateway", "INFO", PL(0, 0.1, T, 0.1, T+0.05, 3.5), "POST /api/orders 401 {ms:3:0.3}ms upstream=orders-api", "GET /api/orders 401 {ms:3:0.3}ms upstream=orders-api"),
		Access("profile-api", C(4), C(18), 0.5, "GET /v1/profile 200", "PUT /v1/profile/address 200"),
		Access("auth", C(4), C(9), 0.5, "POST /oauth/token 200 grant_type=refresh_token", "POST /oauth/token 200 grant_type=password"),
		Once("auth", "INFO", 14, "signing key rotated: new kid=2026-01 (RS256); kid=2025-12 stays in JWKS for 24h"),
		Once("auth", "INFO", 20.6, "starting auth v3.7.0 (git d2e3f4a): refresh-token reuse detection"),
		Reqs("auth", "WARN", C(0.3), "POST /oauth/token 400 invalid_grant: refresh token reused, revoking family {hex:12}"),
		Reqs("web", "ERROR", C(2.2), "SSR /product/{int:1000:9999}: TypeError: Cannot read properties of undefined (reading 'variants')", "SSR /checkout: fetch failed: GET /api/cart: 499 client closed request", "hydration mismatch on /search: server rendered {int:20:48} results, client {int:20:48}"),
		Access("web", C(4), C(90), 0.5, "GET /product/{int:1000:9999} 200", "GET /search 200"),
		Once("web", "INFO", 7.1, "web v9.3.0 (git 8a9b0c1) ready: next 15.1, 412 routes"),
		Access("inventory", C(3), C(6), 0.5, "/inventory.v1.Inventory/Check OK"),
		Src{Svc: "inventory", Level: "INFO", Pod: "inventory-6d5c4b3a2-k8m2x", PerMin: C(1), Req: true, Msg: Tmpl("/inventory.v1.Inventory/Check OK {ms:6:0.4}ms"), Extra: []string{"node", node}, Skew: skew},
		Access("search", C(3), C(30), 0.5, "POST /v1/search 200"),
		Once("search", "INFO", 15.5, "synonyms reload: 18211 sets (cron */30)"),
		Lines("redis", "INFO", C(0.2), "Background saving started by pid {int:100:999}", "DB saved on disk"),
		Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
	)
	return &Script{
		ID: "orders-401", Seed: "clock-skew", Title: "A third of order requests get 401", Difficulty: 5, TimeLimit: 25 * time.Minute,
		Tags:  []string{"auth", "tokens", "orders"},
		Start: time.Date(2026, 1, 27, 9, 0, 0, 0, time.UTC), Minutes: 45, Step: 15, Sampled: 0.02,
		Briefing: `[SEV2] orders-api 401 ratio above 10% for 2 minutes (normally 0.1%).
Customers are logged out while placing orders; logging in again sometimes helps, sometimes not.
Auth rotated its signing key this morning. Find the root cause.
`,
		Hints: []string{
			"Failing and succeeding requests carry the same kind of token. What else differs between them?",
			"Group the 401s by pod, then by node. Then look at the timestamps on those pods' lines.",
			"'Used before issued' compares two clocks. Whose clock is wrong?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"orders-api", "profile-api", "web", "search"}},
			{Name: "web", Calls: []string{"api-gateway"}, Pods: 3},
			{Name: "orders-api", Calls: []string{"auth", "inventory", "postgres"}, Pods: 6},
			{Name: "profile-api", Calls: []string{"auth", "postgres", "redis"}, Pods: 4},
			{Name: "auth", Calls: []string{"redis", "postgres"}},
			{Name: "inventory", Pods: 3},
			{Name: "search", Pods: 3},
			{Name: "redis", Pods: 1, Sts: true},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 7, ID: "web-deploy", Kind: "deploy", Svc: "web", Text: "web v9.3.0 (git 8a9b0c1) rolled out by argo-cd (3/3 pods): new product page"},
			{At: 14, ID: "jwks-rotation", Kind: "config", Svc: "auth", Text: "auth signing key rotated: kid 2025-12 -> 2026-01 (old key kept in JWKS for 24h)"},
			{At: 20.5, ID: "auth-deploy", Kind: "deploy", Svc: "auth", Text: "auth v3.7.0 (git d2e3f4a) rolled out by argo-cd (3/3 pods): refresh-token reuse detection"},
			{At: 22, ID: "alert-401", Kind: "alert", Svc: "orders-api", Text: "[SEV2] orders-api 401 ratio > 10% for 2m"},
			{At: 23, ID: "alert-4xx", Kind: "alert", Svc: "api-gateway", Text: "[WARN] api-gateway 4xx ratio > 5% for 2m"},
			{At: 26, ID: "aws-health", Kind: "note", Text: "AWS Health: scheduled system maintenance completed for i-0f3a9c2b71d4e5a60 (" + node + "); instance live-migrated 09:19"},
		},
		Metrics: []Metric{
			{Svc: "orders-api", Name: "node_timex_offset_seconds{node=ip-10-0-3-17}", Unit: "s", F: PL(0, 0.0004, T, 0.0004, T+0.01, -95.2), Noise: PL(0, 0.25, T, 0.25, T+0.01, 0.0003), Prec: 4, Gaps: [][2]float64{{T - 0.1, T + 0.1}}},
			{Svc: "orders-api", Name: "node_timex_offset_seconds{node=ip-10-0-1-44}", Unit: "s", F: C(0.0003), Jit: 0.1, Prec: 4},
			{Svc: "orders-api", Name: "http_401_ratio", Unit: "%", F: PL(0, 0.1, T, 0.1, T+0.05, 31), Jit: 0.04, Gaps: [][2]float64{{33, 33.25}}},
			{Svc: "orders-api", Name: "http_request_p95_ms", Unit: "ms", F: C(70), Jit: 0.04},
			{Svc: "api-gateway", Name: "http_4xx_ratio", Unit: "%", F: PL(0, 1.5, T, 1.5, T+0.1, 9.2), Jit: 0.04},
			{Svc: "api-gateway", Name: "http_rps", Unit: "rps", F: PL(0, 610, 45, 625), Jit: 0.02},
			{Svc: "profile-api", Name: "http_401_ratio", Unit: "%", F: C(0.1), Jit: 0.05},
			{Svc: "auth", Name: "tokens_issued_per_s", Unit: "rps", F: PL(0, 85, T+0.5, 85, T+2, 96), Jit: 0.03},
			{Svc: "auth", Name: "jwks_requests_per_s", Unit: "rps", F: Pulse(C(0.3), 14, 15, 11.7), Jit: 0.05},
			{Svc: "auth", Name: "cpu_pct", Unit: "%", F: Pulse(C(24), 20.5, 21, 20), Jit: 0.04},
			{Svc: "redis", Name: "evicted_keys_per_s", Unit: "ops/s", F: C(0.8), Jit: 0.1},
		},
		Logs:  logs,
		Holes: []Hole{{Svc: "search", From: 30, To: 31}},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{3.6, 9.1, 13.4, 17.7} {
				trs = append(trs, Tr{At: at, Root: ordersAPITrace(g, false, i == 1)})
			}
			for i, at := range []float64{20.2, 23.9, 25.4, 28.6, 31.7, 35.0, 39.3} {
				trs = append(trs, Tr{At: at, Root: ordersAPITrace(g, i%3 != 2, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"jwks-rotation", "auth's signing key rotation left some services checking tokens against a stale key"},
			{"auth-release", "auth's new release issues tokens whose claims orders-api cannot parse"},
			{"orders-jwt-lib", "orders-api's JWT library rejects the new token format on some pods"},
			{"gateway-headers", "api-gateway strips the Authorization header on some order routes"},
			{"node-clock", "one node's clock fell behind, so pods on it reject freshly issued tokens"},
			{"redis-sessions", "redis evicted session keys, so some sessions are treated as logged out"},
			{"replica-lag", "a lagging postgres replica returns stale users to orders-api lookups"},
			{"web-release", "the web app's new release sends expired tokens until users sign in again"},
			{"credential-stuffing", "a credential-stuffing bot replays stolen tokens against the order pages"},
		},
		Answer: Answer{
			Choice: "node-clock", Onset: T,
			Chain: []string{
				"At 09:19 node ip-10-0-3-17 was live-migrated by AWS; with chronyd stopped since last week, its clock came back 95 s slow",
				"The two orders-api pods on that node compare each token's iat (issued-at) with their own clock: a token issued seconds ago looks 95 s in the future",
				"golang-jwt rejects those tokens ('token used before issued'): 2 of 6 pods answer 401, so http_401_ratio jumps 0.1% -> 31%",
				"Clients that retry land on a healthy pod one time in three, so 'logging in again sometimes helps'",
			},
			Evidence: []string{
				"node_timex_offset_seconds{node=ip-10-0-3-17} goes from ~0 to -95 s in the 09:19:15 scrape, the same scrape in which orders-api http_401_ratio jumps to 31%",
				"Every 'token used before issued' line comes from orders-api-5b7d8c9f6-9wvtd or -rq8vs, both node=ip-10-0-3-17; their log timestamps run 95 s behind the others'",
				"Traces through those pods show server spans starting ~95 s before their parent client spans; inventory's pod on the same node shows the same shift but succeeds (it checks no token)",
				"profile-api validates the same tokens with the same keys and its http_401_ratio stays at 0.1%",
			},
			Wrong: [][2]string{
				{"jwks-rotation", "A stale key fails as 'signature is invalid', on every pod of every service. The rotation was at 09:14, five minutes of clean requests before 09:19, and profile-api never saw a 401."},
				{"auth-release", "auth v3.7.0 rolled out at 09:20:30, after the 401s began at 09:19:15; tokens it issues are accepted by four of the six orders-api pods."},
				{"orders-jwt-lib", "All six orders-api pods run the same image and library; only the two on ip-10-0-3-17 reject tokens, and the error is about time, not format."},
				{"gateway-headers", "The 401s are written by orders-api after parsing the token's claims, so the header arrived."},
				{"redis-sessions", "redis evicted_keys_per_s is flat, and orders-api validates JWTs locally without a session lookup."},
				{"replica-lag", "A user lookup never runs for these requests: they are rejected while the token is validated, in under a millisecond."},
				{"web-release", "web shipped at 09:07 and its SSR errors are at the same rate as before; the tokens are fresh, not expired: 'used before issued' is the opposite of expired."},
				{"credential-stuffing", "Request volume at the gateway is flat, and the rejected tokens were issued seconds earlier by auth to real sessions."},
			},
			RedHerrings: []string{"jwks-rotation", "auth-deploy", "web-deploy", "web", "auth-release"},
			Proof: []Proof{
				ProveMetric(1, "orders-api", "node_timex_offset_seconds{node=ip-10-0-3-17}", T, T+6),
				ProveLog(2, "orders-api", "token used before issued").Within(T, T+3),
				ProveMetric(3, "orders-api", "http_401_ratio", T, T+6),
			},
			Debrief: `AWS live-migrated the instance behind node ip-10-0-3-17 at 09:19 for scheduled maintenance.
chronyd had been stopped on that node a week earlier, so nothing corrected the clock when the
instance came back 95 s slow. JWT validation checks that a token's issued-at time is not in
the future; on that node's two orders-api pods every fresh token was. They rejected a third
of all order requests with 401 while the other four pods accepted the same tokens.

Fastest path: split the 401s by pod and node: they all come from one node. Then check that
node's clock offset, or simply notice that those pods' lines and spans are stamped 95 s
earlier than everyone else's. The AWS Health note at 09:26 says what happened at 09:19.

Coaching: the key rotation is the story the briefing hands you, and it fails the checks: it
happened five clean minutes earlier, the error text is about time rather than signatures,
and another service validating the same tokens is fine. Compare the failing cohort with the
healthy one on every dimension you have: pod, node, version, tenant. Clock skew shows up as
causality violations: children that start before their parents.
`,
		},
	}
}

// ordersAPITrace is POST /api/orders. skewed requests land on a pod of
// ip-10-0-3-17: its server span is stamped 95 s early and rejects the
// token. dropped loses the orders-api server span (orphaned children).
func ordersAPITrace(g *G, skewed, dropped bool) *Sp {
	var srv *Sp
	if skewed {
		srv = S("orders-api", "POST /v1/orders", 0, g.LogNormal(0.6, 0.3)).E().A("http.status_code", "401", "k8s.node.name", "ip-10-0-3-17.ec2.internal",
			"error.message", "token has invalid claims: token used before issued")
	} else {
		inv := Call(g, "orders-api", "inventory.Check", 1, S("inventory", "/inventory.v1.Inventory/Check", 0, g.LogNormal(5, 0.3)))
		pg := Leaf("orders-api", "INSERT orders", inv.Off+inv.Dur+0.5, g.LogNormal(3, 0.3)).A("db.system", "postgresql")
		srv = S("orders-api", "POST /v1/orders", 0, pg.Off+pg.Dur+2, inv, pg).A("http.status_code", "201", "k8s.node.name", "ip-10-0-2-9.ec2.internal")
		if dropped {
			srv.Drop()
		}
	}
	c := Call(g, "api-gateway", "orders-api POST /v1/orders", 2, srv)
	if skewed {
		srv.Off -= 95000
		c.A("http.status_code", "401")
	}
	root := S("api-gateway", "POST /api/orders", 0, c.Dur+5, c)
	status := "201"
	if skewed {
		status = "401"
	}
	return root.A("http.status_code", status).L(fmt.Sprintf("POST /api/orders %s %dms", status, int(root.Dur)))
}
