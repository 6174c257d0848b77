package sim

import (
	"testing"

	"firedrill/game/sim/signal"
)

// twoTier is a caller with a timeout and retries in front of a callee sized
// for `rho` CPU utilisation at `rps`.
func twoTier(rps, rho, timeout float64, retries int) *Model {
	m := &Model{EntryRPS: rps}
	m.Services = []Service{
		{Name: "front", Kind: KindAPI, Median: 2, Sigma: 0.5, CPU: 100, CPUms: 0.1, Pods: 1,
			Deps: []Dep{{To: 1, PerReq: 1, Timeout: timeout, Retries: retries, BackoffMs: 100}}},
		{Name: "back", Kind: KindAPI, Median: 40, Sigma: 0.6, CPUms: 10, Pods: 1},
	}
	m.Services[1].CPU = rps * 10 / 1000 / rho
	return m
}

func steady(m *Model) State {
	run := Simulate(m, &Traffic{}, nil, 120, signal.New(1, 2))
	return run.States[len(run.States)-1][0]
}

// TestLoadRaisesLatency: the same service at rising utilisation gets
// slower, and fails only once it is past capacity.
func TestLoadRaisesLatency(t *testing.T) {
	prev := 0.0
	for _, tc := range []struct {
		rho     float64
		wantErr bool
	}{{0.2, false}, {0.5, false}, {0.8, false}, {0.95, false}, {1.4, true}} {
		st := steady(twoTier(100, tc.rho, 60000, 0))
		if st.P50 <= prev {
			t.Errorf("rho %.2f: p50 %.1f ms not above %.1f ms at lower load", tc.rho, st.P50, prev)
		}
		prev = st.P50
		if got := st.Err > 0.05; got != tc.wantErr {
			t.Errorf("rho %.2f: error rate %.3f", tc.rho, st.Err)
		}
		if st.P95 < st.P50 || st.P99 < st.P95 {
			t.Errorf("rho %.2f: quantiles out of order %.1f %.1f %.1f", tc.rho, st.P50, st.P95, st.P99)
		}
	}
}

// TestRetriesMultiplyCalleeLoad: a timeout below the callee's latency with
// three retries sends the callee up to four attempts per call; with a
// generous timeout it sees one.
func TestRetriesMultiplyCalleeLoad(t *testing.T) {
	for _, tc := range []struct {
		timeout  float64
		min, max float64 // callee rps per entry rps
	}{{5000, 0.99, 1.01}, {30, 3, 4.01}} {
		m := twoTier(100, 0.3, tc.timeout, 3)
		run := Simulate(m, &Traffic{}, nil, 60, signal.New(1, 2))
		last := run.States[len(run.States)-1]
		if r := last[1].RPS / last[0].RPS; r < tc.min || r > tc.max {
			t.Errorf("timeout %.0fms: callee gets %.2fx the caller's rps, want %.2f..%.2f", tc.timeout, r, tc.min, tc.max)
		}
	}
}
