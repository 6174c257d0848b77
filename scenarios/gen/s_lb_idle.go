package main

import (
	"fmt"
	"time"

	"firedrill/game/sim/telemetry"
)

// A platform terraform run moves inventory's target group to a new
// internal load balancer whose idle timeout is 30 s; checkout's HTTP client
// keeps idle connections for 90 s. Every connection idle between 30 and 90
// s is closed by the balancer behind checkout's back, and the next request
// that reuses it fails before reaching inventory. Forty seconds earlier
// inventory shipped a release that really is slower (a lasting +25 % on
// its latency): the change on the failing path, and the wrong one. The
// first Metrics screen (checkout failing a few percent, inventory error-
// free) fits five stories: the balancer's idle timeout, inventory's new
// release closing idle connections itself, checkout's node out of source
// ports, packet loss on the path, checkout's pool running dry. The error
// text, the address that reset, inventory's start line and checkout's
// client stats tell them apart.
func lbIdle() *Script {
	const T = 12.0                               // the terraform apply (culprit, logged)
	const D = 11.3                               // inventory v3.9.0 (decoy)
	stale := PL(0, 0, T+0.1, 0, T+0.8, 1, 30, 1) // share of checkout's pooled connections behind the new balancer
	resetShare := func(m float64) float64 { return 0.04 * stale(m) }
	slower := Step(D, 1, 1.25)
	invP50 := func(m float64) float64 { return 20 * slower(m) }
	const A = 12.5                                                     // checkout-config: confirmation emails sent async (decoy)
	own := func(m float64) float64 { return 60 - 22*Step(A, 0, 1)(m) } // checkout's own time per order
	kind := 0                                                          // which error text checkout's next failed order logs
	s := &Script{
		ID: "orders-fail-for-a-few", Seed: "lb-idle", Title: "Orders fail for a few customers", Difficulty: 2, TimeLimit: 12 * time.Minute,
		Tags:  []string{"errors", "networking", "sev3"},
		Start: time.Date(2025, 12, 9, 15, 0, 0, 0, time.UTC), Minutes: 30, Step: 30, Sampled: 0.1,
		Briefing: `[SEV3] api-gateway POST /api/orders 5xx above 2% for 5 minutes.
Support: about one order in twenty-five ends on "something went wrong"; browsing and search are fine.
Find the root cause.
`,
		Hints: []string{
			"Do the failed order calls ever reach inventory? Compare the two sides of the call.",
			"How long do the failing calls take, and what does checkout's error say about the connection it used and who closed it?",
			"Which host name is in checkout's error, and when did requests start going through it?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"checkout", "search"}, Pods: 2},
			{Name: "checkout", Calls: []string{"inventory", "postgres"}, Pods: 2},
			{Name: "inventory", Calls: []string{"postgres"}, Pods: 2},
			{Name: "search", Pods: 2},
			{Name: "postgres", Pods: 1, Sts: true},
		},
		Events: []Ev{
			{At: 5, ID: "search-reindex", Kind: "note", Svc: "search", Text: "search: hourly synonyms reload (18211 sets)"},
			{At: D, ID: "inventory-deploy", Kind: "deploy", Svc: "inventory", Text: "inventory v3.9.0 (git e41a7d2) rolled out by argo-cd (2/2 pods): per-warehouse stock reservations, bump deps"},
			{At: T, ID: "terraform-apply", Kind: "config", Text: "terraform apply by platform-ci (PR #1290, network module v4.2.0): 14 to change, 3 to add, 3 to destroy"},
			{At: A, ID: "checkout-config", Kind: "config", Svc: "checkout", Text: "configmap checkout-config: ORDER_CONFIRMATION_MODE sync -> async (ticket CO-1187)"},
			{At: T + 5, ID: "alert-502", Kind: "alert", Svc: "api-gateway", Text: "[SEV3] api-gateway POST /api/orders 5xx > 2% for 5m"},
		},
		Logs: []Src{
			Access("api-gateway", C(7), C(35), 0.6, "GET /api/search?q={pick:boots|tent|lamp|kettle} 200", "GET /api/products/{int:1000:9999} 200"),
			Access("api-gateway", func(m float64) float64 { return 4 * (1 - resetShare(m)) }, C(95), 0.5, "POST /api/orders 201"),
			{Svc: "api-gateway", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 4 * resetShare(m) }, Msg: func(g *G, m float64) string {
				return fmt.Sprintf("POST /api/orders 502 %dms upstream=checkout: upstream returned 502 Bad Gateway", 8+g.IntN(9))
			}},
			Access("checkout", func(m float64) float64 { return 5 * (1 - resetShare(m)) }, func(m float64) float64 { return own(m) + invP50(m) }, 0.5, "POST /v1/orders 201"),
			{Svc: "checkout", Level: "ERROR", Req: true, PerMin: func(m float64) float64 { return 5 * resetShare(m) }, Msg: func(g *G, m float64) string {
				kind++ // the three ways a read on a dropped connection ends, in turn
				switch kind % 3 {
				case 0:
					return fmt.Sprintf(`POST /v1/orders 502 %dms: reserve stock: Post "http://lb-internal-2.internal/inventory/v1/reservations": read tcp 10.2.%d.%d:%d->10.2.9.40:80: read: connection reset by peer`, 3+g.IntN(6), 1+g.IntN(6), 10+g.IntN(240), 30000+g.IntN(30000))
				case 1:
					return fmt.Sprintf(`POST /v1/orders 502 %dms: reserve stock: Post "http://lb-internal-2.internal/inventory/v1/reservations": http: server closed idle connection`, 3+g.IntN(6))
				}
				return fmt.Sprintf(`POST /v1/orders 502 %dms: reserve stock: Post "http://lb-internal-2.internal/inventory/v1/reservations": EOF`, 3+g.IntN(6))
			}},
			Reqs("checkout", "WARN", C(0.05), "POST /v1/orders 409 {ms:40:0.3}ms: cart changed during checkout, client must reload"),
			// before the move the only failed orders are checkout's rare 409s (a
			// cart changed under the customer), which the gateway passes on
			Once("checkout", "WARN", 4.62, "POST /v1/orders 409 38ms: cart changed during checkout, client must reload").OnSlot(0),
			Once("api-gateway", "WARN", 4.622, "POST /api/orders 409 43ms upstream=checkout: cart changed during checkout").OnSlot(1),
			Once("checkout", "WARN", 9.85, "POST /v1/orders 409 45ms: cart changed during checkout, client must reload").OnSlot(1),
			Once("api-gateway", "WARN", 9.852, "POST /api/orders 409 51ms upstream=checkout: cart changed during checkout").OnSlot(0),
			// the first failed orders after the move, each passed on as a 502
			Once("checkout", "ERROR", T+0.3, `POST /v1/orders 502 4ms: reserve stock: Post "http://lb-internal-2.internal/inventory/v1/reservations": read tcp 10.2.3.117:41873->10.2.9.40:80: read: connection reset by peer`).OnSlot(1),
			Once("api-gateway", "ERROR", T+0.302, "POST /api/orders 502 9ms upstream=checkout: upstream returned 502 Bad Gateway").OnSlot(0),
			Once("checkout", "ERROR", T+0.62, `POST /v1/orders 502 6ms: reserve stock: Post "http://lb-internal-2.internal/inventory/v1/reservations": http: server closed idle connection`).OnSlot(0),
			Once("api-gateway", "ERROR", T+0.622, "POST /api/orders 502 11ms upstream=checkout: upstream returned 502 Bad Gateway").OnSlot(1),
			// checkout's client stats: idle connections to spare, no dial
			// errors; after the move it opens new ones for those it lost.
			{Svc: "checkout", Level: "INFO", PerMin: C(0.5), Msg: func(g *G, m float64) string {
				return fmt.Sprintf("inventory client: pool idle=%d in_use=%d new_conns=%d dial_errors=0 idle_conn_timeout=90s", 20+g.IntN(20), 1+g.IntN(4), g.IntN(2)+int(stale(m)*float64(6+g.IntN(6))))
			}},
			Access("inventory", func(m float64) float64 { return 5 * (1 - resetShare(m)) }, invP50, 0.5, "POST /v1/reservations 201", "GET /v1/stock/{int:1000:9999} 200"),
			Reqs("inventory", "WARN", C(0.25), "POST /v1/reservations: sku-{int:10000:99999} low stock ({int:1:4} left), reserving anyway"),
			Once("checkout", "INFO", A+0.03, "config reloaded: order confirmation mode=async").OnSlot(0),
			Once("checkout", "INFO", A+0.05, "config reloaded: order confirmation mode=async").OnSlot(1),
			Once("inventory", "INFO", D+0.02, "starting inventory v3.9.0 (git e41a7d2): per-warehouse reservations; http server idle_timeout=120s read_timeout=10s").OnSlot(0),
			Once("inventory", "INFO", D+0.27, "starting inventory v3.9.0 (git e41a7d2): per-warehouse reservations; http server idle_timeout=120s read_timeout=10s").OnSlot(1),
			Access("search", C(6), C(25), 0.5, "POST /v1/search 200"),
			Lines("postgres", "INFO", C(1), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled",
				"LOG:  duration: {msf:150:0.3} ms  statement: UPDATE stock SET reserved = reserved + $1 WHERE sku = $2 AND warehouse = $3"),
			Lines("postgres", "ERROR", C(0.06), "ERROR:  could not serialize access due to concurrent update"),
			Once("postgres", "ERROR", 2.37, "ERROR:  could not serialize access due to concurrent update"),
			Once("postgres", "ERROR", 8.06, "ERROR:  could not serialize access due to concurrent update"),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{3.4, 7.9, 10.6} {
				trs = append(trs, Tr{At: at, Root: orderReserveTrace(g, false, i == 1, 20)})
			}
			for i, at := range []float64{13.2, 15.7, 18.1, 20.9, 24.4, 27.3} {
				trs = append(trs, Tr{At: at, Root: orderReserveTrace(g, i%2 == 0, false, 25)})
			}
			return trs
		},
		Choices: []Choice{
			{"server-idle", "inventory's new build closes idle connections before checkout stops reusing them"},
			{"source-ports", "checkout's node runs short of source ports for the connections it opens"},
			{"packet-loss", "a network path change loses part of the packets between the two services"},
			{"pool-dry", "checkout's client pool runs dry and it refuses the orders it cannot place"},
			{"balancer-idle", "a balancer on the way drops idle connections that checkout still reuses"},
		},
		Answer: Answer{
			Choice: "balancer-idle", Onset: T,
			Chain: []string{
				"At 15:12 a terraform run moved inventory's target group to a new balancer, lb-internal-2, whose idle timeout is 30 s; checkout keeps idle pooled connections for 90 s ('idle_conn_timeout=90s')",
				"Every pooled connection idle for more than 30 s is closed by the balancer without checkout noticing; the next order that reuses it fails in a few ms with 'connection reset by peer', EOF or 'server closed idle connection', from the balancer's address",
				"Those calls never reach inventory (its http_errors_ratio stays flat); checkout's http_errors_ratio rises to about 4% from 15:12:30",
				"api-gateway passes the 502s on; customers who retry get a fresh or busy connection and succeed",
			},
			Evidence: []string{
				"http_errors_ratio (checkout) rises from ~0.1% to ~4% from the 15:12:30 scrape while inventory's stays flat",
				"checkout's errors name 'lb-internal-2.internal' and fail in 3-9 ms (reset by 10.2.9.40, the balancer, not an inventory pod): nothing was sent to inventory",
				"Failing traces hold one short failed client span 'inventory POST /v1/reservations' with no inventory server span; successful ones look as before",
				"checkout's client stats: 'idle_conn_timeout=90s', 'dial_errors=0', idle connections to spare; inventory v3.9.0 starts with 'idle_timeout=120s'",
			},
			Wrong: [][2]string{
				{"server-idle", "inventory v3.9.0 is slower for good (its median rose about a quarter at 15:11:18), but its start lines say its server keeps idle connections 120 s, longer than checkout's 90 s; the resets come from 10.2.9.40, the balancer's address in the error text, not from an inventory pod, and they begin at 15:12, half a minute after the rollout had finished."},
				{"source-ports", "Out of source ports, new connections fail at connect ('cannot assign requested address'); checkout's client stats say dial_errors=0 throughout, and the failures are reads on reused connections (reset, EOF, server closed idle connection)."},
				{"packet-loss", "Lost packets make calls slow (retransmits, timeouts) before they fail; these fail in 3-9 ms, checkout's p99 shows no tail of slow calls, and only reused idle connections fail, never fresh ones."},
				{"pool-dry", "checkout's client stats show 20 to 40 idle connections to spare every minute; the failures come from reusing one of them, not from waiting for one. Its config change at 15:12:30 only made order confirmations asynchronous, and its orders faster for good."},
			},
			RedHerrings: []string{"inventory-deploy", "checkout-config", "search-reindex", "server-idle"},
			Proof: []Proof{
				ProveEvent(1, "terraform-apply"),
				ProveLog(1, "checkout", "idle_conn_timeout=90s").Within(T, 30),
				ProveLog(2, "checkout", "lb-internal-2.internal").Within(T, 30),
				ProveLog(2, "checkout", "connection reset by peer").Within(T, 30),
				ProveLog(2, "checkout", "server closed idle connection").Within(T, 30),
				ProveSpan(3, "checkout", "inventory POST /v1/reservations", true),
				ProveMetric(3, "checkout", telemetry.ErrorsName(telemetry.HTTP), T, 30),
				ProveLog(3, "checkout", "dial_errors=0").Within(T, 30),
				ProveLog(3, "inventory", "idle_timeout=120s"),
			},
			Debrief: `A platform terraform run at 15:12 consolidated internal load balancers and moved inventory's
target group to lb-internal-2, which closes connections idle for 30 s. checkout's HTTP client
keeps idle connections in its pool for 90 s and trusts them. Whenever it reused one that had
sat idle for 30 to 90 s, the balancer had already dropped it: the request failed in a few
milliseconds with a reset or EOF, never reached inventory, and became a 502.

The tempting quick bet: the first Metrics screen shows checkout failing a few percent while
inventory answers everything it gets, and five stories draw that: a balancer's idle timeout,
inventory's new build closing idle connections itself, checkout's node short of source ports,
packet loss on a changed path, checkout's pool running dry. The change log offers three changes
within a minute: inventory v3.9.0 forty seconds before (it really is slower for good), a
terraform run that says only "14 to change", and checkout's config half a minute after
(confirmations went asynchronous; its orders really got faster). Here the culprit IS the
change nearest the cliff, so the habit "it is never the nearest change" fails too.

The evidence: the failing calls take 3-9 ms and are reads on reused connections (reset, EOF,
server closed idle connection), so not a slow lossy path and not a connect failure
(dial_errors=0). They are reset by 10.2.9.40 behind lb-internal-2.internal, not by an inventory
pod, and inventory's start lines keep idle_timeout=120s, longer than checkout's 90 s. The first
errors come at 15:12, half a minute after the rollout had finished and with the terraform run.

Fastest path: compare both sides of the failing call (checkout errors, inventory none), read
the error text (a reused connection, a new host name) and find that host in the change log.
Coaching: a keep-alive must be shorter on the client than on anything between it and the
server; when a middlebox's timeout changes, the oldest idle connections fail first.
`,
		},
	}
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(380), func(m float64) float64 { return 0.001 + 0.4*resetShare(m) }, C(40), 3), Res: pods(C(0.45), C(210), C(0.5), C(0.15), C(0.2))},
		{Svc: "checkout", Kind: telemetry.HTTP, RT: telemetry.Go,
			Req: web(C(95), func(m float64) float64 { return 0.001 + resetShare(m) }, func(m float64) float64 { return own(m) + invP50(m) }, 2.5),
			Res: pods(C(0.3), C(230), C(0.5), C(0.15), C(0.12))},
		{Svc: "inventory", Kind: telemetry.HTTP, RT: telemetry.Go, Version: "v3.8.4", Rollout: D, NewVersion: "v3.9.0",
			Req: web(func(m float64) float64 { return 95 * (1 - resetShare(m)) }, C(0.001), invP50, 3),
			Res: pods(func(m float64) float64 { return 0.2 * (1 + 0.8*(slower(m)-1)) }, C(180), C(0.4), func(m float64) float64 { return 0.08 * slower(m) }, func(m float64) float64 { return 0.08 * slower(m) })},
		{Svc: "search", Kind: telemetry.HTTP, RT: telemetry.JVM, Gaps: [][2]float64{{20.9, 21.1}},
			Req: web(C(160), C(0.002), C(25), 3), Res: pods(C(0.6), C(1900), C(12), C(0.2), C(0.05))},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native,
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 500, Err: 0.0004, P50: 0.8, P95: 3, P99: 8}
			},
			Res: pods(C(0.8), C(5100), C(0), C(0.22), C(0))},
	})
	return s
}

// orderReserveTrace is POST /api/orders. reset: checkout reuses a pooled
// connection the balancer already closed, and the reservation call fails
// in a few ms with no inventory span. dropped: checkout's server span was
// not exported.
func orderReserveTrace(g *G, reset, dropped bool, inv float64) *Sp {
	var call *Sp
	status := "201"
	if reset {
		call = Leaf("checkout", "inventory POST /v1/reservations", 1, g.Uniform(2, 8)).E().A("server.address", "lb-internal-2.internal", "error.message", "read: connection reset by peer")
		status = "502"
	} else {
		call = Call(g, "checkout", "inventory POST /v1/reservations", 1, S("inventory", "POST /v1/reservations", 0, g.LogNormal(inv, 0.3)))
	}
	ins := Leaf("checkout", "INSERT orders", call.Off+call.Dur+0.5, g.LogNormal(3, 0.3)).A("db.system", "postgresql")
	kids := []*Sp{call}
	if !reset {
		kids = append(kids, ins)
	}
	last := kids[len(kids)-1]
	co := S("checkout", "POST /v1/orders", 0, last.Off+last.Dur+3, kids...).A("http.status_code", status)
	if reset {
		co.E()
	}
	if dropped {
		co.Drop()
	}
	root := S("api-gateway", "POST /api/orders", 0, co.Dur+4, Call(g, "api-gateway", "checkout POST /v1/orders", 2, co)).A("http.status_code", status)
	if reset {
		root.E()
	}
	return root.L(fmt.Sprintf("POST /api/orders %s %dms", status, int(root.Dur)))
}
