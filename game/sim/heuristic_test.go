package sim

import (
	"testing"

	"firedrill/game/heuristic"
)

// TestHeuristicCuesStayUnderTheBar runs the library's shallow-cue solver
// (game/heuristic: loudest service, latest change, biggest mover, briefing
// overlap, first anomaly, longest choice, and their vote) over 200
// generated scenarios at difficulty 3–5: each must be right on at most 25 %
// of them.
func TestHeuristicCuesStayUnderTheBar(t *testing.T) {
	if raceEnabled {
		t.Skip("200 generations are too slow under -race; run without it")
	}
	n := 200
	if testing.Short() {
		n = 45
	}
	strategies := heuristic.Strategies()
	right := make([]int, len(strategies)+1)
	names := Archetypes()
	for i := 0; i < n; i++ {
		o, err := Generate(names[i%len(names)], uint64(1000+i), 3+i%3)
		if err != nil {
			t.Fatal(err)
		}
		sc := o.Scenario
		for k, st := range strategies {
			if st.Pick(sc) == sc.Answer.Choice {
				right[k]++
			}
		}
		if heuristic.Vote(sc) == sc.Answer.Choice {
			right[len(strategies)]++
		}
	}
	for k := range right {
		name := "majority-vote"
		if k < len(strategies) {
			name = strategies[k].Name
		}
		rate := float64(right[k]) / float64(n)
		t.Logf("%-17s right on %3d/%d = %.0f%%", name, right[k], n, 100*rate)
		if rate > 0.25 {
			t.Errorf("%s solves %.0f%% of generated scenarios; the bar is 25%%", name, 100*rate)
		}
	}
}
