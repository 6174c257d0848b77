package app

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/briefing"
	"firedrill/ui/debrief"
	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/msgs"
	"firedrill/ui/overlay"
	"firedrill/ui/picker"
	"firedrill/ui/shell"
	"firedrill/ui/submit"
	"firedrill/ui/tabs"
)

// Update routes a message (see update below), then starts the autosave
// timer if the message changed the session.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.update(msg)
	mm := next.(Model).syncDraft()
	if mm.saveTimer {
		mm.saveTimer = false
		cmd = tea.Batch(cmd, mm.autosaveTick())
	}
	return mm, cmd
}

// update routes a message. The shell takes the size, the theme and, while
// a dialog is open, the keys (see shell.Update); then keys go to a focused
// text input, the global keys, the focused pane. A dialog's answer is
// handled here at once; a pane's own answers come back as a tabs.Reply to
// that pane; everything else is handled here or passed on to the screen.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	r := m.shell.Update(msg)
	if next, cmd, done := shell.Follow(r, m, Model.layout, Model.setStyles, Model.update); done {
		return next, cmd
	}
	switch msg := msg.(type) {
	case Shutdown:
		return m.quit()
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
		return m, tea.Batch(m.findUnfinished(), prepareSearch(msg.Scenario))
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
		return m, nil // the screen closed itself
	case hintAnswer:
		return m.onHintAnswer(msg), nil
	case submit.Submitted:
		if m.sess == nil || m.sess.Finished {
			return m, nil
		}
		return m.onSubmitted(msg)
	case gradedMsg:
		return m.onGraded(msg), nil
	case resultWrittenMsg:
		return m.onResultWritten(msg)
	case msgs.NotebookChanged:
		if m.sess != nil && m.screen != screenReview && !m.sess.Finished {
			// the tab is the truth: a Changed may arrive after a later
			// change (a hint revealed meanwhile), so its copy could be stale
			m.sess.Notebook = m.panes.Notebook().Notebook()
			m = m.touched()
		}
		return m, nil
	case debrief.OpenLeaderboard:
		return m.openLeaderboard()
	case debrief.BackToPicker:
		return m.backToPicker()
	case teamBoardMsg:
		return m.onTeamBoard(msg), nil
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
	case tabs.Reply:
		// a pane's own answer (a filter result, a blink, the answer to its
		// question) goes to the pane that asked, focused or not, and to no
		// other
		return m, m.panes.Deliver(msg)
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
	case screenInvestigation, screenReview:
		if !m.shell.Overlays.Open() {
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
	if next, ok := shell.EscapeThen(msg); ok {
		// Esc and the next key read together (alt+key): Esc first, so
		// leaving a zoom or a trace never lets the key land in there
		mm, escCmd := m.onKey(tea.KeyPressMsg{Code: tea.KeyEscape})
		mm, cmd := mm.(Model).onKey(next)
		return mm, tea.Batch(escCmd, cmd)
	}
	if m.screen == screenReview && key.Matches(msg, m.keys.Back) {
		m.screen = screenDebrief
		return m.layout(), nil
	}
	if m.screen == screenReview && m.focus == tabs.Notebook && !m.panes.Notebook().ReadOnly(msg) {
		m.status = "the notebook is read-only in the review"
		return m, nil
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
	if m.panes.Claims(m.focus, msg) {
		return m, nil, false // the pane's own meaning, written in its help
	}
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
		help := overlay.NewHelp(m.helpSections()...)
		if m.scenario != nil { // the page can be read again mid-game
			help = help.WithIntro("The page", m.scenario.Briefing)
		}
		m.shell.Open(overlay.Of(help))
		return m, nil, true
	case m.screen == screenReview && (key.Matches(msg, k.Submit) || key.Matches(msg, k.Pin) || key.Matches(msg, k.Hint)):
		m.status = "the answer is in: this is a read-only review (" + keyhelp.Text(k.Back) + ")"
		return m, nil, true
	case key.Matches(msg, k.Submit):
		return m.openSubmit(false), nil, true
	case key.Matches(msg, k.Hint):
		return m.askHint(), nil, true
	case key.Matches(msg, k.Pin):
		return m.pin(), nil, true
	}
	return m, nil, false
}

func (m Model) switchTab(f tabs.Tab) Model {
	if f == m.focus {
		return m
	}
	m.focus = f
	return m.record(game.Action{Kind: game.ActTab, Detail: f.String()})
}

// pin hands the focused pane's selection to the notebook as evidence, and
// records the pin's action in the same Update (see notebook.AddPin).
func (m Model) pin() Model {
	p, ok := m.panes.Selected(m.focus)
	if !ok {
		m.status = "nothing to pin here"
		return m
	}
	m.status = "pinned: " + p.Label
	nb, pinned, ok := m.panes.Notebook().AddPin(p)
	if !ok {
		return m // already pinned to this hypothesis
	}
	m.panes.PutNotebook(nb)
	m.sess.Notebook = m.panes.Notebook().Notebook()
	m.status = pinned.Where
	return m.record(pinned.Action)
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
	if !m.panes.OpenTrace(id) {
		// enter on a log line lands here too: say how to read it whole
		m.status = "trace " + id + " was not sampled · w wraps long log lines"
		return m
	}
	m = m.switchTab(tabs.Traces)
	return m.record(game.Action{Kind: game.ActOpenTrace, Target: id})
}

// onClick switches tabs when a tab label is clicked.
func (m Model) onClick(msg tea.MouseClickMsg) Model {
	mouse := msg.Mouse()
	// a pane with an open input keeps focus, as it does for the digit keys
	onTabs := m.screen == screenInvestigation || m.screen == screenReview
	if !onTabs || m.shell.Overlays.Open() || mouse.Y != 1 || m.panes.Capturing(m.focus) {
		return m
	}
	for f, r := range m.tabs {
		if mouse.X >= r[0] && mouse.X < r[1] {
			return m.switchTab(tabs.Tab(f))
		}
	}
	return m
}
