package sim

import (
	"testing"

	"firedrill/game/sim/consistency"
)

// TestGeneratedSignalsAgree runs the consistency checks (metric vs log
// status vs badge, pods across rollouts and restarts, cited times, flat
// services not blamed) over generated scenarios of every archetype and
// difficulty: none may find a problem, and each check must have checked
// something over the set.
func TestGeneratedSignalsAgree(t *testing.T) {
	n := 90
	switch {
	case raceEnabled:
		n = 6
	case testing.Short():
		n = 36
	}
	names := Archetypes()
	checked := map[string]int{}
	for i := range n {
		arch, seed, diff := names[i%len(names)], uint64(7000+i), 1+i%5
		o, err := Generate(arch, seed, diff)
		if err != nil {
			t.Fatal(err)
		}
		r := consistency.Check(o.Scenario)
		for _, p := range r.Problems {
			t.Errorf("%s/%d/d%d: %s", arch, seed, diff, p)
		}
		for k, v := range r.Checked {
			checked[k] += v
		}
	}
	for _, k := range []string{"errors", "pods", "cited-times", "flat-blamed"} {
		if checked[k] == 0 {
			t.Errorf("the %q check checked nothing over %d scenarios", k, n)
		}
	}
}
