package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// recs v2.3.0 caches every session's features in a map with no eviction.
// It was rolled out by hand (kubectl set image), so no change event
// records it: only the pods' names, their version label and their start-up
// lines do. Each new pod's working set climbs in a straight line from its
// start; G1 goes to full collections, requests stall, and the pods are
// OOMKilled one after another. storefront's release 36 s earlier is in the
// change log and really costs it more CPU for good; a marketing push
// raises traffic 10 % five minutes on: the traps are "the release" and
// "traffic".
func memoryLeak() *Script {
	const (
		T = 16.0 // recs v2.3.0 rolled out by hand
		S = 15.4 // storefront v5.4.0
	)
	oom := []float64{T + 11.4, T + 13.2, T + 14.3} // each new pod's first OOMKill
	users := Sum(Wave(700, 0.02, 29, 0.3), PL(0, 0, 21, 0, 22, 70))
	since := func(p telemetry.Pod, m float64) (float64, int) { // minutes since the container (re)started, restarts
		from := minutes(p.From)
		if p.Version != "v2.3.0" {
			return m - from, 0
		}
		if m >= oom[p.Slot] {
			return m - oom[p.Slot], 1
		}
		return m - from, 0
	}
	memOf := func(p telemetry.Pod, m float64) float64 {
		if p.Version != "v2.3.0" {
			return 1520 + 15*float64(p.Slot)
		}
		up, _ := since(p, m)
		return math.Min(4090, 1300+250*up)
	}
	stall := func(m float64) float64 { // share of recs requests caught behind a full GC
		worst := 0.0
		for _, at := range oom {
			worst = math.Max(worst, PL(0, 0, at-4.5, 0, at-2, 0.6, at, 0.9, at+0.1, 0)(m))
		}
		return worst
	}
	recsP50 := Sum(C(35), Mul(stall, C(1400)), Pulse(C(0), T, T+1.2, 40))
	fallback := Mul(stall, C(0.6))
	sfP50 := Sum(PL(0, 60, S+0.1, 60, S+0.5, 84), Mul(fallback, C(1300)))
	return &Script{
		ID: "home-page-slow", Seed: "memory-leak", Title: "Home page slow, recommendations missing", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"storefront", "latency", "recommendations"},
		Start: time.Date(2025, 12, 2, 20, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.02,
		Briefing: `[SEV2] storefront p99 above 3s for 3 minutes. Home pages render without the
"recommended for you" row. recs pods are restarting. A marketing push went out tonight.
Find the root cause.
`,
		Hints: []string{
			"Something started climbing well before anything was slow. Find where it starts.",
			"Compare recs' pods: their names, their version label, and when each one's memory began to climb.",
			"Compare when traffic rose with when the climb began.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"storefront"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: users, Err: C(0.0008), P50: Sum(C(40), Mul(fallback, C(900))), Tail: C(6), CPUms: 0.4}.Std()},
			{Name: "storefront", Calls: []string{"recs", "catalog"}, Pods: 2, Version: "v5.3.9", Rollouts: []Rollout{{At: S, Version: "v5.4.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: users, Err: C(0.001), P50: sfP50, Tail: C(5), CPUms: 1.2,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Version == "v5.4.0" {
							r.CPU *= 1.45 // the new home layout renders two more carousels
							r.MemMiB *= 1.1
						}
					}}.Std()},
			{Name: "recs", Calls: []string{"feature-store", "catalog"}, Pods: 3, Version: "v2.2.4", Rollouts: []Rollout{{At: T, Version: "v2.3.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 3, RPS: Mul(users, C(0.8)), Err: Sum(C(0.001), Mul(fallback, C(0.03))), P50: recsP50, Tail: C(5), CPUms: 3, Mem: 1500,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.MemMiB = memOf(p, m)
						_, r.Restarts = since(p, m)
						if r.MemMiB > 3300 {
							r.GCPauseMs = 1600 + 800*(r.MemMiB-3300)/800 // back-to-back full collections
							r.CPU *= 1.8
						}
					}}.Std([2]float64{T + 11.5, T + 12})},
			{Name: "catalog", Calls: []string{"feature-store"}, Pods: 2, Version: "v8.0.2",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(1.6)), Err: C(0.0005), P50: C(9), CPUms: 0.8}.Std()},
			{Name: "feature-store", Pods: 2, Version: "v0.19.1", Rollouts: []Rollout{{At: 19.05, Replicas: 1}, {At: 19.3, Replicas: 2}}, // a pod evicted by the node patch and rescheduled
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(2.2), Sum(C(1), Mul(fallback, C(-0.3)))), Err: C(0.0004),
					P50: PL(0, 1.8, 19.3, 1.8, 19.5, 3.1), Tail: C(2.5), CPUms: 0.3}.Std()},
		},
		Events: []Ev{
			{At: S, ID: "storefront-deploy", Kind: "deploy", Svc: "storefront", Text: "storefront v5.4.0 (git 2c90e1b) rolled out by argo-cd (2/2 pods): winter home layout"},
			{At: 19, ID: "node-patch", Kind: "config", Text: "node pool patch: ip-10-0-2-41.ec2.internal drained, kernel 6.1.112 -> 6.1.115, rebooted, uncordoned"},
			{At: 21, ID: "marketing-push", Kind: "note", Text: "marketing: 'Winter sale' push notification sent to 1.2M users"},
			{At: 24.5, ID: "alert-gc", Kind: "alert", Svc: "recs", Text: "[WARN] recs GC pause p99 > 500ms for 2m"},
			{At: 29, ID: "alert-storefront", Kind: "alert", Svc: "storefront", Text: "[SEV2] storefront p99 > 3s for 3m"},
		},
		Logs: Join(
			Shares("api-gateway", C(10), C(0.0008), C(40), 0.6, []string{"GET / 200", "GET /api/home 200", "GET /api/products/{int:1000:9999} 200"},
				[]string{"GET /api/home 502"}),
			Shares("storefront", C(8), C(0.001), sfP50, 0.5, []string{"GET /home 200", "GET /product/{int:1000:9999} 200"},
				[]string{"GET /home 500"}),
			Shares("recs", C(7), Sum(C(0.001), Mul(fallback, C(0.03))), recsP50, 0.8, []string{"GET /v1/recs 200"}, []string{"GET /v1/recs 503"}),
			Of(
				Reqs("storefront", "WARN", Mul(fallback, C(15)), `recs.Get: Get "http://recs.prod.svc.cluster.local:8080/v1/recs?user={int:1000000:9999999}": context deadline exceeded (Client.Timeout exceeded while awaiting headers); serving fallback row`),
				Reqs("storefront", "ERROR", C(0.3), "render home.html: campaign {pick:winter-sale|bf-2025|gift-guide}: hero image missing, using default"),
				Src{Svc: "recs", Level: "INFO", PerMin: C(2), Msg: func(g *G, m float64) string {
					h := 1100 + 40*math.Mod(m, 7)
					if m >= T {
						h = math.Min(3700, 700+230*(m-T))
					}
					return fmt.Sprintf("[gc] GC(%d) Pause Young (Normal) (G1 Evacuation Pause) %dM->%dM(4096M) %.3fms", 1800+int(m*40)+g.IntN(20), int(h)+400+g.IntN(300), int(h), g.LogNormal(14, 0.3))
				}},
				Src{Svc: "recs", Level: "WARN", PerMin: Mul(stall, C(4)), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("[gc] GC(%d) Pause Full (G1 Compaction Pause) %dM->%dM(4096M) %.3fms", 2400+int(m*40)+g.IntN(20), 4000+g.IntN(90), 3900+g.IntN(60), g.LogNormal(2200, 0.3))
				}},
				Lines("storefront", "INFO", C(2), "session store: {int:40000:52000} active sessions, {int:300:900} new/min"),
				Once("recs", "INFO", T+0.1, "Started RecsApplication in 21.377 seconds (process running for 22.9) version=2.3.0 git=81f2ab4").OnSlot(0),
				Once("recs", "INFO", T+0.35, "Started RecsApplication in 20.902 seconds (process running for 22.1) version=2.3.0 git=81f2ab4").OnSlot(1),
				Once("recs", "INFO", T+0.6, "Started RecsApplication in 21.840 seconds (process running for 23.3) version=2.3.0 git=81f2ab4").OnSlot(2),
				Once("recs", "INFO", T+0.11, "SessionFeatureCache initialised: ConcurrentHashMap, eviction=none").OnSlot(0),
				Once("recs", "ERROR", oom[0]-0.05, "java.lang.OutOfMemoryError: Java heap space").OnSlot(0),
				Once("recs", "WARN", oom[0]+0.05, "Container recs was OOMKilled (Exit Code: 137); kubelet restarting it (restart 1)").OnSlot(0),
				Once("recs", "ERROR", oom[1]-0.05, "java.lang.OutOfMemoryError: Java heap space").OnSlot(1),
				Once("recs", "WARN", oom[1]+0.05, "Container recs was OOMKilled (Exit Code: 137); kubelet restarting it (restart 1)").OnSlot(1),
				Once("recs", "WARN", oom[2]+0.05, "Container recs was OOMKilled (Exit Code: 137); kubelet restarting it (restart 1)").OnSlot(2),
				Reqs("recs", "WARN", C(0.3), "rank user {int:1000000:9999999}: feature-store returned 404 for feature vector (cold user)"),
				Access("catalog", C(5), C(10), 0.5, "GET /v1/products/{int:1000:9999} 200", "POST /v1/products:batchGet 200"),
				Once("catalog", "INFO", 13, "search-index refresh started (cron 13,43 * * * *)"),
				Once("catalog", "INFO", 14, "search-index refresh done: 48211 docs in 52.8s"),
				Once("storefront", "INFO", S+0.05, "storefront v5.4.0 (git 2c90e1b) listening on :8080, layout=winter-2025").OnSlot(0),
				Once("storefront", "INFO", S+0.3, "storefront v5.4.0 (git 2c90e1b) listening on :8080, layout=winter-2025").OnSlot(1),
				Access("feature-store", C(6), C(1.8), 0.4, "GET /v1/features/user/{int:1000000:9999999} 200", "GET /v1/features/item/{int:1000:9999} 200"),
				Once("feature-store", "WARN", 19.04, "Evicted: pod drained from node ip-10-0-2-41.ec2.internal (node pool patch); rescheduling").OnSlot(1),
				Once("feature-store", "INFO", 19.35, "local segment cache empty on this node: reading segments from s3 until warm (est. 3h)").OnSlot(1),
				Lines("feature-store", "ERROR", C(0.6), "compaction: segment {hex:8} checksum mismatch, re-fetching from s3"),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{3.5, 9.2, 14.8} {
				trs = append(trs, Tr{At: at, Root: homeTrace(g, 0, false)})
			}
			for i, at := range []float64{19.4, 23.6, 25.2, 26.9, 28.5, 30.3, 33.0} {
				trs = append(trs, Tr{At: at, Root: homeTrace(g, []float64{0, 900, 1800, 2600, 1200, 2900, 2100}[i], i == 4)})
			}
			return trs
		},
		Choices: []Choice{
			{"traffic-growth", "the marketing push sent more traffic than the recs pods can serve"},
			{"storefront-widget", "storefront's new release waits on recs longer before giving up"},
			{"kernel-patch", "the node kernel patch makes JVMs on the patched node stall"},
			{"feature-store-slow", "feature-store lookups slowed, so recs holds every request longer"},
			{"heap-too-small", "recs pods have too little heap for tonight's product catalog"},
			{"recs-session-map", "recs keeps state for every visitor and never lets any of it go"},
			{"catalog-reindex", "catalog's index refresh starves recs of the product data it needs"},
		},
		Answer: Answer{
			Choice: "recs-session-map", Onset: T,
			Chain: []string{
				"recs v2.3.0 was rolled out by hand at 20:16 (no change event; new pod names, version label 2.3.0): it caches every session's features in a map with no eviction",
				"Each v2.3.0 pod's memory_working_set_mib climbs ~250 MiB a minute from its start, where the v2.2.4 pods sat flat at ~1.5 GiB",
				"Near the 4 GiB limit G1 runs back-to-back full collections: gc_pause_p99_ms goes from ~30 ms to 1.6 s and more, and recs stalls",
				"storefront's recs calls time out and it serves the fallback row; the pods are OOMKilled one by one from 20:27",
			},
			Evidence: []string{
				"recs' pods change names at 20:16 and log 'Started RecsApplication … version=2.3.0' and 'SessionFeatureCache initialised: ConcurrentHashMap, eviction=none'; the change log has nothing for recs",
				"http_request_duration_p99_ms (recs) rises at 20:16:30 as the new JVMs warm up, the first sign of the unlogged rollout",
				"memory_working_set_mib of every v2.3.0 pod rises in a straight line from the pod's start; each restart starts the climb again from the bottom",
				"api-gateway's http_requests_per_second rises 10% only at 20:21-20:22, five minutes after the climb began",
			},
			Wrong: [][2]string{
				{"traffic-growth", "Traffic rose 10% at 20:21, five minutes after memory began to climb, and v2.2.4 handled the same rate at a flat 1.5 GiB. 10% more traffic does not turn a flat line into a ramp."},
				{"storefront-widget", "storefront v5.4.0 really is slower for good from 20:15:24, ~60 -> ~84 ms at the median, as it renders two more carousels; but its timeout to recs is unchanged (the fallback row is served) and its latency follows recs'."},
				{"kernel-patch", "Only ip-10-0-2-41 was patched, at 20:19, and recs' memory had been climbing for three minutes by then, on every node."},
				{"feature-store-slow", "feature-store did get slower, ~1.8 -> ~3 ms, for good, once its pod evicted by the node patch came back with a cold cache at 20:19; a millisecond cannot make recs take seconds, and in slow recs traces the time passes before the feature-store call."},
				{"heap-too-small", "4 GiB held v2.2.4's working set at 1.5 GiB all evening. A heap that is merely too small fills once and levels off; this one grows without end, again after each restart."},
				{"catalog-reindex", "The index refresh ran 20:13-20:14 and finished before the rollout; catalog's latency stayed flat."},
			},
			RedHerrings: []string{"storefront-deploy", "marketing-push", "node-patch", "feature-store", "catalog-reindex", "traffic-growth"},
			Proof: []Proof{
				ProveLog(1, "recs", "version=2.3.0"),
				ProveLog(1, "recs", "SessionFeatureCache initialised: ConcurrentHashMap, eviction=none"),
				ProvePod(2, "recs", telemetry.MemoryName, 0, T+2, T+11),
				ProveLog(4, "recs", "OOMKilled"),
			},
			Debrief: `recs v2.3.0 added session-aware ranking and cached each session's features in a
ConcurrentHashMap with no eviction. It was rolled out by hand with kubectl set image, so the
change log never saw it; the pods did: new names, version label 2.3.0, a start-up line saying
eviction=none. From each new pod's start its working set climbed in a straight line. Ten
minutes later it neared the 4 GiB limit; G1 fell back to full collections of 2-3 s, requests
stalled behind them, storefront timed out and showed the fallback row, and the pods were
OOMKilled in turn.

The tempting shortcut: the change log. It shows storefront's release 36 seconds before the
hand rollout, which really did make storefront ~24 ms slower for good, and a marketing push
that really did add 10% traffic. Neither turns a flat memory line into a ramp; a version that
only the pods announce does.

Fastest path: memory is what a service really keeps; a healthy one holds it flat. Here each
pod's line rises from that pod's start and restarts from the bottom after each OOMKill. Then
read the pods' start-up lines. Correlation needs an order and a mechanism: traffic rose at
20:21, five minutes into the climb.
`,
		},
	}
}

// homeTrace is GET /api/home. pause is a stop-the-world stall inside recs
// before it does any work; past 800 ms storefront gives up on recs and
// serves the fallback row (its client span errors, recs' span runs on).
func homeTrace(g *G, pause float64, dropped bool) *Sp {
	fs := Call(g, "recs", "feature-store GET /v1/features", pause+1, S("feature-store", "GET /v1/features/user/{id}", 0, g.LogNormal(1.8, 0.3)))
	recs := S("recs", "GET /v1/recs", 0, pause+fs.Dur+g.LogNormal(20, 0.3), fs)
	var rc *Sp
	if pause > 780 {
		recs.Off = 0.7
		rc = &Sp{Svc: "storefront", Name: "recs GET /v1/recs", Off: 3, Dur: 800, Client: true, Kids: []*Sp{recs}}
		rc.E().A("error.message", "context deadline exceeded (Client.Timeout exceeded while awaiting headers)")
	} else {
		rc = Call(g, "storefront", "recs GET /v1/recs", 3, recs)
	}
	cat := S("catalog", "POST /v1/products:batchGet", 0, g.LogNormal(9, 0.3))
	if dropped {
		cat.Drop()
		cat.Kids = []*Sp{Leaf("catalog", "feature-store GET /v1/features/item", 0.5, g.LogNormal(1.5, 0.3))}
	}
	cc := Call(g, "storefront", "catalog POST /v1/products:batchGet", rc.Off+rc.Dur+1, cat)
	sf := S("storefront", "GET /home", 0, cc.Off+cc.Dur+6, rc, cc)
	root := S("api-gateway", "GET /api/home", 0, sf.Dur+4, Call(g, "api-gateway", "storefront GET /home", 2, sf)).A("http.status_code", "200")
	if pause > 780 {
		sf.A("recs.fallback", "true")
	}
	return root.L(fmt.Sprintf("GET /api/home 200 %dms", int(root.Dur)))
}
