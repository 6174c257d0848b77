package main

import (
	"math/rand/v2"
	"testing"
	"time"

	"firedrill/game"
)

// A proof on a latency's p50 also credits the service's p95 when it moves
// the same way as much relative to its baseline, and not a quantile that
// stays flat nor another service's p95: the debrief says "latency rose",
// and the player may pin any quantile that shows it.
func TestQuantileSiblingsShareTheProof(t *testing.T) {
	start := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 2))
	series := func(svc, name string, base, after float64) *game.Series {
		var vs []*float64
		for i := range 60 { // 30 minutes at 30 s; the move from minute 15
			v := base
			if i >= 30 {
				v = after
			}
			v *= 1 + 0.02*(rng.Float64()-0.5)
			vs = append(vs, &v)
		}
		return game.NewSeries(name, svc, "ms", start, 30*time.Second, vs)
	}
	sc := &game.Scenario{Start: start, Duration: 30 * time.Minute, Metrics: []*game.Series{
		series("payments", "http_request_duration_p50_ms", 60, 180),
		series("payments", "http_request_duration_p95_ms", 200, 900),
		series("payments", "http_request_duration_p99_ms", 400, 404),
		series("fraud", "http_request_duration_p95_ms", 30, 120),
	}}
	sc.Answer = &game.Answer{}
	sc.Answer.Proof = []game.ProofItem{{Step: 2, Metric: &game.MetricSelector{Service: "payments",
		Name: "http_request_duration_p50_ms", From: start.Add(14 * time.Minute), To: start.Add(20 * time.Minute)}}}
	if got := len(quantileSiblings(sc, sc.Metrics[0])); got != 2 {
		t.Fatalf("payments' p50 has %d sibling quantiles, want 2 (p95, p99)", got)
	}
	if err := fitProofWindows(sc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range sc.Answer.Proof {
		names = append(names, it.Metric.Service+"/"+it.Metric.Name)
	}
	want := []string{"payments/http_request_duration_p50_ms", "payments/http_request_duration_p95_ms"}
	if len(names) != len(want) || names[0] != want[0] || names[1] != want[1] {
		t.Errorf("proof items %v; want %v", names, want)
	}
}
