package heuristic

import (
	"fmt"
	"strings"
	"time"

	"firedrill/game"
)

// The shortcuts below blame a change from the change log.

// nearestChange models "what changed just then?": find the first metric
// shift that lasts, and blame the change logged nearest to it on either
// side (an effect can show before a change is logged as done).
func nearestChange(a *Analysis, m Mode) Guess {
	return a.nearestChangeTo(a.shifts, m, "first lasting shift")
}

// pagedNearestChange models "start from what paged": the same, but only
// the paged services' series count (those the briefing or an alert names).
func pagedNearestChange(a *Analysis, m Mode) Guess {
	var paged []Shift
	for _, sh := range a.shifts {
		if a.paged[sh.Series.Service] {
			paged = append(paged, sh)
		}
	}
	return a.nearestChangeTo(paged, m, "first lasting shift of a paged service")
}

func (a *Analysis) nearestChangeTo(shifts []Shift, m Mode, what string) Guess {
	sh, ok := firstLasting(shifts, m.lasting())
	if !ok {
		return Guess{Why: "no " + what}
	}
	var near []game.Event
	best := time.Duration(-1)
	for _, e := range a.changes() {
		d := e.At.Sub(sh.From).Abs()
		switch {
		case best < 0 || d < best:
			near, best = []game.Event{e}, d
		case d == best:
			near = append(near, e)
		}
	}
	why := fmt.Sprintf("%s %s/%s at %s", what, sh.Series.Service, sh.Series.Name, a.rel(sh.From))
	if len(near) == 0 {
		return Guess{Why: why + "; no change logged"}
	}
	return a.aboutChanges(near, fmt.Sprintf("%s; nearest change", why))
}

// aboutChanges picks one of changes at random (they are equally near the
// cue), then the choice about it; why is followed by their names.
func (a *Analysis) aboutChanges(changes []game.Event, why string) Guess {
	var gs []Guess
	var names []string
	for _, e := range changes {
		gs = append(gs, a.aboutChange(e))
		names = append(names, eventName(e))
	}
	return mix(gs, fmt.Sprintf("%s %s at %s", why, strings.Join(names, " and "), a.rel(changes[0].At)))
}

// eventName is an event's id, or its service and kind when it has none.
func eventName(e game.Event) string {
	if e.ID != "" {
		return e.ID
	}
	return e.Service + " " + e.Kind
}

// latestChangeGuess is today's latest-change cue (the last change before
// the first alert), mapped to the choice about that change.
func latestChangeGuess(a *Analysis, _ Mode) Guess {
	latest := latestChanges(a.s)
	if len(latest) == 0 {
		return Guess{Why: "no change before the first alert"}
	}
	return a.aboutChanges(latest, "last change before the first alert:")
}
