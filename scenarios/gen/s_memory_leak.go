package main

import (
	"fmt"
	"time"
)

// recs v2.3.0 caches every session's features in a map with no eviction.
// Fresh pods start low after the rollout, then heap after GC climbs in a
// straight line; G1 goes to full collections, requests stall, and the pods
// are OOMKilled one after another. A marketing push raises traffic 10%
// and a node kernel patch lands in between: the trap is "traffic".
func memoryLeak() *Script {
	const T = 16.0 // recs v2.3.0 rolls out
	heap := PL(0, 1120, T, 1120, T+0.15, 700, T+12, 3700, T+13.5, 3550, 45, 3750)
	return &Script{
		ID: "home-page-slow", Seed: "memory-leak", Title: "Home page slow, recommendations missing", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"storefront", "latency", "recommendations"},
		Start: time.Date(2025, 12, 2, 20, 0, 0, 0, time.UTC), Minutes: 45, Step: 20, Sampled: 0.02,
		Briefing: `[SEV2] storefront p99 above 3s for 5 minutes. Home pages render without the
"recommended for you" row. recs pods are restarting. A marketing push went out tonight.
Find the root cause.
`,
		Hints: []string{
			"Something started climbing well before anything was slow. Find where it starts.",
			"Look at recs' heap after each garbage collection, from before the rollout to the first restart.",
			"Compare when traffic rose with when the heap began to climb.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"storefront"}},
			{Name: "storefront", Calls: []string{"recs", "catalog"}},
			{Name: "recs", Calls: []string{"feature-store", "catalog"}},
			{Name: "catalog", Calls: []string{"feature-store"}},
			{Name: "feature-store", Pods: 2},
		},
		Events: []Ev{
			{At: T, ID: "recs-deploy", Kind: "deploy", Svc: "recs", Text: "recs v2.3.0 (git 81f2ab4) rolled out by argo-cd (3/3 pods): session-aware ranking"},
			{At: 19, ID: "node-patch", Kind: "config", Text: "node pool patch: ip-10-0-2-41.ec2.internal drained, kernel 6.1.112 -> 6.1.115, rebooted, uncordoned"},
			{At: 21, ID: "marketing-push", Kind: "note", Text: "marketing: 'Winter sale' push notification sent to 1.2M users"},
			{At: 24.5, ID: "alert-gc", Kind: "alert", Svc: "recs", Text: "[WARN] recs GC pause p99 > 500ms for 2m"},
			{At: 26, ID: "alert-storefront", Kind: "alert", Svc: "storefront", Text: "[SEV2] storefront p99 > 3s for 5m"},
		},
		Metrics: []Metric{
			{Svc: "recs", Name: "jvm_heap_after_gc_mb", Unit: "MiB", F: heap, Jit: 0.008, Gaps: [][2]float64{{T + 11.5, T + 12}}},
			{Svc: "recs", Name: "jvm_gc_pause_p99_ms", Unit: "ms", F: PL(0, 30, T+6.5, 32, T+9.5, 1600, T+12, 2400, T+13.5, 1500), Jit: 0.07, Gaps: [][2]float64{{T + 11.5, T + 12}}},
			{Svc: "recs", Name: "ready_pods", Unit: "count", F: PL(0, 3, T+11.4, 3, T+11.5, 2, T+12.5, 2, T+12.6, 3, T+13.2, 3, T+13.3, 2, T+14.3, 2, T+14.4, 3), Prec: 0},
			{Svc: "recs", Name: "http_request_p99_ms", Unit: "ms", F: PL(0, 250, T+7, 255, T+10, 3000), Jit: 0.05, Gaps: [][2]float64{{T + 11.5, T + 12}}},
			{Svc: "storefront", Name: "recs_fallback_ratio", Unit: "%", F: PL(0, 0.1, T+8, 0.1, T+10, 38), Jit: 0.06},
			{Svc: "storefront", Name: "http_request_p99_ms", Unit: "ms", F: PL(0, 420, T+8, 425, T+10, 3100), Jit: 0.05},
			{Svc: "api-gateway", Name: "http_rps", Unit: "rps", F: PL(0, 700, 21, 700, 22, 775, 45, 770), Jit: 0.015},
			{Svc: "catalog", Name: "cpu_pct", Unit: "%", F: Pulse(C(30), 13, 14, 32), Jit: 0.035},
			{Svc: "feature-store", Name: "http_request_p99_ms", Unit: "ms", F: C(4.2), Jit: 0.05},
		},
		Logs: []Src{
			Access("api-gateway", C(6), C(40), 0.6, "GET / 200", "GET /api/home 200", "GET /api/products/{int:1000:9999} 200"),
			Reqs("api-gateway", "ERROR", C(0.05), "GET /api/home 502 upstream=storefront: upstream connect error or disconnect/reset before headers"),
			Access("storefront", C(5), PL(0, 60, T+8, 60, T+10, 850), 0.5, "GET /home 200", "GET /product/{int:1000:9999} 200"),
			Reqs("storefront", "ERROR", PL(0, 0.05, T+8, 0.05, T+10, 9), `recs.Get: Get "http://recs.prod.svc.cluster.local:8080/v1/recs?user={int:1000000:9999999}": context deadline exceeded (Client.Timeout exceeded while awaiting headers); serving fallback row`),
			Reqs("storefront", "ERROR", C(0.3), "render home.html: campaign {pick:winter-sale|bf-2025|gift-guide}: hero image missing, using default"),
			Access("recs", PL(0, 5, 21, 5, 22, 5.5), PL(0, 35, T+7, 35, T+10, 900), 0.8, "GET /v1/recs 200"),
			{Svc: "recs", Level: "INFO", PerMin: C(2), Msg: func(g *G, m float64) string {
				h := heap(m)
				return fmt.Sprintf("[gc] GC(%d) Pause Young (Normal) (G1 Evacuation Pause) %dM->%dM(4096M) %.3fms", 1800+int(m*40)+g.IntN(20), int(h)+400+g.IntN(300), int(h), g.LogNormal(14, 0.3))
			}},
			{Svc: "recs", Level: "WARN", PerMin: PL(0, 0, T+7, 0, T+9.5, 2.5), Msg: func(g *G, m float64) string {
				h := heap(m)
				return fmt.Sprintf("[gc] GC(%d) Pause Full (G1 Compaction Pause) %dM->%dM(4096M) %.3fms", 2400+int(m*40)+g.IntN(20), min(int(h)+300, 4090), int(h)-g.IntN(30), g.LogNormal(2200, 0.3))
			}},
			{Svc: "recs", Level: "DEBUG", PerMin: PL(0, 0, T+0.2, 0, T+0.3, 1), Msg: func(g *G, m float64) string {
				return fmt.Sprintf("SessionFeatureCache stats: entries=%d hits=%d misses=%d", int((m-T)*21000)+g.IntN(900), int((m-T)*60000)+g.IntN(5000), int((m-T)*21000)+g.IntN(900))
			}},
			Lines("storefront", "INFO", C(2), "session store: {int:40000:52000} active sessions, {int:300:900} new/min"),
			Once("recs", "INFO", T+0.1, "Started RecsApplication in 21.377 seconds (process running for 22.9) version=2.3.0 git=81f2ab4"),
			Once("recs", "INFO", T+0.12, "SessionFeatureCache initialised: ConcurrentHashMap, eviction=none"),
			Once("recs", "ERROR", T+11.4, `Exception in thread "http-nio-8080-exec-41" java.lang.OutOfMemoryError: Java heap space`),
			Once("recs", "ERROR", T+11.45, "java.lang.OutOfMemoryError: Java heap space"),
			Once("recs", "WARN", T+11.5, "Container recs was OOMKilled (Exit Code: 137); kubelet restarting it (restart 1)"),
			Once("recs", "ERROR", T+13.2, "java.lang.OutOfMemoryError: Java heap space"),
			Once("recs", "WARN", T+13.3, "Container recs was OOMKilled (Exit Code: 137); kubelet restarting it (restart 1)"),
			Once("recs", "WARN", T+14.3, "Container recs was OOMKilled (Exit Code: 137); kubelet restarting it (restart 1)"),
			Reqs("recs", "ERROR", C(0.15), "rank user {int:1000000:9999999}: feature-store returned 404 for feature vector (cold user)"),
			Access("catalog", C(5), C(10), 0.5, "GET /v1/products/{int:1000:9999} 200", "POST /v1/products:batchGet 200"),
			Once("catalog", "INFO", 13, "search-index refresh started (cron 13,43 * * * *)"),
			Once("catalog", "WARN", 19.05, "Evicted: pod drained from node ip-10-0-2-41.ec2.internal (node pool patch); rescheduling"),
			Once("feature-store", "WARN", 19.06, "Evicted: pod drained from node ip-10-0-2-41.ec2.internal (node pool patch); rescheduling"),
			Once("catalog", "INFO", 14, "search-index refresh done: 48211 docs in 52.8s"),
			Access("feature-store", C(3), C(1.8), 0.4, "GET /v1/features/user/{int:1000000:9999999} 200", "GET /v1/features/item/{int:1000:9999} 200"),
			Lines("feature-store", "ERROR", C(0.1), "compaction: segment {hex:8} checksum mismatch, re-fetching from s3"),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for _, at := range []float64{3.5, 9.2, 14.8} {
				trs = append(trs, Tr{At: at, Root: homeTrace(g, 0, false)})
			}
			for i, at := range []float64{19.4, 23.6, 25.2, 27.9, 31.5, 36.3, 41.0} {
				trs = append(trs, Tr{At: at, Root: homeTrace(g, []float64{0, 900, 1800, 2600, 1200, 2900, 2100}[i], i == 4)})
			}
			return trs
		},
		Choices: []Choice{
			{"traffic-growth", "the marketing push raised traffic past what the recs pods can keep up with"},
			{"storefront-widget", "storefront's recs widget now waits on recs instead of timing out"},
			{"kernel-patch", "the node kernel patch made the JVMs on patched nodes stall in GC"},
			{"feature-store-slow", "feature-store lookups slowed, so recs holds every request longer"},
			{"heap-too-small", "recs pods have too little heap for tonight's catalog of products"},
			{"recs-session-map", "recs v2.3 caches each session's features in a map with no eviction"},
			{"catalog-reindex", "catalog's index refresh starves recs of the product data it needs"},
		},
		Answer: Answer{
			Choice: "recs-session-map", Onset: T,
			Chain: []string{
				"recs v2.3.0 (20:16) caches every session's features in a ConcurrentHashMap with no eviction",
				"After the rollout's fresh start, jvm_heap_after_gc_mb climbs in a straight line, ~250 MiB a minute, from 700 MiB to 3.7 GiB of 4 GiB",
				"With the heap nearly full G1 runs back-to-back full collections: GC pause p99 30 ms -> 1.6 s by 20:25, and recs' p99 reaches 3 s",
				"storefront's recs calls time out and it serves the fallback row (38%); pods are OOMKilled one by one from 20:27",
			},
			Evidence: []string{
				"jvm_heap_after_gc_mb (recs) drops to 700 MiB when v2.3.0 starts at 20:16 and then rises ~80 MiB every 20 s scrape, where v2.2 sat flat at 1.1 GiB",
				"api-gateway http_rps rises 10% only at 20:21-20:22, five minutes after the climb began",
				"recs logs Full GC pauses of 2-3 s from 20:23 (3968M->3941M(4096M)) and OutOfMemoryError before each OOMKilled restart",
				"Slow recs spans in traces sit 1-3 s with no child work before their feature-store call: stop-the-world pauses",
			},
			Wrong: [][2]string{
				{"traffic-growth", "Traffic rose 10% at 20:21, five minutes after the heap began to climb, and v2.2 handled the same rate at a flat 1.1 GiB. 10% more traffic does not turn a flat line into a ramp."},
				{"storefront-widget", "storefront did not change; its 800 ms timeout still fires (the fallback row is served), and its latency follows recs'."},
				{"kernel-patch", "Only ip-10-0-2-41 was patched, at 20:19; the pods drained from it were catalog and feature-store, not recs, and recs' heap had been climbing for three minutes by then."},
				{"feature-store-slow", "feature-store's p99 stays at 4 ms; in slow recs traces the time passes before the feature-store call, not inside it."},
				{"heap-too-small", "4 GiB held v2.2's working set at 1.1 GiB all evening. A heap that is merely too small fills once and levels off; this one grows without end."},
				{"catalog-reindex", "The index refresh ran 20:13-20:14 and finished before the rollout; catalog's latency never moved."},
			},
			RedHerrings: []string{"marketing-push", "node-patch", "catalog-reindex", "traffic-growth"},
			Proof: []Proof{
				ProveEvent(1, "recs-deploy"),
				ProveLog(1, "recs", "SessionFeatureCache initialised: ConcurrentHashMap, eviction=none"),
				ProveMetric(2, "recs", "jvm_heap_after_gc_mb", T+1, T+9),
				ProveMetric(3, "recs", "jvm_gc_pause_p99_ms", T+6, T+12),
				ProveLog(4, "recs", "OOMKilled"),
				ProveLog(4, "storefront", "recs.Get").Within(T+8, T+11),
			},
			Debrief: `recs v2.3.0 added session-aware ranking and cached each session's features in a
ConcurrentHashMap with no eviction. The rollout restarted every pod, so heap after GC first
dropped, then climbed in a straight line as sessions accumulated. Ten minutes later the heap
was nearly full; G1 fell back to full collections of 2-3 s, requests stalled behind them,
storefront timed out and showed the fallback row, and the pods were OOMKilled in turn.

Fastest path: the hint is the shape. Heap after GC is what a service really keeps; a healthy
service holds it flat. Here it rises from the deploy at a steady slope, long before any
latency moves, and the GC and OOMKilled lines follow.

Coaching: the marketing push is the story everyone tells, so check its timing: traffic rose
at 20:21, five minutes into the climb, and by 10%. Correlation needs an order and a
mechanism. A pod that restarts after a leak looks healthy for a while: the next climb starts
from the bottom again.
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
