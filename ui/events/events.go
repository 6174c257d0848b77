// Package events is the Events tab of the investigation screen: the change
// log as a timeline on the incident clock, with the gaps between events
// shown, the event nearest the shared cursor marked, and jumps that move
// the cursor (and the Logs pane) to an event.
package events

import (
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

// line is one row of the timeline: an event, or the gap before one.
type line struct {
	event int           // index into Scenario.Events; -1 for a gap marker
	gap   time.Duration // the quiet time a gap marker stands for
}

// Model is the pane's state.
type Model struct {
	scenario      *game.Scenario
	styles        *styles.Styles
	keys          KeyMap
	width, height int
	cursor        time.Time

	lines   []line
	lineOf  []int // lineOf[event] is the event's row in lines
	sel     int   // selected event
	top     int   // first row on screen
	svcW    int   // width of the service column
	offsetW int   // width of the offset column: "+mm:ss ", wider past 99 minutes
	detailH int   // rows for the selected event's full text (detailRows)
}

// Model keeps the tabs' contract (ui/pane, ui/README.md).
var _ pane.Model[Model] = Model{}

// gapThreshold is the quiet time worth a "· 4m ·" marker: two minutes, or
// a fifteenth of a long scenario, so that the markers stay few.
func gapThreshold(s *game.Scenario) time.Duration {
	return max(2*time.Minute, s.Duration/15)
}

// New builds the pane for a scenario.
func New(s *game.Scenario, st *styles.Styles) Model {
	m := Model{scenario: s, styles: st, keys: DefaultKeyMap(), cursor: s.Start}
	threshold := gapThreshold(s)
	for i, e := range s.Events {
		if i > 0 {
			if gap := e.At.Sub(s.Events[i-1].At); gap >= threshold {
				m.lines = append(m.lines, line{event: -1, gap: gap})
			}
		}
		m.lineOf = append(m.lineOf, len(m.lines))
		m.lines = append(m.lines, line{event: i})
		m.svcW = max(m.svcW, len([]rune(e.Service)))
	}
	m.svcW = min(m.svcW, 16)
	m.offsetW = len(panekit.Offset(s.Duration)) + 1
	return m
}

// SetSize gives the pane its area (the root's layout() calls it).
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.detailH = m.detailRows()
	m.top = m.scrolled()
	return m
}

// SetStyles swaps the theme (light/dark change).
func (m Model) SetStyles(st *styles.Styles) Model { m.styles = st; return m }

// SetCursor moves the shared incident-clock cursor.
func (m Model) SetCursor(t time.Time) Model { m.cursor = t; return m }

// Capturing reports whether a text input inside the pane has focus; the
// pane has none.
func (m Model) Capturing() bool { return false }

// KeyMap returns the pane's bindings for the help overlay.
func (m Model) KeyMap() help.KeyMap { return m.keys }

// ref names event i for pins and the action log: its id, or "#index".
func (m Model) ref(i int) string { return game.EventRef(m.scenario, i) }

// Selected is the item under the pane's cursor as evidence to pin (m).
func (m Model) Selected() (game.Pin, bool) {
	if len(m.scenario.Events) == 0 {
		return game.Pin{}, false
	}
	e := m.scenario.Events[m.sel]
	label := e.Kind + " " + e.Text
	if e.Service != "" {
		label = e.Kind + " " + e.Service + ": " + e.Text
	}
	p := game.EventPin(m.scenario, m.sel)
	p.Label = label
	return p, true
}

// Reveal selects a pinned event.
func (m Model) Reveal(p game.Pin) Model {
	if p.Kind != game.PinEvent {
		return m
	}
	for i := range m.scenario.Events {
		if m.ref(i) == p.Ref {
			m.sel = i
			m.top = m.scrolled()
		}
	}
	return m
}

// nearest is the event closest to the cursor (the earlier one on a tie);
// -1 when there are no events.
func (m Model) nearest() int {
	ev := m.scenario.Events
	return panekit.Nearest(len(ev), func(i int) time.Time { return ev[i].At }, m.cursor)
}

// Update handles a message routed to the pane.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := panekit.WheelAsKey(msg).(tea.KeyPressMsg)
	if !ok || len(m.scenario.Events) == 0 {
		return m, nil
	}
	if rows, ok := m.keys.Move(k, m.rows()); ok {
		return m.selectEvent(m.sel + rows), nil
	}
	switch {
	case key.Matches(k, m.keys.Nearest):
		m = m.selectEvent(m.nearest())
	case key.Matches(k, m.keys.Cursor):
		e := m.scenario.Events[m.sel]
		m.cursor = e.At
		act := msgs.Act{Action: game.Action{Kind: game.ActView, Target: m.ref(m.sel), Service: e.Service, At: e.At}}
		return m, tea.Batch(
			func() tea.Msg { return msgs.SetCursor{At: e.At} },
			func() tea.Msg { return act })
	case key.Matches(k, m.keys.Logs):
		at := m.scenario.Events[m.sel].At
		return m, func() tea.Msg { return msgs.JumpLogs{At: at} }
	}
	return m, nil
}

func (m Model) selectEvent(i int) Model {
	m.sel = panekit.Clamp(i, 0, len(m.scenario.Events)-1)
	m.top = m.scrolled()
	return m
}

// scrolled is the top row that shows the selected event, and the gap
// marker above it when there is room.
func (m Model) scrolled() int {
	if len(m.lineOf) == 0 {
		return 0
	}
	row := m.lineOf[m.sel]
	top := panekit.Scroll(m.top, row, m.rows(), len(m.lines))
	if row > 0 && row == top && m.rows() > 1 && m.lines[row-1].event < 0 {
		top--
	}
	return top
}
