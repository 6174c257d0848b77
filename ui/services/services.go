// Package services is the Services tab of the investigation screen: the
// topology as a tree of who calls whom, each service with an error-rate
// and a latency badge read from the signals at the shared cursor.
package services

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/pane"
	"firedrill/ui/panekit"
	"firedrill/ui/styles"
)

// service is what the pane knows of one service, computed once.
type service struct {
	latency   *game.Series // nil: no latency metric
	errMetric *game.Series // nil: errors counted from log lines
	baseline  float64
	metrics   []string // names of all its series
	callers   []string
	calls     []string
	errBadge  errorBadge   // at the cursor
	latBadge  latencyBadge // at the cursor
	eventsCnt int
}

// Model is the pane's state.
type Model struct {
	scenario      *game.Scenario
	styles        *styles.Styles
	keys          KeyMap
	width, height int
	cursor        time.Time

	rows     []node
	info     map[string]*service
	errLines map[string][]int32 // per service, its ERROR+FATAL lines
	sel, top int
	treeW    int // width the tree column needs
}

// Model keeps the tabs' contract (ui/pane, ui/README.md).
var _ pane.Model[Model] = Model{}

// New builds the pane for a scenario.
func New(s *game.Scenario, st *styles.Styles) Model {
	m := Model{scenario: s, styles: st, keys: DefaultKeyMap(), rows: buildTree(s.Services),
		info: map[string]*service{}, errLines: errorLines(s)}
	for _, sv := range s.Services {
		in := &service{latency: latencyMetric(s, sv.Name), errMetric: errorMetric(s, sv.Name),
			callers: callers(s.Services, sv.Name), calls: sv.Calls}
		if in.latency != nil {
			in.baseline = baseline(in.latency)
		}
		for _, mt := range s.Metrics {
			if mt.Service == sv.Name {
				in.metrics = append(in.metrics, mt.Name)
			}
		}
		for _, e := range s.Events {
			if e.Service == sv.Name {
				in.eventsCnt++
			}
		}
		m.info[sv.Name] = in
	}
	for _, r := range m.rows {
		m.treeW = max(m.treeW, len([]rune(r.guide+r.service+suffix(r))))
	}
	return m.SetCursor(s.Start)
}

// suffix marks repeated and cyclic nodes.
func suffix(n node) string {
	switch {
	case n.cycle:
		return " (↻ cycle)"
	case n.repeat:
		return " (↑ seen above)"
	}
	return ""
}

// SetSize gives the pane its area (the root's layout() calls it).
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.top = panekit.Scroll(m.top, m.sel, m.treeRows(), len(m.rows))
	return m
}

// SetStyles swaps the theme (light/dark change).
func (m Model) SetStyles(st *styles.Styles) Model { m.styles = st; return m }

// SetCursor moves the shared incident-clock cursor and recomputes the
// badges there: four binary searches per service, never a scan of lines.
func (m Model) SetCursor(t time.Time) Model {
	m.cursor = t
	info := make(map[string]*service, len(m.info))
	for name, in := range m.info {
		c := *in
		c.errBadge = errorsAt(m.scenario, m.errLines, c.errMetric, name, t)
		c.latBadge = latencyBadge{metric: c.latency, baseline: c.baseline}
		if c.latency != nil {
			c.latBadge.value, c.latBadge.ok = c.latency.Value(t)
		}
		info[name] = &c
	}
	m.info = info // a fresh map: earlier copies of the model keep theirs
	return m
}

// Capturing reports whether a text input inside the pane has focus; the
// pane has none.
func (m Model) Capturing() bool { return false }

// KeyMap returns the pane's bindings for the help overlay.
func (m Model) KeyMap() help.KeyMap { return m.keys }

// SelectedService is the service under the pane's cursor, "" if none.
func (m Model) SelectedService() string {
	if len(m.rows) == 0 {
		return ""
	}
	return m.rows[m.sel].service
}

// Selected pins the selected service's latency metric (or its first
// metric) at the cursor; false for a service with no metrics.
func (m Model) Selected() (game.Pin, bool) {
	name := m.SelectedService()
	in := m.info[name]
	if in == nil {
		return game.Pin{}, false
	}
	series := in.latency
	if series == nil {
		for _, mt := range m.scenario.Metrics {
			if mt.Service == name {
				series = mt
				break
			}
		}
	}
	if series == nil {
		return game.Pin{}, false
	}
	value := "gap"
	if v, ok := series.Value(m.cursor); ok {
		value = panekit.WithUnit(v, series.Unit)
	}
	p := game.MetricPin(series, m.cursor)
	p.Label = fmt.Sprintf("%s (%s) = %s at %s", series.Name, name, value, m.offset())
	return p, true
}

// Reveal selects the first row of a pinned item's service.
func (m Model) Reveal(p game.Pin) Model {
	for i, r := range m.rows {
		if r.service == p.Service {
			m.sel = i
			m.top = panekit.Scroll(m.top, m.sel, m.treeRows(), len(m.rows))
			return m
		}
	}
	return m
}

// Update handles a message routed to the pane.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := panekit.WheelAsKey(msg).(tea.KeyPressMsg)
	if !ok || len(m.rows) == 0 {
		return m, nil
	}
	if rows, ok := m.keys.Move(k, m.treeRows()); ok {
		return m.selectRow(m.sel + rows)
	}
	if key.Matches(k, m.keys.Summary) {
		text := m.summary(m.SelectedService())
		return m, func() tea.Msg { return msgs.Status{Text: text} }
	}
	return m, nil
}

// selectRow moves the selection and, when it lands on another service,
// records that the player looked at it (coaching counts red herrings).
func (m Model) selectRow(i int) (Model, tea.Cmd) {
	before := m.SelectedService()
	m.sel = panekit.Clamp(i, 0, len(m.rows)-1)
	m.top = panekit.Scroll(m.top, m.sel, m.treeRows(), len(m.rows))
	name := m.SelectedService()
	if name == before {
		return m, nil
	}
	a := msgs.Act{Action: game.Action{Kind: game.ActView, Target: name, Service: name, At: m.cursor}}
	return m, func() tea.Msg { return a }
}

// summary says a service's signals at the cursor in one line.
func (m Model) summary(name string) string {
	in := m.info[name]
	parts := []string{m.errorText(in.errBadge) + " error lines"}
	if in.errMetric != nil {
		parts[0] = m.errorText(in.errBadge) + " errors (" + in.errMetric.Name + ")"
	}
	if in.latency != nil {
		parts = append(parts, in.latency.Name+" "+m.latencyText(in.latBadge))
	}
	if len(in.calls) > 0 {
		parts = append(parts, "calls "+strings.Join(in.calls, ", "))
	}
	if len(in.callers) > 0 {
		parts = append(parts, "called by "+strings.Join(in.callers, ", "))
	}
	return name + " at " + m.offset() + ": " + strings.Join(parts, " · ")
}

// offset is the cursor on the incident clock.
func (m Model) offset() string { return panekit.Offset(m.cursor.Sub(m.scenario.Start)) }
