package heuristic

import (
	"fmt"
	"time"
)

// Shortcut is one way an experienced responder guesses a root cause
// without proving it. A scenario that a shortcut solves is won by habit,
// not by evidence; the library and the generator are held to limits on
// how often each one is right (see the package comment).
type Shortcut struct {
	Name  string
	Habit string // the habit it models, one line
	guess func(a *Analysis, m Mode) Guess
}

// Mode says what counts as a metric shift.
type Mode struct {
	Name string
	// MinShift is the shortest excursion from a baseline band that counts
	// as a shift. 0 leaves each shortcut its habit: a "lasting" shift holds
	// a minute (lastingShift), today's first-anomaly takes one sample.
	MinShift time.Duration
}

// lastingShift is how long an excursion must hold for the eye to call it
// lasting rather than a single bad scrape.
const lastingShift = time.Minute

// The two modes every shortcut runs in. With blips filtered, nothing
// shorter than 5 minutes counts: a scenario must not defeat a shortcut by
// planting a one-minute spike in front of the real shift.
var (
	AsIs          = Mode{Name: "as is"}
	BlipsFiltered = Mode{Name: "blips filtered", MinShift: 5 * time.Minute}
)

// Modes lists AsIs and BlipsFiltered.
func Modes() []Mode { return []Mode{AsIs, BlipsFiltered} }

func (m Mode) lasting() time.Duration { return max(m.MinShift, lastingShift) }

// Shortcuts lists every shortcut, in a fixed order: the five that model
// an expert's habits, then today's shallow cues (Strategies) with the
// choice each cue is about.
func Shortcuts() []Shortcut {
	return []Shortcut{
		{"nearest-change", "blame the change nearest the first lasting shift in any metric", nearestChange},
		{"paged-nearest-change", "blame the change nearest the first lasting shift of a paged service", pagedNearestChange},
		{"change-words", "pick the choice that shares the rarest words with one change event", changeWords},
		{"log-words", "pick the choice whose own words fill the warnings and errors", logWords},
		{"upstream-anomaly", "follow the paged service's calls to the last dependency that moved", upstreamAnomaly},
		{"loudest-service", "blame the service that logs the most errors", loudestGuess},
		{"latest-change", "blame the last change before the first alert", latestChangeGuess},
		{"biggest-mover", "blame the service of the series that moved most", biggestMoverGuess},
		{"briefing-overlap", "pick the choice that repeats the page's words", briefingOverlapGuess},
		{"first-anomaly", "blame the service whose series left its band first", firstAnomalyGuess},
		{"longest-choice", "pick the most detailed choice", longestChoiceGuess},
	}
}

// Guess runs one shortcut.
func (a *Analysis) Guess(sc Shortcut, m Mode) Guess { return sc.guess(a, m) }

// Guesses runs every shortcut in Shortcuts' order; the vote reuses them.
func (a *Analysis) Guesses(m Mode) []Guess {
	if g, ok := a.guesses[m]; ok {
		return g
	}
	var gs []Guess
	for _, sc := range Shortcuts() {
		gs = append(gs, a.Guess(sc, m))
	}
	a.guesses[m] = gs
	return gs
}

// Vote is the majority of all the shortcuts: each gives its guess one
// vote (split over its tied picks), and a tie between the most-voted
// choices is a random pick.
func (a *Analysis) Vote(m Mode) Guess {
	votes := map[string]float64{}
	gs := a.Guesses(m)
	for _, g := range gs {
		for id, p := range g.Odds {
			votes[id] += p
		}
	}
	g := best(positive(votes), "")
	g.Why = fmt.Sprintf("%d shortcuts vote %v", len(gs), g.Picks())
	return g
}
