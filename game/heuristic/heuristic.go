// Package heuristic measures how far a scenario falls to habit rather than
// evidence. Shortcuts lists the ways an experienced responder guesses
// without proving anything (blame the change nearest the first lasting
// shift, follow the calls to the deepest anomaly, match the change log's or
// the logs' words, ...), each run as is and with blips under five minutes
// filtered out, with their majority vote; a service cue picks the choice
// about that service, and a tie between k choices is worth 1/k. The limits
// they are held to: right on at most a quarter of the library and of
// generated scenarios at difficulty 3 and above, 40 % at difficulty 1-2.
//
// Strategies are the older shallow cues (the loudest service, the latest
// change, the biggest mover, word overlap with the briefing, the first
// anomaly, the longest choice) with their first-choice-wins mapping, which
// the library's own rule checks still use.
package heuristic

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"firedrill/game"
)

// Strategy is one shallow way of picking a choice.
type Strategy struct {
	Name string
	pick func(*game.Scenario) string
}

// Pick returns the id of the choice the strategy picks, or "" when its cue
// maps to no choice.
func (st Strategy) Pick(s *game.Scenario) string { return st.pick(s) }

// Strategies lists the single-cue solvers, in a fixed order (the order also
// breaks ties in Vote).
func Strategies() []Strategy {
	return []Strategy{
		{"loudest-service", loudestService},
		{"latest-change", latestChange},
		{"biggest-mover", biggestMover},
		{"briefing-overlap", briefingOverlap},
		{"first-anomaly", firstAnomaly},
		{"longest-choice", longestChoice},
	}
}

// Vote is the majority pick of Strategies; a tie goes to the pick of the
// earliest strategy among the tied.
func Vote(s *game.Scenario) string {
	count := map[string]int{}
	var order []string
	for _, st := range Strategies() {
		id := st.Pick(s)
		if id == "" {
			continue
		}
		if count[id] == 0 {
			order = append(order, id)
		}
		count[id]++
	}
	best := ""
	for _, id := range order {
		if best == "" || count[id] > count[best] {
			best = id
		}
	}
	return best
}

// Tokens are the lower-cased runs of letters and digits of 4 or more
// characters: the words the overlap cues compare (shorter ones are too
// common to tell choices apart).
func Tokens(text string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if utf8.RuneCountInString(f) >= 4 {
			out[f] = true
		}
	}
	return out
}

// choiceText is what a choice says, id included (ids are visible too).
func choiceText(c game.Choice) string { return strings.ToLower(c.ID + " " + c.Text) }

// mapCue turns a cue (a service and some keywords) into the choice that
// names the service most, keyword overlap breaking ties; the first choice
// wins a full tie. "" when no choice names the service or a keyword.
func mapCue(s *game.Scenario, service string, keywords map[string]bool) string {
	best, bestScore := "", 0
	service = strings.ToLower(service)
	for _, c := range s.Choices {
		text := choiceText(c)
		score := 0
		if service != "" {
			score = 100 * strings.Count(text, service)
		}
		for t := range Tokens(text) {
			if keywords[t] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = c.ID, score
		}
	}
	return best
}

func loudestService(s *game.Scenario) string {
	loudest := loudestServices(s)
	if len(loudest) == 0 {
		return ""
	}
	return mapCue(s, loudest[0], nil)
}

// loudestServices lists the services with the most ERROR and FATAL lines,
// in name order (several when tied).
func loudestServices(s *game.Scenario) []string {
	count := map[string]int{}
	for _, l := range s.Logs.All() {
		if l.Level >= game.LevelError {
			count[l.Service]++
		}
	}
	var loudest []string
	for _, svc := range slices.Sorted(maps.Keys(count)) {
		switch {
		case len(loudest) == 0 || count[svc] > count[loudest[0]]:
			loudest = []string{svc}
		case count[svc] == count[loudest[0]]:
			loudest = append(loudest, svc)
		}
	}
	return loudest
}

func latestChange(s *game.Scenario) string {
	latest := latestChanges(s)
	if len(latest) == 0 {
		return ""
	}
	last := latest[len(latest)-1]
	return mapCue(s, last.Service, Tokens(last.Kind+" "+last.Text))
}

// latestChanges lists the last change events before the first alert (the
// end of the window if none fired): several when logged at the same time.
func latestChanges(s *game.Scenario) []game.Event {
	cutoff := s.End()
	for _, e := range s.Events {
		if e.Kind == game.EventAlert {
			cutoff = e.At
			break
		}
	}
	var latest []game.Event
	for _, e := range s.Events {
		if !e.IsChange() || !e.At.Before(cutoff) {
			continue
		}
		if len(latest) > 0 && e.At.After(latest[0].At) {
			latest = latest[:0]
		}
		latest = append(latest, e)
	}
	return latest
}

func briefingOverlap(s *game.Scenario) string { return firstOfMost(s, briefingOverlaps(s)) }

// briefingOverlaps counts, per choice, its tokens that the title, the
// briefing or the tags also hold.
func briefingOverlaps(s *game.Scenario) map[string]float64 {
	brief := Tokens(s.Title + " " + s.Briefing + " " + strings.Join(s.Tags, " "))
	n := map[string]float64{}
	for _, c := range s.Choices {
		n[c.ID] = 0
		for t := range Tokens(choiceText(c)) {
			if brief[t] {
				n[c.ID]++
			}
		}
	}
	return n
}

func longestChoice(s *game.Scenario) string { return firstOfMost(s, choiceLengths(s)) }

// choiceLengths is each choice's text length in characters.
func choiceLengths(s *game.Scenario) map[string]float64 {
	n := map[string]float64{}
	for _, c := range s.Choices {
		n[c.ID] = float64(utf8.RuneCountInString(c.Text))
	}
	return n
}

// firstOfMost is the first choice, in the order players see them, with
// the highest score.
func firstOfMost(s *game.Scenario, score map[string]float64) string {
	best := ""
	for _, c := range s.Choices {
		if best == "" || score[c.ID] > score[best] {
			best = c.ID
		}
	}
	return best
}
