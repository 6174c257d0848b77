package main

import (
	"fmt"
	"time"
)

// api chart 4.2.0 moved the liveness probe to /health/deep, which pings
// redis with a 1 s timeout. Eight minutes later a 40 s redis failover
// fails every probe at once: kubelet kills all six api pods, their cold
// starts hammer redis, the probes fail again, and the loop repeats. The
// trap is "redis did it": a blip should cost slow requests, not an outage.
func probeLoop() *Script {
	const T, B = 13.0, 21.0 // the chart rollout; the redis failover
	ready := PL(0, 6, B+0.5, 6, B+0.6, 0, B+1.4, 0, B+1.6, 3, B+2.4, 3, B+2.5, 0, B+3.8, 0, B+4, 4, B+4.9, 4, B+5, 0, B+7.5, 0, B+7.7, 2, B+8.9, 2, B+9, 0, B+13.5, 0, B+13.7, 5, 45, 5)
	down := func(m float64) float64 { return max(0, 6-ready(m)) / 6 }
	storm := func(m float64) bool { return m >= B && down(m) > 0.3 }
	return &Script{
		ID: "api-pods-restarting", Seed: "probe-loop", Title: "All api pods restarting", Difficulty: 4, TimeLimit: 20 * time.Minute,
		Tags:  []string{"kubernetes", "availability", "api"},
		Start: time.Date(2026, 2, 10, 8, 0, 0, 0, time.UTC), Minutes: 45, Step: 15, Sampled: 0.05,
		Briefing: `[SEV1] api-gateway 5xx above 50% for 2 minutes: "no healthy upstream".
All api pods are restarting, over and over; the on-call channel is busy with other alerts.
Find the root cause.
`,
		Hints: []string{
			"What decides that a pod should be killed, and what does that decision depend on?",
			"A 40 s blip in a dependency normally costs slow requests. Why did this one cost every pod at once?",
			"Compare the api probe's timing before and after 08:13.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"api", "web"}},
			{Name: "web", Calls: []string{"api"}, Pods: 2},
			{Name: "api", Calls: []string{"redis", "postgres", "search"}, Pods: 6},
			{Name: "worker", Calls: []string{"redis", "postgres"}, Pods: 2},
			{Name: "redis", Pods: 2, Sts: true},
			{Name: "postgres", Pods: 1, Sts: true},
			{Name: "search", Pods: 3},
		},
		Events: []Ev{
			{At: T, ID: "api-chart", Kind: "deploy", Svc: "api", Text: "api chart 4.2.0 (app v6.1.0 unchanged) rolled out by argo-cd (6/6 pods): probes refactor, shared health handler"},
			{At: 17, ID: "gateway-deploy", Kind: "deploy", Svc: "api-gateway", Text: "api-gateway envoy 1.31.2 -> 1.31.4 rolled out (3/3 pods)"},
			{At: B, ID: "redis-failover", Kind: "note", Svc: "redis", Text: "redis sentinel: +switch-master mymaster redis-0 -> redis-1 (40 s failover)"},
			{At: 23, ID: "alert-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV1] api-gateway 5xx > 20% for 1m"},
			{At: 24, ID: "alert-crashloop", Kind: "alert", Svc: "api", Text: "[SEV2] api: KubePodCrashLooping 6/6 pods"},
		},
		Metrics: []Metric{
			{Svc: "api", Name: "liveness_probe_duration_ms", Unit: "ms", F: func(m float64) float64 {
				switch {
				case m >= B && m < B+0.7, storm(m):
					return 1000
				case m >= T+0.1:
					return 4.2
				}
				return 1.1
			}, Jit: 0.05},
			{Svc: "api", Name: "ready_pods", Unit: "count", F: ready, Prec: 0},
			{Svc: "api", Name: "container_restarts_total", Unit: "count", F: PL(0, 4, B+0.6, 4, B+0.61, 10, B+2.5, 10, B+2.51, 16, B+5, 16, B+5.01, 22, B+9, 22, B+9.01, 28), Prec: 0},
			{Svc: "api", Name: "http_request_p95_ms", Unit: "ms", F: PL(0, 85, B, 85, B+0.6, 900), Jit: 0.05, Gaps: [][2]float64{{B + 0.6, B + 1.4}, {B + 2.5, B + 3.8}, {B + 5, B + 7.5}, {B + 9, B + 13.5}}},
			{Svc: "api-gateway", Name: "http_5xx_ratio", Unit: "%", F: func(m float64) float64 { return 0.1 + 99.9*down(m) }, Jit: 0.03},
			{Svc: "api-gateway", Name: "http_rps", Unit: "rps", F: Pulse(PL(0, 520, 45, 540), 17, 17.5, -60), Jit: 0.02},
			{Svc: "redis", Name: "cpu_pct", Unit: "%", F: func(m float64) float64 {
				if m >= B+0.7 && ready(m) > 0 && ready(m) < 6 {
					return 96
				}
				return 22
			}, Jit: 0.04, Gaps: [][2]float64{{B, B + 0.67}}},
			{Svc: "redis", Name: "connected_clients", Unit: "count", F: PL(0, 140, T, 140, T+0.5, 146), Jit: 0.01, Gaps: [][2]float64{{B, B + 0.67}}},
			{Svc: "postgres", Name: "active_connections", Unit: "count", F: func(m float64) float64 {
				if m >= B && ready(m) > 0 && ready(m) < 6 {
					return 170
				}
				return 82
			}, Jit: 0.04},
			{Svc: "worker", Name: "cpu_pct", Unit: "%", F: Pulse(C(18), 11.5, 12.5, 40), Jit: 0.04},
			{Svc: "search", Name: "http_request_p95_ms", Unit: "ms", F: C(48), Jit: 0.04},
		},
		Logs: []Src{
			Access("api-gateway", func(m float64) float64 { return 11 * (1 - down(m)) }, C(40), 0.6, "GET /api/feed 200", "GET /api/items/{int:1000:9999} 200", "POST /api/items/{int:1000:9999}/like 201"),
			Reqs("api-gateway", "ERROR", func(m float64) float64 { return 0.05 + 12*down(m) }, "GET /api/{pick:feed|items|me} 503 0ms upstream=api: no healthy upstream", "POST /api/items/{int:1000:9999}/like 503 1ms upstream=api: upstream connect error or disconnect/reset before headers. reset reason: connection failure"),
			Access("web", C(3), C(60), 0.5, "GET / 200", "GET /item/{int:1000:9999} 200"),
			Access("api", func(m float64) float64 { return 8 * (1 - down(m)) }, PL(0, 30, B, 30, B+0.6, 250), 0.6, "GET /v1/feed 200", "GET /v1/items/{int:1000:9999} 200"),
			Lines("api", "WARN", func(m float64) float64 {
				if m >= B && m < B+0.7 || storm(m) {
					return 10
				}
				return 0
			}, `Liveness probe failed: Get "http://{ip}:8080/health/deep": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`),
			Lines("api", "INFO", func(m float64) float64 {
				if storm(m) {
					return 4
				}
				return 0
			}, "Container api failed liveness probe, will be restarted", "Stopping container api (exit code 143, reason: Error)", "received SIGTERM, draining connections (grace 5s)"),
			Lines("api", "WARN", func(m float64) float64 {
				if storm(m) && m > B+2 {
					return 3
				}
				return 0
			}, "Back-off restarting failed container api in pod api-{pick:6f4d9c7b8-k2x9p|6f4d9c7b8-q7wzt|6f4d9c7b8-rm5ld}"),
			Lines("api", "INFO", func(m float64) float64 {
				if storm(m) {
					return 3
				}
				return 0
			}, "starting api v6.1.0 (git 91c2d3e)", "warming local cache: loading {int:110000:130000} keys from redis", "redis pool: 64 connections open"),
			Reqs("api", "ERROR", PL(0, 0.1, B, 0.1, B+0.1, 8, B+0.7, 8, B+0.8, 0.6), "GET /v1/feed: redis: GET feed:{int:100000:999999}: dial tcp 10.2.7.21:6379: i/o timeout"),
			Reqs("api", "ERROR", C(0.25), "GET /v1/items/{int:1000:9999}: search: 400 Bad Request: query too long"),
			Once("api", "INFO", T+0.05, "probes: liveness=/health/deep readiness=/health/ready (chart 4.2.0)"),
			Lines("redis", "INFO", C(0.2), "Background saving started by pid {int:100:999}", "DB saved on disk"),
			Once("redis", "WARN", B+0.05, "# Connection with master lost."),
			Once("redis", "INFO", B+0.6, "+switch-master mymaster 10.2.7.21 6379 10.2.4.33 6379"),
			Once("redis", "INFO", B+0.65, "MASTER MODE enabled (user request from 'id=41 addr=10.2.9.8:51234 laddr=10.2.4.33:26379 fd=12 name=sentinel-3a1f cmd=slaveof')"),
			Lines("worker", "ERROR", C(1.2), "job send_invoice_email failed: 421 4.7.0 Try again later, closing connection (attempt {int:1:5}/5)"),
			Lines("worker", "INFO", C(2), "job {pick:rebuild_feed|expire_sessions|send_digest} done in {ms:400:0.5}ms"),
			Once("worker", "INFO", 11.5, "cron rebuild_trending started (*/30)"),
			Once("worker", "INFO", 12.5, "cron rebuild_trending done: 8211 items"),
			Access("search", C(3), C(20), 0.5, "POST /v1/search 200"),
			Once("api-gateway", "INFO", 17.05, "envoy 1.31.4 starting, hot restart epoch 1"),
			Lines("postgres", "INFO", C(0.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled"),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{4.1, 9.6, 15.2, 19.8} {
				trs = append(trs, Tr{At: at, Root: feedTrace(g, 0, i == 2)})
			}
			for i, at := range []float64{21.8, 23.1, 26.4, 27.3, 29.5, 32.2, 36.1} {
				trs = append(trs, Tr{At: at, Root: feedTrace(g, 1+i%3, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"redis-failover", "the redis failover took the cache away and api cannot serve without it"},
			{"gateway-upgrade", "api-gateway's envoy upgrade drops its connections to the api pods"},
			{"api-oom", "api pods run out of memory on cold start and the kernel kills them"},
			{"postgres-conns", "postgres runs out of connections whenever the api pods reconnect"},
			{"search-timeouts", "search timeouts tie up api's request threads until it stops answering"},
			{"worker-flood", "a worker cron floods redis with cache writes and starves api of it"},
			{"deep-liveness", "api's new liveness probe depends on redis, so kubelet kills all the pods"},
			{"node-drain", "a node drain evicted the api pods faster than new ones could start"},
		},
		Answer: Answer{
			Choice: "deep-liveness", Onset: T,
			Chain: []string{
				"api chart 4.2.0 (08:13) moved the liveness probe from a local check to /health/deep, which pings redis with a 1 s timeout",
				"At 08:21 redis failed over for 40 s; every pod's deep probe timed out 3 times and kubelet killed all six at once",
				"The pods restarted together and their cache warm-up (120k keys each) pinned redis at 96% CPU, so the new pods' probes failed and they were killed again",
				"With 0 ready pods api-gateway answered 'no healthy upstream': 5xx up to 100% in waves, with CrashLoopBackOff stretching each gap",
			},
			Evidence: []string{
				"liveness_probe_duration_ms (api) steps 1.1 -> 4.2 ms in the 08:13:15 scrape: the probe started doing network I/O with the chart rollout",
				"api logs 'probes: liveness=/health/deep' at 08:13; every probe failure after 08:21 is on /health/deep with a 1 s client timeout",
				"ready_pods (api) drops 6 -> 0 at 08:21:36, 30 s (3 failed probes) after the failover began, and again after each cold-start wave hits redis cpu_pct 96%",
				"Containers exit with code 143 after SIGTERM (killed by kubelet), not 137/OOMKilled; gateway traces end in 503 with no api span",
			},
			Wrong: [][2]string{
				{"redis-failover", "A 40 s redis outage should cost 40 s of cache errors: api logs them at 08:21 and serves slowly. It became an outage only because the liveness probe made redis a reason to kill pods."},
				{"gateway-upgrade", "envoy was upgraded at 08:17 and served normally for four minutes; its 503s say 'no healthy upstream', meaning there were no ready api pods to send to."},
				{"api-oom", "The containers exit with code 143 after SIGTERM from kubelet's liveness probe; there is no OOMKilled and no exit code 137."},
				{"postgres-conns", "postgres connections spike only while pods restart and stay far below max_connections; no connection errors are logged."},
				{"search-timeouts", "search's p95 is a flat 48 ms, and the api pods are killed from outside, by kubelet, not stalled from inside."},
				{"worker-flood", "The worker cron ran 08:11:30-08:12:30 and redis was idle again long before 08:21; the redis CPU spikes follow api's own cold starts."},
				{"node-drain", "No node was drained or replaced; kubelet on the same nodes restarted the same containers after failed liveness probes."},
			},
			RedHerrings: []string{"redis-failover", "gateway-deploy", "worker", "postgres-conns"},
			Proof: []Proof{
				ProveEvent(1, "api-chart"),
				ProveLog(1, "api", "probes: liveness=/health/deep"),
				ProveMetric(1, "api", "liveness_probe_duration_ms", T, T+6),
				ProveLog(2, "api", "Liveness probe failed").Within(B, B+1.5),
				ProveMetric(3, "api", "container_restarts_total", B, B+8),
				ProveLog(4, "api-gateway", "no healthy upstream").Within(B, B+3),
			},
			Debrief: `The api chart's probe refactor pointed liveness at /health/deep, a handler that also pings
redis and postgres. Liveness answers one question, "is this process broken beyond repair?",
and a dependency's health is not that. For eight minutes nothing showed except a probe that
took 4 ms instead of 1. Then redis failed over for 40 s: every pod failed three probes in a
row and kubelet restarted all six together. Their cache warm-up saturated redis, the fresh
pods' probes failed in turn, and the fleet entered a restart loop with growing back-off.

Fastest path: all pods dying at the same second means a shared trigger acting through a shared
mechanism. Exit code 143 and "failed liveness probe" say the mechanism is kubelet; the probe
path and the chart change eight minutes earlier say why redis could reach it.

Coaching: the redis failover is the first anomaly in the incident and the easy answer, but a
dependency blip should degrade requests, not kill processes. Ask what turned a blip into an
outage. The envoy upgrade is upstream of the symptom but came with four clean minutes after it.
`,
		},
	}
}

// feedTrace is GET /api/feed. mode 0: healthy. 1: no ready pods, the
// gateway answers 503 with no api span. 2: the first attempt hits a pod
// being killed (connection reset) and the retry lands on a live one. 3: a
// cold pod, slow on redis. dropped: the api server span was not exported
// (the SDK had not started), orphaning its children.
func feedTrace(g *G, mode int, dropped bool) *Sp {
	apiSpan := func(slow bool) *Sp {
		rd := g.LogNormal(0.6, 0.3)
		if slow {
			rd = g.LogNormal(300, 0.4)
		}
		r := Leaf("api", "redis GET feed", 0.5, rd).A("db.system", "redis")
		pg := Leaf("api", "SELECT items", r.Off+r.Dur+0.3, g.LogNormal(4, 0.3)).A("db.system", "postgresql")
		sp := S("api", "GET /v1/feed", 0, pg.Off+pg.Dur+1, r, pg)
		if dropped {
			sp.Drop()
		}
		return sp
	}
	var kids []*Sp
	status, off := "200", 1.0
	switch mode {
	case 0, 3:
		c := Call(g, "api-gateway", "api GET /v1/feed", off, apiSpan(mode == 3))
		kids, off = append(kids, c), off+c.Dur
	case 1:
		status, off = "503", off+0.3
	case 2:
		reset := Leaf("api-gateway", "api GET /v1/feed", off, g.Uniform(2, 20)).E().A("retry.attempt", "1", "error.message", "upstream connect error or disconnect/reset before headers. reset reason: connection termination")
		off += reset.Dur + 25
		c := Call(g, "api-gateway", "api GET /v1/feed", off, apiSpan(true)).A("retry.attempt", "2")
		kids, off = append(kids, reset, c), off+c.Dur
	}
	root := S("api-gateway", "GET /api/feed", 0, off+1, kids...).A("http.status_code", status)
	if status != "200" {
		root.E().A("envoy.response_flags", "UH")
	}
	return root.L(fmt.Sprintf("GET /api/feed %s %dms", status, int(root.Dur)))
}
