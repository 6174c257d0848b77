package main

import (
	"fmt"

	"firedrill/game/sim/signal"
)

// pgCheckpoints are postgres' timed checkpoints from minute first to the
// end: one every checkpoint_timeout (5 min), each spread over 90 % of it
// (checkpoint_completion_target 0.9), so "complete" follows "starting"
// about 270 s later and before the next one starts.
func pgCheckpoints(first, end float64) []Src {
	var out []Src
	for at := first; at < end; at += 5 {
		out = append(out, Once("postgres", "INFO", at, "LOG:  checkpoint starting: time"))
		if done := at + 4.52; done < end {
			out = append(out, Once("postgres", "INFO", done,
				"LOG:  checkpoint complete: wrote {int:900:2400} buffers ({int:5:14}.{int:0:9}%); 0 WAL file(s) added, 0 removed, 1 recycled; write=269.{int:100:999} s, sync=0.0{int:10:99} s, total=271.{int:100:999} s"))
		}
	}
	return out
}

// migExportProgress is reporting's export logging its progress every
// three minutes between minutes from and to, streaming total million rows
// at an even pace: the count only grows.
func migExportProgress(from, to, total float64) []Src {
	var out []Src
	for at := from + 2.9; at < to-0.5; at += 3 {
		rows := total * (at - from) / (to - from)
		out = append(out, Once("reporting", "INFO", at, fmt.Sprintf("export orders_2025_11: %.1fM rows streamed", rows)))
	}
	return out
}

// migFirstWaits are the app's lock waits and statement timeouts of the
// first ten seconds after the ALTER is issued at minute alter, where the
// sampled sources are gated off: each wait is logged 1 s after it began,
// each timeout 5 s after, so none began before the ALTER.
func migFirstWaits(alter float64) []Src {
	sec := func(s float64) float64 { return alter + s/60 }
	var out []Src
	waits := []struct {
		at        float64
		pid, lock string
	}{
		{1.6, "48233", "RowExclusiveLock"}, {2.9, "48247", "AccessShareLock"}, {4.4, "48260", "RowExclusiveLock"},
		{6.2, "48281", "RowExclusiveLock"}, {8.1, "48302", "AccessShareLock"}, {9.5, "48319", "RowExclusiveLock"},
	}
	for i, w := range waits {
		out = append(out, Once("postgres", "INFO", sec(w.at),
			fmt.Sprintf("LOG:  process %s still waiting for %s on relation 16402 of database 16384 after 1000.%03d ms", w.pid, w.lock, 117+97*i)))
	}
	out = append(out,
		Once("postgres", "INFO", sec(4.55), "DETAIL:  Processes holding the lock: 47102. Wait queue: 48211, 48233, 48247, 48260."),
		Once("postgres", "ERROR", sec(5.7), "ERROR:  canceling statement due to statement timeout"),
		Once("postgres", "ERROR", sec(7.0), "ERROR:  canceling statement due to statement timeout"),
		Once("postgres", "ERROR", sec(8.5), "ERROR:  canceling statement due to statement timeout"),
	)
	return out
}

// boundedShares is Shares for a call with a deadline: the OK lines'
// latencies are log-normal around lat(m) but end before the deadline (a
// call that ran past it would have failed), and the failed lines, the
// calls that hit it, take the deadline plus the few ms of unwinding,
// between failLo and failHi ms.
func boundedShares(svc string, perMin, err, lat Fn, sigma, deadline float64, failLo, failHi int, ok []string, failed []string) []Src {
	okSrc := Src{Svc: svc, Level: "INFO", PerMin: Mul(perMin, Sum(C(1), Mul(C(-1), err))), Req: true, Msg: func(g *G, m float64) string {
		return fmt.Sprintf("%s %dms", fill(g, signal.Pick(g, ok...)), int(min(g.LogNormal(lat(m), sigma), deadline-10))+1)
	}}
	bad := Src{Svc: svc, Level: "ERROR", PerMin: Mul(perMin, err), Req: true, Msg: func(g *G, m float64) string {
		return fmt.Sprintf("%s %dms", fill(g, signal.Pick(g, failed...)), failLo+g.IntN(failHi-failLo+1))
	}}
	return []Src{okSrc, bad}
}
