package app

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/briefing"
	"firedrill/ui/msgs"
	"firedrill/ui/picker"
	"firedrill/ui/styles"
)

// Update routes a message. Keys go, in this order, to: the overlay, a
// focused text input, the global keys, the focused pane. Everything else
// is handled here or passed on to whoever can use it.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m.layout(), nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		return m.setStyles(styles.New(m.dark, m.noColor)), nil
	case tickMsg:
		return m.onTick()
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.MouseClickMsg:
		return m.onClick(msg), nil
	case tea.MouseWheelMsg, tea.PasteMsg:
		// like keys, these belong to what has focus, never to every pane
		return m.toScreen(msg)
	case picker.Chosen:
		return m.openBriefing(msg.Pack, msg.Scenario, true), nil
	case briefing.Back:
		m.screen = screenPicker
		return m.layout(), nil
	case briefing.Start:
		return m.start()
	case msgs.SetCursor:
		m.cursor = msg.At
		m.panes.setCursor(msg.At)
		return m.record(game.Action{Kind: game.ActCursor, At: msg.At}), nil
	case msgs.OpenTrace:
		return m.openTrace(msg.ID), nil
	case msgs.JumpLogs:
		m.focus = focusLogs
		return m, m.panes.update(focusLogs, msg)
	case msgs.RevealPin:
		return m.revealPin(msg.Pin), nil
	case msgs.Status:
		m.status = msg.Text
		return m, nil
	case msgs.Act:
		return m.record(msg.Action), nil
	}
	if m.screen >= screenInvestigation {
		// Async answers (filter and fuzzy results, input blinks) belong to
		// a pane that may no longer be focused: every pane gets them and
		// ignores what is not its own.
		var cmds []tea.Cmd
		for f := range numTabs {
			cmds = append(cmds, m.panes.update(f, msg))
		}
		return m, tea.Batch(cmds...)
	}
	return m.toScreen(msg)
}

// toScreen passes a message to the current screen (or focused pane).
func (m Model) toScreen(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.screen {
	case screenPicker:
		m.picker, cmd = m.picker.Update(msg)
	case screenBriefing:
		m.briefing, cmd = m.briefing.Update(msg)
	case screenInvestigation:
		if m.overlay == overlayNone {
			cmd = m.panes.update(m.focus, msg)
		}
	}
	return m, cmd
}

func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if msg.String() == "ctrl+c" {
		return m, tea.Quit
	}
	if m.overlay != overlayNone {
		return m.overlayKey(msg), nil
	}
	m.status = ""
	switch m.screen {
	case screenPicker:
		if !m.picker.Capturing() && key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
		return m.toScreen(msg)
	case screenBriefing:
		if key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
		return m.toScreen(msg)
	case screenTimeUp:
		if key.Matches(msg, m.keys.Quit) || msg.String() == "enter" {
			return m, tea.Quit
		}
		return m, nil
	}
	if m.panes.capturing(m.focus) {
		return m.toScreen(msg)
	}
	if mm, cmd, ok := m.globalKey(msg); ok {
		return mm, cmd
	}
	return m.toScreen(msg)
}

// globalKey handles the keys that work on every tab; ok is false when the
// key is not global and should go to the pane.
func (m Model) globalKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit, true
	case key.Matches(msg, k.NextTab):
		return m.switchTab((m.focus + 1) % numTabs), nil, true
	case key.Matches(msg, k.PrevTab):
		return m.switchTab((m.focus + numTabs - 1) % numTabs), nil, true
	case key.Matches(msg, k.Tabs):
		n, _ := strconv.Atoi(msg.String())
		return m.switchTab(focus(n - 1)), nil, true
	case key.Matches(msg, k.Help):
		m.overlay, m.helpScroll = overlayHelp, 0
		return m, nil, true
	case key.Matches(msg, k.Submit):
		m.status = "submit arrives with the grading issue: keep investigating"
		return m, nil, true
	case key.Matches(msg, k.Pin):
		mm, cmd := m.pin()
		return mm, cmd, true
	}
	return m, nil, false
}

func (m Model) overlayKey(msg tea.KeyPressMsg) Model {
	switch msg.String() {
	case "esc", "?", "q", "enter":
		m.overlay = overlayNone
	case "up", "k":
		m.helpScroll = max(0, m.helpScroll-1)
	case "down", "j":
		m.helpScroll++
	case "pgup":
		m.helpScroll = max(0, m.helpScroll-10)
	case "pgdown", "space":
		m.helpScroll += 10
	}
	return m
}

func (m Model) switchTab(f focus) Model {
	if f == m.focus {
		return m
	}
	m.focus = f
	return m.record(game.Action{Kind: game.ActTab, Detail: f.String()})
}

// pin hands the focused pane's selection to the notebook as evidence; the
// notebook records the ActPin action and says where the pin went.
func (m Model) pin() (Model, tea.Cmd) {
	p, ok := m.panes.selected(m.focus)
	if !ok {
		m.status = "nothing to pin here"
		return m, nil
	}
	var cmd tea.Cmd
	m.panes.notebook, cmd = m.panes.notebook.AddPin(p)
	m.status = "pinned: " + p.Label
	return m, cmd
}

// revealPin jumps to a piece of evidence (notebook or debrief enter).
func (m Model) revealPin(p game.Pin) Model {
	f, ok := m.panes.reveal(p)
	if !ok {
		return m
	}
	return m.switchTab(f)
}

// openTrace shows a trace; a trace that was sampled away stays a status
// message, and the player stays where they were.
func (m Model) openTrace(id string) Model {
	var ok bool
	m.panes.traces, ok = m.panes.traces.Open(id)
	if !ok {
		m.status = "trace " + id + " was not sampled"
		return m
	}
	m = m.switchTab(focusTraces)
	return m.record(game.Action{Kind: game.ActOpenTrace, Target: id})
}

// onClick switches tabs when a tab label is clicked.
func (m Model) onClick(msg tea.MouseClickMsg) Model {
	mouse := msg.Mouse()
	// a pane with an open input keeps focus, as it does for the digit keys
	if m.screen != screenInvestigation || m.overlay != overlayNone || mouse.Y != 1 || m.panes.capturing(m.focus) {
		return m
	}
	for f, r := range m.tabs {
		if mouse.X >= r[0] && mouse.X < r[1] {
			return m.switchTab(focus(f))
		}
	}
	return m
}
