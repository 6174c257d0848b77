package sim

import (
	"regexp"
	"strings"
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

// TestNightmareProofNeedsThreeSignalTypes: at difficulty 5 every
// archetype's proof spans at least three of logs, metrics, traces and
// events.
func TestNightmareProofNeedsThreeSignalTypes(t *testing.T) {
	seeds := 2
	if raceEnabled {
		seeds = 1
	}
	for _, arch := range Archetypes() {
		for seed := uint64(1); seed <= uint64(seeds); seed++ {
			for _, diff := range []int{5} {
				o, err := Generate(arch, 8000+seed, diff)
				if err != nil {
					t.Fatal(err)
				}
				kinds := map[string]bool{}
				for _, it := range o.Scenario.Answer.Proof {
					kinds[string(it.Kind())] = true
				}
				if want := 3; len(kinds) < want {
					t.Errorf("%s/%d/d%d: proof uses %d signal types %v; want %d", arch, 8000+seed, diff, len(kinds), kinds, want)
				}
			}
		}
	}
}

// TestChoicesDoNotEchoTheChangeLog: the right choice shares no word (four
// letters or more) with a change event that no wrong choice also uses, so
// matching the choices against the change log's wording finds nothing.
func TestChoicesDoNotEchoTheChangeLog(t *testing.T) {
	n := 85
	if raceEnabled {
		n = 17
	}
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range wordRe.FindAllString(strings.ToLower(s), -1) {
			m[w] = true
		}
		return m
	}
	names := Archetypes()
	for i := range n {
		arch, seed, diff := names[i%len(names)], uint64(9000+i), 1+i%5
		o, err := Generate(arch, seed, diff)
		if err != nil {
			t.Fatal(err)
		}
		sc := o.Scenario
		var right map[string]bool
		wrong := map[string]bool{}
		for _, c := range sc.Choices {
			if c.ID == sc.Answer.Choice {
				right = words(c.Text)
				continue
			}
			for w := range words(c.Text) {
				wrong[w] = true
			}
		}
		for _, e := range sc.Events {
			if !e.IsChange() {
				continue
			}
			for w := range words(e.Text) {
				if right[w] && !wrong[w] {
					t.Errorf("%s/%d/d%d: the right choice echoes %q from the change %q", arch, seed, diff, w, e.Text)
				}
			}
		}
	}
}

var wordRe = regexp.MustCompile(`[a-z0-9]{4,}`)
