package replay

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/ui/msgs"
	"firedrill/ui/overlay"
	"firedrill/ui/shell"
	"firedrill/ui/tabs"
)

// Update routes a message. The shell takes the size, the theme and, while
// a dialog (the help, a pane's question) is open, the keys; then keys go to
// a pane's text input when it has one open, then to the replay's keys,
// then (with the pane focused) to the pane.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	r := m.shell.Update(msg)
	if next, cmd, done := shell.Follow(r, m, Model.layout, Model.setStyles, Model.Update); done {
		return next, cmd
	}
	switch msg := msg.(type) {
	case playTick:
		return m.onPlayTick(msg)
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseWheelMsg:
		return m.onWheel(msg)
	case tea.MouseClickMsg:
		return m.onClick(msg)
	case msgs.SetCursor:
		m.sc.setCursor(msg.At)
		return m, nil
	case msgs.OpenTrace:
		if m.sc.OpenTrace(msg.ID) {
			m.sc.tab = tabs.Traces
		}
		return m, nil
	case msgs.JumpLogs:
		m.sc.tab = tabs.Logs
		return m, m.sc.Update(tabs.Logs, msg)
	case msgs.RevealPin:
		if t, ok := m.sc.Reveal(msg.Pin); ok {
			m.sc.tab = t
		}
		return m, nil
	case msgs.Status:
		m.status = msg.Text
		return m, nil
	case msgs.Act, msgs.NotebookChanged:
		return m, nil // the interviewer's own browsing is not the candidate's log
	case tabs.Reply:
		return m, m.sc.Deliver(msg) // a pane's own answer: to that pane only
	}
	return m, nil
}

func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if msg.String() == "ctrl+c" || m.shell.TooSmall() && key.Matches(msg, m.keys.Quit) {
		return m, tea.Quit
	}
	if m.shell.TooSmall() {
		return m, nil // nothing the interviewer could see would change
	}
	m.status = ""
	if m.focus == focusPane && m.sc.Capturing(m.sc.tab) {
		return m, m.sc.Update(m.sc.tab, msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.shell.Open(overlay.Of(overlay.NewHelp(overlay.Section{Title: "Replay", Keys: m.keys},
			overlay.Section{Title: m.sc.tab.String() + " pane (after tab)", Keys: m.sc.KeyMap(m.sc.tab)})))
		return m, nil
	case key.Matches(msg, k.Focus):
		m.focus = map[focus]focus{focusTimeline: focusPane, focusPane: focusTimeline}[m.focus]
		return m, nil
	case key.Matches(msg, k.Play):
		return m.togglePlay()
	case key.Matches(msg, k.Faster):
		return m.setSpeed(+1)
	case key.Matches(msg, k.Slower):
		return m.setSpeed(-1)
	}
	if m.focus == focusPane {
		return m, m.sc.Update(m.sc.tab, msg)
	}
	switch {
	case key.Matches(msg, k.Next):
		return m.step(+1)
	case key.Matches(msg, k.Prev):
		return m.step(-1)
	case key.Matches(msg, k.First):
		return m.step(-len(m.res.Actions))
	case key.Matches(msg, k.Last):
		return m.step(len(m.res.Actions))
	}
	return m, nil
}

// onWheel scrolls what has focus: the pane, or the timeline (one action
// per notch).
func (m Model) onWheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	if m.shell.Overlays.Open() {
		return m, nil
	}
	if m.focus == focusPane {
		return m, m.sc.Update(m.sc.tab, msg)
	}
	switch msg.Button {
	case tea.MouseWheelUp:
		return m.step(-1)
	case tea.MouseWheelDown:
		return m.step(+1)
	}
	return m, nil
}

// onClick selects the clicked action in the timeline, and gives the keys
// to the side that was clicked.
func (m Model) onClick(msg tea.MouseClickMsg) (tea.Model, tea.Cmd) {
	mouse := msg.Mouse()
	first := m.headerRows() + 1 // the timeline's title row comes first
	if m.shell.Overlays.Open() || mouse.Y < m.headerRows() || mouse.Y >= m.headerRows()+m.bodyHeight() {
		return m, nil
	}
	if mouse.X > m.timelineWidth() {
		m.focus = focusPane
		return m, nil
	}
	m.focus = focusTimeline
	if i := m.top + mouse.Y - first; mouse.Y >= first && i < len(m.res.Actions) {
		return m.step(i - m.sel)
	}
	return m, nil
}
