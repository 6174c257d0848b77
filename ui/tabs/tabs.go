// Package tabs is the six investigation tabs as one set: the game's
// screen (ui/app) and the interviewer's replay (ui/replay) both hold a
// Set. It is the only place that knows which concrete pane sits behind a
// tab; every pane keeps the same contract, pane.Model (see ui/README.md).
package tabs

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/events"
	"firedrill/ui/logs"
	"firedrill/ui/metrics"
	"firedrill/ui/notebook"
	"firedrill/ui/pane"
	"firedrill/ui/services"
	"firedrill/ui/styles"
	"firedrill/ui/traces"
)

// Tab is one of the investigation tabs, in the game's tab order (which is
// also the order of the digit keys).
type Tab int

const (
	Logs Tab = iota
	Metrics
	Traces
	Events
	Services
	Notebook
	Count // the number of tabs, not a tab
)

// names are the names the game records in ActTab actions: keep them.
var names = [Count]string{"Logs", "Metrics", "Traces", "Events", "Services", "Notebook"}

func (t Tab) String() string { return names[t] }

// Named is the tab called name (as recorded in an ActTab action).
func Named(name string) (Tab, bool) {
	for t := range Count {
		if names[t] == name {
			return t, true
		}
	}
	return 0, false
}

// kindTab is the tab each kind of evidence lives in.
var kindTab = map[game.PinKind]Tab{game.PinLog: Logs, game.PinMetric: Metrics, game.PinSpan: Traces,
	game.PinEvent: Events}

// Set holds one pane per tab. It is a value; panes are values whose
// methods return copies, so a Set can be copied (the replay keeps copies
// to step back from).
type Set struct {
	panes [Count]pane.Pane
}

// New builds every pane for s; opts go to the notebook.
func New(s *game.Scenario, st *styles.Styles, opts ...notebook.Option) Set {
	return Set{panes: [Count]pane.Pane{
		Logs:     pane.Of(logs.New(s, st)),
		Metrics:  pane.Of(metrics.New(s, st)),
		Traces:   pane.Of(traces.New(s, st)),
		Events:   pane.Of(events.New(s, st)),
		Services: pane.Of(services.New(s, st)),
		Notebook: pane.Of(notebook.New(s, st, opts...)),
	}}
}

// each replaces every pane with f of it.
func (p *Set) each(f func(pane.Pane) pane.Pane) {
	for t := range Count {
		p.panes[t] = f(p.panes[t])
	}
}

// SetSize gives every pane the same area, hidden or not.
func (p *Set) SetSize(w, h int) { p.each(func(x pane.Pane) pane.Pane { return x.SetSize(w, h) }) }

func (p *Set) SetStyles(st *styles.Styles) {
	p.each(func(x pane.Pane) pane.Pane { return x.SetStyles(st) })
}

// SetCursor moves every pane to the shared incident-clock cursor.
func (p *Set) SetCursor(t time.Time) { p.each(func(x pane.Pane) pane.Pane { return x.SetCursor(t) }) }

// Reveal shows a pinned piece of evidence in the pane its kind lives in
// and returns that tab; false (and nothing changed) for another kind.
func (p *Set) Reveal(pin game.Pin) (Tab, bool) {
	t, ok := kindTab[pin.Kind]
	if ok {
		p.RevealIn(t, pin)
	}
	return t, ok
}

// RevealIn hands pin to the pane behind t, whatever its kind (the replay
// shows what an ActView named on the tab it was recorded on).
func (p *Set) RevealIn(t Tab, pin game.Pin) { p.panes[t] = p.panes[t].Reveal(pin) }

// Update routes msg to the pane behind t, and to no other. Whatever the
// pane's command yields comes back addressed: a message for the root
// (ui/msgs) as it is, the pane's own answers as a Reply to t.
func (p *Set) Update(t Tab, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.panes[t], cmd = p.panes[t].Update(msg)
	return addressed(t, cmd)
}

// Deliver hands a pane its own answer (the root's case for a Reply).
func (p *Set) Deliver(r Reply) tea.Cmd { return p.Update(r.To, r.Msg) }

func (p Set) View(t Tab) string { return p.panes[t].View() }

// Capturing is whether a text input in the pane behind t has the keys.
func (p Set) Capturing(t Tab) bool { return p.panes[t].Capturing() }

// Claims reports whether tab t takes k before the root's global keys
// (pane.Claimer).
func (p Set) Claims(t Tab, k tea.KeyPressMsg) bool { return pane.Claims(p.panes[t], k) }

// Selected is what `m` would pin on the tab t.
func (p Set) Selected(t Tab) (game.Pin, bool) { return p.panes[t].Selected() }

// KeyMap is the bindings of the pane behind t.
func (p Set) KeyMap(t Tab) help.KeyMap { return p.panes[t].KeyMap() }

// KeyMaps lists every tab's bindings in tab order, for the help overlay.
func (p Set) KeyMaps() [Count]help.KeyMap {
	var out [Count]help.KeyMap
	for t := range Count {
		out[t] = p.panes[t].KeyMap()
	}
	return out
}

// The concrete panes, where a root needs more than the contract: the
// notebook the session copies, a trace opened by id, the Logs filters.

func (p Set) Logs() logs.Model         { return get[logs.Model](p, Logs) }
func (p Set) Metrics() metrics.Model   { return get[metrics.Model](p, Metrics) }
func (p Set) Traces() traces.Model     { return get[traces.Model](p, Traces) }
func (p Set) Notebook() notebook.Model { return get[notebook.Model](p, Notebook) }

// RestoreLogFilters re-applies the Logs tab's saved filters (a resume).
func (p *Set) RestoreLogFilters(f game.LogFilter) tea.Cmd {
	m, cmd := p.Logs().RestoreFilters(f)
	p.panes[Logs] = pane.Of(m)
	return addressed(Logs, cmd)
}

// RestoreDraft puts a note left half written back in the Notebook's
// editor (a resume).
func (p *Set) RestoreDraft(d game.NoteDraft) tea.Cmd {
	m, cmd := p.Notebook().RestoreDraft(d)
	p.PutNotebook(m)
	return addressed(Notebook, cmd)
}

// PutTraces and PutNotebook replace the pane with a changed copy.
func (p *Set) PutTraces(m traces.Model)     { p.panes[Traces] = pane.Of(m) }
func (p *Set) PutNotebook(m notebook.Model) { p.panes[Notebook] = pane.Of(m) }

// get is the concrete pane behind t. New fixed which pane sits where, so a
// mismatch is a programming error.
func get[M pane.Model[M]](p Set, t Tab) M {
	m, ok := pane.As[M](p.panes[t])
	if !ok {
		panic("tabs: the " + t.String() + " tab holds another pane")
	}
	return m
}

// OpenTrace opens the trace with this id on the Traces tab; false (and
// nothing changed) when it was sampled away.
func (p *Set) OpenTrace(id string) bool {
	m, ok := p.Traces().Open(id)
	if ok {
		p.PutTraces(m)
	}
	return ok
}
