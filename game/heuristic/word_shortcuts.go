package heuristic

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"firedrill/game"
)

// The shortcuts below read words, not signals.

// changeWords models reading the change log next to the choices: the
// choice sharing the most rare words with one change event is "the one
// about that change". Rare is weighed over all the scenario's text, so
// a service name in every log line counts for little and a config key
// for much.
func changeWords(a *Analysis, _ Mode) Guess {
	r := a.rarity()
	score := map[string]float64{}
	shared := map[string]string{}
	for _, e := range a.changes() {
		ev := wordSet(eventText(e))
		for i, c := range a.s.Choices {
			sum, words := 0.0, []string{}
			for _, w := range slices.Sorted(maps.Keys(a.choiceStems[i])) {
				if ev[w] {
					sum += r.idf(w)
					words = append(words, w)
				}
			}
			if sum > score[c.ID] {
				score[c.ID] = sum
				shared[c.ID] = fmt.Sprintf("%v with %s", words, eventName(e))
			}
		}
	}
	g := best(positive(score), "")
	if picks := g.Picks(); len(picks) > 0 {
		g.Why = "shares " + shared[picks[0]]
	} else {
		g.Why = "no choice shares a word with a change"
	}
	return g
}

// logWords models grepping the logs for each hypothesis: the choice whose
// own words (those no other choice uses) appear in the most WARN, ERROR
// and FATAL lines is the one the logs "talk about". Words are compared as
// stems (see stem), so "retries" finds "retried" and "retry".
func logWords(a *Analysis, _ Mode) Guess {
	owners := map[string][]int{} // an own word → the choice it belongs to
	for i := range a.s.Choices {
		for w := range a.choiceStems[i] {
			if !a.inOtherChoice(i, w) {
				owners[w] = append(owners[w], i)
			}
		}
	}
	lines := make([]int, len(a.s.Choices))
	hits := make([]map[string]int, len(a.s.Choices))
	for i := range hits {
		hits[i] = map[string]int{}
	}
	for _, words := range a.warningWords() {
		counted := map[int]bool{}
		for _, w := range words {
			for _, i := range owners[w] {
				hits[i][w]++
				if !counted[i] {
					counted[i] = true
					lines[i]++
				}
			}
		}
	}
	score := map[string]float64{}
	for i, c := range a.s.Choices {
		score[c.ID] = float64(lines[i])
	}
	g := best(positive(score), "no choice's own words are in a warning or error")
	if picks := g.Picks(); len(picks) > 0 {
		i := slices.IndexFunc(a.s.Choices, func(c game.Choice) bool { return c.ID == picks[0] })
		top := slices.MaxFunc(slices.Sorted(maps.Keys(hits[i])), func(x, y string) int { return hits[i][x] - hits[i][y] })
		g.Why = fmt.Sprintf("%d warn+ lines hold its words (%q in %d)", lines[i], top, hits[i][top])
	}
	return g
}

// warningWords are the distinct stemmed words of each WARN, ERROR and
// FATAL line as the Logs pane shows it (message and attrs).
func (a *Analysis) warningWords() [][]string {
	var out [][]string
	for _, l := range a.s.Logs.All() {
		if l.Level < game.LevelWarn {
			continue
		}
		var b strings.Builder
		b.WriteString(l.Msg)
		for _, at := range l.Attrs {
			b.WriteString(" " + at.Key + "=" + at.Value)
		}
		out = append(out, slices.Collect(maps.Keys(wordSet(b.String()))))
	}
	return out
}

// inOtherChoice reports whether a choice other than i uses word w.
func (a *Analysis) inOtherChoice(i int, w string) bool {
	for j, ws := range a.choiceStems {
		if j != i && ws[w] {
			return true
		}
	}
	return false
}

// briefingOverlapGuess is today's briefing-overlap cue; choices tied on
// overlap are a random pick.
func briefingOverlapGuess(a *Analysis, _ Mode) Guess {
	return a.mostOf(briefingOverlaps(a.s), "most words shared with the page")
}

// longestChoiceGuess is today's longest-choice cue; choices of the same
// length are a random pick.
func longestChoiceGuess(a *Analysis, _ Mode) Guess {
	return a.mostOf(choiceLengths(a.s), "longest text")
}

// mostOf picks at random among the choices with the highest score.
func (a *Analysis) mostOf(score map[string]float64, why string) Guess {
	tuples := map[string][]float64{}
	for id, v := range score {
		tuples[id] = []float64{v}
	}
	return best(tuples, why)
}
