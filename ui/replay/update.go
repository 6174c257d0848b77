package replay

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/ui/msgs"
	"firedrill/ui/styles"
	"firedrill/ui/tabs"
)

// Update routes a message. Keys go to the help overlay when open, then to
// a pane's text input when it has one open, then to the replay's keys,
// then (with the pane focused) to the pane.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m.layout(), nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		return m.setStyles(styles.New(m.dark, m.noColor)), nil
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
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	if m.helpOpen {
		switch msg.String() {
		case "esc", "?", "q", "enter":
			m.helpOpen = false
		case "up", "k":
			m.helpScroll = max(0, m.helpScroll-1)
		case "down", "j":
			m.helpScroll++ // the view clamps it to the text
		}
		return m, nil
	}
	m.status = ""
	if m.paneFocus && m.sc.Capturing(m.sc.tab) {
		return m, m.sc.Update(m.sc.tab, msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Help):
		m.helpOpen, m.helpScroll = true, 0
		return m, nil
	case key.Matches(msg, k.Focus):
		m.paneFocus = !m.paneFocus
		return m, nil
	case key.Matches(msg, k.Play):
		return m.togglePlay()
	case key.Matches(msg, k.Faster):
		return m.setSpeed(+1)
	case key.Matches(msg, k.Slower):
		return m.setSpeed(-1)
	}
	if m.paneFocus {
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
	if m.helpOpen {
		return m, nil
	}
	if m.paneFocus {
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
	if m.helpOpen || mouse.Y < m.headerRows() || mouse.Y >= m.headerRows()+m.bodyHeight() {
		return m, nil
	}
	if mouse.X > m.timelineWidth() {
		m.paneFocus = true
		return m, nil
	}
	m.paneFocus = false
	if i := m.top + mouse.Y - first; mouse.Y >= first && i < len(m.res.Actions) {
		return m.step(i - m.sel)
	}
	return m, nil
}
