package main

import (
	"math"
	"testing"

	"firedrill/game/sim/telemetry"
)

func TestWebDerivesTheFamiliesFromTraffic(t *testing.T) {
	w := Web{Kind: telemetry.HTTP, Runtime: telemetry.Go, Pods: 2, RPS: C(200), Err: C(0.01), P50: C(20), Tail: C(5),
		CPUms: 4, Workers: 10, Pool: 10, PoolMs: C(5),
		PodLimit: func(p telemetry.Pod) float64 {
			if p.Slot == 1 {
				return 0.25
			}
			return 2
		}}
	std := w.Std([2]float64{3, 4})
	r := std.Req(1)
	if r.RPS != 200 || r.Err != 0.01 || r.P50 != 20 || r.P99 != 100 || !(r.P50 < r.P95 && r.P95 < r.P99) {
		t.Errorf("requests %+v; want p99 = 5 × p50 and p95 between", r)
	}
	free := std.Res(telemetry.Pod{Slot: 0}, 1) // 100 rps × 4 ms = 0.4 cores (+ idle), under 2
	capped := std.Res(telemetry.Pod{Slot: 1}, 1)
	if free.CPU < 0.4 || free.CPU > 0.5 || free.Throttled > 0.05 {
		t.Errorf("a pod under its limit: cpu %.3f throttled %.3f", free.CPU, free.Throttled)
	}
	if capped.CPU != 0.25 || capped.Throttled < 0.9 {
		t.Errorf("a pod over its limit is pinned at it and throttled: cpu %.3f throttled %.3f", capped.CPU, capped.Throttled)
	}
	// Little's law: 100 rps × 26 ms (1.3 × p50) in flight over 10 workers; 100 rps × 5 ms over 10 connections
	if math.Abs(free.Busy-0.26) > 0.03 || math.Abs(free.Pool-0.05) > 0.01 {
		t.Errorf("busy %.3f pool %.3f; want ~0.26 and ~0.05", free.Busy, free.Pool)
	}
	if len(std.Gaps) != 1 {
		t.Errorf("gaps %v", std.Gaps)
	}
}

func TestSharesKeepStatusesAtTheErrorRatio(t *testing.T) {
	srcs := Shares("api", C(60), C(0.25), C(10), 0.2, []string{"GET /a 200"}, []string{"GET /a 503"})
	ok, bad := srcs[0].PerMin(1), srcs[1].PerMin(1)
	if ok != 45 || bad != 15 || srcs[1].Level != "ERROR" || srcs[0].Level != "INFO" {
		t.Errorf("ok %.1f/min (%s), failed %.1f/min (%s); want 45 INFO and 15 ERROR", ok, srcs[0].Level, bad, srcs[1].Level)
	}
}
