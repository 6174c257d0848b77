// Package traces is the Traces tab of the investigation screen: a list of
// the sampled traces, and for one trace a tree of its spans beside a
// waterfall of their timing, with the selected span's details.
package traces

import (
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/pane"
	"firedrill/ui/panekit"
	"firedrill/ui/styles"
)

// summary is one trace's list row, computed once.
type summary struct {
	trace      *game.Trace
	start      time.Time
	dur        time.Duration
	err        bool
	root       string // root span name
	rootSvc    string
	spans, svc int
}

// Model is the pane's state.
type Model struct {
	scenario      *game.Scenario
	styles        *styles.Styles
	keys          KeyMap
	width, height int
	cursor        time.Time

	all        []summary // every trace, sorted by start
	list       []summary // the traces shown: all, or only the failed ones
	errorsOnly bool
	sel        int   // list selection
	top        int   // first list row on screen
	open       int   // index into list of the open trace; -1 in the list
	rows       []row // the open trace's tree
	// treeNeed is the width the open trace's tree column would like
	treeNeed int
	// rootNeed is the width the list's ROOT SPAN column would like: the
	// longest "name · service", so a wide terminal keeps the numbers
	// beside the names and has room for the whole trace id
	rootNeed int
	spanSel  int
	spanTop  int
}

// Model keeps the tabs' contract (ui/pane, ui/README.md).
var _ pane.Model[Model] = Model{}

// New builds the pane for a scenario.
func New(s *game.Scenario, st *styles.Styles) Model {
	m := Model{scenario: s, styles: st, keys: DefaultKeyMap(), cursor: s.Start, open: -1}
	for _, t := range s.Traces {
		sm := summary{trace: t, spans: len(t.Spans), svc: t.ServiceCount(), err: t.HasError()}
		sm.start, _ = t.Bounds()
		sm.dur = t.Duration()
		if r := t.Root(); r >= 0 {
			sm.root, sm.rootSvc = t.Spans[r].Name, t.Spans[r].Service
		}
		m.all = append(m.all, sm)
		m.rootNeed = max(m.rootNeed, ansi.StringWidth(sm.root+" · "+sm.rootSvc)+2)
	}
	sort.SliceStable(m.all, func(i, j int) bool { return m.all[i].start.Before(m.all[j].start) })
	m.list = m.all
	return m
}

// ErrorsOnly reports whether the list hides the traces that succeeded.
func (m Model) ErrorsOnly() bool { return m.errorsOnly }

// setErrorsOnly filters the list, keeping the selection on the same trace
// when it stays listed.
func (m Model) setErrorsOnly(on bool) Model {
	var keep *game.Trace
	if len(m.list) > 0 {
		keep = m.list[m.sel].trace
	}
	m.errorsOnly, m.list, m.sel = on, m.all, 0
	if on {
		m.list = nil
		for _, sm := range m.all {
			if sm.err {
				m.list = append(m.list, sm)
			}
		}
	}
	for i, sm := range m.list {
		if sm.trace == keep {
			m.sel = i
		}
	}
	m.top = panekit.Scroll(m.top, m.sel, m.listRows(), len(m.list))
	return m
}

// nearestToCursor is the listed trace that starts closest to the shared
// cursor; -1 for an empty list.
func (m Model) nearestToCursor() int {
	return panekit.Nearest(len(m.list), func(i int) time.Time { return m.list[i].start }, m.cursor)
}

// SetSize gives the pane its area (the root's layout() calls it).
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.top = panekit.Scroll(m.top, m.sel, m.listRows(), len(m.list))
	m.spanTop = panekit.Scroll(m.spanTop, m.spanSel, m.treeRows(), len(m.rows))
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

// OpenID is the id of the open trace, "" in the list.
func (m Model) OpenID() string {
	if m.open < 0 {
		return ""
	}
	return m.list[m.open].trace.ID
}

// Open shows the trace with this id; false when it is not in the scenario
// (sampled away).
func (m Model) Open(id string) (Model, bool) {
	if m.errorsOnly && !listed(m.list, id) && listed(m.all, id) {
		m = m.setErrorsOnly(false) // the trace asked for is one the filter hides
	}
	for i, sm := range m.list {
		if sm.trace.ID == id {
			m.sel = i
			m.top = panekit.Scroll(m.top, m.sel, m.listRows(), len(m.list))
			return m.openSelected(), true
		}
	}
	return m, false
}

func listed(list []summary, id string) bool {
	for _, sm := range list {
		if sm.trace.ID == id {
			return true
		}
	}
	return false
}

func (m Model) openSelected() Model {
	m.open = m.sel
	m.rows = buildRows(m.list[m.sel].trace)
	m.treeNeed = treeWidth(m.list[m.sel].trace, m.rows)
	m.spanSel, m.spanTop = 0, 0
	return m
}

// span is the selected span of the open trace, or of the highlighted
// trace's root in the list; nil on a placeholder.
func (m Model) span() (*game.Trace, *game.Span) {
	if len(m.list) == 0 {
		return nil, nil
	}
	if m.open < 0 {
		t := m.list[m.sel].trace
		if r := t.Root(); r >= 0 {
			return t, &t.Spans[r]
		}
		return t, nil
	}
	t := m.list[m.open].trace
	if r := m.rows[m.spanSel]; r.span >= 0 {
		return t, &t.Spans[r.span]
	}
	return t, nil
}

// Selected is the item under the pane's cursor as evidence to pin (m).
func (m Model) Selected() (game.Pin, bool) {
	t, sp := m.span()
	if sp == nil {
		return game.Pin{}, false
	}
	status := "ok"
	if sp.Error {
		status = "ERR"
	}
	p := game.SpanPin(t, *sp)
	p.Label = sp.Name + " (" + sp.Service + ") " + panekit.Duration(sp.Dur) + " " + status
	return p, true
}

// Reveal opens a pinned span's trace and selects the span.
func (m Model) Reveal(p game.Pin) Model {
	if p.Kind != game.PinSpan {
		return m
	}
	traceID, spanID, _ := strings.Cut(p.Ref, "/")
	m, ok := m.Open(traceID)
	if !ok {
		return m
	}
	t := m.list[m.open].trace
	for i, r := range m.rows {
		if r.span >= 0 && t.Spans[r.span].ID == spanID {
			m.spanSel = i
			m.spanTop = panekit.Scroll(m.spanTop, i, m.treeRows(), len(m.rows))
		}
	}
	return m
}

// Update handles a message routed to the pane.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := panekit.WheelAsKey(msg).(tea.KeyPressMsg)
	if !ok || len(m.all) == 0 {
		return m, nil
	}
	if key.Matches(k, m.keys.Errors) && m.open < 0 {
		return m.setErrorsOnly(!m.errorsOnly), nil
	}
	if len(m.list) == 0 {
		return m, nil
	}
	if rows, ok := m.keys.Move(k, m.page()); ok {
		return m.moveBy(rows), nil
	}
	switch {
	case key.Matches(k, m.keys.Open):
		if m.open < 0 {
			m = m.openSelected()
			a := msgs.Act{Action: game.Action{Kind: game.ActOpenTrace, Target: m.OpenID(),
				Service: m.list[m.open].rootSvc}}
			return m, func() tea.Msg { return a }
		}
	case key.Matches(k, m.keys.Back):
		m.open, m.rows = -1, nil
	case key.Matches(k, m.keys.Cursor):
		if _, sp := m.span(); sp != nil {
			at := sp.At
			return m, func() tea.Msg { return msgs.SetCursor{At: at} }
		}
	case key.Matches(k, m.keys.Logs):
		if _, sp := m.span(); sp != nil {
			at := sp.At
			return m, func() tea.Msg { return msgs.JumpLogs{At: at} }
		}
	}
	return m, nil
}

// page is how far pgup/pgdn move in the current view (ctrl+u/ctrl+d half).
func (m Model) page() int {
	if m.open < 0 {
		return max(1, m.listRows()-1)
	}
	return max(1, m.treeRows()-1)
}

func (m Model) moveBy(d int) Model {
	if m.open < 0 {
		m.sel = panekit.Clamp(m.sel+d, 0, len(m.list)-1)
		m.top = panekit.Scroll(m.top, m.sel, m.listRows(), len(m.list))
		return m
	}
	m.spanSel = panekit.Clamp(m.spanSel+d, 0, len(m.rows)-1)
	m.spanTop = panekit.Scroll(m.spanTop, m.spanSel, m.treeRows(), len(m.rows))
	return m
}
