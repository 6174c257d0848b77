package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// After an EC2 live migration, one node's clock runs 95 s slow (its
// chronyd has not reached its time source for a week). The orders-api pod
// on it sees every freshly issued JWT as issued in the future and rejects
// it: a third of orders requests get 401. No change caused it. Thirty-six
// seconds earlier auth rotated its signing key to a 4096-bit one, which
// really does make its token endpoint slower and busier for good; nine
// seconds before the skew, api-gateway took a config reload that makes it slightly
// faster for good. Every "one replica of three" story (a pod's stale key
// cache, a pod restarted with other settings, a gateway replica) draws the
// same first Metrics screen; per-pod logs, node series and spans tell them
// apart.
func clockSkew() *Script {
	const T = 19.0  // the live migration
	const K = 18.4  // the key rotation (decoy)
	const R = 18.85 // api-gateway's config reload (decoy)
	const bad = 0   // the orders-api replica slot on the migrated node
	nodes := []string{"ip-10-0-3-17", "ip-10-0-1-44", "ip-10-0-2-9"}
	node := func(slot int) string { return nodes[(slot+nodeOffset)%len(nodes)] }
	skewNode := node(bad)
	skew := PL(0, 0, T, 0, T+0.01, -95)
	rsa := Step(K, 1, 1.5) // 4096-bit signatures cost more
	fail := PL(0, 0.001, T, 0.001, T+0.02, 0.334)
	gwLat := Step(R, 45, 41) // the reload's keep-alive tuning: a lasting, harmless gain
	var logs []Src
	for slot := range 3 {
		extra := []string{"node", node(slot) + ".ec2.internal"}
		src := func(level string, perMin Fn, req bool, tmpls ...string) Src {
			s := Src{Svc: "orders-api", Level: level, PerMin: perMin, Msg: Tmpl(tmpls...), Req: req, Extra: extra}.OnSlot(slot)
			if slot == bad {
				s.Skew = skew
			}
			return s
		}
		pin := func(s Src) Src {
			s.Extra = extra
			if slot == bad {
				s.Skew = skew
			}
			return s.OnSlot(slot)
		}
		ok := C(3)
		if slot == bad {
			ok = PL(0, 3, T, 3, T+0.01, 0.05)
			logs = append(logs, src("ERROR", PL(0, 0, T, 0, T+0.01, 3), true,
				"POST /v1/orders 401 {ms:0.6:0.3}ms: token has invalid claims: token used before issued",
				"GET /v1/orders?customer={int:100000:999999} 401 {ms:0.6:0.3}ms: token has invalid claims: token used before issued"))
		}
		logs = append(logs,
			src("INFO", ok, true, "POST /v1/orders 201 {ms:48:0.5}ms", "GET /v1/orders?customer={int:100000:999999} 200 {ms:22:0.5}ms"),
			src("ERROR", C(0.03), true, "GET /v1/orders?customer={int:100000:999999} 401 {ms:0.5:0.3}ms: token has invalid claims: token is expired"),
			pin(Src{Svc: "orders-api", Level: "INFO", PerMin: C(0.12), Msg: func(g *G, m float64) string {
				kids := "2025-11,2025-12"
				if m > K {
					kids = "2025-12,2026-01"
				}
				return "jwks: refreshed keys from https://auth.prod.svc.cluster.local/.well-known/jwks.json: kids=" + kids
			}}),
			pin(Once("orders-api", "INFO", K+0.12+0.07*float64(slot), "jwks: key set changed: added kid=2026-01, dropped kid=2025-11 (2 keys)")),
		)
	}
	logs = append(logs,
		Access("api-gateway", C(6), gwLat, 0.6, "GET /api/profile 200", "GET /api/search?q={pick:boots|tent|lamp|kettle} 200", "PUT /api/profile/address 200"),
		Access("api-gateway", Mul(C(5), Sum(C(1), Mul(C(-1), fail))), Sum(gwLat, C(15)), 0.6, "POST /api/orders 201", "GET /api/orders 200"),
		Reqs("api-gateway", "ERROR", Mul(C(5), fail), "POST /api/orders 401 {ms:3:0.3}ms upstream=orders-api", "GET /api/orders 401 {ms:3:0.3}ms upstream=orders-api"),
		Access("profile-api", C(4), C(18), 0.5, "GET /v1/profile 200", "PUT /v1/profile/address 200"),
		Reqs("profile-api", "ERROR", C(0.03), "GET /v1/profile 401 {ms:0.5:0.3}ms: token has invalid claims: token is expired"),
		Access("auth", C(4), func(m float64) float64 { return 9 * rsa(m) }, 0.5, "POST /oauth/token 200 grant_type=refresh_token", "POST /oauth/token 200 grant_type=password"),
		Once("auth", "INFO", K+0.01, "signing key rotated: new kid=2026-01 (RS256, 4096 bit); kid=2025-12 stays in JWKS for 24h"),
		Once("api-gateway", "INFO", R+0.01, "config reloaded: version 212 (upstream keepalive_requests 1000 -> 10000, idle 60s -> 90s)").OnSlot(0),
		Once("api-gateway", "INFO", R+0.02, "config reloaded: version 212 (upstream keepalive_requests 1000 -> 10000, idle 60s -> 90s)").OnSlot(1),
		Once("api-gateway", "INFO", R+0.03, "config reloaded: version 212 (upstream keepalive_requests 1000 -> 10000, idle 60s -> 90s)").OnSlot(2),
		Reqs("auth", "WARN", C(0.3), "POST /oauth/token 400 invalid_grant: refresh token reused, revoking family {hex:12}"),
		Once("nodes", "WARN", T+0.01, "kernel: clocksource: timekeeping watchdog on CPU1: Marking clocksource 'tsc' as unstable because the skew is too large").On(skewNode),
		Once("nodes", "INFO", T+0.02, "kernel: clocksource: Switched to clocksource kvm-clock").On(skewNode),
		Once("nodes", "INFO", T+0.03, "kernel: ena 0000:00:05.0 eth0: Device reset completed (live migration)").On(skewNode),
		Lines("nodes", "INFO", C(0.25), "chronyd[812]: Selected source 169.254.169.123 (Amazon Time Sync), offset {int:1:90}us").On(node(1)),
		Lines("nodes", "INFO", C(0.25), "chronyd[807]: Selected source 169.254.169.123 (Amazon Time Sync), offset {int:1:90}us").On(node(2)),
		Lines("nodes", "WARN", C(0.2), "chronyd[809]: Can't synchronise: no selectable sources (169.254.169.123 unreachable)").On(skewNode),
		Lines("web", "ERROR", C(2.2), "SSR /product/{int:1000:9999}: TypeError: Cannot read properties of undefined (reading 'variants')", "SSR /checkout: fetch failed: GET /api/cart: 499 client closed request", "hydration mismatch on /search: server rendered {int:20:48} results, client {int:20:48}"),
		Access("web", C(5), C(90), 0.5, "GET /product/{int:1000:9999} 200", "GET /search 200"),
		Lines("postgres", "INFO", C(1), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled",
			"LOG:  duration: {msf:300:0.3} ms  statement: SELECT id, status FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 20"),
	)
	s := &Script{
		ID: "orders-401", Seed: "clock-skew", Title: "Customers signed out while placing orders", Difficulty: 5, TimeLimit: 25 * time.Minute,
		Tags:  []string{"auth", "orders", "sev2"},
		Start: time.Date(2026, 1, 27, 9, 0, 0, 0, time.UTC), Minutes: 40, Step: 30, Sampled: 0.02,
		Briefing: `[SEV2] orders-api 401 ratio above 10% for 2 minutes (normally 0.1%).
Support: customers are sent back to the sign-in page when they place or view an order;
signing in again sometimes helps, sometimes not.
Find the root cause.
`,
		Hints: []string{
			"Failing and succeeding requests carry the same kind of token. What else differs between them?",
			"Group the 401s by pod, then by node. Then look at the timestamps on those pods' lines.",
			"'Used before issued' compares two clocks. Whose clock is wrong?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"orders-api", "profile-api", "web"}, Pods: 3},
			{Name: "web", Calls: []string{"api-gateway"}, Pods: 1},
			{Name: "orders-api", Calls: []string{"auth", "postgres"}, Pods: 3},
			{Name: "profile-api", Calls: []string{"auth", "postgres"}, Pods: 2},
			{Name: "auth", Calls: []string{"postgres"}, Pods: 2},
			{Name: "postgres", Pods: 1, Sts: true},
			{Name: "nodes"},
		},
		Hosts: &Hosts{Service: "nodes", Names: nodes, F: func(i int, m float64) telemetry.NodeState {
			off := 0.3 * math.Sin(m*1.7+float64(i)) // chrony keeps it within a millisecond
			if nodes[i] == skewNode {
				off += -12 + 1000*skew(m) // unsynchronised for a week: a few ms off, until the migration
			}
			return telemetry.NodeState{CPU: 0.35 + 0.05*float64(i), DiskFreeGiB: 61 - 4*float64(i), NetMbps: 110 + 15*float64(i), Conntrack: 0.08 + 0.02*float64(i), ClockOffsetMs: off}
		}},
		Events: []Ev{
			{At: 7, ID: "web-deploy", Kind: "deploy", Svc: "web", Text: "web v9.3.0 (git 8a9b0c1) rolled out by argo-cd (1/1 pods): new product page"},
			{At: K, ID: "jwks-rotation", Kind: "config", Svc: "auth", Text: "auth signing key rotated: kid 2025-12 -> 2026-01, RSA 4096 (old key kept in JWKS for 24h)"},
			{At: R, ID: "gateway-config", Kind: "config", Svc: "api-gateway", Text: "api-gateway config v212 applied by argo-cd (PR #812: bump deps, tune upstream client settings)"},
			{At: T + 3, ID: "alert-401", Kind: "alert", Svc: "orders-api", Text: "[SEV2] orders-api 401 ratio > 10% for 2m"},
			{At: T + 4, ID: "alert-4xx", Kind: "alert", Svc: "api-gateway", Text: "[WARN] api-gateway 4xx ratio > 5% for 2m"},
		},
		Logs:  logs,
		Holes: []Hole{{Svc: "web", From: 30, To: 31}},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{3.6, 9.1, 13.4, 17.7} {
				trs = append(trs, Tr{At: at, Root: ordersAPITrace(g, false, i == 1, skewNode, node(1))})
			}
			for i, at := range []float64{20.2, 23.9, 25.4, 28.6, 31.7, 35.0, 38.3} {
				trs = append(trs, Tr{At: at, Root: ordersAPITrace(g, i%3 != 2, false, skewNode, node(1+i%2))})
			}
			return trs
		},
		Choices: []Choice{
			{"jwks-rotation", "auth's new key type yields signatures that some token validators cannot verify"},
			{"stale-keys", "one orders-api pod kept validating with the keys it cached before the rotation"},
			{"pod-settings", "one orders-api pod was restarted by hand with a stricter expected token audience"},
			{"gateway-replica", "one api-gateway replica drops the Authorization header on its calls to orders-api"},
			{"host-time", "one machine's clock fell behind, so the orders-api pod there rejects new tokens"},
			{"revoked-sessions", "auth began revoking session families, so a share of customers hold dead tokens"},
			{"web-release", "the web app's new release sends expired tokens until customers sign in again"},
			{"credential-stuffing", "a credential-stuffing bot replays stolen tokens against the order endpoints"},
		},
		Answer: Answer{
			Choice: "host-time", Onset: T,
			Chain: []string{
				"At 09:19 the instance behind node " + skewNode + " was live-migrated (the kernel's 'timekeeping watchdog' marks its clocksource unstable); its chronyd had not reached its time source for a week ('no selectable sources'), so nothing corrected the clock",
				"The clock came back 95 s slow (node_clock_offset_ms{node=\"" + skewNode + "\"} drops to -95000). The orders-api pod on that node compares each token's iat (issued-at) with its own clock: a token issued seconds ago looks 95 s in the future",
				"golang-jwt rejects those tokens ('token used before issued'): one of three pods answers 401, so orders-api's http_errors_ratio jumps from 0.1% to a third",
				"Clients that retry land on a healthy pod two times in three, so signing in again sometimes helps",
			},
			Evidence: []string{
				"node_clock_offset_ms{node=\"" + skewNode + "\"} (nodes) sits at -12 ms (unsynchronised, while the other nodes stay under a millisecond) and drops to -95000 ms in the 09:19:30 scrape, the scrape in which orders-api's http_errors_ratio jumps to a third",
				"Every 'token used before issued' line comes from the one orders-api pod with node=" + skewNode + ".ec2.internal; its log timestamps run 95 s behind the others'",
				"Traces through that pod show its POST /v1/orders server span failing and starting ~95 s before its parent client span",
				"That pod logged 'key set changed: added kid=2026-01' at 09:18:31, before its first 401, and keeps refreshing the same keys as its healthy siblings",
			},
			Wrong: [][2]string{
				{"jwks-rotation", "The rotation at 09:18:24 is real and lasting (auth's token endpoint is slower and busier with the 4096-bit key), but an unverifiable signature fails as 'signature is invalid', on every pod of every service; profile-api never saw a 401 and two orders-api pods accept every token."},
				{"stale-keys", "The failing pod logged 'key set changed: added kid=2026-01' at 09:18:31 like its two siblings, and its periodic refreshes list kids=2025-12,2026-01; a missing key fails as 'key not found', not 'token used before issued'."},
				{"pod-settings", "No orders-api pod restarted: the pod names are the same all window and restarts_total stays flat on every pod; a wrong audience fails as 'token has invalid audience', not 'token used before issued'."},
				{"gateway-replica", "api-gateway's 401 lines come evenly from all three of its pods, while orders-api's come from one; and orders-api rejects these tokens after parsing their claims, so the header arrived. The gateway's config reload at 09:18:51 is real (its latency is a few ms lower for good) and reached all three pods alike ('config reloaded: version 212' on each)."},
				{"revoked-sessions", "auth's 'refresh token reused, revoking family' lines keep their usual rate all window, profile-api accepts the same sessions, and the rejected tokens were issued seconds earlier."},
				{"web-release", "web shipped at 09:07 and its SSR errors are at the same rate as before; the tokens are fresh, not expired: 'used before issued' is the opposite of expired."},
				{"credential-stuffing", "Request volume at the gateway is flat, and the rejected tokens were issued seconds earlier by auth to real sessions."},
			},
			RedHerrings: []string{"jwks-rotation", "gateway-config", "web-deploy", "web"},
			Proof: []Proof{
				ProveLog(1, "nodes", "timekeeping watchdog"),
				ProveLog(1, "nodes", "no selectable sources"),
				ProveMetric(2, "nodes", telemetry.NodeSeriesName(telemetry.NodeClockName, skewNode), T-1, T+20),
				ProveSpan(2, "orders-api", "POST /v1/orders", true),
				ProveLog(2, "orders-api", "key set changed: added kid=2026-01"),
				ProveLog(3, "orders-api", "token used before issued").Within(T-2, T+3),
				ProveMetric(3, "orders-api", telemetry.ErrorsName(telemetry.HTTP), T, T+20),
			},
			Debrief: `AWS live-migrated the instance behind node ` + skewNode + ` at 09:19 for scheduled maintenance.
That node's chronyd had not reached its time source for a week ("no selectable sources"), so
nothing corrected the clock when the instance came back 95 s slow. JWT validation checks that a
token's issued-at time is not in the future; on that node's orders-api pod every fresh token
was. It rejected a third of all order requests with 401 while the other two pods accepted the
same tokens. No change caused this incident.

The tempting quick bet: a third of requests failing with three orders-api pods reads as "one
replica of three is broken", and the first Metrics screen shows nothing more: orders-api's
errors jump, auth got slower 36 s earlier and api-gateway a little faster 9 s earlier. But four
stories draw that same screen: one node's clock, one pod's stale key cache after auth's
rotation, one pod restarted with other settings, and one api-gateway replica out of three. Only
deeper evidence separates them. The failing pod picked up the new key before its first 401
('key set changed'); no pod restarted (same names, restarts_total flat); the gateway's 401s
come from all its pods; and the error text says 'token used before issued', a comparison of
clocks. The change log offers two culprits around the cliff, auth's key rotation and
api-gateway's config reload, each with a real, lasting effect (auth slower, the gateway a
little faster); a key problem fails as "signature is invalid" everywhere, and the reload
reached all three gateway pods alike.

Fastest path: split the 401s by pod and node: they all come from one pod on one node. Then
check that node's clock offset and its chronyd lines, or notice that the pod's lines and spans
are stamped 95 s earlier than everyone else's. Coaching: compare the failing cohort with the
healthy one on every dimension you have (pod, node, version, tenant); clock skew shows up as
causality violations, children that start before their parents.
`,
		},
	}
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(620), func(m float64) float64 { return 0.001 + 0.5*fail(m) }, gwLat, 3), Res: pods(C(0.5), C(220), C(0.5), C(0.2), C(0.25))},
		{Svc: "web", Kind: telemetry.HTTP, RT: telemetry.Go, Version: "v9.2.4", Rollout: 7, NewVersion: "v9.3.0",
			Req: web(C(90), C(0.02), C(90), 3), Res: pods(C(0.4), C(480), C(1.2), C(0.3), C(0.2))},
		{Svc: "orders-api", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(300), fail, func(m float64) float64 { return 30 - 9*fail(m) }, 3.5),
			Res: pods(C(0.35), C(260), C(0.5), C(0.2), C(0.2))},
		{Svc: "profile-api", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(140), C(0.001), C(18), 3), Res: pods(C(0.2), C(190), C(0.4), C(0.1), C(0.12))},
		{Svc: "auth", Kind: telemetry.HTTP, RT: telemetry.JVM,
			Req: web(C(85), C(0.002), func(m float64) float64 { return 9 * rsa(m) }, 3),
			Res: pods(func(m float64) float64 { return 0.3 * (1 + 0.8*(rsa(m)-1)) }, C(900), C(11), func(m float64) float64 { return 0.15 * rsa(m) }, C(0.1))},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native, Gaps: [][2]float64{{33.4, 33.6}},
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 800 - 200*fail(m), Err: 0.0003, P50: 0.7, P95: 3, P99: 8}
			},
			Res: pods(C(0.9), C(5800), C(0), C(0.25), C(0))},
	})
	return s
}

// nodeOffset is where the deal of pods onto nodes starts for orders-api
// (the generator draws it): replica slot i runs on nodes[(i+nodeOffset)%3].
const nodeOffset = 1

// ordersAPITrace is POST /api/orders. skewed requests land on the pod of
// skewNode: its server span is stamped 95 s early and rejects the
// token. dropped loses the orders-api server span (orphaned children).
func ordersAPITrace(g *G, skewed, dropped bool, skewNode, okNode string) *Sp {
	var srv *Sp
	if skewed {
		srv = S("orders-api", "POST /v1/orders", 0, g.LogNormal(0.6, 0.3)).E().A("http.status_code", "401", "k8s.node.name", skewNode+".ec2.internal",
			"error.message", "token has invalid claims: token used before issued")
	} else {
		sel := Leaf("orders-api", "SELECT customers", 1, g.LogNormal(2, 0.3)).A("db.system", "postgresql")
		pg := Leaf("orders-api", "INSERT orders", sel.Off+sel.Dur+0.5, g.LogNormal(3, 0.3)).A("db.system", "postgresql")
		srv = S("orders-api", "POST /v1/orders", 0, pg.Off+pg.Dur+2, sel, pg).A("http.status_code", "201", "k8s.node.name", okNode+".ec2.internal")
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
