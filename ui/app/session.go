package app

import (
	"os"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/play"
)

// The session (play.Session) is the truth of a play: the clock, the action
// log, the notebook, the hints. The root records every action into it and
// autosaves it: the Autosaver says when, Update takes a Snapshot (cheap:
// a JSON marshal) and a tea.Cmd writes it, one write at a time.

// autosaveMsg is the Autosaver's timer going off.
type autosaveMsg struct{}

// savedMsg is the outcome of one session write.
type savedMsg struct{ err error }

// snapshotWriter orders session writes: a snapshot older than one already
// on disk is dropped, so the final save on quit can never be overtaken by
// an autosave still in flight.
type snapshotWriter struct {
	mu   sync.Mutex
	last uint64
}

func (w *snapshotWriter) write(path string, seq uint64, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if seq <= w.last {
		return nil
	}
	if err := play.SaveSnapshot(path, data); err != nil {
		return err
	}
	w.last = seq
	return nil
}

// newSession starts the game's session when the clock starts.
func (m Model) newSession() (*play.Session, error) {
	return play.NewSession(play.SessionConfig{PackID: m.pack.ID, PackSource: m.pack.Source,
		PackDigest: m.packStatus().Report.ManifestDigest, Scenario: m.scenario, Mode: m.opts.Mode,
		Untimed: m.untimed(), Now: m.now})
}

// persistent reports whether sessions are saved (tests without a data dir
// play in memory).
func (m Model) persistent() bool { return m.opts.DataDir != "" && m.sess != nil }

func (m Model) sessionPath() string {
	return m.sess.Path(m.opts.DataDir)
}

// record stamps an action with its offset in the session's log and marks
// the session for the autosave.
func (m Model) record(a game.Action) Model {
	if m.sess == nil || m.screen < screenInvestigation || m.screen == screenReview {
		return m
	}
	m.sess.RecordAction(a)
	switch a.Kind { // what a resume puts back
	case game.ActTab:
		m.sess.Tab = a.Detail
	case game.ActCursor:
		m.sess.Cursor = a.At
	case game.ActFilter, game.ActSearch:
		m.sess.LogFilter = nil
		if f := m.panes.Logs().Filters(); !f.IsZero() {
			m.sess.LogFilter = &f
		}
	}
	return m.touched()
}

// syncDraft copies the note being typed into the session when it
// changed, and marks the session for the autosave like any change: a
// killed game loses at most the autosave's delay of typing.
func (m Model) syncDraft() Model {
	if m.sess == nil || m.screen != screenInvestigation || m.sess.Finished {
		return m
	}
	d, ok := m.panes.Notebook().Draft()
	switch cur := m.sess.Draft; {
	case !ok && cur == nil, ok && cur != nil && *cur == d:
		return m
	case ok:
		m.sess.Draft = &d
	default:
		m.sess.Draft = nil
	}
	return m.touched()
}

// touched notes a change of the session; Update starts the autosave timer.
func (m Model) touched() Model {
	if m.persistent() && m.saver.Changed() {
		m.saveTimer = true
	}
	return m
}

// autosaveTick waits the Autosaver's delay.
func (m Model) autosaveTick() tea.Cmd {
	return tea.Tick(m.saver.Delay, func(time.Time) tea.Msg { return autosaveMsg{} })
}

// onAutosave snapshots the session and writes it in a command.
func (m Model) onAutosave() (Model, tea.Cmd) {
	// Fire first: it clears the timer even when there is nothing to save
	if fire := m.saver.Fire(); !fire || !m.persistent() {
		return m, nil
	}
	return m, m.writeCmd()
}

// writeCmd snapshots now (in Update) and writes in the command.
func (m Model) writeCmd() tea.Cmd {
	if !m.sess.Finished && m.screen != screenReview {
		// a quit can overtake the notebook's NotebookChanged message
		m.sess.Notebook = m.panes.Notebook().Notebook()
		m.sess.Draft = nil
		if d, ok := m.panes.Notebook().Draft(); ok {
			m.sess.Draft = &d
		}
	}
	data, err := m.sess.Snapshot()
	if err != nil {
		return func() tea.Msg { return savedMsg{err} }
	}
	m.seq.n++
	seq, path, w := m.seq.n, m.sessionPath(), m.writer
	return func() tea.Msg { return savedMsg{w.write(path, seq, data)} }
}

// onSaved ends a write; changes made meanwhile start the timer again.
func (m Model) onSaved(msg savedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.status = "could not save the session: " + msg.err.Error()
	}
	if m.saver.Written(msg.err) {
		return m, m.autosaveTick()
	}
	return m, nil
}

// quit saves the session (if a game is on) and then quits.
func (m Model) quit() (Model, tea.Cmd) {
	if !m.persistent() || m.screen == screenReview {
		return m, tea.Quit
	}
	// A note half written when the player quits (ctrl+c works even in the
	// editor) is saved, not dropped: quitting never loses what was typed.
	if m.screen == screenInvestigation && !m.sess.Finished {
		m = m.commitDraft()
	}
	return m, tea.Sequence(m.writeCmd(), tea.Quit)
}

// commitDraft saves the note being typed as a hypothesis, as ctrl+s
// would, recording its action at once: the game is ending (a quit, the
// clock running out) and the notebook's own message would come too late.
func (m Model) commitDraft() Model {
	nb, draft := m.panes.Notebook().CommitDraft()
	m.panes.PutNotebook(nb)
	if draft == nil {
		return m
	}
	m = m.record(*draft)
	m.sess.Notebook = m.panes.Notebook().Notebook()
	return m
}

// seqCounter numbers snapshots; it is shared by every copy of the model.
type seqCounter struct{ n uint64 }

// Shutdown asks the game to save and quit, as q does: ui.Run sends it on
// SIGTERM and SIGHUP (a closed terminal), which would otherwise end the
// program without a save.
type Shutdown struct{ Signal os.Signal }
