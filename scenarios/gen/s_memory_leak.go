package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// recs v2.3.0 caches every session's features in a map with no eviction.
// Its rollout is in the change log, with a neutral text, and in the same
// minute argo-cd synced recs' ConfigMap (more ranking candidates: a real,
// lasting +20 % on recs' median and CPU). A nightly model publish four
// minutes before and a marketing push five minutes after are in the log
// too. On the first Metrics screen recs slows and storefront follows,
// which fits a leak, a heap set too small, a model grown too big, the
// heavier ranking and the traffic alike; only the per-pod memory (a ramp
// from each pod's start, again after each restart), the start-up lines
// (heap max unchanged, model the same size, eviction=none) and the GC
// lines tell them apart. Each new pod's working set climbs in a straight
// line; G1 goes to full collections near the heap max, requests stall, and
// the pods are OOMKilled one after another. storefront's release 36 s
// earlier is in the change log and really costs it more CPU for good.
func memoryLeak() *Script {
	const (
		T     = 16.0 // recs v2.3.0 rolled out, its ConfigMap synced in the same minute
		S     = 15.4 // storefront v5.4.0
		Model = 12.0 // the nightly model publish
		Xmx   = 3584 // heap max, MiB: MaxRAMPercentage=87.5 of the 4 GiB limit, before and after
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
			return 1520 + 15*float64(p.Slot) + PL(0, 0, Model+0.2, 0, Model+0.3, 6)(m) // the new model: +6 MiB
		}
		up, _ := since(p, m)
		return math.Min(4090, 1300+250*up)
	}
	// heapOf is the heap a pod's G1 keeps live after a collection: its
	// working set less ~500 MiB of metaspace, code cache and thread stacks,
	// never above the heap max.
	heapOf := func(g *G, slot int, m float64) float64 {
		for _, p := range g.live["recs"] {
			if p.Slot == slot && p.Alive(offset(m)) && (p.Version == "v2.3.0" || m < T+1) {
				return math.Min(Xmx-60, memOf(p, m)-500)
			}
		}
		return 1020
	}
	stall := func(m float64) float64 { // share of recs requests caught behind a full GC
		worst := 0.0
		for _, at := range oom {
			worst = math.Max(worst, PL(0, 0, at-4.5, 0, at-2, 0.6, at, 0.9, at+0.1, 0)(m))
		}
		return worst
	}
	heavier := PL(0, 1, T, 1, T+1, 1.2) // 600 candidates instead of 400 per request, on the new pods
	recsP50 := Sum(Mul(C(35), heavier), Mul(stall, C(1400)), Pulse(C(0), T, T+1.2, 40))
	fallback := Mul(stall, C(0.6))
	sfP50 := Sum(PL(0, 60, S+0.1, 60, S+0.5, 84), Mul(fallback, C(1300)))
	var gcLines []Src
	for slot := range 3 {
		gcLines = append(gcLines,
			Src{Svc: "recs", Level: "INFO", PerMin: C(0.8), Msg: func(g *G, m float64) string {
				h := heapOf(g, slot, m)
				before := math.Min(Xmx-8, h+300+float64(g.IntN(300)))
				return fmt.Sprintf("[gc] GC(%d) Pause Young (Normal) (G1 Evacuation Pause) %dM->%dM(%dM) %.3fms", 1800+int(m*40)+g.IntN(20), int(before), int(h), Xmx, g.LogNormal(14, 0.3))
			}}.OnSlot(slot),
			Src{Svc: "recs", Level: "WARN", PerMin: Mul(stall, C(1.5)), Msg: func(g *G, m float64) string {
				return fmt.Sprintf("[gc] GC(%d) Pause Full (G1 Compaction Pause) %dM->%dM(%dM) %.3fms", 2400+int(m*40)+g.IntN(20), Xmx-g.IntN(20), Xmx-80-g.IntN(60), Xmx, g.LogNormal(2200, 0.3))
			}}.OnSlot(slot))
	}
	var startLines []Src
	for slot, at := range []float64{T + 0.1, T + 0.35, T + 0.6} {
		jvm := fmt.Sprintf("JVM: -XX:MaxRAMPercentage=87.5 -XX:+UseG1GC -XX:MaxGCPauseMillis=200, heap max %dM (container limit 4096Mi)", Xmx)
		started := func(secs float64) string {
			return fmt.Sprintf("Started RecsApplication in %.3f seconds (process running for %.1f) version=2.3.0 git=81f2ab4", secs, secs+0.8)
		}
		startLines = append(startLines,
			Once("recs", "INFO", at, jvm).OnSlot(slot),
			Once("recs", "INFO", at+0.01, "ranking config: candidates=600 (was 400), rerank.depth=50, timeout=300ms").OnSlot(slot),
			Once("recs", "INFO", at+0.08, "model r-20251202 loaded: 1.21M items, 618 MiB in 4.1s").OnSlot(slot),
			Once("recs", "INFO", at+0.09, "SessionFeatureCache initialised: ConcurrentHashMap, eviction=none").OnSlot(slot),
			Once("recs", "INFO", at+0.1, started(5.9+0.3*float64(slot))).OnSlot(slot),
			Once("recs", "WARN", oom[slot]+0.05, "Container recs was OOMKilled (Exit Code: 137); kubelet restarting it (restart 1)").OnSlot(slot),
			Once("recs", "INFO", oom[slot]+0.1, jvm).OnSlot(slot),
			Once("recs", "INFO", oom[slot]+0.18, "model r-20251202 loaded: 1.21M items, 618 MiB in 4.3s").OnSlot(slot),
			Once("recs", "INFO", oom[slot]+0.19, "SessionFeatureCache initialised: ConcurrentHashMap, eviction=none").OnSlot(slot),
			Once("recs", "INFO", oom[slot]+0.2, started(6.4+0.2*float64(slot))).OnSlot(slot),
			Once("recs", "INFO", Model+0.2+0.05*float64(slot), "model r-20251202 loaded: 1.21M items, 618 MiB (was r-20251201: 1.20M items, 612 MiB); swapped in 3.8s").OnSlot(slot),
		)
	}
	return &Script{
		ID: "home-page-slow", Seed: "memory-leak", Title: "Home page slow, recommendations missing", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"storefront", "latency", "recommendations"},
		Start: time.Date(2025, 12, 2, 20, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.02,
		Briefing: `[SEV2] storefront p99 above 3s for 3 minutes. Support: the home page takes
seconds to load and often shows no "recommended for you" row. A marketing push
went out tonight. Find the root cause.
`,
		Hints: []string{
			"Something started climbing well before anything was slow. Find where it starts, pod by pod.",
			"recs changed twice in one minute. Read its pods' start-up lines: what is the same as before, what is new?",
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
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 3, RPS: Mul(users, C(0.8)), Err: Sum(C(0.001), Mul(fallback, C(0.03))), P50: recsP50, Tail: C(5), CPUms: 3, Limit: 2, Mem: 1500,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						r.MemMiB = memOf(p, m)
						_, r.Restarts = since(p, m)
						if p.Version == "v2.3.0" {
							r.CPU *= 1.2 // 600 ranking candidates instead of 400
						}
						if r.MemMiB > 3300 {
							r.GCPauseMs = 1600 + 800*(r.MemMiB-3300)/800 // back-to-back full collections
							r.CPU *= 1.6
						}
					}}.Std([2]float64{T + 11.5, T + 12})},
			{Name: "catalog", Calls: []string{"feature-store"}, Pods: 2, Version: "v8.0.2",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(1.6)), Err: C(0.0005), P50: C(9), CPUms: 0.8}.Std()},
			{Name: "feature-store", Pods: 2, Version: "v0.19.1", Rollouts: []Rollout{{At: 19.05, Replicas: 1}, {At: 19.3, Replicas: 2}}, // a pod evicted by the node patch and rescheduled
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: Mul(users, C(2.2), Sum(C(1), Mul(fallback, C(-0.3)))), Err: C(0.0004),
					P50: PL(0, 1.8, 19.3, 1.8, 19.5, 3.1), Tail: C(2.5), CPUms: 0.3}.Std()},
		},
		Events: []Ev{
			{At: Model, ID: "model-publish", Kind: "note", Text: "ml-pipeline: nightly job recs-train finished, artifact r-20251202 published"},
			{At: S, ID: "storefront-deploy", Kind: "deploy", Svc: "storefront", Text: "storefront v5.4.0 (git 2c90e1b) rolled out by argo-cd (2/2 pods): winter home layout"},
			{At: T - 0.3, ID: "recs-config", Kind: "config", Svc: "recs", Text: "recs-config ConfigMap synced by argo-cd (PR #391: tune settings)"},
			{At: T, ID: "recs-deploy", Kind: "deploy", Svc: "recs", Text: "recs v2.3.0 (git 81f2ab4) rolled out by argo-cd (3/3 pods): PR #388 bump deps, ranking changes"},
			{At: 19, ID: "node-patch", Kind: "config", Text: "node pool patch: ip-10-0-2-41.ec2.internal drained, kernel 6.1.112 -> 6.1.115, rebooted, uncordoned"},
			{At: 21, ID: "marketing-push", Kind: "note", Text: "marketing: 'Winter sale' push notification sent to 1.2M users"},
			{At: 25.3, ID: "alert-recs", Kind: "alert", Svc: "recs", Text: "[WARN] recs p99 > 1s for 2m"},
			{At: 29, ID: "alert-storefront", Kind: "alert", Svc: "storefront", Text: "[SEV2] storefront p99 > 3s for 3m"},
		},
		Logs: Join(
			Shares("api-gateway", C(10), C(0.0008), C(40), 0.6, []string{"GET / 200", "GET /api/home 200", "GET /api/products/{int:1000:9999} 200"},
				[]string{"GET /api/home 502"}),
			Shares("storefront", C(8), C(0.001), sfP50, 0.5, []string{"GET /home 200", "GET /product/{int:1000:9999} 200"},
				[]string{"GET /home 500"}),
			Shares("recs", C(7), Sum(C(0.001), Mul(fallback, C(0.03))), recsP50, 0.8, []string{"GET /v1/recs 200"}, []string{"GET /v1/recs 503"}),
			gcLines, startLines,
			Of(
				Reqs("storefront", "WARN", Mul(fallback, C(15)), `recs.Get: Get "http://recs.prod.svc.cluster.local:8080/v1/recs?user={int:1000000:9999999}": context deadline exceeded (Client.Timeout exceeded while awaiting headers); serving fallback row`),
				Reqs("storefront", "ERROR", C(0.3), "render home.html: campaign {pick:winter-sale|bf-2025|gift-guide}: hero image missing, using default"),
				Lines("storefront", "INFO", C(2), "session store: {int:40000:52000} active sessions, {int:300:900} new/min"),
				Once("recs", "ERROR", oom[0]-0.05, "java.lang.OutOfMemoryError: Java heap space").OnSlot(0),
				Once("recs", "ERROR", oom[1]-0.05, "java.lang.OutOfMemoryError: Java heap space").OnSlot(1),
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
			{"recs-session-map", "recs holds every visitor's data in memory and never frees it"},
			{"recs-heap-cut", "recs' new settings give its JVM less heap than its working set needs"},
			{"model-too-big", "tonight's ranking model is too large for the memory recs pods have"},
			{"recs-candidates", "recs now scores more items per request than its CPU can keep up with"},
			{"traffic-growth", "the marketing push sent more visitors than the recs pods can serve"},
			{"storefront-rows", "storefront's new home layout asks recs for more rows on every page"},
			{"feature-store-slow", "feature-store lookups slowed, so recs holds every request for longer"},
		},
		Answer: Answer{
			Choice: "recs-session-map", Onset: T,
			Chain: []string{
				"recs v2.3.0, rolled out at 20:16, starts with 'SessionFeatureCache initialised: ConcurrentHashMap, eviction=none': it caches every session's features and never evicts them",
				"Each v2.3.0 pod's memory_working_set_mib climbs ~250 MiB a minute from its start, where the v2.2.4 pods sat flat at ~1.5 GiB",
				"Near the heap max G1 runs back-to-back full collections ('Pause Full (G1 Compaction Pause)'): gc_pause_p99_ms goes from ~30 ms to 1.6 s and more, and recs stalls",
				"storefront's recs calls time out and it serves the fallback row; the pods are 'OOMKilled' one by one from 20:27, and each restarted pod climbs again",
			},
			Evidence: []string{
				"recs' http_request_duration_p50_ms steps up at 20:16 as the v2.3.0 pods start: the rollout and the ConfigMap landed together",
				"recs' v2.3.0 pods log 'SessionFeatureCache initialised: ConcurrentHashMap, eviction=none' at start-up and again after each restart",
				"memory_working_set_mib of every v2.3.0 pod rises in a straight line from the pod's start; each restart starts the climb again from the bottom",
				"Near the heap max the GC log turns to 'Pause Full (G1 Compaction Pause)' of 2-3 s, and gc_pause_p99_ms of each v2.3.0 pod climbs from ~30 ms to 1.6 s and more",
				"Each v2.3.0 pod is 'OOMKilled' in turn from 20:27, and its memory climbs again from the bottom after the restart",
			},
			Wrong: [][2]string{
				{"recs-heap-cut", "The ConfigMap changed only the ranking settings ('candidates=600 (was 400)'). The new pods log 'heap max 3584M', the same max the v2.2.4 pods' GC lines show all evening (…(3584M)). A heap that is too small fills at once and levels off; this one grows in a line from each pod's start and again after each restart."},
				{"model-too-big", "The old pods loaded model r-20251202 at 20:12 ('618 MiB (was r-20251201: … 612 MiB)') and their memory_working_set_mib rose 6 MiB and stayed flat for the next four minutes. A bigger model is a step at load time, not a ramp."},
				{"recs-candidates", "600 candidates really do cost recs ~20% more CPU and ~7 ms at the median from 20:16, for good; but cpu_usage_cores stays well under the 2-core limit (cpu_throttled_ratio ~0) until the full collections begin, and in slow traces the time passes in a stall before recs does any work."},
				{"traffic-growth", "Traffic rose 10% at 20:21, five minutes after memory began to climb, and v2.2.4 handled the same rate at a flat 1.5 GiB. 10% more traffic does not turn a flat line into a ramp."},
				{"storefront-rows", "storefront v5.4.0 really is slower for good from 20:15:24, ~60 -> ~84 ms at the median, as it renders two more carousels; but recs' http_requests_per_second does not move at 20:15 (one recs call per page, as the traces show), and storefront's latency follows recs'."},
				{"feature-store-slow", "feature-store did get slower, ~1.8 -> ~3 ms, for good, once its pod evicted by the node patch came back with a cold cache at 20:19; a millisecond cannot make recs take seconds, and in slow recs traces the time passes before the feature-store call."},
			},
			RedHerrings: []string{"storefront-deploy", "marketing-push", "node-patch", "model-publish", "recs-config", "feature-store", "traffic-growth"},
			Proof: []Proof{
				ProveEvent(1, "recs-deploy"),
				ProveLog(1, "recs", "SessionFeatureCache initialised: ConcurrentHashMap, eviction=none"),
				ProveMetric(1, "recs", telemetry.DurationName(telemetry.HTTP, "p50"), T, T+2),
				ProvePod(2, "recs", telemetry.MemoryName, 0, T+1, T+11.3),
				ProvePod(2, "recs", telemetry.MemoryName, 1, T+1, T+13),
				ProveLog(3, "recs", "Pause Full (G1 Compaction Pause)"),
				ProvePod(3, "recs", telemetry.GCPauseName, 0, T+7, T+11.3),
				ProveLog(4, "recs", "OOMKilled"),
			},
			Debrief: `recs v2.3.0 added session-aware ranking and cached each session's features in a
ConcurrentHashMap with no eviction; its start-up line says so (eviction=none). From each new
pod's start its working set climbed in a straight line. Ten minutes later it neared the heap
max; G1 fell back to full collections of 2-3 s, requests stalled behind them, storefront
timed out and showed the fallback row, and the pods were OOMKilled in turn, each restarted pod
climbing again from the bottom.

The tempting quick bet: traffic rose at 20:21 and recs fell over two minutes later, so "the
push sent more visitors than recs can serve". But the push came five minutes into the climb,
and v2.2.4 had served that rate at a flat 1.5 GiB. The next bet, "recs is short of memory",
has four choices next to it. The ConfigMap synced in the same minute as the rollout is the
obvious suspect for a heap cut; it changed the ranking candidates only (heap max 3584M before
and after), and its cost, ~20% CPU and ~7 ms, is real and lasting but small. The model
published at 20:12 is the same size as last night's and made the old pods' memory step 6 MiB,
not climb. storefront's release 36 s before made storefront ~24 ms slower for good and did
not change how often it calls recs.

Fastest path: memory is what a service really keeps; a healthy one holds it flat. Open recs'
pods' memory_working_set_mib: each new pod's line rises from that pod's start and starts again
from the bottom after each OOMKill. Then read what the pods print at start-up: the same heap
max, the same model size, and one cache with no eviction.
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
