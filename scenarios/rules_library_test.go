package scenarios_test

import (
	"fmt"
	"math"
	"sort"
	"unicode/utf8"

	"firedrill/game"
	"firedrill/game/heuristic"
)

// The rules below hold over a set of scenarios: a pack, or the library.

// libraryProblems checks the rules that hold over the whole library: the
// choice spread, and every heuristic (and the vote) right on <= 25 %.
func libraryProblems(ss []*game.Scenario) []string {
	p := spreadProblems(ss)
	p = append(p, positionBoundProblems(ss)...)
	names := []string{"vote"}
	for _, st := range heuristic.Strategies() {
		names = append(names, st.Name)
	}
	p = append(p, heuristicProblems(ss, names)...)
	sort.Strings(p)
	return p
}

// packProblems checks what docs/SCENARIOS.md holds per pack: the choice
// spread and the single-cue pickers of rule 3.
func packProblems(ss []*game.Scenario) []string {
	p := spreadProblems(ss)
	p = append(p, heuristicProblems(ss, []string{"loudest-service", "latest-change", "biggest-mover", "first-anomaly"})...)
	sort.Strings(p)
	return p
}

// spreadProblems: no answer index holds > 40 % of the answers, and the
// correct choice is the longest, or the shortest, in <= 40 % (rules 5, 6).
func spreadProblems(ss []*game.Scenario) []string {
	var p []string
	n := float64(len(ss))
	pos := map[int]int{}
	longest, shortest := 0, 0
	for _, s := range ss {
		for i, c := range s.Choices {
			if c.ID == s.Answer.Choice {
				pos[i]++
			}
		}
		l := lengthsOf(s)
		right := l[s.Answer.Choice]
		isMax, isMin := true, true
		for id, v := range l {
			if id != s.Answer.Choice {
				isMax = isMax && right > v
				isMin = isMin && right < v
			}
		}
		if isMax {
			longest++
		}
		if isMin {
			shortest++
		}
	}
	for i, k := range pos {
		if float64(k) > 0.4*n {
			p = append(p, fmt.Sprintf("answer index %d holds %d of %d answers; want <= 40%%", i, k, len(ss)))
		}
	}
	if float64(longest) > 0.4*n {
		p = append(p, fmt.Sprintf("the correct choice is the longest in %d of %d scenarios; want <= 40%%", longest, len(ss)))
	}
	if float64(shortest) > 0.4*n {
		p = append(p, fmt.Sprintf("the correct choice is the shortest in %d of %d scenarios; want <= 40%%", shortest, len(ss)))
	}
	return p
}

// positionBoundProblems: with 10 or more scenarios, the answers at index i
// number at most E + 2 sqrt(E) + 1, E the count a uniform pick would give
// (rule 6).
func positionBoundProblems(ss []*game.Scenario) []string {
	if len(ss) < 10 {
		return nil
	}
	var p []string
	maxK := 0
	for _, s := range ss {
		maxK = max(maxK, len(s.Choices))
	}
	for i := range maxK {
		e, got := 0.0, 0
		for _, s := range ss {
			if k := len(s.Choices); k > i {
				e += 1 / float64(k)
				if s.Choices[i].ID == s.Answer.Choice {
					got++
				}
			}
		}
		if bound := e + 2*math.Sqrt(e) + 1; float64(got) > bound {
			p = append(p, fmt.Sprintf("answer index %d holds %d answers; a uniform spread allows %.1f", i, got, bound))
		}
	}
	return p
}

// heuristicProblems: each named strategy is right on <= 25 % of ss.
func heuristicProblems(ss []*game.Scenario, names []string) []string {
	var p []string
	scores := heuristicScores(ss)
	for _, name := range names {
		if right := scores[name]; float64(right) > 0.25*float64(len(ss)) {
			p = append(p, fmt.Sprintf("heuristic %s solves %d of %d scenarios; want <= 25%%", name, right, len(ss)))
		}
	}
	return p
}

func lengthsOf(s *game.Scenario) map[string]int {
	l := map[string]int{}
	for _, c := range s.Choices {
		l[c.ID] = utf8.RuneCountInString(c.Text)
	}
	return l
}

// heuristicScores counts, per strategy and for the vote, the scenarios it
// gets right.
func heuristicScores(ss []*game.Scenario) map[string]int {
	out := map[string]int{"vote": 0}
	for _, st := range heuristic.Strategies() {
		out[st.Name] = 0
	}
	for _, s := range ss {
		for _, st := range heuristic.Strategies() {
			if st.Pick(s) == s.Answer.Choice {
				out[st.Name]++
			}
		}
		if heuristic.Vote(s) == s.Answer.Choice {
			out["vote"]++
		}
	}
	return out
}
