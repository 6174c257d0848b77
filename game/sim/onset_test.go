package sim

import (
	"math"
	"testing"
	"time"

	"firedrill/game"
)

// onsetCount is how many generated scenarios the onset property covers:
// 200 over every archetype and difficulty; a smoke sample under -race.
func onsetCount() int {
	switch {
	case raceEnabled:
		return 12
	case testing.Short():
		return 40
	}
	return 200
}

// TestNothingMovesBeforeOnset: over generated scenarios, no observed
// series leaves its baseline band before answer.onset — nothing the fault
// causes shows before its cause, and nothing else (no planted blip)
// stands out before it either. The band is the first quarter's mean ±
// max(4 sd, 15 % of the mean: a tail quantile wanders that much with the traffic); a series "leaves" when its samples stay
// outside it for a minute (and at least two scrapes) before onset. Beside it, the exact
// form on the model's series (Truth: no jitter, no gaps): the same seed
// without the fault gives the same samples at every stamp up to onset.
func TestNothingMovesBeforeOnset(t *testing.T) {
	names := Archetypes()
	for i := range onsetCount() {
		arch, seed, diff := names[i%len(names)], uint64(5000+i), 1+i%5
		o, err := Generate(arch, seed, diff)
		if err != nil {
			t.Fatal(err)
		}
		calm, err := GenerateWith(arch, seed, diff, Options{NoFault: true})
		if err != nil {
			t.Fatal(err)
		}
		sc := o.Scenario
		onset := sc.Answer.Onset
		truths, calms := map[string][]*game.Series{}, map[string][]*game.Series{}
		for _, sr := range sc.Metrics {
			if at := leftBandBefore(sr, onset); at >= 0 {
				t.Errorf("%s/%d/d%d: %s %s left its band at +%s, before onset +%s", arch, seed, diff, sr.Service, sr.Name,
					sr.TimeAt(at).Sub(sc.Start), onset.Sub(sc.Start))
			}
			ref := SignalRef{sr.Service, sr.Name}
			if truths[sr.Service] == nil {
				truths[sr.Service], calms[sr.Service] = o.TruthOf(sr.Service), calm.TruthOf(sr.Service)
			}
			truth, other := findSeries(truths[sr.Service], ref), findSeries(calms[sr.Service], ref)
			if truth == nil || other == nil {
				t.Errorf("%s/%d/d%d: no truth for %v", arch, seed, diff, ref)
				continue
			}
			for k := 0; k < truth.Len() && !truth.TimeAt(k).After(onset); k++ {
				a, okA := truth.At(k)
				b, okB := other.At(k)
				if okA != okB || math.Abs(a-b) > 1e-9 {
					t.Errorf("%s/%d/d%d: %s %s at +%s differs from the run without the fault (%v vs %v) before onset +%s",
						arch, seed, diff, sr.Service, sr.Name, sr.TimeAt(k).Sub(sc.Start), a, b, onset.Sub(sc.Start))
					break
				}
			}
		}
	}
}

// leftBandBefore is the first sample stamped before onset, after the first
// quarter, that starts a run outside the band holding a minute (and at least
// two samples) before onset: a shift, not one noisy scrape; -1 if none.
func leftBandBefore(sr *game.Series, onset time.Time) int {
	mean, sd, _ := baseline(sr)
	if !hasBaseline(sr) { // a pod born later: no baseline to leave
		return -1
	}
	band := math.Max(4*sd, 0.15*math.Abs(mean))
	out := func(i int) bool {
		v, ok := sr.At(i)
		return ok && math.Abs(v-mean) > band
	}
	hold := max(2, int(time.Minute/sr.Step))
	run := 0
	for i := sr.Len() / 4; i < sr.Len() && sr.TimeAt(i).Before(onset); i++ {
		if !out(i) {
			run = 0
			continue
		}
		if run++; run >= hold {
			return i - hold + 1
		}
	}
	return -1
}

// hasBaseline reports whether the series has samples over most of its
// first quarter (a pod born late in it has too few to make a band).
func hasBaseline(sr *game.Series) bool {
	n := 0
	for i := 0; i < sr.Len()/4; i++ {
		if _, ok := sr.At(i); ok {
			n++
		}
	}
	return n >= sr.Len()/8
}
