package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// The analytics team's change-data-capture connector failed yesterday
// evening and nobody restarted it. Its logical replication slot on the
// ledger postgres stays, so postgres keeps every WAL segment since: the
// data volume fills at ~0.5 GiB a minute with the morning's writes, and at
// 09:18 it is full. postgres PANICs on the next WAL write, restarts,
// replays, and PANICs again; ledger's writes fail. No change causes it.
// ledger's own release lands 30 s before the volume fills (really a
// little slower for good); the replica is healthy.
func diskFull() *Script {
	const (
		T  = 18.0 // the volume is full
		L  = 17.5 // ledger v4.8.0
		RL = 21.0 // api-gateway rate limits
	)
	nodes := []string{"ip-10-0-1-23", "ip-10-0-2-41", "ip-10-0-3-17"}
	down := func(m float64) float64 { // postgres-0 is crash-looping: share of writes that fail
		if m < T {
			return 0
		}
		return 0.62 + 0.1*math.Sin(m*2.4)
	}
	crashes := func(m float64) int { // PANIC restarts of postgres-0 so far
		if m < T {
			return 0
		}
		return 1 + int((m-T)/2.5)
	}
	users := Wave(260, 0.03, 33, 0.2)
	ledErr := Sum(C(0.002), down)
	ledP50 := Sum(PL(0, 18, L+0.2, 18, L+0.6, 21), Mul(down, C(900)))
	return &Script{
		ID: "ledger-writes-failing", Title: "Ledger writes failing, database restarting", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"ledger", "postgres", "errors"},
		Start: time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.03,
		Briefing: `[SEV1] ledger 5xx above 50% for 3 minutes; transfers cannot be booked.
postgres-0 has restarted several times in the last minutes.
Find the root cause.
`,
		Hints: []string{
			"Why does postgres restart? Read its last lines before each restart.",
			"What fills that volume, and why is nothing ever freed?",
		},
		Services: []Svc{
			{Name: "api-gateway", Calls: []string{"ledger"}, Pods: 2, Version: "1.27.3",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(1.6)), Err: Mul(ledErr, C(0.62)), P50: Sum(ledP50, C(4)), Tail: C(4), CPUms: 0.4}.Std()},
			{Name: "ledger", Calls: []string{"postgres"}, Pods: 2, Version: "v4.7.2", Rollouts: []Rollout{{At: L, Version: "v4.8.0"}},
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: users, Err: ledErr, P50: ledP50, Tail: C(3), CPUms: 2.5,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Version == "v4.8.0" {
							r.CPU *= 1.12 // idempotency keys hashed with SHA-256
						}
						r.Pool = math.Min(1, r.Pool+0.7*down(m)) // connections wait for postgres to come back
					}}.Std()},
			{Name: "postgres", Pods: 2, Sts: true, Version: "16.4",
				Std: Web{Kind: telemetry.Postgres, Runtime: telemetry.Native, Pods: 2, RPS: Mul(users, C(5), Sum(C(1), Mul(down, C(-0.8)))), Err: Mul(down, C(0.5)),
					P50: C(0.9), Tail: C(5), CPUms: 0.3, Limit: 4, Workers: 200, Mem: 9000,
					Tweak: func(p telemetry.Pod, m float64, r *telemetry.Resources) {
						if p.Slot == 0 {
							r.Restarts = crashes(m)
							if m >= T {
								r.MemMiB *= 0.4 + 0.1*math.Mod(m-T, 2.5) // shared buffers refill after each restart
							}
						} else {
							r.CPU *= 0.5 // the replica only replays WAL
						}
					}}.Std([2]float64{T + 0.5, T + 1})},
			{Name: "analytics-cdc", Calls: []string{"postgres"}, Pods: 1, Version: "2.6.1",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.JVM, Pods: 1, RPS: C(0.2), Err: C(0), P50: C(12), CPUms: 20, Mem: 1800}.Std()},
			{Name: "nodes"},
		},
		Hosts: &Hosts{Service: "nodes", Names: nodes, F: func(i int, m float64) telemetry.NodeState {
			free := []float64{48, 0, 52}[i] - 0.01*m
			if i == 1 { // postgres-0's node: its data volume fills with retained WAL
				free = math.Max(0.04, 0.5*(T-m))
			}
			return telemetry.NodeState{CPU: []float64{0.41, 0.47, 0.33}[i], DiskFreeGiB: free, NetMbps: []float64{140, 220, 120}[i], Conntrack: 0.07}
		}},
		Events: []Ev{
			{At: 7, ID: "nodes-patch", Kind: "config", Text: "node pool: containerd 1.7.20 -> 1.7.22 on ip-10-0-3-17 (drained, rebooted)"},
			{At: L, ID: "ledger-deploy", Kind: "deploy", Svc: "ledger", Text: "ledger v4.8.0 (git e0b7c41) rolled out by argo-cd (2/2 pods): SHA-256 idempotency keys"},
			{At: 20.7, ID: "alert-pg-restarts", Kind: "alert", Svc: "postgres", Text: "[SEV2] postgres-0 restarted 2 times in 5m"},
			{At: RL, ID: "gateway-limits", Kind: "config", Svc: "api-gateway", Text: "api-gateway: per-client rate limit 100 -> 50 rps on /api/transfers (SEC-255)"},
			{At: 22, ID: "alert-ledger", Kind: "alert", Svc: "api-gateway", Text: "[SEV1] ledger 5xx > 50% for 3m"},
		},
		Logs: Join(
			Shares("api-gateway", C(18), Mul(ledErr, C(0.62)), Sum(ledP50, C(4)), 0.6, []string{"POST /api/transfers 201", "GET /api/transfers/{int:100000:999999} 200", "GET /api/balance 200"},
				[]string{"POST /api/transfers 503"}),
			Shares("ledger", C(18), ledErr, ledP50, 0.6, []string{"POST /v1/entries 201", "GET /v1/accounts/{int:100000:999999}/balance 200"}, []string{"POST /v1/entries 503"}),
			Of(
				Reqs("ledger", "WARN", Mul(down, C(6)), "book transfer {uuid}: {pick:dial tcp 10.0.2.19:5432: connect: connection refused|FATAL: the database system is in recovery mode|FATAL: the database system is starting up}"),
				Once("ledger", "INFO", L+0.05, "starting ledger v4.8.0 (git e0b7c41): idempotency=sha256").OnSlot(0),
				Once("ledger", "INFO", L+0.3, "starting ledger v4.8.0 (git e0b7c41): idempotency=sha256").OnSlot(1),
				Src{Svc: "postgres", Level: "INFO", Pod: "postgres-0", PerMin: PL(0, 0.5, T, 0.5, T+0.01, 0), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("LOG:  checkpoint complete: wrote %d buffers (%d.%d%%); 0 WAL file(s) added, 0 removed, 0 recycled; distance=%d kB", 900+g.IntN(1500), 5+g.IntN(9), g.IntN(10), 480000+g.IntN(60000))
				}},
				Src{Svc: "postgres", Level: "FATAL", Pod: "postgres-0", PerMin: Mul(down, C(0.55)), Msg: Tmpl(`PANIC:  could not write to file "pg_wal/xlogtemp.{int:100:999}": No space left on device`)},
				Src{Svc: "postgres", Level: "INFO", Pod: "postgres-0", PerMin: Mul(down, C(0.5)), Msg: Tmpl("LOG:  database system was interrupted; last known up at 2026-07-01 09:{int:18:35}:{int:10:59} UTC", "LOG:  redo starts at 2A/{hex:8}")},
				Once("postgres", "FATAL", T+0.02, `PANIC:  could not write to file "pg_wal/xlogtemp.4711": No space left on device`).On("postgres-0"),
				Once("postgres", "INFO", T+0.05, "LOG:  server process (PID 4711) was terminated by signal 6: Aborted").On("postgres-0"),
				Lines("postgres", "INFO", C(1.2), "LOG:  connection authorized: user={pick:ledger|analytics_cdc|monitoring} database=ledger SSL enabled (protocol=TLSv1.3)").On("postgres-0"),
				Lines("postgres", "INFO", C(0.4), "LOG:  started streaming WAL from primary at 2A/{hex:8} on timeline 1").On("postgres-1"),
				Src{Svc: "analytics-cdc", Level: "ERROR", PerMin: C(1), Msg: Tmpl("WorkerSourceTask{id=cdc-ledger-0} Task is being killed and will not recover until manually restarted (state FAILED since 2026-06-30T21:12:03Z)")},
				Src{Svc: "analytics-cdc", Level: "INFO", PerMin: C(1), Msg: Tmpl(`connector cdc-ledger: state=RUNNING tasks=[0:FAILED] slot=cdc_ledger confirmed_flush_lsn=29/{hex:8}`)},
				Lines("nodes", "WARN", PL(0, 0, 8, 0, 8.1, 0.5, T, 0.5, T+0.1, 1.5), "kubelet: eviction manager: attempting to reclaim ephemeral-storage on ip-10-0-2-41: pod postgres-0 volume data is not ephemeral, nothing to reclaim").On(nodes[1]),
				Lines("api-gateway", "WARN", PL(0, 0, RL, 0, RL+0.1, 1), "rate limited POST /api/transfers client={ip} (50 rps)"),
				Lines("api-gateway", "ERROR", C(0.2), `[error] 31#31: *{int:10000:99999} upstream sent too big header while reading response header from upstream, client: {ip}, server: api, request: "GET /api/statements HTTP/1.1"`),
			)),
		Traces: func(g *G) []Tr {
			var trs []Tr
			for i, at := range []float64{2.9, 7.6, 12.3, 16.1} {
				trs = append(trs, Tr{At: at, Root: bookTrace(g, false, i == 2)})
			}
			for i, at := range []float64{18.6, 20.9, 23.4, 26.2, 29.0, 31.7, 34.1} {
				trs = append(trs, Tr{At: at, Root: bookTrace(g, i%3 != 2, false)})
			}
			return trs
		},
		Choices: []Choice{
			{"ledger-release", "ledger's new release writes entries the database cannot store"},
			{"pg-volume-small", "the database volume is too small for this month's bookings"},
			{"wal-retained", "a stalled change-data reader keeps old write-ahead log from going"},
			{"replica-behind", "postgres-1 fell behind and the primary keeps its log around for it"},
			{"ledger-logging", "ledger's debug logging fills the disk of the node it runs on"},
			{"gateway-limits", "api-gateway's stricter rate limits reject ledger's transfer calls"},
		},
		Answer: Answer{
			Choice: "wal-retained", Onset: T,
			Chain: []string{
				"analytics-cdc's task failed at 21:12 yesterday and was never restarted; its logical replication slot cdc_ledger stays on postgres-0 and pins every WAL segment since",
				"postgres-0's checkpoints remove and recycle nothing: node_filesystem_free_gib on its node falls ~0.5 GiB a minute and reaches zero at 09:18",
				`At 09:18:01 postgres PANICs: 'could not write to file "pg_wal/xlogtemp.4711": No space left on device'; it restarts, replays, and PANICs again`,
				"While postgres-0 crash-loops, ledger's writes are refused: ledger 5xx above 60%, transfers cannot be booked",
			},
			Evidence: []string{
				`node_filesystem_free_gib{node="ip-10-0-2-41"} falls in a straight line from the start of the window and reaches ~0 at 09:18`,
				"postgres-0's checkpoint lines say '0 removed, 0 recycled' all morning: WAL is being kept, not written faster",
				"analytics-cdc logs 'Task is being killed and will not recover until manually restarted (state FAILED since 2026-06-30T21:12:03Z)' every minute; its slot is cdc_ledger",
				"http_errors_ratio (ledger) jumps at 09:18:30, the scrape after the first PANIC; postgres-1 keeps streaming WAL throughout",
			},
			Wrong: [][2]string{
				{"ledger-release", "ledger v4.8.0 went out at 09:17:30, 30 s before the volume filled, and is really a little slower for good; but the volume had been filling for eighteen minutes before it, and its writes fail on a refused connection, not a rejected row."},
				{"pg-volume-small", "The table data barely grows; what fills the volume is WAL that checkpoints would normally recycle. '0 removed, 0 recycled' says something is holding it."},
				{"replica-behind", "postgres-1 streams WAL all morning ('started streaming WAL from primary' after each restart) and its slot advances; the slot that never moves is cdc_ledger."},
				{"ledger-logging", "ledger runs on other nodes and its log volume is flat; the full volume is postgres-0's data volume on ip-10-0-2-41."},
				{"gateway-limits", "The limits changed at 09:21, three minutes after the first PANIC, and apply per client; ledger's 503s come from the database."},
			},
			RedHerrings: []string{"ledger-deploy", "gateway-limits", "nodes-patch", "replica-behind"},
			Proof: []Proof{
				ProveLog(1, "analytics-cdc", "will not recover until manually restarted").Within(8, 10),
				ProveMetric(2, "nodes", telemetry.NodeSeriesName(telemetry.NodeDiskName, "ip-10-0-2-41"), 12, T),
				ProveLog(3, "postgres", "No space left on device").Within(T, T+1),
			},
			Debrief: `analytics' change-data-capture connector failed at 21:12 last night and nobody restarted
it. Its logical replication slot, cdc_ledger, stayed on postgres-0, and a slot tells postgres
to keep every WAL segment its reader has not confirmed. With the morning's writes that is
~0.5 GiB a minute: the checkpoints removed nothing, the data volume filled, and at 09:18
postgres PANICked on a WAL write. It restarted, replayed, wrote, and PANICked again; ledger's
writes failed while it crash-looped. Nothing was deployed to cause it.

The tempting shortcut: the change log. ledger released 30 s before the first PANIC and it
really is a little slower for good; the restarts page on postgres, so "the volume is too
small" sounds right. But the volume had been filling in a straight line since long before the
release, and what fills it is WAL nobody is allowed to recycle.

Fastest path: read postgres' last line before a restart (no space left), look at the disk's
slope, then ask why checkpoints recycle nothing: a replication slot whose reader is gone.
Alert on inactive slots and on disk slope, not only on free space.
`,
		},
	}
}

// bookTrace is POST /api/transfers. refused fails the insert on a
// connection the crash-looping postgres refused; dropped loses ledger's
// server span.
func bookTrace(g *G, refused, dropped bool) *Sp {
	ins := Leaf("ledger", "INSERT ledger_entries", 1, g.LogNormal(2, 0.3)).A("db.system", "postgresql")
	status := "201"
	if refused {
		ins.E().A("error.message", "dial tcp 10.0.2.19:5432: connect: connection refused")
		status = "503"
	}
	led := S("ledger", "POST /v1/entries", 0, ins.Off+ins.Dur+g.LogNormal(12, 0.3), ins)
	if dropped {
		led.Drop()
	}
	root := S("api-gateway", "POST /api/transfers", 0, led.Dur+4, Call(g, "api-gateway", "ledger POST /v1/entries", 2, led))
	if refused {
		led.E()
		root.E()
	}
	return root.A("http.status_code", status).L(fmt.Sprintf("POST /api/transfers %s %dms", status, int(root.Dur)))
}
