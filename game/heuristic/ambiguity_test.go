package heuristic_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"firedrill/game"
	"firedrill/game/heuristic"
	"firedrill/game/pack"
	"firedrill/game/sim"
	"firedrill/scenarios"
)

// enforceAmbiguityLimits turns the limits below from a report into a
// failing test. Today the library and the generator exceed them (the
// table in the log says by how much); the content work of issue "Real
// ambiguity" (incidents that one shortcut cannot solve) turns it on.
const enforceAmbiguityLimits = false

// The buckets of the table, and the most each shortcut (and the vote) may
// get right in each, as is and with blips filtered: a quarter of the
// library and of hard generated scenarios, 40 % of easy ones.
const (
	bucketLibrary = "library"
	bucketEasy    = "gen d1-2"
	bucketHard    = "gen d3-5"
)

var ambiguityLimit = map[string]float64{bucketLibrary: 0.25, bucketEasy: 0.40, bucketHard: 0.25}

// generatedCount is how many scenarios the generator contributes: 200
// spread over archetypes and difficulties; under -race a smoke sample.
func generatedCount() int {
	if raceEnabled {
		return 15
	}
	return 200
}

// TestShortcutTable runs every shortcut and their vote, as is and with
// blips filtered, over the embedded library and generated scenarios, and
// logs the table (go test -run TestShortcutTable -v ./game/heuristic).
func TestShortcutTable(t *testing.T) {
	tally := heuristic.NewTally(bucketLibrary, bucketEasy, bucketHard)
	var perScenario strings.Builder
	for _, s := range loadLibrary(t) {
		results := heuristic.Run(s)
		tally.Add(bucketLibrary, results)
		perScenario.WriteString(whoWins(s, results))
	}
	for _, g := range runGenerated(t, generatedCount()) {
		bucket := bucketHard
		if g.difficulty <= 2 {
			bucket = bucketEasy
		}
		tally.Add(bucket, g.results)
	}
	t.Log("expected share right (a tie of k choices counts 1/k):\n" + tally.String())
	if testing.Verbose() {
		var habits strings.Builder
		for _, sc := range heuristic.Shortcuts() {
			fmt.Fprintf(&habits, "  %-21s %s\n", sc.Name, sc.Habit)
		}
		t.Log("the habits:\n" + habits.String())
		t.Log("per library scenario, the shortcuts that can be right (chance as is / with blips filtered) and their cue:\n" + perScenario.String())
	}
	var over []string
	for _, row := range heuristic.Rows() {
		for _, bucket := range []string{bucketLibrary, bucketEasy, bucketHard} {
			for _, m := range heuristic.Modes() {
				if r, n := tally.Rate(row, bucket, m); n > 0 && r > ambiguityLimit[bucket]+1e-9 { // sums of 1/k are not exact
					over = append(over, fmt.Sprintf("%s %s on %s: %.0f%% > %.0f%%", row, m.Name, bucket, 100*r, 100*ambiguityLimit[bucket]))
				}
			}
		}
	}
	switch {
	case len(over) == 0:
	case enforceAmbiguityLimits:
		for _, o := range over {
			t.Error(o)
		}
	default:
		t.Skipf("%d shortcut limits exceeded; issue \"Real ambiguity\" turns enforceAmbiguityLimits on:\n%s",
			len(over), strings.Join(over, "\n"))
	}
}

func loadLibrary(t *testing.T) []*game.Scenario {
	t.Helper()
	var all []*game.Scenario
	for _, dir := range scenarios.Packs() {
		p, errs := pack.Load(scenarios.FS, dir)
		if len(errs) > 0 {
			t.Fatalf("pack %s: %v", dir, errs)
		}
		all = append(all, p.Scenarios...)
	}
	if len(all) == 0 {
		t.Fatal("the library holds no scenario")
	}
	return all
}

// generated is one generated scenario's difficulty and results; the
// scenario itself (tens of thousands of lines) is dropped once scored.
type generated struct {
	difficulty int
	results    []heuristic.Result
}

// runGenerated generates n scenarios, archetype i mod 9 and difficulty
// 1 + i mod 5 (coprime, so every pair comes up every 45) from seed
// 1000+i, and runs the shortcuts on each, on every core.
func runGenerated(t *testing.T, n int) []generated {
	t.Helper()
	names := sim.Archetypes()
	out := make([]generated, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				o, err := sim.Generate(names[i%len(names)], uint64(1000+i), 1+i%5)
				if err != nil {
					errs[i] = err
					continue
				}
				out[i] = generated{o.Difficulty, heuristic.Run(o.Scenario)}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("generate #%d: %v", i, err)
		}
	}
	return out
}

// whoWins lists, for one scenario, each shortcut with a chance of being
// right and the cue it followed; the others on one line.
func whoWins(s *game.Scenario, results []heuristic.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (answer %s)\n", s.ID, s.Answer.Choice)
	byMode := map[string]map[string]heuristic.Result{}
	for _, r := range results {
		if byMode[r.Shortcut] == nil {
			byMode[r.Shortcut] = map[string]heuristic.Result{}
		}
		byMode[r.Shortcut][r.Mode.Name] = r
	}
	var wrong []string
	for _, row := range heuristic.Rows() {
		asIs, filtered := byMode[row][heuristic.AsIs.Name], byMode[row][heuristic.BlipsFiltered.Name]
		if asIs.Chance == 0 && filtered.Chance == 0 {
			wrong = append(wrong, row)
			continue
		}
		cue := filtered
		if filtered.Chance == 0 {
			cue = asIs
		}
		fmt.Fprintf(&b, "  %-21s %.2f / %.2f  %s\n", row, asIs.Chance, filtered.Chance, cue.Guess.Why)
	}
	fmt.Fprintf(&b, "  wrong: %s\n", strings.Join(wrong, ", "))
	return b.String()
}
