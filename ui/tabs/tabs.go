// Package tabs is the six investigation tabs as one set: the game's
// screen (ui/app) and the interviewer's replay (ui/replay) both hold a
// Set. It is the only place that knows which concrete pane sits behind a
// tab; every pane follows the same contract (see ui/README.md).
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

// Set holds one of each tab's pane. It is a value; panes are values whose
// methods return copies, so a Set can be copied.
type Set struct {
	Logs     logs.Model
	Metrics  metrics.Model
	Traces   traces.Model
	Events   events.Model
	Services services.Model
	Notebook notebook.Model
}

// New builds every pane for s; opts go to the notebook.
func New(s *game.Scenario, st *styles.Styles, opts ...notebook.Option) Set {
	return Set{
		Logs:     logs.New(s, st),
		Metrics:  metrics.New(s, st),
		Traces:   traces.New(s, st),
		Events:   events.New(s, st),
		Services: services.New(s, st),
		Notebook: notebook.New(s, st, opts...),
	}
}

// SetSize gives every pane the same area, hidden or not.
func (p *Set) SetSize(w, h int) {
	p.Logs = p.Logs.SetSize(w, h)
	p.Metrics = p.Metrics.SetSize(w, h)
	p.Traces = p.Traces.SetSize(w, h)
	p.Events = p.Events.SetSize(w, h)
	p.Services = p.Services.SetSize(w, h)
	p.Notebook = p.Notebook.SetSize(w, h)
}

func (p *Set) SetStyles(st *styles.Styles) {
	p.Logs = p.Logs.SetStyles(st)
	p.Metrics = p.Metrics.SetStyles(st)
	p.Traces = p.Traces.SetStyles(st)
	p.Events = p.Events.SetStyles(st)
	p.Services = p.Services.SetStyles(st)
	p.Notebook = p.Notebook.SetStyles(st)
}

// SetCursor moves every pane to the shared incident-clock cursor.
func (p *Set) SetCursor(t time.Time) {
	p.Logs = p.Logs.SetCursor(t)
	p.Metrics = p.Metrics.SetCursor(t)
	p.Traces = p.Traces.SetCursor(t)
	p.Events = p.Events.SetCursor(t)
	p.Services = p.Services.SetCursor(t)
	p.Notebook = p.Notebook.SetCursor(t)
}

// Reveal shows a pinned piece of evidence in the pane its kind lives in
// and returns that tab; false (and nothing changed) for another kind.
func (p *Set) Reveal(pin game.Pin) (Tab, bool) {
	switch pin.Kind {
	case game.PinLog:
		p.Logs = p.Logs.Reveal(pin)
		return Logs, true
	case game.PinMetric:
		p.Metrics = p.Metrics.Reveal(pin)
		return Metrics, true
	case game.PinSpan:
		p.Traces = p.Traces.Reveal(pin)
		return Traces, true
	case game.PinEvent:
		p.Events = p.Events.Reveal(pin)
		return Events, true
	}
	return 0, false
}

// Update routes msg to the pane behind t, and to no other.
func (p *Set) Update(t Tab, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch t {
	case Logs:
		p.Logs, cmd = p.Logs.Update(msg)
	case Metrics:
		p.Metrics, cmd = p.Metrics.Update(msg)
	case Traces:
		p.Traces, cmd = p.Traces.Update(msg)
	case Events:
		p.Events, cmd = p.Events.Update(msg)
	case Services:
		p.Services, cmd = p.Services.Update(msg)
	case Notebook:
		p.Notebook, cmd = p.Notebook.Update(msg)
	}
	return cmd
}

func (p Set) View(t Tab) string {
	switch t {
	case Logs:
		return p.Logs.View()
	case Metrics:
		return p.Metrics.View()
	case Traces:
		return p.Traces.View()
	case Events:
		return p.Events.View()
	case Services:
		return p.Services.View()
	}
	return p.Notebook.View()
}

// Capturing is whether a text input in the pane behind t has the keys.
func (p Set) Capturing(t Tab) bool {
	switch t {
	case Logs:
		return p.Logs.Capturing()
	case Metrics:
		return p.Metrics.Capturing()
	case Traces:
		return p.Traces.Capturing()
	case Events:
		return p.Events.Capturing()
	case Services:
		return p.Services.Capturing()
	}
	return p.Notebook.Capturing()
}

// Selected is what `m` would pin on the tab t.
func (p Set) Selected(t Tab) (game.Pin, bool) {
	switch t {
	case Logs:
		return p.Logs.Selected()
	case Metrics:
		return p.Metrics.Selected()
	case Traces:
		return p.Traces.Selected()
	case Events:
		return p.Events.Selected()
	case Services:
		return p.Services.Selected()
	}
	return p.Notebook.Selected()
}

// KeyMap is the bindings of the pane behind t.
func (p Set) KeyMap(t Tab) help.KeyMap { return p.KeyMaps()[t] }

// KeyMaps lists every tab's bindings in tab order, for the help overlay.
func (p Set) KeyMaps() [Count]help.KeyMap {
	return [Count]help.KeyMap{p.Logs.KeyMap(), p.Metrics.KeyMap(), p.Traces.KeyMap(),
		p.Events.KeyMap(), p.Services.KeyMap(), p.Notebook.KeyMap()}
}
