package app

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/briefing"
	"firedrill/ui/debrief"
	"firedrill/ui/msgs"
	"firedrill/ui/notebook"
	"firedrill/ui/picker"
	"firedrill/ui/styles"
	"firedrill/ui/submit"
	"firedrill/ui/tabs"
)

// Update routes a message (see update below), then starts the autosave
// timer if the message changed the session.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.update(msg)
	mm := next.(Model)
	if mm.saveTimer {
		mm.saveTimer = false
		cmd = tea.Batch(cmd, mm.autosaveTick())
	}
	return mm, cmd
}

// update routes a message. Keys go, in this order, to: the overlay, a
// focused text input, the global keys, the focused pane. Everything else
// is handled here or passed on to whoever can use it.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
		m = m.openBriefing(msg.Pack, msg.Scenario, true)
		return m, m.findUnfinished()
	case briefing.Back:
		m.screen = screenPicker
		return m.layout(), nil
	case briefing.Start:
		return m.start()
	case unfinishedMsg:
		return m.onUnfinished(msg), nil
	case autosaveMsg:
		return m.onAutosave()
	case savedMsg:
		return m.onSaved(msg)
	case submit.Cancelled:
		m.overlay = overlayNone
		return m, nil
	case submit.Submitted:
		if m.sess == nil || m.sess.Finished {
			return m, nil
		}
		return m.onSubmitted(msg)
	case gradedMsg:
		return m.onGraded(msg), nil
	case resultWrittenMsg:
		return m.onResultWritten(msg)
	case notebook.Changed:
		if m.sess != nil && !m.review && !m.sess.Finished {
			// the tab is the truth: a Changed may arrive after a later
			// change (a hint revealed meanwhile), so its copy could be stale
			m.sess.Notebook = m.panes.Notebook.Notebook()
			m = m.touched()
		}
		return m, nil
	case debrief.OpenLeaderboard:
		return m.openLeaderboard()
	case debrief.BackToPicker:
		return m.backToPicker()
	case boardMsg:
		return m.onBoard(msg), nil
	case bestTimesMsg:
		return m.onBestTimes(msg), nil
	case msgs.SetCursor:
		m.cursor = msg.At
		m.panes.SetCursor(msg.At)
		return m.record(game.Action{Kind: game.ActCursor, At: msg.At}), nil
	case msgs.OpenTrace:
		return m.openTrace(msg.ID), nil
	case msgs.JumpLogs:
		m.focus = tabs.Logs
		return m, m.panes.Update(tabs.Logs, msg)
	case msgs.RevealPin:
		if m.screen == screenDebrief {
			return m.openReview(msg.Pin), nil
		}
		return m.revealPin(msg.Pin), nil
	case msgs.Status:
		m.status = msg.Text
		return m, nil
	case msgs.Act:
		return m.record(msg.Action), nil
	}
	if m.screen == screenInvestigation {
		// Async answers (filter and fuzzy results, input blinks) belong to
		// a pane that may no longer be focused: every pane gets them and
		// ignores what is not its own. The submit's input blinks too.
		var cmds []tea.Cmd
		for f := range tabs.Count {
			cmds = append(cmds, m.panes.Update(f, msg))
		}
		if m.overlay == overlaySubmit {
			var cmd tea.Cmd
			m.end.submit, cmd = m.end.submit.Update(msg)
			cmds = append(cmds, cmd)
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
			cmd = m.panes.Update(m.focus, msg)
		}
	case screenDebrief:
		m.end.debrief, cmd = m.end.debrief.Update(msg)
	}
	return m, cmd
}

func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if msg.String() == "ctrl+c" {
		return m.quit()
	}
	if m.tooSmall() {
		// Nothing the player can see would change: acting on keys blind
		// (starting the clock, submitting) would surprise them. Only
		// quitting works until the terminal is big enough again.
		if msg.String() == "q" {
			return m.quit()
		}
		return m, nil
	}
	switch m.overlay {
	case overlayHelp:
		return m.overlayKey(msg), nil
	case overlaySubmit:
		var cmd tea.Cmd
		m.end.submit, cmd = m.end.submit.Update(msg)
		return m, cmd
	case overlayHint:
		return m.hintKey(msg.String()), nil
	}
	m.status = ""
	switch m.screen {
	case screenPicker:
		if !m.picker.Capturing() && key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
		return m.toScreen(msg)
	case screenBriefing:
		if mm, cmd, ok := m.briefingKey(msg); ok {
			return mm, cmd
		}
		if key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
		return m.toScreen(msg)
	case screenDebrief:
		return m.onDebriefKey(msg)
	case screenLeaderboard:
		return m.onLeaderboardKey(msg)
	case screenRecorded:
		if key.Matches(msg, m.keys.Quit) || msg.String() == "enter" {
			return m, tea.Quit
		}
		return m, nil
	}
	if m.panes.Capturing(m.focus) {
		return m.toScreen(msg)
	}
	if m.review && msg.String() == "esc" {
		m.review, m.screen = false, screenDebrief
		return m.layout(), nil
	}
	if m.review && m.focus == tabs.Notebook && !reviewNotebookKeys[msg.String()] {
		m.status = "the notebook is read-only in the review"
		return m, nil
	}
	if mm, cmd, ok := m.globalKey(msg); ok {
		return mm, cmd
	}
	return m.toScreen(msg)
}

// reviewNotebookKeys move through the notebook without changing it: all
// the review allows there (the game is over, the notebook was graded).
var reviewNotebookKeys = map[string]bool{"up": true, "down": true, "k": true, "j": true, "enter": true,
	"pgup": true, "pgdown": true, "home": true, "end": true, "g": true, "G": true}

// globalKey handles the keys that work on every tab; ok is false when the
// key is not global and should go to the pane.
func (m Model) globalKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		mm, cmd := m.quit()
		return mm, cmd, true
	case key.Matches(msg, k.NextTab):
		return m.switchTab((m.focus + 1) % tabs.Count), nil, true
	case key.Matches(msg, k.PrevTab):
		return m.switchTab((m.focus + tabs.Count - 1) % tabs.Count), nil, true
	case key.Matches(msg, k.Tabs):
		n, _ := strconv.Atoi(msg.String())
		return m.switchTab(tabs.Tab(n - 1)), nil, true
	case key.Matches(msg, k.Help):
		m.overlay, m.helpScroll = overlayHelp, 0
		return m, nil, true
	case m.review && (key.Matches(msg, k.Submit) || key.Matches(msg, k.Pin) || key.Matches(msg, k.Hint)):
		m.status = "the answer is in: this is a read-only review (esc back to the debrief)"
		return m, nil, true
	case key.Matches(msg, k.Submit):
		return m.openSubmit(false), nil, true
	case key.Matches(msg, k.Hint):
		return m.askHint(), nil, true
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

func (m Model) switchTab(f tabs.Tab) Model {
	if f == m.focus {
		return m
	}
	m.focus = f
	return m.record(game.Action{Kind: game.ActTab, Detail: f.String()})
}

// pin hands the focused pane's selection to the notebook as evidence; the
// notebook records the ActPin action and says where the pin went.
func (m Model) pin() (Model, tea.Cmd) {
	p, ok := m.panes.Selected(m.focus)
	if !ok {
		m.status = "nothing to pin here"
		return m, nil
	}
	var cmd tea.Cmd
	m.panes.Notebook, cmd = m.panes.Notebook.AddPin(p)
	m.status = "pinned: " + p.Label
	return m, cmd
}

// revealPin jumps to a piece of evidence (notebook or debrief enter).
func (m Model) revealPin(p game.Pin) Model {
	f, ok := m.panes.Reveal(p)
	if !ok {
		return m
	}
	return m.switchTab(f)
}

// openTrace shows a trace; a trace that was sampled away stays a status
// message, and the player stays where they were.
func (m Model) openTrace(id string) Model {
	var ok bool
	m.panes.Traces, ok = m.panes.Traces.Open(id)
	if !ok {
		m.status = "trace " + id + " was not sampled"
		return m
	}
	m = m.switchTab(tabs.Traces)
	return m.record(game.Action{Kind: game.ActOpenTrace, Target: id})
}

// onClick switches tabs when a tab label is clicked.
func (m Model) onClick(msg tea.MouseClickMsg) Model {
	mouse := msg.Mouse()
	// a pane with an open input keeps focus, as it does for the digit keys
	if m.screen != screenInvestigation || m.overlay != overlayNone || mouse.Y != 1 || m.panes.Capturing(m.focus) {
		return m
	}
	for f, r := range m.tabs {
		if mouse.X >= r[0] && mouse.X < r[1] {
			return m.switchTab(tabs.Tab(f))
		}
	}
	return m
}
