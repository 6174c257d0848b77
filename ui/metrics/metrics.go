// Package metrics is the Metrics tab of the investigation screen: a grid
// of sparklines, one per series, with a shared time cursor that every
// other pane follows, and a full-width zoom of one series.
package metrics

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

// Model is the pane's state.
type Model struct {
	scenario      *game.Scenario
	styles        *styles.Styles
	keys          KeyMap
	width, height int

	cursor time.Time
	step   time.Duration // the finest metric step: one ←/→ press
	last   time.Time     // the latest time the cursor may reach
	win    window
	stats  []stats // per series, computed once

	visible   []int // indexes of the series the filter keeps
	sel       int   // index into visible
	top       int   // first grid row on screen
	zoom      bool
	filtering bool // the filter prompt has the keyboard
	filter    string

	// cache holds resampled columns by series and width; shared by copies
	// of the model, which is fine: its content depends only on the key.
	cache map[cacheKey][]bucket
}

// Model keeps the tabs' contract (ui/pane, ui/README.md).
var _ pane.Model[Model] = Model{}

type cacheKey struct{ series, width int }

// New builds the pane for a scenario.
func New(s *game.Scenario, st *styles.Styles) Model {
	m := Model{scenario: s, styles: st, keys: DefaultKeyMap(), cursor: s.Start,
		cache: map[cacheKey][]bucket{}}
	m.last = s.Start
	end := s.End()
	for _, sr := range s.Metrics {
		m.stats = append(m.stats, summarize(sr))
		if sr.Step > 0 && (m.step == 0 || sr.Step < m.step) {
			m.step = sr.Step
		}
		if sr.Len() == 0 {
			continue
		}
		lastSlot := sr.TimeAt(sr.Len() - 1)
		if lastSlot.After(m.last) {
			m.last = lastSlot
		}
		if e := lastSlot.Add(sr.Step); e.After(end) {
			end = e
		}
	}
	if m.step == 0 {
		m.step = time.Minute
	}
	if len(s.Metrics) == 0 {
		m.last = s.End()
	}
	m.win = window{from: s.Start, span: end.Sub(s.Start)}
	m.applyFilter()
	return m
}

// SetSize gives the pane its area (the root's layout() calls it).
func (m Model) SetSize(w, h int) Model {
	if w != m.width {
		// Columns resampled for the old width will not be asked for again.
		m.cache = map[cacheKey][]bucket{}
	}
	m.width, m.height = w, h
	m.top = m.clampTop()
	// one column: h/l have nothing to pick, and h is the hint again
	cols := m.columns() > 1
	m.keys.ColLeft.SetEnabled(cols)
	m.keys.ColRight.SetEnabled(cols)
	m.keys.Cols.SetEnabled(cols)
	return m
}

// SetStyles swaps the theme (light/dark change).
func (m Model) SetStyles(st *styles.Styles) Model { m.styles = st; return m }

// SetCursor moves the shared incident-clock cursor.
func (m Model) SetCursor(t time.Time) Model { m.cursor = t; return m }

// Cursor is the shared time cursor as this pane sees it.
func (m Model) Cursor() time.Time { return m.cursor }

// Zoomed reports whether one series fills the pane.
func (m Model) Zoomed() bool { return m.zoom }

// Capturing reports whether a text input inside the pane has focus, so the
// root must pass every key to the pane.
func (m Model) Capturing() bool { return m.filtering }

// KeyMap returns the pane's bindings for the help overlay.
func (m Model) KeyMap() help.KeyMap { return m.keys }

// current is the selected series, or nil when the filter keeps none.
func (m Model) current() (int, *game.Series) {
	if m.sel < 0 || m.sel >= len(m.visible) {
		return -1, nil
	}
	i := m.visible[m.sel]
	return i, m.scenario.Metrics[i]
}

// Selected is the item under the pane's cursor as evidence to pin (m): the
// selected series at the cursor time.
func (m Model) Selected() (game.Pin, bool) {
	_, s := m.current()
	if s == nil {
		return game.Pin{}, false
	}
	p := game.MetricPin(s, m.cursor)
	p.Label = fmt.Sprintf("%s (%s) = %s at %s", s.Name, s.Service, m.valueAt(s), panekit.Offset(m.cursor.Sub(m.scenario.Start)))
	return p, true
}

// Reveal selects a pinned series (clearing a filter that hides it).
func (m Model) Reveal(p game.Pin) Model {
	if p.Kind != game.PinMetric {
		return m
	}
	for i, s := range m.scenario.Metrics {
		if s.Service+"/"+s.Name == p.Ref {
			m.filter = ""
			m.applyFilter()
			m.sel = i
			m.top = m.clampTop()
			return m
		}
	}
	return m
}

// applyFilter recomputes the visible series, keeping the selection on the
// same series when it survives.
func (m *Model) applyFilter() {
	keep, _ := m.current()
	needle := strings.ToLower(m.filter)
	m.visible = m.visible[:0:0]
	m.sel = 0
	for i, s := range m.scenario.Metrics {
		if needle == "" || strings.Contains(strings.ToLower(s.Name+" "+s.Service), needle) {
			if i == keep {
				m.sel = len(m.visible)
			}
			m.visible = append(m.visible, i)
		}
	}
	m.top = m.clampTop()
}

// Update handles a message routed to the pane.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := panekit.WheelAsKey(msg).(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	if m.filtering {
		return m.updateFilter(k), nil
	}
	if rows, ok := m.keys.Move(k, m.rowsOnScreen()); ok {
		return m.selectRows(rows)
	}
	switch {
	case key.Matches(k, m.keys.Left):
		return m.moveCursor(-1)
	case key.Matches(k, m.keys.Right):
		return m.moveCursor(1)
	case key.Matches(k, m.keys.BigLeft):
		return m.moveCursor(-bigStep)
	case key.Matches(k, m.keys.BigRight):
		return m.moveCursor(bigStep)
	case key.Matches(k, m.keys.Start):
		return m.cursorTo(m.scenario.Start)
	case key.Matches(k, m.keys.End):
		return m.cursorTo(m.last)
	case key.Matches(k, m.keys.ColLeft) && !m.zoom:
		return m.selectColumn(-1)
	case key.Matches(k, m.keys.ColRight) && !m.zoom:
		return m.selectColumn(1)
	case key.Matches(k, m.keys.Next):
		return m.selectBy(1)
	case key.Matches(k, m.keys.Prev):
		return m.selectBy(-1)
	case key.Matches(k, m.keys.Zoom):
		if _, s := m.current(); s != nil && !m.zoom {
			m.zoom = true
			return m, m.viewed()
		}
	case key.Matches(k, m.keys.Back):
		if m.zoom {
			m.zoom = false
		} else if m.filter != "" {
			m.filter = ""
			m.applyFilter()
		}
	case key.Matches(k, m.keys.Filter):
		// a new / starts a new filter, as a new / starts a new search in
		// less and in the Logs tab: testers typed "node" after "conntrack"
		// and got "conntracknode", matching nothing
		m.filtering, m.filter = true, ""
		m.applyFilter()
	}
	return m, nil
}

// updateFilter edits the filter prompt; the grid follows every keystroke.
func (m Model) updateFilter(k tea.KeyPressMsg) Model {
	switch k.String() {
	case "enter":
		m.filtering = false
		return m
	case "esc":
		m.filtering, m.filter = false, ""
	case "backspace":
		if r := []rune(m.filter); len(r) > 0 {
			m.filter = string(r[:len(r)-1])
		}
	default:
		if k.Text == "" {
			return m
		}
		m.filter += k.Text
	}
	m.zoom = false
	m.applyFilter()
	return m
}

// viewed records that the player looked closely at the selected series.
func (m Model) viewed() tea.Cmd {
	_, s := m.current()
	if s == nil {
		return nil
	}
	a := msgs.Act{Action: game.Action{Kind: game.ActView, Target: s.Name, Service: s.Service, At: m.cursor}}
	return func() tea.Msg { return a }
}

// selectRows moves the selection by rows of the grid, staying in its
// column (a shorter last row gives its last cell); at the first or last
// row it stays. g/G (±pane.End) go to the first and last series. Zoomed,
// one series fills the pane: a row is a series.
func (m Model) selectRows(rows int) (Model, tea.Cmd) {
	if rows == -pane.End || rows == pane.End || len(m.visible) == 0 {
		return m.selectBy(rows)
	}
	cols := m.columns()
	if m.zoom {
		cols = 1
	}
	last := len(m.visible) - 1
	row := panekit.Clamp(m.sel/cols+rows, 0, last/cols)
	return m.selectBy(min(row*cols+m.sel%cols, last) - m.sel)
}

// selectColumn moves the selection d cells along its row of the grid,
// stopping at the row's ends (a shorter last row ends at its last cell).
func (m Model) selectColumn(d int) (Model, tea.Cmd) {
	if len(m.visible) == 0 {
		return m, nil
	}
	cols := m.columns()
	first := m.sel / cols * cols
	last := min(first+cols, len(m.visible)) - 1
	return m.selectBy(panekit.Clamp(m.sel+d, first, last) - m.sel)
}

// Claims reports the global keys the grid takes (pane.Claimer): h and l
// pick the column on the grid; zoomed or filtering, h is the hint again.
func (m Model) Claims(k tea.KeyPressMsg) bool {
	return !m.zoom && !m.filtering && (key.Matches(k, m.keys.ColLeft) || key.Matches(k, m.keys.ColRight))
}

// selectBy moves the selection by d series in reading order.
func (m Model) selectBy(d int) (Model, tea.Cmd) {
	if len(m.visible) == 0 {
		return m, nil
	}
	next := panekit.Clamp(m.sel+d, 0, len(m.visible)-1)
	if next == m.sel {
		return m, nil
	}
	m.sel = next
	m.top = m.clampTop()
	if m.zoom {
		return m, m.viewed()
	}
	return m, nil
}

// moveCursor moves the cursor by n metric steps, snapping to the step grid
// first (an event may have put it between two samples).
func (m Model) moveCursor(n int) (Model, tea.Cmd) {
	off := m.cursor.Sub(m.scenario.Start)
	k := int(off / m.step)
	if n < 0 && off%m.step != 0 {
		k++ // from between two steps, one step back lands on the lower one
	}
	return m.cursorTo(m.scenario.Start.Add(time.Duration(k+n) * m.step))
}

// cursorTo clamps t to the signals, moves the cursor and tells the root.
func (m Model) cursorTo(t time.Time) (Model, tea.Cmd) {
	if t.Before(m.scenario.Start) {
		t = m.scenario.Start
	}
	if t.After(m.last) {
		t = m.last
	}
	if t.Equal(m.cursor) {
		return m, nil
	}
	m.cursor = t
	return m, func() tea.Msg { return msgs.SetCursor{At: t} }
}

// valueAt is the series' value at the cursor as text: a number with its
// unit, "gap" for a missing sample, "—" outside the series.
func (m Model) valueAt(s *game.Series) string {
	i := s.Index(m.cursor)
	if i < 0 || s.Len() == 0 || m.cursor.After(s.TimeAt(s.Len()-1).Add(s.Step)) {
		return "—"
	}
	v, ok := s.At(i)
	if !ok {
		return "gap"
	}
	return panekit.WithUnit(v, s.Unit)
}

// buckets returns series i resampled to w columns, from the cache.
func (m Model) buckets(i, w int) []bucket {
	k := cacheKey{i, w}
	if b, ok := m.cache[k]; ok {
		return b
	}
	b := resample(m.scenario.Metrics[i], m.win, w)
	m.cache[k] = b
	return b
}
