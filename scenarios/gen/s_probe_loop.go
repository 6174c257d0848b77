package main

import (
	"fmt"
	"strings"
	"time"

	"firedrill/game/sim/telemetry"
)

// Someone patched api's Deployment by hand (kubectl patch, no change
// record): its liveness probe now calls /health/deep, which PINGs redis
// with a 1 s timeout. The pods roll to a new ReplicaSet with the same
// version label. Six and a half minutes later a kured node drain evicts
// redis' master (a 40 s failover) and postgres-0 (35 s gone): every probe
// fails at once, kubelet kills all four pods, their cold starts hammer
// redis and postgres, the probes fail again, and the loop repeats with
// growing back-off. Thirty-six seconds after the patch the gateway's
// logged envoy upgrade lands, with its own lasting CPU and memory rise.
// The first Metrics screen (waves of api failures; redis' and postgres'
// latency both rising with each wave; both dependencies down near the
// onset) fits a probe on redis, a probe on postgres, the drain evicting
// api, exits on a postgres drop, a startup wait on migrations, redis
// flapping and a dry redis pool equally. Only the
// handler's own 'health/deep: redis PING' line, one +switch-master, pods
// restarting in place with their names, no migration step, clean exits after
// kubelet's SIGTERMs and the audit line tell them apart.
func probeLoop() *Script {
	const T = 14.0  // the hand patch (api rollout, no event)
	const GW = 14.6 // api-gateway envoy upgrade (decoy, logged)
	const B = 20.5  // the redis failover
	kills := []float64{B + 0.5, B + 2.5, B + 5, B + 9, B + 15}
	ready := PL(0, 4, B+0.5, 4, B+0.55, 0, B+1.45, 0, B+1.5, 2, B+2.45, 2, B+2.5, 0, B+3.95, 0, B+4, 3, B+4.95, 3, B+5, 0,
		B+7.65, 0, B+7.7, 1, B+8.95, 1, B+9, 0, B+13.45, 0, B+13.5, 4, B+14.95, 4, B+15, 0, B+16.95, 0, B+17, 2, 40, 2)
	down := func(m float64) float64 { return max(0, 4-ready(m)) / 4 }
	// warm: pods loading their local cache from redis (after the hand
	// rollout, and after every restart while the loop runs)
	warm := func(m float64) float64 {
		w := 0.0
		if m >= T && m < T+1.5 {
			w = 0.5
		}
		for _, k := range kills {
			if m >= k+0.9 && m < k+2 {
				w = 1
			}
		}
		return w
	}
	failover := func(m float64) float64 {
		if m >= B && m < B+0.67 {
			return 1
		}
		return 0
	}
	// postgres-0 is evicted by the same drain: 35 s without a primary
	pgDown := func(m float64) float64 {
		if m >= B+0.1 && m < B+0.7 {
			return 1
		}
		return 0
	}
	probeFail := func(m float64) float64 {
		if failover(m) > 0 || m >= B && warm(m) > 0.9 {
			return 1
		}
		return 0
	}
	envoy := Step(GW, 1, 1.3)
	s := &Script{
		ID: "api-pods-restarting", Seed: "probe-loop", Title: "Feed and item pages fail in waves", Difficulty: 4, TimeLimit: 20 * time.Minute,
		Tags:  []string{"kubernetes", "availability", "sev1"},
		Start: time.Date(2026, 2, 10, 8, 0, 0, 0, time.UTC), Minutes: 40, Step: 30, Sampled: 0.05,
		Briefing: `[SEV1] api-gateway 5xx above 20% for 1 minute: "no healthy upstream".
Support: the app shows errors for a minute or two, comes back, then fails again.
Find the root cause.
`,
		Hints: []string{
			"What decides that a pod must be restarted, and what does that decision depend on?",
			"A 40 s blip in a dependency normally costs slow requests. Why did this one cost every pod at once?",
			"Compare the api pods' names before and after 08:14 with the change log.",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"api"}, Pods: 2},
			{Name: "api", Calls: []string{"redis", "postgres", "search"}, Pods: 4},
			{Name: "redis", Pods: 2, Sts: true},
			{Name: "postgres", Pods: 1, Sts: true},
			{Name: "search", Pods: 2},
			{Name: "nodes"},
		},
		Events: []Ev{
			{At: 6, ID: "search-reindex", Kind: "note", Svc: "search", Text: "search: nightly reindex of items finished (412k docs)"},
			{At: GW, ID: "gateway-deploy", Kind: "deploy", Svc: "api-gateway", Text: "api-gateway envoy 1.31.2 -> 1.31.4 rolled out by argo-cd (2/2 pods): access log v2, stats sink"},
			{At: B - 0.05, ID: "node-drain", Kind: "note", Svc: "nodes", Text: "kured: draining node ip-10-2-7-5 for reboot (kernel 6.1.102-111), 9 pods to evict"},
			{At: B + 0.6, ID: "redis-failover", Kind: "note", Svc: "redis", Text: "redis sentinel: +switch-master mymaster 10.2.7.21 6379 10.2.4.33 6379 (redis-0 -> redis-1)"},
			{At: B + 0.75, ID: "pg-restart", Kind: "note", Svc: "postgres", Text: "patroni: postgres-0 rescheduled on ip-10-2-3-9, recovery complete, accepting connections (timeline 14)"},
			{At: B + 2, ID: "alert-5xx", Kind: "alert", Svc: "api-gateway", Text: "[SEV1] api-gateway 5xx > 20% for 1m"},
			{At: B + 3, ID: "alert-replicas", Kind: "alert", Svc: "api", Text: "[SEV2] api: KubeDeploymentReplicasMismatch, 0 of 4 replicas available"},
		},
		Logs: []Src{
			Access("api-gateway", func(m float64) float64 { return 19 * (1 - down(m)) }, C(40), 0.6, "GET /api/feed 200", "GET /api/items/{int:1000:9999} 200", "POST /api/items/{int:1000:9999}/like 201"),
			Reqs("api-gateway", "ERROR", func(m float64) float64 { return 0.02 + 19*down(m) }, "GET /api/{pick:feed|items|me} 503 0ms upstream=api: no healthy upstream", "POST /api/items/{int:1000:9999}/like 503 1ms upstream=api: upstream connect error or disconnect/reset before headers. reset reason: connection failure"),
			Once("api-gateway", "INFO", GW+0.02, "envoy 1.31.4 starting, hot restart epoch 0, stats sink statsd enabled").OnSlot(0),
			Once("api-gateway", "INFO", GW+0.27, "envoy 1.31.4 starting, hot restart epoch 0, stats sink statsd enabled").OnSlot(1),
			Access("api", func(m float64) float64 { return 11 * (1 - down(m)) }, func(m float64) float64 { return 28 + 200*warm(m) }, 0.6, "GET /v1/feed 200", "GET /v1/items/{int:1000:9999} 200"),
			Lines("api", "WARN", func(m float64) float64 {
				if m > B+2 && down(m) > 0.5 {
					return 1.5
				}
				return 0
			}, "Back-off restarting failed container api"),
			Reqs("api", "ERROR", func(m float64) float64 { return 0.08 + 8*failover(m) }, "GET /v1/feed: redis: GET feed:{int:100000:999999}: dial tcp 10.2.7.21:6379: i/o timeout"),
			Reqs("api", "ERROR", C(0.2), "GET /v1/items/{int:1000:9999}: search: 400 Bad Request: query too long"),
			Access("search", C(6), C(20), 0.5, "POST /v1/search 200"),
			Lines("search", "WARN", C(0.15), "slow query [{ms:900:0.3}ms] on index items_v42: match_phrase with {int:30:90} terms"),
			Lines("redis", "INFO", C(0.3), "Background saving started by pid {int:100:999}", "DB saved on disk", "{int:100:999} changes in 60 seconds. Saving..."),
			// redis-0 stops answering at B; the sentinel beside redis-1
			// (down-after 5 s) marks it down and switches to redis-1 at
			// B+0.6, when the event is posted; clients are back on the new
			// master by B+0.67.
			Once("redis", "WARN", B+0.01, "# Connection with master lost.").OnSlot(1),
			Once("redis", "WARN", B+0.09, "+sdown master mymaster 10.2.7.21 6379").OnSlot(1),
			Once("redis", "WARN", B+0.1, "+odown master mymaster 10.2.7.21 6379 #quorum 2/2").OnSlot(1),
			Once("redis", "WARN", B+0.11, "+try-failover master mymaster 10.2.7.21 6379").OnSlot(1),
			Once("redis", "INFO", B+0.6, "+switch-master mymaster 10.2.7.21 6379 10.2.4.33 6379").OnSlot(1),
			Once("redis", "INFO", B+0.65, "MASTER MODE enabled (user request from 'id=41 addr=10.2.9.8:51234 laddr=10.2.4.33:26379 fd=12 name=sentinel-3a1f cmd=slaveof')").OnSlot(1),
			Lines("postgres", "INFO", C(1.2), "LOG:  checkpoint starting: time", "LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled",
				"LOG:  duration: {msf:600:0.3} ms  statement: SELECT id, score FROM items WHERE feed_id = $1 ORDER BY score DESC LIMIT 50"),
			Lines("postgres", "ERROR", func(m float64) float64 { return 0.05 + 0.6*warm(m) }, `ERROR:  canceling statement due to user request`),
			Once("postgres", "INFO", B+0.1, "LOG:  received fast shutdown request"),
			Once("postgres", "FATAL", B+0.11, "FATAL:  terminating connection due to administrator command"),
			Once("postgres", "INFO", B+0.7, "LOG:  database system is ready to accept connections"),
			Lines("postgres", "WARN", func(m float64) float64 { return 2 * warm(m) }, "LOG:  duration: {msf:40:0.4} ms  statement: SELECT id, body, score FROM items WHERE id = ANY($1)"),
			Reqs("api", "ERROR", func(m float64) float64 { return 6 * pgDown(m) }, "GET /v1/items/{int:1000:9999}: postgres: dial tcp 10.2.7.30:5432: connect: connection refused"),
		},
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{4.1, 9.6, 15.2, 19.8} {
				trs = append(trs, Tr{At: at, Root: feedTrace(g, 0, i == 2)})
			}
			for i, at := range []float64{21.3, 22.6, 25.9, 26.8, 29.0, 31.7, 35.6} {
				trs = append(trs, Tr{At: at, Root: feedTrace(g, 1+i%3, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"redis-flap", "redis keeps failing over between its two nodes, and api fails while each switch lasts"},
			{"gateway-build", "api-gateway's new proxy build drops its connections to healthy api pods"},
			{"drain-evict", "the node drain evicts api's pods faster than they come back, with no disruption budget to stop it"},
			{"pg-migrate", "api's pods wait on postgres schema migrations at startup, and kubelet kills them before they finish"},
			{"exit-on-loss", "api exits whenever its postgres connection drops, so its pods restart while postgres is away"},
			{"pool-dry", "api's redis pool runs dry while redis is slow, so api's pods fail their readiness checks"},
			{"api-redis-gate", "kubelet restarts api's pods whenever their health check finds redis slow"},
			{"pg-gate", "kubelet restarts api's pods whenever their health check finds postgres slow"},
		},
		Answer: Answer{
			Choice: "api-redis-gate", Onset: T,
			Chain: []string{
				"At 08:14 api's Deployment was patched by hand (kubectl patch, no change record): its liveness probe moved to /health/deep ('livenessProbe.httpGet.path=/health/deep'), which PINGs redis with a 1 s timeout; the pods rolled to new names with the same v6.1.0 label, and their cache warm-up shows in http_request_duration_p95_ms",
				"At 08:20:27 a node drain (the node-drain event) evicted redis' master, which stopped answering from 08:20:30 for 40 s ('Connection with master lost') until sentinel switched to redis-1 at 08:21:06 (the redis-failover event, '+switch-master'); every pod's probe timed out three times ('Liveness probe failed') and kubelet killed all four at 08:21",
				"The pods restarted together and their cache warm-up pinned redis (its cpu_usage_cores and redis_command_duration_p95_ms rise in each wave), so the fresh pods' probes failed and they were killed again: restarts_total climbs on every pod at once",
				"With no ready pods api-gateway answered 'no healthy upstream': its http_errors_ratio goes to ~95% in waves, CrashLoopBackOff stretching each gap",
			},
			Evidence: []string{
				"api's pods change names at 08:14 with no change event and the same version label; http_request_duration_p95_ms (api) rises in the 08:14:30 scrape as the new pods warm their caches",
				"the control plane's lines at 08:14 (service nodes): an audit entry for a kubectl patch of deployment api by sre-mvogel with 'livenessProbe.httpGet.path=/health/deep', timeoutSeconds=1, then the deployment controller's 'Scaled up replica set'",
				"restarts_total climbs on all four api pods together at 08:21, 08:23, 08:25:30, 08:29:30 and 08:35:30, each time right after redis is slow (redis_command_duration_p95_ms of redis rises as the restarted pods load their caches)",
				"every probe failure is on /health/deep ('Liveness probe failed', context deadline exceeded) and the pod's own line beside it names redis ('health/deep: redis PING' i/o timeout), never postgres; each kill is 'failed liveness probe, will be restarted' then SIGTERM and 'Exit Code: 0': the probe decides the kills; no OOMKilled, no exit 137, no exit 1",
			},
			Wrong: [][2]string{
				{"redis-flap", "redis failed over once: sentinel logs a single '+switch-master' (08:21:06) and redis_errors_ratio moves only then. In every later wave redis serves more commands than ever (the restarted pods loading 118000 keys each) and is slow from that load, not from switching; the first 40 s outage killed pods only because the liveness probe made redis a reason to kill."},
				{"gateway-build", "The envoy upgrade is real (its CPU and memory stay a third higher) and was served through for six minutes; 'no healthy upstream' means there were no ready api pods to send to."},
				{"pg-migrate", "api runs no migrations: each start goes 'starting api v6.1.0' to 'redis: connected to master' to 'warming local cache' within a second, with no schema step, and the first kill at 08:21 hit pods that had been up since 08:14, not starting ones. Every kill follows failures of the liveness probe on /health/deep whose own line is 'health/deep: redis PING' timing out."},
				{"exit-on-loss", "When postgres-0 went away each pod logged 'postgres: connection lost' and its pool reconnected; the pods kept serving (item pages failing with 'connection refused') and never exit on their own: kubelet stops them ('failed liveness probe, will be restarted', then SIGTERM and 'Exit Code: 0', never an exit 1). In the later waves postgres is up and answering, yet the pods are killed again."},
				{"pool-dry", "Unready pods are taken out of the endpoints, not restarted: here restarts_total climbs on every pod and each one logs 'failed liveness probe, will be restarted' then SIGTERM. api's pool_in_use_ratio peaks below full during the warm-ups, and every restarted pod logs 'connected to master 10.2.4.33:6379 via sentinel' and loads its cache."},
				{"pg-gate", "postgres-0 was evicted by the same drain and was gone for 35 s ('received fast shutdown request' to 'ready to accept connections'), and its latency rises in every wave, but /health/deep does not ask postgres: each probe failure is followed by the pod's own 'health/deep: redis PING' timeout line, never a postgres one, and postgres' p95 in the waves stays far below the probe's 1 s timeout (the cache loads read items from it, they do not wait on it)."},
				{"drain-evict", "The drain evicted redis-0 and postgres-0, not api (the control plane's 'evicting pod' lines name no api pod on ip-10-2-7-5). api's pods keep their names and IPs through every wave and restart in place (restarts_total climbs on all four; 'restarting in place' after 'failed liveness probe, will be restarted'); an eviction would create new pods with new names and leave restarts_total at 0."},
			},
			RedHerrings: []string{"gateway-deploy", "search-reindex", "pg-restart"},
			Proof: append(append(append([]Proof{
				ProveLog(1, "nodes", "livenessProbe.httpGet.path=/health/deep"),
				ProveLog(1, "nodes", "Scaled up replica set"),
				ProveMetric(1, "api", telemetry.DurationName(telemetry.HTTP, "p95"), T, T+2),
				ProveEvent(2, "redis-failover"),
				ProveEvent(2, "node-drain"),
				ProveLog(2, "api", "health/deep: redis PING").Within(B, B+1.5),
				ProveLog(2, "redis", "+switch-master"),
				ProveLog(2, "redis", "Connection with master lost"),
				ProveLog(2, "api", "Liveness probe failed").Within(B, B+1.5),
				ProveLog(2, "api", "failed liveness probe, will be restarted").Within(B, B+1.5),
				ProveLog(2, "api", "received SIGTERM").Within(B, B+1.5),
				ProveLog(2, "api", "Exit Code: 0").Within(B, B+1.5),
				ProvePod(3, "api", telemetry.RestartsName, 0, B, B+19),
				ProveMetric(3, "redis", telemetry.CPUName, B, B+19),
				ProveMetric(3, "redis", telemetry.DurationName(telemetry.Redis, "p95"), B, B+19),
				ProveMetric(3, "redis", telemetry.RateName(telemetry.Redis), B, B+19),
				ProveLog(3, "api", "Back-off restarting failed container"),
				ProveLog(4, "api-gateway", "no healthy upstream").Within(B, B+3),
				ProveMetric(4, "api-gateway", telemetry.ErrorsName(telemetry.HTTP), B, B+2),
			},
				// every later wave is the same kill: its probe lines show
				// step 3 (spread keeps each item under the line cap)
				spread(ProveLog(3, "api", "health/deep: redis PING"), B+1.5, 40, 3)...),
				spread(ProveLog(3, "api", "Liveness probe failed"), B+1.5, 40, 3)...),
				spread(ProveLog(3, "api", "failed liveness probe, will be restarted"), B+1.5, 40, 3)...),
			Debrief: `Someone patched api's Deployment by hand at 08:14 (kubectl patch; nothing reached the change
log) and pointed its liveness probe at /health/deep, a handler that PINGs redis with a 1 s
timeout. Liveness answers one question, "is this process broken beyond repair?", and a
dependency's health is not that. The pods rolled to a new ReplicaSet under the same version
label and nothing else showed. At 08:20:27 kured drained a node for a kernel reboot and evicted
both redis' master and postgres-0. Redis was without a master for 40 s (sentinel switched to
redis-1 at 08:21:06): every pod failed three probes in a row and kubelet restarted all four
together. Their cache warm-up saturated redis, the fresh pods' probes failed in turn, and the
fleet entered a restart loop with growing back-off.

The tempting quick bet: api fails in waves after a redis failover, redis' latency rises with
every wave and api has no available replicas, so "kubelet restarts api whenever its health
check finds redis slow". But the same screens fit other choices as well: the same drain took
postgres down for 35 s and postgres' latency rises in every wave too (the cache loads read
items from it), so a health check on postgres draws the same picture; the drain itself could
have evicted api's pods with nothing to hold them; api could exit when postgres drops, or be
killed while waiting on migrations at startup; redis could be flapping or api's redis pool run
dry. Any restart, whatever its cause,
makes the next wave: the fresh pods load their caches and make redis and postgres slow again.
The first screens cannot tell them apart; the deeper signals decide:
sentinel logs one '+switch-master' and redis serves more commands, not fewer, in each later
wave (it is slow from the cache loads); the pod's own line beside each failed probe is
'health/deep: redis PING' timing out, never postgres, and postgres' wave latency stays far
below the 1 s probe timeout; no api pod was on the drained node: the pods keep their names and
restart in place (restarts_total climbs), which an eviction never does; each start has no
migration step and the first kill hit pods up since 08:14; when postgres dropped, the pods
logged 'postgres: connection lost' and reconnected; they serve through the first half minute of the outage, are stopped by kubelet
("failed liveness probe, will be restarted", then SIGTERM) and exit cleanly (Exit Code: 0),
so they did not exit on their own (and were killed again while postgres was up); and every restarted pod connects to the new master.
"The change nearest the first shift" finds only the envoy upgrade at 08:14:36, whose own effect
(a third more CPU and memory on the gateway) is real and lasting but served fine for six
minutes. The culprit is not in the change log at all: the api pods changed names at 08:14 with
no release, and the control plane's audit line for that minute names the probe.

Fastest path: all pods dying at the same second means a shared trigger acting through a shared
mechanism. Restarts in place and "Liveness probe failed ... /health/deep" say the mechanism is
kubelet; the handler's own timeout line says which dependency it asks; the new pod names at
08:14 say when the probe changed. Coaching: when the pods' names change and the change log is
silent, someone changed the spec by hand.
`,
		},
	}
	// The hand patch shows where it would in a cluster: the API server's
	// audit line and the deployment controller scaling the new ReplicaSet,
	// both in the control plane's stream, not in api's own logs.
	s.Logs = append(s.Logs,
		Once("nodes", "INFO", T, `kube-apiserver: audit: verb=patch resource=deployments namespace=prod name=api user=sre-mvogel userAgent=kubectl/v1.29.3 fieldManager=kubectl-patch: livenessProbe.httpGet.path=/health/deep, timeoutSeconds=1, failureThreshold=3`).On("control-plane"))
	rs := Once("nodes", "INFO", T+0.01, "")
	rs.Msg = func(g *G, m float64) string {
		name, _ := g.slotAt("api", 0, T+0.3)
		return "kube-controller-manager: deployment-controller: Scaled up replica set " + name[:strings.LastIndexByte(name, '-')] + " to 1 (ScalingReplicaSet, deployment prod/api)"
	}
	s.Logs = append(s.Logs, rs.On("control-plane"))
	// The drain's evictions: redis-0 and postgres-0 from prod; no api pod
	// ran on that node.
	for i, pod := range []string{"prod/redis-0", "prod/postgres-0", "monitoring/node-exporter-7x2kq", "logging/fluent-bit-q8v4d"} {
		s.Logs = append(s.Logs, Once("nodes", "INFO", B-0.04+0.02*float64(i), "kubectl-drain: evicting pod "+pod+" (node ip-10-2-7-5)").On("control-plane"))
	}
	// Each pod keeps its IP across container restarts; the probe lines
	// name it.
	podIPs := []string{"10.2.3.41", "10.2.5.17", "10.2.1.88", "10.2.6.52"}
	for i, ip := range podIPs {
		s.Logs = append(s.Logs, Lines("api", "WARN", func(m float64) float64 { return 2 * probeFail(m) },
			`Liveness probe failed: Get "http://`+ip+`:8080/health/deep": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`).OnSlot(i),
			Lines("api", "WARN", func(m float64) float64 { return 2 * probeFail(m) },
				"health/deep: redis PING: i/o timeout after 1000ms, answering 503").OnSlot(i))
	}
	for i := range 4 {
		s.Logs = append(s.Logs, Once("api", "WARN", B+0.12+0.01*float64(i), "postgres: connection lost (FATAL: terminating connection due to administrator command), pool reconnecting").OnSlot(i))
	}
	for i := range 4 {
		at := T + 0.25*float64(i) + 0.02
		s.Logs = append(s.Logs,
			Once("api", "INFO", at, "starting api v6.1.0 (git 91c2d3e)").OnSlot(i),
			Once("api", "INFO", at+0.01, "warming local cache: loading 118000 keys from redis").OnSlot(i))
		for _, k := range kills {
			s.Logs = append(s.Logs,
				Once("api", "INFO", k+0.01*float64(i), "Container api failed liveness probe, will be restarted").OnSlot(i),
				Once("api", "INFO", k+0.02+0.01*float64(i), "received SIGTERM, draining connections (grace 5s)").OnSlot(i),
				Once("api", "INFO", k+0.08+0.01*float64(i), "Container api terminated (Reason: Completed, Exit Code: 0); restarting in place").OnSlot(i),
				Once("api", "INFO", k+0.9+0.01*float64(i), "starting api v6.1.0 (git 91c2d3e)").OnSlot(i),
				Once("api", "INFO", k+0.905+0.01*float64(i), "redis: connected to master 10.2.4.33:6379 via sentinel mymaster").OnSlot(i),
				Once("api", "INFO", k+0.91+0.01*float64(i), "warming local cache: loading 118000 keys from redis").OnSlot(i))
		}
	}
	restarts := func(m float64) int {
		n := 0
		for _, k := range kills {
			if m >= k {
				n++
			}
		}
		return n
	}
	setStd(s, []Tel{
		{Svc: "api-gateway", Kind: telemetry.HTTP, RT: telemetry.Go, Version: "1.31.2", Rollout: GW, NewVersion: "1.31.4",
			Req: func(m float64) telemetry.Requests {
				d := down(m)
				p := 32*(1-d) + 1*d
				return telemetry.Requests{RPS: 300, Err: 0.001 + 0.95*d, P50: p, P95: p*3 + 40*warm(m), P99: p*7 + 80*warm(m)}
			},
			Res: pods(func(m float64) float64 { return 0.3 * envoy(m) }, func(m float64) float64 { return 120 * envoy(m) }, C(0.4), C(0.15), C(0.2))},
		{Svc: "api", Kind: telemetry.HTTP, RT: telemetry.Go, Version: "v6.1.0", Rollout: T, NewVersion: "v6.1.0",
			Req: web(func(m float64) float64 { return 1 + 280*(1-down(m)) }, func(m float64) float64 { return 0.002 + 0.3*failover(m) },
				func(m float64) float64 { return 28 + 200*warm(m) }, 3),
			Res: func(slot int, m float64) telemetry.Resources {
				r := pods(func(m float64) float64 { return 0.05 + 0.3*(1-down(m)) + 0.4*warm(m) }, C(410), C(0.6),
					func(m float64) float64 { return 0.2*(1-down(m)) + 0.6*warm(m) }, func(m float64) float64 { return 0.2*(1-down(m)) + 0.7*warm(m) })(slot, m)
				if m >= T {
					r.Restarts = restarts(m)
				}
				return r
			}},
		{Svc: "search", Kind: telemetry.HTTP, RT: telemetry.JVM,
			Req: web(func(m float64) float64 { return 10 + 60*(1-down(m)) }, C(0.003), C(18), 2.5),
			Res: pods(func(m float64) float64 { return 0.2 + 0.3*(1-down(m)) }, C(1800), C(12), C(0.2), C(0.1))},
		{Svc: "redis", Kind: telemetry.Redis, RT: telemetry.Native,
			Req: func(m float64) telemetry.Requests {
				p := 0.3 + 40*warm(m)
				return telemetry.Requests{RPS: 900 + 3000*(1-down(m)) + 9000*warm(m), Err: 0.9 * failover(m), P50: p, P95: p * 3, P99: p * 8, Hit: 0.95}
			},
			Res: pods(func(m float64) float64 { return 0.2 + 0.75*warm(m) }, C(2100), C(0), func(m float64) float64 { return 0.1 + 0.85*warm(m) }, C(0))},
		{Svc: "postgres", Kind: telemetry.Postgres, RT: telemetry.Native, Gaps: [][2]float64{{29.4, 29.6}},
			Req: func(m float64) telemetry.Requests {
				return telemetry.Requests{RPS: 100 + 500*(1-down(m)) + 300*warm(m), Err: 0.0005 + 0.01*warm(m) + 0.9*pgDown(m), P50: 0.9 + 6*warm(m), P95: 4 + 60*warm(m), P99: 11 + 160*warm(m)}
			},
			Res: pods(func(m float64) float64 { return 0.4 + 0.5*(1-down(m)) }, C(5200), C(0), C(0.25), C(0))},
	})
	return s
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
