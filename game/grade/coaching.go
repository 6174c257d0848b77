package grade

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"firedrill/game"
)

// Roles of the first pinned evidence (Coaching.FirstPinRole).
const (
	RoleCause     = "cause"     // the cause's own signal, near the onset
	RoleSymptom   = "symptom"   // a downstream effect: another service, after the onset
	RoleUnrelated = "unrelated" // before the onset, or a planted red herring
)

// A pin counts as the cause's own signal when it is within causeWindowSteps
// samples of the onset (for a metric) or defaultCauseWindow (anything else),
// whichever is wider: the first sample after a change can lag it by a step.
const (
	causeWindowSteps   = 3
	defaultCauseWindow = 2 * time.Minute
)

// Coach reads the session's action log (and notebook) against the answer:
//
//   - FirstRightHypothesis: the offset of the first ActNote whose text names
//     the cause's service (the service the correct choice names most, else
//     the chain's root) or a distinctive word of the correct choice or the
//     chain's root (a word no other choice uses; see distinctiveTokens).
//     When no note does, the submit's justification is read the same way:
//     naming the cause there counts, at the submit (RightAtSubmit).
//   - RedHerrings: for each id of ans.RedHerrings the player dwelt on, the
//     visits and time: opening it, filtering or searching to it, pinning
//     it, or writing about it (a note, the submit's justification, unless
//     the text names the cause) counts; a view counts only when it lasted
//     minDwell, so a cursor scrolling past a decoy is not a visit.
//     Back-to-back actions on one decoy are one visit, and each lasts until
//     the next action. A decoy choice is named by its id or by the service
//     it blames.
//   - TabTime: from each ActTab (Detail: the tab name) to the next, the last
//     until the submit (or time-up, or the last action). The UI records an
//     ActTab for the opening tab at the start; time before it is not counted.
//   - FirstPin and its role (RoleCause, RoleSymptom, RoleUnrelated).
//
// An ActResume ends every open span at the moment the game was closed (its
// offset minus the closed gap in its Detail, see Session.Resume): time
// with the game closed is nobody's tab. The tab in use before the quit
// continues after the resume until the next ActTab.
//
// ans nil (an interview scenario before grading) leaves the answer-based
// figures empty.
func Coach(s *game.Scenario, ans *game.Answer, log []game.Action, nb game.Notebook) Coaching {
	c := Coaching{TabTime: tabTimes(log), FirstPin: firstPin(log, nb)}
	if ans == nil || s == nil {
		return c
	}
	cause := newCauseProfile(s, ans)
	for _, a := range log {
		if a.Kind == game.ActNote && cause.named(a.Detail) {
			c.FirstRightHypothesis, c.FoundRightHypothesis = a.Offset, true
			break
		}
	}
	if !c.FoundRightHypothesis {
		for _, a := range log {
			if a.Kind == game.ActSubmit && cause.named(a.Detail) {
				c.FirstRightHypothesis, c.FoundRightHypothesis, c.RightAtSubmit = a.Offset, true, true
			}
		}
	}
	c.RedHerrings = herringVisits(s, ans, log, nb, cause)
	if c.FirstPin != nil {
		c.FirstPinRole = cause.role(s, ans, *c.FirstPin)
		// the proof verdict outranks the guess from service and time: a
		// pin that shows the trigger is the cause's own signal, and one
		// that shows a later step is part of the chain, never unrelated
		steps := provenSteps(s, ans, *c.FirstPin)
		slices.Sort(steps)
		c.FirstPinSteps = steps
		switch {
		case slices.Contains(steps, 1):
			c.FirstPinRole = RoleCause
		case len(steps) > 0 && c.FirstPinRole == RoleUnrelated:
			c.FirstPinRole = RoleSymptom
		}
	}
	return c
}

// provenSteps are the chain steps a pin shows by the answer's proof items
// (none when the answer has no proof); a pin saved without its identity
// is completed from s first.
func provenSteps(s *game.Scenario, ans *game.Answer, p game.Pin) []int {
	p = game.CompletePin(s, p)
	var steps []int
	for _, it := range ans.Proof {
		if it.Matches(p) && !slices.Contains(steps, it.Step) {
			steps = append(steps, it.Step)
		}
	}
	return steps
}

// pinOf is the pin an ActPin recorded, completed from the notebook's copy
// when it is still there (it has the identity and the label).
func pinOf(a game.Action, nb game.Notebook) game.Pin {
	p := game.Pin{Kind: game.PinKind(a.Detail), Ref: a.Target, Service: a.Service, At: a.At}
	if q, ok := notebookPin(nb, p.Kind, p.Ref); ok {
		return q
	}
	return p
}

// spanEnd is when the span begun by log[i] ends: at the next action, or at
// the moment the game was closed when the next action is a resume; 0 length
// for the last action.
func spanEnd(log []game.Action, i int) time.Duration {
	if i+1 >= len(log) {
		return log[i].Offset
	}
	next := log[i+1]
	if next.Kind == game.ActResume {
		return max(log[i].Offset, next.Offset-closedGap(next))
	}
	return next.Offset
}

// closedGap is how long the game was closed before a resume, as recorded in
// the ActResume's Detail; 0 if it is missing or unreadable.
func closedGap(a game.Action) time.Duration {
	d, err := time.ParseDuration(a.Detail)
	if err != nil || d < 0 {
		return 0
	}
	return d
}

func tabTimes(log []game.Action) map[string]time.Duration {
	out := map[string]time.Duration{}
	tab, since := "", time.Duration(0)
	closeAt := func(end time.Duration) {
		if tab != "" && end > since {
			out[tab] += end - since
		}
	}
	for _, a := range log {
		switch a.Kind {
		case game.ActTab:
			closeAt(a.Offset)
			tab, since = a.Detail, a.Offset
			if tab == "" {
				tab = a.Target
			}
		case game.ActResume:
			closeAt(a.Offset - closedGap(a))
			since = a.Offset
		case game.ActSubmit, game.ActTimeUp:
			closeAt(a.Offset)
			return out
		}
	}
	if len(log) > 0 {
		closeAt(log[len(log)-1].Offset)
	}
	return out
}

// minDwell is how long a view must last to count as looking at a decoy:
// a services row or a zoomed series the cursor only passed is not a visit.
const minDwell = 5 * time.Second

// deliberate are the actions that dwell on what they name whatever their
// length: opening it, filtering or searching to it, pinning it, writing
// about it.
var deliberate = map[game.ActionKind]bool{game.ActOpenTrace: true, game.ActFilter: true, game.ActSearch: true,
	game.ActFuzzy: true, game.ActPin: true, game.ActNote: true, game.ActSubmit: true}

// names reports whether action a concerns one of names: its Target or
// Service; for an opened trace, a service of the trace; for a filter,
// search, note or justification, a whole-word mention in its text.
func names(s *game.Scenario, a game.Action, set map[string]bool) bool {
	if set[a.Target] || set[a.Service] {
		return true
	}
	switch a.Kind {
	case game.ActOpenTrace:
		if t := s.Trace(a.Target); t != nil {
			for _, sp := range t.Spans {
				if set[sp.Service] {
					return true
				}
			}
		}
	case game.ActFilter, game.ActSearch, game.ActFuzzy, game.ActNote, game.ActSubmit:
		for name := range set {
			if name != "" && game.Mentions(a.Detail, name) {
				return true
			}
		}
	}
	return false
}

// herringVisits counts the visits to each decoy: runs of back-to-back
// actions naming it, of which at least one dwelt (deliberate, or a view
// of minDwell or more).
// Pinning a signal the proof credits is never a visit: it showed a step of
// the chain, whatever service it came from.
func herringVisits(s *game.Scenario, ans *game.Answer, log []game.Action, nb game.Notebook, cause causeProfile) []RedHerringVisit {
	var out []RedHerringVisit
	for _, id := range ans.RedHerrings {
		set := herringNames(s, id, cause.service)
		v := RedHerringVisit{ID: id}
		var run time.Duration
		inRun, dwelt := false, false
		closeRun := func() {
			if inRun && dwelt {
				v.Visits++
				v.Time += run
			}
			inRun, dwelt, run = false, false, 0
		}
		for i, a := range log {
			// a note or justification about the cause may name a decoy's
			// service in passing ("checkout cannot reach payments"): that
			// is writing about the cause, not dwelling on the decoy
			aboutCause := (a.Kind == game.ActNote || a.Kind == game.ActSubmit) && cause.named(a.Detail) ||
				a.Kind == game.ActPin && len(provenSteps(s, ans, pinOf(a, nb))) > 0
			if a.Kind == game.ActTab || a.Kind == game.ActResume || aboutCause || !names(s, a, set) {
				closeRun()
				continue
			}
			span := spanEnd(log, i) - a.Offset
			inRun, run = true, run+span
			dwelt = dwelt || deliberate[a.Kind] || a.Kind == game.ActView && span >= minDwell
		}
		closeRun()
		if v.Visits > 0 {
			out = append(out, v)
		}
	}
	return out
}

// herringNames is every Target or Service that names the decoy id: the id
// itself and, for a decoy choice, the service that choice blames, unless
// that is the cause's own service (a decoy like "postgres is down" when
// the cause is a postgres index: looking at postgres is not the trap).
func herringNames(s *game.Scenario, id, causeService string) map[string]bool {
	names := map[string]bool{id: true}
	if ch, ok := s.Choice(id); ok {
		if sv := choiceService(ch, s.Services); sv != "" && sv != causeService {
			names[sv] = true
		}
	}
	return names
}

// firstPin is the first ActPin of the log, completed from the notebook's
// copy of the same pin (it has the label); the notebook's first pin when
// the log has none.
func firstPin(log []game.Action, nb game.Notebook) *game.Pin {
	for _, a := range log {
		if a.Kind != game.ActPin {
			continue
		}
		p := pinOf(a, nb)
		return &p
	}
	for _, h := range nb.Hypotheses {
		if len(h.Evidence) > 0 {
			p := h.Evidence[0]
			return &p
		}
	}
	return nil
}

func notebookPin(nb game.Notebook, kind game.PinKind, ref string) (game.Pin, bool) {
	for _, h := range nb.Hypotheses {
		for _, p := range h.Evidence {
			if p.Kind == kind && p.Ref == ref {
				return p, true
			}
		}
	}
	return game.Pin{}, false
}

// causeProfile is what identifies the cause in free text and in pins.
type causeProfile struct {
	service string          // the cause's service; "" if no text names one
	tokens  []string        // distinctive words of the correct choice and the chain's root
	events  map[string]bool // ids of events the answer names (chain, evidence, choice)
	herring map[string]bool // every name of every red herring
}

func newCauseProfile(s *game.Scenario, ans *game.Answer) causeProfile {
	right, _ := s.Choice(ans.Choice)
	causeTexts := []string{right.ID, right.Text}
	if len(ans.Chain) > 0 {
		causeTexts = append(causeTexts, ans.Chain[0])
	}
	p := causeProfile{events: map[string]bool{}, herring: map[string]bool{}}
	p.service = causeService(s, ans, right)
	var otherTexts, otherServices []string
	for _, ch := range s.Choices {
		if ch.ID != right.ID {
			otherTexts = append(otherTexts, ch.ID, ch.Text)
		}
	}
	for _, sv := range s.Services {
		if sv.Name != p.service {
			otherServices = append(otherServices, sv.Name)
		}
	}
	p.tokens = distinctiveTokens(causeTexts, otherTexts, otherServices)
	answerText := strings.Join(append(append([]string{ans.Choice}, ans.Chain...), ans.Evidence...), "\n")
	for _, e := range s.Events {
		if e.ID != "" && game.Mentions(answerText, e.ID) {
			p.events[e.ID] = true
		}
	}
	for _, id := range ans.RedHerrings {
		for name := range herringNames(s, id, p.service) {
			p.herring[name] = true
		}
	}
	return p
}

// causeService is the service the cause belongs to: the one the correct
// choice names; else the one the chain's root step names; else the
// service of a change the answer names, or of the change at the onset;
// else the one the evidence, then the chain, names most. The chain as a
// whole comes last: its later steps name the symptoms' services
// ("checkout's queries passed its timeout" after a postgres index drop).
func causeService(s *game.Scenario, ans *game.Answer, right game.Choice) string {
	if sv := choiceService(right, s.Services); sv != "" {
		return sv
	}
	if len(ans.Chain) > 0 {
		if sv := mostNamedService(ans.Chain[0], s.Services); sv != "" {
			return sv
		}
	}
	answerText := strings.Join(append(append([]string{}, ans.Chain...), ans.Evidence...), "\n")
	for _, e := range s.Events {
		if e.Service != "" && e.IsChange() && (e.ID != "" && game.Mentions(answerText, e.ID) || !ans.Onset.IsZero() && e.At.Equal(ans.Onset)) {
			return e.Service
		}
	}
	if sv := mostNamedService(strings.Join(ans.Evidence, "\n"), s.Services); sv != "" {
		return sv
	}
	return mostNamedService(strings.Join(ans.Chain, "\n"), s.Services)
}

// named reports whether a hypothesis names the cause: its service or one of
// its distinctive words.
func (p causeProfile) named(text string) bool {
	if p.service != "" && game.Mentions(text, p.service) {
		return true
	}
	for _, w := range words(text) {
		if anySameWord(w, p.tokens) {
			return true
		}
	}
	return false
}

// role classifies a pin: the cause's own signal near the onset (or an event
// the answer names), a symptom (after the onset), or unrelated (a decoy, or
// before the onset, or of unknown time).
func (p causeProfile) role(s *game.Scenario, ans *game.Answer, pin game.Pin) string {
	if pin.Kind == game.PinEvent {
		if e, ok := pinnedEvent(s, pin.Ref); ok {
			if p.events[e.ID] {
				return RoleCause
			}
			pin.Service, pin.At = e.Service, e.At
			if p.herring[e.ID] {
				return RoleUnrelated
			}
		}
	}
	if p.herring[pin.Service] || pin.At.IsZero() {
		return RoleUnrelated
	}
	offOnset := pin.At.Sub(ans.Onset)
	if p.service != "" && pin.Service == p.service && offOnset.Abs() <= causeWindow(s, pin) {
		return RoleCause
	}
	if offOnset >= 0 {
		return RoleSymptom
	}
	return RoleUnrelated
}

// pinnedEvent resolves an event pin's Ref: an event id, or its index.
func pinnedEvent(s *game.Scenario, ref string) (game.Event, bool) {
	for _, e := range s.Events {
		if e.ID != "" && e.ID == ref {
			return e, true
		}
	}
	if i, err := strconv.Atoi(ref); err == nil && i >= 0 && i < len(s.Events) {
		return s.Events[i], true
	}
	return game.Event{}, false
}

// causeWindow is how far from the onset a pin may be and still be the
// cause's own signal: a few samples of a pinned metric, else the default.
func causeWindow(s *game.Scenario, pin game.Pin) time.Duration {
	window := defaultCauseWindow
	if pin.Kind == game.PinMetric {
		for _, m := range s.Metrics {
			if m.Service+"/"+m.Name == pin.Ref {
				window = max(window, causeWindowSteps*m.Step)
			}
		}
	}
	return window
}
