package main

import (
	"fmt"
	"math"
	"time"

	"firedrill/game/sim/telemetry"
)

// The CDC connector that kafka-connect runs for analytics failed
// yesterday evening and nobody restarted it. Its logical replication slot
// on the ledger postgres stays, so postgres keeps every WAL segment since:
// the data volume fills at ~0.5 GiB a minute with the morning's writes,
// and at 09:18 it is full. postgres PANICs on the next WAL write,
// restarts, replays, and PANICs again; ledger's writes fail. No change
// causes it. The page and the first Metrics screen show a database that
// fails and restarts, which five disk stories and two crash stories draw
// alike: WAL kept for a dead slot, for a failing archiver, for a lagging
// replica, under new WAL settings, or table bloat; a statement that
// crashes backends, or an OOM kill. postgres' config change at 09:12 (a
// bigger max_wal_size, fewer checkpoints for good) and ledger's release
// 30 s before the volume fills (a little more CPU for good) are real
// changes near the cliff. Only the logs (checkpoint, archiver, slot check,
// connector) and the node's disk slope tell them apart.
// pgNodeIndex is the node the generator places postgres-0 on.
const pgNodeIndex = 0

func diskFull() *Script {
	const (
		T  = 18.0 // the volume is full
		L  = 17.5 // ledger v4.8.0
		PG = 12.0 // postgres config rev 14
		RL = 21.0 // api-gateway rate limits
	)
	nodes := []string{"ip-10-0-1-23", "ip-10-0-2-41", "ip-10-0-3-17"}
	pgNode := nodes[pgNodeIndex]      // where the generator places postgres-0 (placement_nodes_test.go)
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
	up := func(m float64) float64 { // postgres-0 answers (not PANICked, before the volume fills)
		if m < T {
			return 1
		}
		return 0
	}
	return &Script{
		ID: "ledger-writes-failing", Title: "Ledger writes failing", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Tags:  []string{"ledger", "postgres", "errors"},
		Start: time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC), Minutes: 36, Step: 30, Sampled: 0.03,
		Briefing: `[SEV1] ledger 5xx above 50% for 3 minutes; transfers cannot be booked.
Support: customers see "transfer failed, please try again later".
Find the root cause.
`,
		Hints: []string{
			"Why does postgres-0 go away? Read its last lines before each restart.",
			"What fills that volume, and why do its checkpoints free nothing?",
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
			{Name: "postgres", Calls: []string{"pgbackrest"}, Pods: 2, Sts: true, Version: "16.4",
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
			{Name: "pgbackrest", Pods: 1, Sts: true, Version: "2.53",
				Std: Web{Kind: telemetry.HTTP, Runtime: telemetry.Native, Pods: 1, RPS: Sum(C(0.05), Mul(up, C(0.52))), Err: C(0), P50: C(85), Tail: C(3), CPUms: 40, Mem: 600}.Std()},
			{Name: "kafka-connect", Calls: []string{"postgres"}, Pods: 2, Version: "3.7.1",
				Std: Web{Kind: telemetry.Consumer, Runtime: telemetry.JVM, Pods: 2, RPS: Wave(420, 0.04, 29, 0.6), Err: C(0.001), P50: C(6), CPUms: 0.8, Mem: 1800,
					Prod: Wave(420, 0.04, 29, 0.6), Parts: 4, Lag: func(p int, m float64) float64 { return 180 + 40*float64(p) + 30*math.Sin(m/3+float64(p)) }}.Std()},
			{Name: "nodes"},
		},
		Hosts: &Hosts{Service: "nodes", Names: nodes, F: func(i int, m float64) telemetry.NodeState {
			free := []float64{0, 48, 52}[i] - 0.01*m
			if i == pgNodeIndex { // postgres-0's node: its data volume fills with retained WAL
				free = math.Max(0.04, 0.5*(T-m))
			}
			return telemetry.NodeState{CPU: []float64{0.41, 0.47, 0.33}[i], DiskFreeGiB: free, NetMbps: []float64{140, 220, 120}[i], Conntrack: 0.07}
		}},
		Events: []Ev{
			{At: 7, ID: "nodes-patch", Kind: "config", Text: "node pool: containerd 1.7.20 -> 1.7.22 on ip-10-0-3-17 (drained, rebooted)"},
			{At: PG, ID: "postgres-config", Kind: "config", Svc: "postgres", Text: "postgres: parameter set rev 14 applied by terraform (PR #903)"},
			{At: L, ID: "ledger-deploy", Kind: "deploy", Svc: "ledger", Text: "ledger v4.8.0 (git e0b7c41) rolled out by argo-cd (2/2 pods): bump deps, PR #2211"},
			{At: 20.7, ID: "alert-pg-restarts", Kind: "alert", Svc: "postgres", Text: "[SEV2] postgres-0 restarted 2 times in 5m"},
			{At: RL, ID: "gateway-limits", Kind: "config", Svc: "api-gateway", Text: "api-gateway: per-client rate limit 100 -> 50 rps on /api/transfers (SEC-255)"},
			{At: 22, ID: "alert-ledger", Kind: "alert", Svc: "api-gateway", Text: "[SEV1] ledger 5xx > 50% for 3m"},
		},
		Logs: Join(slotChecks(T), connectorFailed(36),
			Shares("api-gateway", C(18), Mul(ledErr, C(0.62)), Sum(ledP50, C(4)), 0.6, []string{"POST /api/transfers 201", "GET /api/transfers/{int:100000:999999} 200", "GET /api/balance 200"},
				[]string{"POST /api/transfers 503"}),
			Shares("ledger", C(18), ledErr, ledP50, 0.6, []string{"POST /v1/entries 201", "GET /v1/accounts/{int:100000:999999}/balance 200"}, []string{"POST /v1/entries 503"}),
			Of(
				Reqs("ledger", "WARN", Mul(down, C(6)), "book transfer {uuid}: {pick:dial tcp 10.0.1.19:5432: connect: connection refused|FATAL: the database system is in recovery mode|FATAL: the database system is starting up}"),
				Reqs("ledger", "ERROR", C(0.6), "reject transfer: idempotency key reused with a different payload (409), account {int:100000:999999}"),
				Once("ledger", "INFO", L+0.05, "starting ledger v4.8.0 (git e0b7c41): idempotency=sha256").OnSlot(0),
				Once("ledger", "INFO", L+0.3, "starting ledger v4.8.0 (git e0b7c41): idempotency=sha256").OnSlot(1),
				// checkpoints: forced by WAL volume under the old max_wal_size, by the timer after rev 14
				Lines("postgres", "INFO", PL(0, 0.3, PG, 0.3, PG+0.01, 0), "LOG:  checkpoint starting: wal").On("postgres-0"),
				Lines("postgres", "INFO", PL(0, 0, PG, 0, PG+0.01, 0.2, T, 0.2, T+0.01, 0), "LOG:  checkpoint starting: time").On("postgres-0"),
				Src{Svc: "postgres", Level: "INFO", Pod: "postgres-0", PerMin: PL(0, 0.3, PG, 0.3, PG+0.01, 0.2, T, 0.2, T+0.01, 0), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("LOG:  checkpoint complete: wrote %d buffers (%d.%d%%); 0 WAL file(s) added, 0 removed, 0 recycled; distance=%d kB", 900+g.IntN(1500), 5+g.IntN(9), g.IntN(10), 480000+g.IntN(60000))
				}},
				Once("postgres", "INFO", PG+0.02, "LOG:  received SIGHUP, reloading configuration files").On("postgres-0"),
				Once("postgres", "INFO", PG+0.03, `LOG:  parameter "max_wal_size" changed to "8GB"`).On("postgres-0"),
				Once("postgres", "INFO", PG+0.04, `LOG:  parameter "checkpoint_timeout" changed to "5min"`).On("postgres-0"),
				Src{Svc: "postgres", Level: "INFO", Pod: "postgres-0", PerMin: Mul(up, C(1)), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("P00   INFO: archive-push:async command end: completed successfully (pushed %d WAL file(s), %dms)", 30+g.IntN(5), 2800+g.IntN(1400))
				}},
				Lines("postgres", "INFO", Mul(up, C(0.25)), "LOG:  automatic vacuum of table \"ledger.public.ledger_entries\": index scans: 1, pages: 0 removed, {int:380000:390000} remain, tuples: {int:4000:9000} removed").On("postgres-0"),
				Src{Svc: "postgres", Level: "FATAL", Pod: "postgres-0", PerMin: Mul(down, C(0.55)), Msg: Tmpl(`PANIC:  could not write to file "pg_wal/xlogtemp.{int:100:999}": No space left on device`)},
				Src{Svc: "postgres", Level: "INFO", Pod: "postgres-0", PerMin: Mul(down, C(0.5)), Msg: Tmpl("LOG:  database system was interrupted; last known up at 2026-07-01 09:{int:18:35}:{int:10:59} UTC", "LOG:  redo starts at 2A/{hex:8}", "LOG:  server process (PID {int:4800:9900}) was terminated by signal 6: Aborted")},
				Once("postgres", "FATAL", T+0.02, `PANIC:  could not write to file "pg_wal/xlogtemp.4711": No space left on device`).On("postgres-0"),
				Once("postgres", "INFO", T+0.05, "LOG:  server process (PID 4711) was terminated by signal 6: Aborted").On("postgres-0"),
				Lines("postgres", "INFO", C(1.2), "LOG:  connection authorized: user={pick:ledger|ledger|cdc_reader|monitoring} database=ledger SSL enabled (protocol=TLSv1.3)").On("postgres-0"),
				Lines("postgres", "INFO", C(0.4), "LOG:  started streaming WAL from primary at 2A/{hex:8} on timeline 1").On("postgres-1"),
				Src{Svc: "pgbackrest", Level: "INFO", PerMin: Mul(up, C(1)), Msg: func(g *G, m float64) string {
					return fmt.Sprintf("P00   INFO: archive-push: stored %d WAL segment(s) from pg1 (stanza ledger) in repo1", 30+g.IntN(5))
				}},
				Lines("pgbackrest", "INFO", C(0.1), "P00   INFO: expire command end: completed successfully ({int:300:900}ms)"),
				Src{Svc: "kafka-connect", Level: "INFO", PerMin: C(1), Msg: Tmpl(`connector cdc-ledger: state=RUNNING tasks=[0:FAILED] slot=cdc_ledger confirmed_flush_lsn=29/1C04A7E8`)},
				Src{Svc: "kafka-connect", Level: "INFO", PerMin: C(4), Msg: func(g *G, m float64) string { // braces of its own: no template
					if g.IntN(2) == 0 {
						return fmt.Sprintf("WorkerSinkTask{id=s3-sink-events-%d} Committing offsets asynchronously using sequence number %d", g.IntN(4), 10000+g.IntN(90000))
					}
					return fmt.Sprintf("[s3-sink-events] Files committed to S3. Target commit offset for events-%d is %d", g.IntN(4), 1000000+g.IntN(9000000))
				}},
				Lines("nodes", "WARN", PL(0, 0, 8, 0, 8.1, 0.5, T, 0.5, T+0.1, 1.5), "kubelet: eviction manager: attempting to reclaim ephemeral-storage on "+pgNode+": pod postgres-0 volume data is not ephemeral, nothing to reclaim").On(pgNode),
				Lines("api-gateway", "WARN", PL(0, 0, RL, 0, RL+0.1, 1), "rate limited POST /api/transfers client={ip} (50 rps)"),
				Lines("api-gateway", "ERROR", C(0.2), `[error] 31#31: *{int:10000:99999} limiting connections by zone "perip", client: {ip}, server: api, request: "GET /api/exports HTTP/1.1"`),
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
			{"ledger-statement", "ledger's new release sends a statement that crashes postgres-0's backends"},
			{"wal-archiving", "postgres-0 keeps WAL it fails to archive to the backups until its disk is full"},
			{"wal-settings", "postgres-0's new settings let its WAL outgrow what its volume can hold"},
			{"wal-retained", "postgres-0 keeps WAL for a reader that stopped reading until its disk is full"},
			{"replica-behind", "postgres-0 keeps WAL for postgres-1, which fell behind, until its disk is full"},
			{"table-bloat", "vacuum falls behind and bloated ledger tables fill postgres-0's volume"},
			{"postgres-oom", "postgres-0 is killed for memory as the morning's queries grow their sorts"},
		},
		Answer: Answer{
			Choice: "wal-retained", Onset: T,
			Chain: []string{
				"kafka-connect's cdc-ledger task failed at 21:12 yesterday (`will not recover until manually restarted`) and was never restarted; its slot stays on postgres-0: `cdc_ledger (logical, inactive)`",
				"postgres-0 keeps every WAL segment since: its checkpoints say `0 removed, 0 recycled` while archiving succeeds, and node_filesystem_free_gib on " + pgNode + " falls ~0.5 GiB a minute to zero at 09:18",
				"At 09:18:01 postgres-0 PANICs on a WAL write (`No space left on device`), restarts, replays and PANICs again: its restarts_total climbs",
				"While postgres-0 crash-loops, ledger's writes are refused: ledger's http_errors_ratio stays above 50%, transfers cannot be booked",
			},
			Evidence: []string{
				`node_filesystem_free_gib{node="` + pgNode + `"} falls in one straight line from the start of the window, before and after the 09:12 config change, and reaches ~0 at 09:18`,
				"postgres-0's checkpoint lines say `0 removed, 0 recycled` all morning, while pgbackrest pushes its WAL every minute",
				"postgres-0's slot check, every two minutes, reads `cdc_ledger (logical, inactive)` with a retained size that grows 1 GB from one check to the next: 212.5 GB at 09:01, 220.5 GB at 09:17 (~0.5 GB a minute)",
				"kafka-connect logs `will not recover until manually restarted` for that connector every five minutes from 09:00 (state FAILED since yesterday evening)",
				"ledger's http_errors_ratio jumps at 09:18:30, the scrape after the first `No space left on device`; postgres-1 keeps streaming WAL throughout",
			},
			Wrong: [][2]string{
				{"ledger-statement", "ledger v4.8.0 went out at 09:17:30, 30 s before the volume filled, and really uses ~12 % more CPU for good; but every crash follows a PANIC on a WAL write ('No space left on device', then signal 6), not a statement, and the disk had been falling for eighteen minutes before the release."},
				{"wal-archiving", "Archiving works: postgres-0 logs 'archive-push:async command end: completed successfully' and the pgbackrest repo 'stored 30-34 WAL segment(s)' every minute until the first PANIC; postgres never logs a failed archive command. Its request rate falls only after 09:18, because postgres is down."},
				{"wal-settings", "Rev 14 at 09:12 raised max_wal_size to 8GB (checkpoints now start on the timer: a real, lasting change). But max_wal_size bounds the WAL checkpoints keep for themselves; the slot check shows over 200 GB retained, and the disk's slope is the same before and after 09:12."},
				{"replica-behind", "postgres-1 streams WAL all morning ('started streaming WAL from primary') and the slot check says postgres_1 (physical, active) holds 0.1-0.3 GB; the slot that holds the WAL is cdc_ledger."},
				{"table-bloat", "autovacuum runs on ledger_entries every few minutes and its page count stays flat; what fills the volume is WAL that checkpoints never remove ('0 removed, 0 recycled')."},
				{"postgres-oom", "The backends die with signal 6 after a PANIC, not signal 9, and postgres-0's memory_working_set_mib is flat at ~9 GB until the first crash; the kubelet says nothing about memory."},
			},
			RedHerrings: []string{"ledger-deploy", "postgres-config", "gateway-limits", "nodes-patch", "replica-behind"},
			Proof: []Proof{
				ProveLog(1, "kafka-connect", "will not recover until manually restarted"),
				ProveLog(1, "postgres", "cdc_ledger (logical, inactive)"),
				ProveLog(2, "postgres", "0 removed, 0 recycled"),
				ProveMetric(2, "nodes", telemetry.NodeSeriesName(telemetry.NodeDiskName, pgNode), 2, T),
				ProveLog(3, "postgres", "No space left on device").Within(T, T+1),
				ProveMetric(3, "postgres", telemetry.PodSeriesName(telemetry.RestartsName, "postgres-0"), T, 36),
				ProveMetric(4, "ledger", telemetry.ErrorsName(telemetry.HTTP), T, 36),
			},
			Debrief: `The cdc-ledger connector that kafka-connect runs for analytics failed at 21:12 last night
and nobody restarted it. Its logical replication slot, cdc_ledger, stayed on postgres-0, and a
slot tells postgres to keep every WAL segment its reader has not confirmed. With the morning's
writes that is ~0.5 GiB a minute: the checkpoints removed nothing, the data volume filled, and
at 09:18 postgres PANICked on a WAL write. It restarted, replayed, wrote, and PANICked again;
ledger's writes failed while it crash-looped. Nothing was deployed to cause it.

The tempting quick bet: a database that restarts while writes fail reads as "disk full", and
that is right here, but five stories fill a postgres disk with the same first screen: WAL kept
for a dead slot, for a failing archiver, for a lagging replica, under bigger WAL settings, or
bloated tables. And two changes sit close to the cliff: postgres' own parameter set at 09:12
(max_wal_size raised, checkpoints on the timer for good) and ledger's release 30 s before the
first PANIC (more CPU for good). The change nearest the cliff is not it, and neither is the
change on the database itself.

Fastest path: read postgres-0's last line before a restart (no space left), look at the
disk's slope (one straight line, through the config change), then ask why checkpoints recycle
nothing. Archiving succeeds and the replica streams, so something else holds the WAL: the slot
check names cdc_ledger, inactive, and kafka-connect says that task died last night. Alert on
inactive slots and on disk slope, not only on free space.
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
		ins.E().A("error.message", "dial tcp 10.0.1.19:5432: connect: connection refused")
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

// slotChecks is the monitoring job's slot check on postgres-0, every two
// minutes while it answers: the dead connector's slot retains ~0.5 GB
// more WAL at each check, the replica's slot a few hundred MB at most.
func slotChecks(full float64) []Src {
	var out []Src
	for i, m := 0, 1.0; m < full; i, m = i+1, m+2 {
		out = append(out, Once("postgres", "INFO", m, fmt.Sprintf("slot check: cdc_ledger (logical, inactive) holds %.1f GB of WAL; postgres_1 (physical, active) holds 0.%d GB", 212+0.5*m, 1+i%3)).On("postgres-0"))
	}
	return out
}

// connectorFailed is kafka-connect's herder repeating, every five minutes,
// that the cdc-ledger task failed last night and stays failed.
func connectorFailed(end float64) []Src {
	var out []Src
	for m := 0.6; m < end; m += 5 {
		out = append(out, Once("kafka-connect", "ERROR", m, "WorkerSourceTask{id=cdc-ledger-0} Task is being killed and will not recover until manually restarted (state FAILED since 2026-06-30T21:12:03Z)").OnSlot(0))
	}
	return out
}
