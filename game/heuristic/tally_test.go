package heuristic

import (
	"strings"
	"testing"
)

func TestTallyAddsExpectedWins(t *testing.T) {
	tally := NewTally("lib", "gen")
	tie := uniform([]string{"a", "b", "c"}, "")
	tally.Add("lib", []Result{{Shortcut: "nearest-change", Mode: AsIs, Guess: tie, Chance: tie.Chance("a")}})
	tally.Add("lib", []Result{{Shortcut: "nearest-change", Mode: AsIs, Chance: 1}})
	tally.Add("gen", []Result{{Shortcut: "nearest-change", Mode: BlipsFiltered, Chance: 1}})
	if r, n := tally.Rate("nearest-change", "lib", AsIs); n != 2 || r < 0.666 || r > 0.667 {
		t.Errorf("lib as is = %v of %d; want (1/3 + 1)/2 of 2", r, n)
	}
	if r, _ := tally.Rate("nearest-change", "lib", BlipsFiltered); r != 0 {
		t.Errorf("lib filtered = %v; want 0 (nothing added in that mode)", r)
	}
	if r, n := tally.Rate("nearest-change", "empty", AsIs); r != 0 || n != 0 {
		t.Errorf("an empty bucket rates %v of %d; want 0 of 0", r, n)
	}
	table := tally.String()
	for _, want := range []string{"lib (2)", "gen (1)", "nearest-change", "67%", "100%", VoteName} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if rows := strings.Count(table, "\n"); rows != 2+len(Rows()) {
		t.Errorf("table has %d lines; want 2 header lines and %d rows:\n%s", rows, len(Rows()), table)
	}
}

func TestRunScoresEveryShortcutInBothModes(t *testing.T) {
	s := withSeries(tinySeries{"alpha", "latency", step(20.5, 50)}).load(t)
	results := Run(s)
	if want := len(Modes()) * len(Rows()); len(results) != want {
		t.Fatalf("%d results; want %d (every row in every mode)", len(results), want)
	}
	for _, r := range results {
		if r.Chance != r.Guess.Chance(s.Answer.Choice) {
			t.Errorf("%s %s scored %v for a guess giving the answer %v", r.Shortcut, r.Mode.Name, r.Chance, r.Guess.Chance(s.Answer.Choice))
		}
	}
}
