package logs

import (
	"sort"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/msgs"
)

// filterResultMsg is the answer to one filter request.
type filterResultMsg struct {
	id        int
	res       result
	toHit     bool // move to the first search hit at or after the cursor
	actKind   game.ActionKind
	actDetail string
}

// Update handles a message routed to the pane.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case filterResultMsg:
		return m.applyResult(msg)
	case fuzzyResultMsg:
		if msg.id != m.fz.id {
			return m, nil // the player typed on: a newer query is in flight
		}
		m.fz.query, m.fz.partial = msg.query, msg.next > 0
		if msg.from == 0 {
			m.fz.hits, m.fz.matches = msg.hits, msg.matches
			m.fz.view = m.follow(pager{}, len(m.fz.hits), m.fuzzyLine)
		} else { // a later step of the same query refines the list
			m.fz.hits, m.fz.matches = mergeHits(m.fz.hits, msg.hits), m.fz.matches+msg.matches
			m.fz.view = m.follow(m.fz.view, len(m.fz.hits), m.fuzzyLine)
		}
		if msg.next > 0 {
			return m, fuzzyCmd(msg.id, msg.query, m.scenario, msg.res, msg.next, m.fz.latest)
		}
		return m, nil
	case msgs.JumpLogs:
		return m.jumpTo(msg.At), nil
	case tea.MouseWheelMsg:
		return m.wheel(msg), nil
	case tea.KeyPressMsg:
		switch m.mode {
		case modeServices:
			return m.chooserKey(msg)
		case modeSearch, modeFuzzy, modeJump:
			return m.inputKey(msg)
		}
		return m.browseKey(msg)
	}
	if m.mode == modeSearch || m.mode == modeFuzzy || m.mode == modeJump {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m Model) browseKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	if rows, ok := k.Move(msg, m.bodyHeight()); ok {
		return m.move(rows), nil
	}
	switch {
	case key.Matches(msg, k.Wrap):
		m.wrap = !m.wrap
		return m.SetSize(m.width, m.height), nil
	case key.Matches(msg, k.TimeFormat):
		m.absolute = !m.absolute
		return m, nil
	case key.Matches(msg, k.Level):
		f := m.f
		// > and < stop at FATAL and TRACE: wrapping round turned "lower
		// the level" into "show nothing but FATAL".
		f.minLevel = min(f.minLevel+1, game.Level(game.NumLevels-1))
		return m.refilter(f, game.ActFilter)
	case key.Matches(msg, k.LevelDown):
		f := m.f
		f.minLevel = max(f.minLevel, game.LevelTrace+1) - 1
		return m.refilter(f, game.ActFilter)
	case key.Matches(msg, k.Services):
		m.chooser = newChooser(m.scenario, m.f.services)
		m.mode = modeServices
		return m, nil
	case key.Matches(msg, k.From), key.Matches(msg, k.To):
		return m.setRange(key.Matches(msg, k.From))
	case key.Matches(msg, k.Clear):
		if !m.f.active() && m.f.search == "" {
			return m, nil
		}
		return m.refilter(filter{}, game.ActFilter)
	case key.Matches(msg, k.OnlyHits):
		f := m.f
		f.onlyHits = !f.onlyHits
		return m.refilter(f, game.ActFilter)
	case key.Matches(msg, k.Search):
		return m.openInput(modeSearch, "/", m.lastFind)
	case key.Matches(msg, k.Fuzzy):
		return m.openInput(modeFuzzy, "fuzzy> ", m.fz.query)
	case key.Matches(msg, k.Jump):
		return m.openInput(modeJump, "jump to (+mm:ss or HH:MM:SS): ", m.lastJump)
	case key.Matches(msg, k.JumpCursor):
		return m.jumpTo(m.shared), nil
	case key.Matches(msg, k.Next):
		return m.nextHit(1), nil
	case key.Matches(msg, k.Prev):
		return m.nextHit(-1), nil
	case key.Matches(msg, k.Open):
		return m.open()
	case key.Matches(msg, k.Back):
		switch {
		case m.fz.active:
			return m.leaveFuzzy(m.CursorLine()), nil
		case m.f.search != "":
			f := m.f
			f.search, f.onlyHits = "", false
			return m.refilter(f, game.ActSearch)
		case !m.f.from.IsZero() || !m.f.to.IsZero():
			f := m.f
			f.from, f.to = time.Time{}, time.Time{}
			return m.refilter(f, game.ActFilter)
		}
	}
	return m, nil
}

// open follows the line under the cursor: in the fuzzy list it goes to the
// line in the time-ordered pager; otherwise it opens the line's trace.
func (m Model) open() (Model, tea.Cmd) {
	line := m.CursorLine()
	if line < 0 {
		return m, nil
	}
	if m.fz.active {
		return m.leaveFuzzy(line), nil
	}
	id := m.scenario.Logs.Trace(line)
	if id == "" {
		// testers pressed enter to read a long line whole: say how
		return m, status("this line has no trace id · " + m.keys.Wrap.Help().Key + " wraps long lines to read them whole")
	}
	return m, func() tea.Msg { return msgs.OpenTrace{ID: id} }
}

func (m Model) leaveFuzzy(line int) Model {
	m.fz.active = false
	if line >= 0 {
		m.main.cursor = m.res.rowOf(line)
	}
	return m.land()
}

// move shifts the cursor by delta rows in whichever list is showing.
func (m Model) move(delta int) Model {
	if m.fz.active {
		m.fz.view.cursor += delta
		m.fz.view = m.follow(m.fz.view, len(m.fz.hits), m.fuzzyLine)
		return m
	}
	m.main.cursor += delta
	m.main = m.follow(m.main, m.res.n(), m.res.line)
	return m
}

// wheel scrolls the view three rows per notch; the cursor stays on its
// line unless that line leaves the screen, then it rides the edge.
func (m Model) wheel(msg tea.MouseWheelMsg) Model {
	delta := 0
	switch msg.Mouse().Button {
	case tea.MouseWheelUp:
		delta = -3
	case tea.MouseWheelDown:
		delta = 3
	default:
		return m
	}
	body := m.bodyHeight()
	scroll := func(p pager, n int) pager {
		p.top = min(max(p.top+delta, 0), max(n-body, 0))
		p.cursor = min(max(p.cursor, p.top), p.top+body-1)
		return p
	}
	if m.fz.active {
		m.fz.view = m.follow(scroll(m.fz.view, len(m.fz.hits)), len(m.fz.hits), m.fuzzyLine)
		return m
	}
	m.main = m.follow(scroll(m.main, m.res.n()), m.res.n(), m.res.line)
	return m
}

// jumpTo moves the cursor to the first visible line at or after t.
func (m Model) jumpTo(t time.Time) Model {
	return m.leaveFuzzy(m.scenario.Logs.Search(t))
}

// nextHit moves to the next (dir 1) or previous (-1) search hit.
func (m Model) nextHit(dir int) Model {
	hits := m.res.hits
	if len(hits) == 0 {
		return m
	}
	m = m.leaveFuzzy(m.CursorLine())
	cur := int32(m.CursorLine())
	i := sort.Search(len(hits), func(i int) bool { return hits[i] > cur })
	if dir < 0 {
		i = sort.Search(len(hits), func(i int) bool { return hits[i] >= cur }) - 1
	}
	i = (i + len(hits)) % len(hits) // wrap around, like less
	m.main.cursor = m.res.rowOf(int(hits[i]))
	return m.land()
}

// setRange sets the start or end of the time-range filter at the line under
// the cursor.
func (m Model) setRange(from bool) (Model, tea.Cmd) {
	line := m.CursorLine()
	if line < 0 {
		return m, nil
	}
	at := m.scenario.Logs.At(line)
	f := m.f
	if from {
		f.from = at
		if !f.to.IsZero() && f.to.Before(at) {
			f.to = time.Time{}
		}
	} else {
		f.to = at
		if !f.from.IsZero() && f.from.After(at) {
			f.from = time.Time{}
		}
	}
	return m.refilter(f, game.ActFilter)
}

// refilter starts computing the rows for f in a tea.Cmd; the answer carries
// the request id, and the pane shows the old rows until it arrives.
func (m Model) refilter(f filter, kind game.ActionKind) (Model, tea.Cmd) {
	toHit := f.search != "" && f.search != m.f.search
	m.f = f
	m.filterID++
	m.pending = true
	id, s := m.filterID, m.scenario
	detail := f.describe(s.Start)
	if kind == game.ActSearch {
		detail = f.search
	}
	return m, func() tea.Msg {
		return filterResultMsg{id: id, res: apply(s, f), toHit: toHit,
			actKind: kind, actDetail: detail}
	}
}

// applyResult installs a filter answer, keeping the cursor on the same line
// (or the next one still shown), and records the action.
func (m Model) applyResult(msg filterResultMsg) (Model, tea.Cmd) {
	if msg.id != m.filterID {
		return m, nil
	}
	m.pending = false
	// the line under the cursor now, not when the request left: the
	// player may have moved while it ran
	line := max(m.CursorLine(), 0)
	m.res = msg.res
	if msg.toHit && len(m.res.hits) > 0 {
		i := sort.Search(len(m.res.hits), func(i int) bool { return int(m.res.hits[i]) >= line })
		line = int(m.res.hits[i%len(m.res.hits)])
	}
	m.fz.active = false
	m.main.cursor = m.res.rowOf(line)
	m = m.land()
	if msg.actKind == "" { // a restored filter: nothing new to record
		return m, nil
	}
	act := game.Action{Kind: msg.actKind, Detail: msg.actDetail}
	return m, func() tea.Msg { return msgs.Act{Action: act} }
}

func status(text string) tea.Cmd {
	return func() tea.Msg { return msgs.Status{Text: text} }
}

// land follows a jump: when the cursor leaves the screen it is put in the
// upper third of the body so the lines around it show; moves that stay on
// screen leave the scroll alone.
func (m Model) land() Model {
	p := m.main
	p.cursor = min(max(p.cursor, 0), max(m.res.n()-1, 0))
	if body := m.bodyHeight(); p.cursor < p.top || p.cursor >= p.top+body {
		p.top = max(0, min(p.cursor-body/3, m.res.n()-body)) // no blank rows past the end
	}
	m.main = m.follow(p, m.res.n(), m.res.line)
	return m
}
