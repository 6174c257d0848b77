// Package logs is the Logs tab: a virtualized pager over a scenario's log
// lines. Only the rows on screen are ever formatted; filters work on the
// load-time index (position lists), never on rendered text.
package logs

import (
	"strconv"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"

	"firedrill/game"
	"firedrill/ui/pane"
	"firedrill/ui/styles"
)

// mode says what the pane's keys currently drive.
type mode int

const (
	modeBrowse   mode = iota // moving through the lines
	modeSearch               // typing a / search
	modeFuzzy                // typing a ctrl+f fuzzy query
	modeJump                 // typing a time for t
	modeServices             // the service chooser is open
)

// pager is a cursor and the first visible row over some list of rows.
type pager struct{ cursor, top int }

// Model is the Logs pane's state.
type Model struct {
	scenario      *game.Scenario
	styles        *styles.Styles
	keys          KeyMap
	width, height int
	shared        time.Time // the shared incident-clock cursor

	f        filter
	res      result
	filterID int  // id of the newest filter request; older answers are dropped
	pending  bool // a filter request is running: the rows are the old ones
	main     pager

	fz fuzzyState
	// fzBefore is the fuzzy list as it was when ctrl+f opened the prompt:
	// esc puts it back, so cancelling a query changes nothing.
	fzBefore fuzzyState

	wrap     bool
	absolute bool // clock time instead of +offset

	mode     mode
	input    textinput.Model
	inputErr string
	recall   string // what ↑ puts in the open prompt: the previous query
	lastFind string // the last search committed with /, for ↑
	lastJump string // the last time typed after t, for ↑
	chooser  chooser
}

// Model keeps the tabs' contract (ui/pane, ui/README.md).
var _ pane.Model[Model] = Model{}

// fuzzyState is the ranked list behind ctrl+f.
type fuzzyState struct {
	active bool // the ranked list replaces the time-ordered one
	id     int  // newest request; older answers are dropped
	// latest mirrors id for requests in flight (shared by every copy
	// of the model) so a superseded search can stop early
	latest  *atomic.Int64
	query   string
	hits    []fuzzyHit
	matches int
	partial bool // later steps of a big find are still ranking
	view    pager
}

// New builds the pane for a scenario (whose Index must be built).
func New(s *game.Scenario, st *styles.Styles) Model {
	if s.Index == nil {
		game.IndexLogs(s)
	}
	in := textinput.New()
	in.SetVirtualCursor(true)
	ist := in.Styles()
	ist.Cursor.Blink = false // a steady cursor: no timer traffic, stable screens
	in.SetStyles(ist)
	m := Model{scenario: s, styles: st, keys: DefaultKeyMap(), shared: s.Start,
		res: apply(s, filter{}), input: in}
	m.fz.latest = new(atomic.Int64)
	return m
}

// SetSize gives the pane its area. The cursor and scroll position survive:
// only the top row moves, to keep the cursor on screen.
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.input.SetWidth(max(1, w-12))
	m.main = m.follow(m.main, m.res.n(), m.res.line)
	m.fz.view = m.follow(m.fz.view, len(m.fz.hits), m.fuzzyLine)
	return m
}

// SetStyles swaps the theme.
func (m Model) SetStyles(st *styles.Styles) Model { m.styles = st; return m }

// SetCursor moves the shared incident-clock cursor (`.` jumps to it).
func (m Model) SetCursor(t time.Time) Model { m.shared = t; return m }

// Capturing reports whether a text input or the chooser has the keys.
func (m Model) Capturing() bool { return m.mode != modeBrowse }

// KeyMap returns the pane's bindings for the help overlay.
func (m Model) KeyMap() help.KeyMap { return m.keys }

// Filter describes the filters the shown rows answer ("" when none); a
// newer request still running is not included.
func (m Model) Filter() string { return m.res.f.describe(m.scenario.Start) }

// Rows is the number of lines the filters leave.
func (m Model) Rows() int { return m.res.n() }

// CursorLine is the log line under the cursor, or -1 when there is none.
func (m Model) CursorLine() int {
	if m.fz.active {
		if m.fz.view.cursor < len(m.fz.hits) {
			return int(m.fz.hits[m.fz.view.cursor].line)
		}
		return -1
	}
	if m.main.cursor < m.res.n() {
		return m.res.line(m.main.cursor)
	}
	return -1
}

// Selected is the line under the cursor as evidence to pin.
func (m Model) Selected() (game.Pin, bool) {
	i := m.CursorLine()
	if i < 0 {
		return game.Pin{}, false
	}
	l := m.scenario.Logs.Line(i)
	p := game.LogPin(m.scenario, i)
	p.Label = l.Level.String() + " " + l.Service + ": " + l.Msg
	return p, true
}

// Reveal moves the cursor to a pinned line. A line the filters hide is not
// forced back in: the cursor lands on the next visible line.
func (m Model) Reveal(p game.Pin) Model {
	if p.Kind != game.PinLog {
		return m
	}
	i, err := strconv.Atoi(p.Ref)
	if err != nil || i < 0 || i >= m.scenario.Logs.Len() {
		return m
	}
	m.fz.active = false
	m.main.cursor = m.res.rowOf(i)
	return m.land()
}

// bodyHeight is the rows between the column header and the status line.
func (m Model) bodyHeight() int { return max(1, m.height-2) }

func (m Model) fuzzyLine(row int) int { return int(m.fz.hits[row].line) }
