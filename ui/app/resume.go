package app

import (
	"errors"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/play"
	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/internal/timefmt"
	"firedrill/ui/tabs"
)

// A scenario with an unfinished session offers, on its briefing, to resume
// it: "r resume · n start over". The file is read in a command; a damaged
// file falls back to its .bak with a notice, and two damaged files only
// cost the offer, never the game.

// resumeKeys answer the offer.
var resumeKeys = struct{ Resume, Restart, Start key.Binding }{
	Resume:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "resume")),
	Restart: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "start over")),
	Start:   key.NewBinding(key.WithKeys("enter")), // held back while the offer is open
}

// resumeState is the offer on the briefing.
type resumeState struct {
	found  *play.Session // the unfinished session, nil when none
	notice string        // a recovered, damaged or unreadable session file, said once
	isErr  bool          // the notice is an error (both files damaged)
	// held keeps enter from starting a game: the interview was handed in,
	// or its saved session cannot be read (a new game would replace it).
	held bool
	// restartOK lets n start over while held (an unreadable practice or
	// drill session; never an interview).
	restartOK bool
}

// unfinishedMsg is what findUnfinished read.
type unfinishedMsg struct {
	pack, scenario string
	sess           *play.Session
	err            error
	handedIn       error // an interview already submitted (play.FinishedInterview)
}

// findUnfinished looks for an unfinished session of the briefing's scenario.
func (m Model) findUnfinished() tea.Cmd {
	if m.opts.DataDir == "" || m.scenario == nil {
		return nil
	}
	dir, packID, scID, mode := m.opts.DataDir, m.pack.ID, m.scenario.ID, m.opts.Mode
	return func() tea.Msg {
		s, err := play.FindUnfinished(dir, packID, scID, mode)
		msg := unfinishedMsg{pack: packID, scenario: scID, sess: s, err: err}
		if mode == game.ModeInterview {
			msg.handedIn = play.FinishedInterview(dir, packID, scID)
		}
		return msg
	}
}

// onUnfinished makes the offer, if the briefing is still the one asked for.
func (m Model) onUnfinished(msg unfinishedMsg) Model {
	if m.screen != screenBriefing || m.pack.ID != msg.pack || m.scenario.ID != msg.scenario {
		return m // stale: the player moved on
	}
	var recovered *play.RecoveredError
	var unreadable *play.UnreadableError
	switch {
	case msg.handedIn != nil:
		// a second run of a handed-in interview points at the result
		m.resume.notice, m.resume.isErr, m.resume.held = msg.handedIn.Error(), true, true
	case errors.As(msg.err, &recovered):
		m.resume.notice = "The session file was damaged; the offer below comes from its backup (the last second of play may be missing)."
	case errors.As(msg.err, &unreadable):
		m.resume.notice, m.resume.isErr, m.resume.held = msg.err.Error(), true, true
		m.resume.restartOK = m.opts.Mode != game.ModeInterview
		if m.resume.restartOK {
			m.resume.notice += "; " + resumeKeys.Restart.Help().Key + " starts over and replaces it"
		}
	case msg.err != nil:
		m.resume.notice, m.resume.isErr = "Starting fresh: the saved session could not be read ("+msg.err.Error()+")", true
	}
	// A session saved in another mode is not offered: its clock means
	// something else. Starting over replaces it.
	if msg.sess != nil && msg.sess.Mode == m.opts.Mode && msg.sess.Untimed == m.untimed() {
		m.resume.found = msg.sess
	}
	return m.layout()
}

// resumeOffer is the briefing's prompt line.
func (m Model) resumeOffer() string {
	s := m.resume.found
	when := s.SavedAt.Local().Format("Mon 15:04")
	if s.SavedAt.IsZero() {
		when = s.Started.Local().Format("Mon 15:04")
	}
	k := resumeKeys
	line := "An unfinished " + string(s.Mode) + " session from " + when + " — " + keyhelp.Text(k.Resume, k.Restart)
	if s.Mode == game.ModeInterview {
		// an interview's clock cannot be reset by starting again
		line = "An unfinished interview from " + when + " — " + keyhelp.Text(k.Resume)
	}
	if s.Mode.HardTimer() && !s.Stopped {
		left := s.Remaining(m.now())
		if left <= 0 {
			line += " (its time ran out while closed)"
		} else {
			line += " (" + timefmt.Countdown(left) + " left: the clock kept running)"
		}
	}
	return line
}

// briefingKey answers the offer; enter is held back until the player says
// which, so one key cannot throw a session away.
func (m Model) briefingKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd, bool) {
	if m.resume.held && m.resume.found == nil {
		return m.heldKey(msg)
	}
	if m.resume.found == nil {
		return m, nil, false
	}
	k := resumeKeys
	switch {
	case key.Matches(msg, k.Resume):
		mm, cmd := m.resumeSession()
		return mm, cmd, true
	case key.Matches(msg, k.Restart):
		if m.resume.found.Mode == game.ModeInterview {
			m.status = "an interview cannot start over: " + k.Resume.Help().Key + " resumes it"
			return m.layout(), nil, true
		}
		m.resume.found = nil
		mm, cmd := m.start()
		return mm, cmd, true
	case key.Matches(msg, k.Start):
		m.status = keyhelp.Text(k.Resume, k.Restart)
		if m.resume.found.Mode == game.ModeInterview {
			m.status = k.Resume.Help().Key + " resumes the interview"
		}
		return m.layout(), nil, true
	}
	return m, nil, false
}

// heldKey answers keys while no game may start: n starts over where that
// is allowed, enter repeats why not; q (not taken here) still quits.
func (m Model) heldKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd, bool) {
	k := resumeKeys
	switch {
	case m.resume.restartOK && key.Matches(msg, k.Restart):
		m.resume = resumeState{}
		mm, cmd := m.start()
		return mm, cmd, true
	case key.Matches(msg, k.Start):
		m.status = "no new game here: see above (q quits)"
		return m.layout(), nil, true
	}
	return m, nil, false
}

// resumeSession continues the saved play: notebook, hints, cursor, tab,
// action log and a note left half written (back in the editor) come back;
// a hard timer went on running while closed, so a deadline that passed
// lands straight on the time's-up submit.
func (m Model) resumeSession() (Model, tea.Cmd) {
	s := m.resume.found
	m.resume = resumeState{}
	s.SetClock(m.now)
	s.Resume()
	m.sess, m.saver = s, play.NewAutosaver()
	m.clock = m.now()
	m.cursor = s.Cursor
	if m.cursor.IsZero() {
		m.cursor = m.scenario.PageTime() // never moved: where a new game starts it
	}
	m.panes = m.newPanes()
	m.panes.PutNotebook(m.panes.Notebook().SetNotebook(s.Notebook))
	m.panes.SetCursor(m.cursor)
	m.focus = tabs.Logs
	for f := range tabs.Count {
		if f.String() == s.Tab {
			m.focus = f
		}
	}
	var restore []tea.Cmd
	if s.LogFilter != nil {
		restore = append(restore, m.panes.RestoreLogFilters(*s.LogFilter))
	}
	if s.Draft != nil {
		restore = append(restore, m.panes.RestoreDraft(*s.Draft))
		m.focus = tabs.Notebook
	}
	m.screen = screenInvestigation
	m.status = "resumed: " + actionCount(len(s.Actions))
	if s.Mode.AllowsHints() {
		m.status += ", " + hintCount(s.Hints)
	}
	if s.Draft != nil {
		m.status += "; the note you were writing is back in the editor"
	}
	m = m.touched().layout()
	if s.Stopped || s.Expired(m.clock) {
		mm, cmd := m.timeUp()
		return mm, tea.Batch(append(restore, cmd)...)
	}
	return m, tea.Batch(append(restore, tick())...)
}

func actionCount(n int) string {
	if n == 1 {
		return "1 action"
	}
	return strconv.Itoa(n) + " actions"
}

func hintCount(n int) string {
	if n == 1 {
		return "1 hint"
	}
	return strconv.Itoa(n) + " hints"
}
