package scenarios_test

import (
	"math"
	"testing"

	"firedrill/game"
	"firedrill/game/heuristic"
	"firedrill/game/pack"
	"firedrill/scenarios"
)

// The starter pack must hold the reference incident of the foundation
// issue: cache invalidation -> DB saturation -> timeouts -> retry storm,
// with these magnitudes, a decoy inventory deploy and the "inventory is
// down" trap.
func TestStarterHoldsTheReferenceIncident(t *testing.T) {
	p, errs := pack.Load(scenarios.FS, "starter")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := p.Scenario("product-pages-hang")
	if s == nil {
		t.Fatal("starter lacks product-pages-hang (the cache-invalidation incident)")
	}
	series := func(svc, name string) *game.Series {
		for _, sr := range s.Metrics {
			if sr.Service == svc && sr.Name == name {
				return sr
			}
		}
		t.Fatalf("no metric %s/%s", svc, name)
		return nil
	}
	for _, tc := range []struct {
		svc, name    string
		before, then float64
	}{
		{"api-gateway", "http_request_p95_ms", 120, 2400},
		{"api-gateway", "http_5xx_ratio", 0.2, 3},
		{"catalog", "cache_hit_ratio", 92, 55},
		{"postgres", "pg_qps", 1100, 3300},
	} {
		st := heuristic.QuarterStats(series(tc.svc, tc.name), s.Start, s.End())
		if math.Abs(st.Mean-tc.before) > 0.08*tc.before || math.Abs(st.Last-tc.then) > 0.1*tc.then {
			t.Errorf("%s/%s goes %.3g -> %.3g; want about %g -> %g", tc.svc, tc.name, st.Mean, st.Last, tc.before, tc.then)
		}
	}
	if _, ok := s.Choice("inventory-down"); !ok {
		t.Error(`the "inventory is down" trap is missing`)
	}
	decoy := false
	for _, e := range s.Events {
		decoy = decoy || e.Kind == game.EventDeploy && e.Service == "inventory"
	}
	if !decoy {
		t.Error("no red-herring inventory deploy")
	}
}
