package heuristic

import (
	"math"
	"slices"
	"time"

	"firedrill/game"
)

// Analysis is what the shortcuts read of one scenario, measured once: the
// scenario as the player sees it, its metric shifts, the services the page
// names, and which services and words each choice holds. It caches as it
// goes, so one Analysis belongs to one goroutine.
type Analysis struct {
	// s is a copy of the scenario without its answer and hints: a shortcut
	// cannot peek at what a player cannot see.
	s        *game.Scenario
	services []string
	// shifts are every series' excursions from its robust band; exits
	// the same from the mean ± 4 sd band today's first-anomaly reads.
	shifts, exits []Shift
	paged         map[string]bool
	choiceNames   []naming
	choiceStems   []map[string]bool
	rare          *rarity // built on first use: it searches every log line
	guesses       map[Mode][]Guess
}

// Analyze prepares s for the shortcuts.
func Analyze(s *game.Scenario) *Analysis {
	visible := *s
	visible.Answer, visible.Hints = nil, nil
	a := &Analysis{s: &visible, paged: map[string]bool{}, guesses: map[Mode][]Guess{}}
	a.services = serviceNames(&visible)
	end := visible.End()
	for _, sr := range visible.Metrics {
		a.shifts = append(a.shifts, Shifts(sr, visible.Start, end)...)
		if st := QuarterStats(sr, visible.Start, end); st.OK {
			band := math.Max(4*st.SD, 0.05*math.Abs(st.Mean))
			q := visible.Start.Add(end.Sub(visible.Start) / 4)
			a.exits = append(a.exits, excursions(sr, q, func(v float64) bool { return math.Abs(v-st.Mean) > band })...)
		}
	}
	for svc := range namesIn(visible.Briefing, a.services).count {
		a.paged[svc] = true
	}
	for _, e := range visible.Events {
		if e.Kind != game.EventAlert {
			continue
		}
		if e.Service != "" {
			a.paged[e.Service] = true
		}
		for svc := range namesIn(e.Text, a.services).count {
			a.paged[svc] = true
		}
	}
	for _, c := range visible.Choices {
		a.choiceNames = append(a.choiceNames, namesIn(choiceText(c), a.services))
		a.choiceStems = append(a.choiceStems, wordSet(choiceText(c)))
	}
	return a
}

// serviceNames lists every service the scenario shows: declared, or
// named by a series or an event.
func serviceNames(s *game.Scenario) []string {
	seen := map[string]bool{}
	var out []string
	add := func(name string) {
		if name != "" && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	for _, sv := range s.Services {
		add(sv.Name)
	}
	for _, sr := range s.Metrics {
		add(sr.Service)
	}
	for _, e := range s.Events {
		add(e.Service)
	}
	return out
}

func (a *Analysis) rarity() *rarity {
	if a.rare == nil {
		a.rare = newRarity(a.s)
	}
	return a.rare
}

// rel writes t as the offset from the scenario's start, as the game does.
func (a *Analysis) rel(t time.Time) string {
	d := t.Sub(a.s.Start).Round(time.Second)
	if d < 0 {
		return "-" + (-d).String()
	}
	return "+" + d.String()
}

// changes lists the change events (deploys, config pushes, flags, scaling).
func (a *Analysis) changes() []game.Event {
	var out []game.Event
	for _, e := range a.s.Events {
		if e.IsChange() {
			out = append(out, e)
		}
	}
	return out
}

// servicesOf lists the distinct services of shifts, in order.
func servicesOf(shifts []Shift) []string {
	var out []string
	for _, sh := range shifts {
		if !slices.Contains(out, sh.Series.Service) {
			out = append(out, sh.Series.Service)
		}
	}
	return out
}

// aboutEach picks one of services at random, then the choice about it.
func (a *Analysis) aboutEach(services []string, why string) Guess {
	var gs []Guess
	for _, svc := range services {
		gs = append(gs, a.aboutService(svc, why))
	}
	return mix(gs, why)
}
