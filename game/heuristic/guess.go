package heuristic

import (
	"maps"
	"slices"
)

// Guess is what one shortcut picks on one scenario: the chance it gives
// each choice. A shortcut whose cue fits k choices equally well picks one
// of them at random, so each gets 1/k: a tie is worth its expected value,
// never a free win for whichever choice the author listed first. An empty
// Guess abstains (the cue maps to no choice) and is right with chance 0.
type Guess struct {
	Odds map[string]float64
	// Why says what the cue was, in a few words, for the tables content
	// authors read ("first lasting shift checkout/rps at +17m; nearest
	// change checkout-config, 12s before").
	Why string
}

// Chance is the probability that the guess picks choice id.
func (g Guess) Chance(id string) float64 { return g.Odds[id] }

// Picks lists the choices with a nonzero chance, most likely first (ties
// by id), for display.
func (g Guess) Picks() []string {
	ids := slices.Sorted(maps.Keys(g.Odds))
	slices.SortStableFunc(ids, func(a, b string) int {
		switch {
		case g.Odds[a] > g.Odds[b]:
			return -1
		case g.Odds[a] < g.Odds[b]:
			return 1
		}
		return 0
	})
	return ids
}

// uniform picks one of ids at random.
func uniform(ids []string, why string) Guess {
	g := Guess{Odds: map[string]float64{}, Why: why}
	for _, id := range ids {
		g.Odds[id] += 1 / float64(len(ids))
	}
	return g
}

// mix picks one of gs at random and then follows it: used when a cue is
// itself tied (two changes equally near a shift). An abstaining branch
// keeps its share of the chance to itself, so it counts as a miss.
func mix(gs []Guess, why string) Guess {
	out := Guess{Odds: map[string]float64{}, Why: why}
	for _, g := range gs {
		for id, p := range g.Odds {
			out.Odds[id] += p / float64(len(gs))
		}
	}
	return out
}

// best picks at random among the keys with the highest score, scores
// compared as tuples (the first element first). Only eligible keys belong
// in score; an empty map abstains.
func best(score map[string][]float64, why string) Guess {
	var top []string
	var high []float64
	for _, id := range slices.Sorted(maps.Keys(score)) {
		switch c := slices.Compare(score[id], high); {
		case top == nil || c > 0:
			top, high = []string{id}, score[id]
		case c == 0:
			top = append(top, id)
		}
	}
	return uniform(top, why)
}

// positive keeps the keys scoring above 0, as one-element tuples for best.
func positive(score map[string]float64) map[string][]float64 {
	out := map[string][]float64{}
	for id, v := range score {
		if v > 0 {
			out[id] = []float64{v}
		}
	}
	return out
}
