// Package heuristic is a baseline solver that picks a root cause from
// shallow cues only: the loudest service, the latest change, the biggest
// mover, word overlap with the briefing, the first anomaly, the longest
// choice, and their majority vote. A scenario any of these solve is too
// easy: the library tests hold each of them to at most a quarter of the
// library, and the simulator's tests to a quarter of what it generates.
package heuristic

import (
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
	count := map[string]int{}
	for _, lv := range []game.Level{game.LevelError, game.LevelFatal} {
		for _, i := range s.Index.ByLevel[lv] {
			count[s.Logs[i].Service]++
		}
	}
	loudest := ""
	for svc, n := range count {
		if loudest == "" || n > count[loudest] || n == count[loudest] && svc < loudest {
			loudest = svc
		}
	}
	if loudest == "" {
		return ""
	}
	return mapCue(s, loudest, nil)
}

func latestChange(s *game.Scenario) string {
	cutoff := s.End()
	for _, e := range s.Events {
		if e.Kind == game.EventAlert {
			cutoff = e.At
			break
		}
	}
	var last *game.Event
	for i, e := range s.Events {
		if e.IsChange() && e.At.Before(cutoff) {
			last = &s.Events[i]
		}
	}
	if last == nil {
		return ""
	}
	return mapCue(s, last.Service, Tokens(last.Kind+" "+last.Text))
}

func briefingOverlap(s *game.Scenario) string {
	brief := Tokens(s.Title + " " + s.Briefing + " " + strings.Join(s.Tags, " "))
	best, bestN := "", -1
	for _, c := range s.Choices {
		n := 0
		for t := range Tokens(choiceText(c)) {
			if brief[t] {
				n++
			}
		}
		if n > bestN {
			best, bestN = c.ID, n
		}
	}
	return best
}

func longestChoice(s *game.Scenario) string {
	best, bestN := "", -1
	for _, c := range s.Choices {
		if n := utf8.RuneCountInString(c.Text); n > bestN {
			best, bestN = c.ID, n
		}
	}
	return best
}
