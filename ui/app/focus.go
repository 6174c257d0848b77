package app

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

// focus is the tab that has the keys. It is one value, never a set of
// booleans: exactly one pane is focused.
type focus int

const (
	focusLogs focus = iota
	focusMetrics
	focusTraces
	focusEvents
	focusServices
	focusNotebook
	numTabs
)

var tabNames = [numTabs]string{"Logs", "Metrics", "Traces", "Events", "Services", "Notebook"}

func (f focus) String() string { return tabNames[f] }

// panes holds one of each tab. Every pane follows the same contract (see
// ui/README.md); the switch statements below are the only place that knows
// which concrete type sits behind a tab.
type panes struct {
	logs     logs.Model
	metrics  metrics.Model
	traces   traces.Model
	events   events.Model
	services services.Model
	notebook notebook.Model
}

func newPanes(s *game.Scenario, st *styles.Styles, now func() time.Time) panes {
	return panes{
		logs:     logs.New(s, st),
		metrics:  metrics.New(s, st),
		traces:   traces.New(s, st),
		events:   events.New(s, st),
		services: services.New(s, st),
		notebook: notebook.New(s, st, notebook.WithClock(now)),
	}
}

func (p *panes) setSize(w, h int) {
	p.logs = p.logs.SetSize(w, h)
	p.metrics = p.metrics.SetSize(w, h)
	p.traces = p.traces.SetSize(w, h)
	p.events = p.events.SetSize(w, h)
	p.services = p.services.SetSize(w, h)
	p.notebook = p.notebook.SetSize(w, h)
}

func (p *panes) setStyles(st *styles.Styles) {
	p.logs = p.logs.SetStyles(st)
	p.metrics = p.metrics.SetStyles(st)
	p.traces = p.traces.SetStyles(st)
	p.events = p.events.SetStyles(st)
	p.services = p.services.SetStyles(st)
	p.notebook = p.notebook.SetStyles(st)
}

func (p *panes) setCursor(t time.Time) {
	p.logs = p.logs.SetCursor(t)
	p.metrics = p.metrics.SetCursor(t)
	p.traces = p.traces.SetCursor(t)
	p.events = p.events.SetCursor(t)
	p.services = p.services.SetCursor(t)
	p.notebook = p.notebook.SetCursor(t)
}

// reveal shows a pinned piece of evidence in the pane its kind lives in
// and returns that tab.
func (p *panes) reveal(pin game.Pin) (focus, bool) {
	switch pin.Kind {
	case game.PinLog:
		p.logs = p.logs.Reveal(pin)
		return focusLogs, true
	case game.PinMetric:
		p.metrics = p.metrics.Reveal(pin)
		return focusMetrics, true
	case game.PinSpan:
		p.traces = p.traces.Reveal(pin)
		return focusTraces, true
	case game.PinEvent:
		p.events = p.events.Reveal(pin)
		return focusEvents, true
	}
	return 0, false
}

// update routes msg to the pane behind f.
func (p *panes) update(f focus, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch f {
	case focusLogs:
		p.logs, cmd = p.logs.Update(msg)
	case focusMetrics:
		p.metrics, cmd = p.metrics.Update(msg)
	case focusTraces:
		p.traces, cmd = p.traces.Update(msg)
	case focusEvents:
		p.events, cmd = p.events.Update(msg)
	case focusServices:
		p.services, cmd = p.services.Update(msg)
	case focusNotebook:
		p.notebook, cmd = p.notebook.Update(msg)
	}
	return cmd
}

func (p *panes) view(f focus) string {
	switch f {
	case focusLogs:
		return p.logs.View()
	case focusMetrics:
		return p.metrics.View()
	case focusTraces:
		return p.traces.View()
	case focusEvents:
		return p.events.View()
	case focusServices:
		return p.services.View()
	}
	return p.notebook.View()
}

func (p *panes) capturing(f focus) bool {
	switch f {
	case focusLogs:
		return p.logs.Capturing()
	case focusMetrics:
		return p.metrics.Capturing()
	case focusTraces:
		return p.traces.Capturing()
	case focusEvents:
		return p.events.Capturing()
	case focusServices:
		return p.services.Capturing()
	}
	return p.notebook.Capturing()
}

func (p *panes) selected(f focus) (game.Pin, bool) {
	switch f {
	case focusLogs:
		return p.logs.Selected()
	case focusMetrics:
		return p.metrics.Selected()
	case focusTraces:
		return p.traces.Selected()
	case focusEvents:
		return p.events.Selected()
	case focusServices:
		return p.services.Selected()
	}
	return p.notebook.Selected()
}

// keyMaps lists every tab's bindings in tab order, for the help overlay.
func (p *panes) keyMaps() [numTabs]help.KeyMap {
	return [numTabs]help.KeyMap{p.logs.KeyMap(), p.metrics.KeyMap(), p.traces.KeyMap(),
		p.events.KeyMap(), p.services.KeyMap(), p.notebook.KeyMap()}
}
