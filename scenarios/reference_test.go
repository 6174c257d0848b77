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
// with these magnitudes, a decoy inventory config change and the
// "inventory starved postgres" trap.
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
		// standard families: ratios are 0–1, and the cache is redis' own
		{"api-gateway", "http_request_duration_p95_ms", 120, 2400},
		{"api-gateway", "http_errors_ratio", 0.002, 0.03},
		{"redis", "redis_keyspace_hit_ratio", 0.92, 0.55},
		{"postgres", "pg_queries_per_second", 1100, 3300},
	} {
		st := heuristic.QuarterStats(series(tc.svc, tc.name), s.Start, s.End())
		if math.Abs(st.Mean-tc.before) > 0.08*tc.before || math.Abs(st.Last-tc.then) > 0.1*tc.then {
			t.Errorf("%s/%s goes %.3g -> %.3g; want about %g -> %g", tc.svc, tc.name, st.Mean, st.Last, tc.before, tc.then)
		}
	}
	if _, ok := s.Choice("inventory-reads"); !ok {
		t.Error(`the "inventory starved postgres" trap is missing`)
	}
	// the decoy is a logged inventory config change with a lasting effect;
	// the culprit, catalog's cache-key bump, is in no event at all
	decoy := false
	for _, e := range s.Events {
		decoy = decoy || e.Kind == game.EventConfig && e.Service == "inventory"
		if e.Service == "catalog" && (e.Kind == game.EventConfig || e.Kind == game.EventDeploy) {
			t.Errorf("the culprit is logged: %s %s", e.ID, e.Text)
		}
	}
	if !decoy {
		t.Error("no red-herring inventory config change")
	}
}
