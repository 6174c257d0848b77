// Package play is one play of a scenario: the session (clock, action log,
// notebook, submit), its autosave and resume, the interview result file a
// candidate hands back, and the notebook as it stood at any point of a
// result's action log (for the replay).
package play

import (
	"errors"
	"strings"
	"time"

	"firedrill/game"
)

// SessionVersion is the session file format this build writes and reads.
const SessionVersion = 1

// Session is one play of one scenario: the clock, the action log, the
// notebook and the submit. It is saved as JSON under
// DataDir()/sessions/<pack>--<scenario>.json (see Save) after every action
// (see Autosaver), so quitting loses nothing.
//
// Two clocks:
//   - the timer (Remaining). Hard-timer modes (drill, interview, daily) keep
//     an absolute Deadline: it runs while the game is closed. Practice keeps
//     the time left while paused or closed and runs only while playing.
//   - the action log's Offsets: monotonic time since the start of play (a
//     wall-clock jump cannot reorder the log). After a resume, offsets go on
//     from the saved offset plus, in hard-timer modes, the wall time the game
//     was closed, so an offset always matches the timer's elapsed time.
//
// A Session is not safe for concurrent use: the UI owns it in Update and
// hands the bytes of Snapshot to a tea.Cmd for writing.
type Session struct {
	Version    int       `json:"version"`
	PackID     string    `json:"pack"`
	PackSource string    `json:"pack_source"`           // "embedded" or a path
	PackDigest string    `json:"pack_digest,omitempty"` // the sealed pack's manifest digest
	ScenarioID string    `json:"scenario"`
	Mode       game.Mode `json:"mode"`
	Untimed    bool      `json:"untimed,omitempty"`

	Limit       time.Duration `json:"limit_ns"`
	Started     time.Time     `json:"started"`            // wall clock at the start
	Deadline    time.Time     `json:"deadline,omitzero"`  // absolute; zero when untimed or paused
	Paused      bool          `json:"paused,omitempty"`   // practice only
	PausedLeft  time.Duration `json:"paused_left_ns"`     // practice: time left while paused or closed
	Stopped     bool          `json:"stopped,omitempty"`  // the clock stopped: time's up, or submitted
	StoppedLeft time.Duration `json:"stopped_left_ns"`    // time left when the clock stopped
	StoppedUsed time.Duration `json:"stopped_used_ns"`    // time used when the clock stopped
	Finished    bool          `json:"finished,omitempty"` // submitted: nothing to resume

	Notebook      game.Notebook `json:"notebook"`
	Actions       []game.Action `json:"actions"`
	Hints         int           `json:"hints"` // revealed
	Cursor        time.Time     `json:"cursor,omitzero"`
	Tab           string        `json:"tab,omitempty"` // the tab in front, for a resume
	Pick          string        `json:"pick,omitempty"`
	Justification string        `json:"justification,omitempty"`
	WrongSubmits  int           `json:"wrong_submits,omitempty"`
	// Attached is the evidence attached at the submit (AttachEvidence).
	Attached []game.Pin `json:"attached,omitempty"`

	SavedAt     time.Time     `json:"saved_at"`        // wall clock of this snapshot
	SavedOffset time.Duration `json:"saved_offset_ns"` // action-log offset of this snapshot

	now        func() time.Time // time.Now; tests swap it
	clockStart time.Time        // when this process's run began, with its monotonic reading
	clockBase  time.Duration    // the offset at clockStart
}

// SessionConfig is what a new session needs to know.
type SessionConfig struct {
	PackID     string
	PackSource string
	PackDigest string
	Scenario   *game.Scenario
	Mode       game.Mode
	Untimed    bool // practice only
	// Now is the clock (time.Now when nil); a UI with an injected clock
	// passes it so the session's timer and offsets agree with the screen.
	Now func() time.Time
}

// ErrUntimedMode means --untimed was asked for outside practice.
var ErrUntimedMode = errors.New("--untimed is for practice mode only")

// NewSession starts the clock on a scenario.
func NewSession(cfg SessionConfig) (*Session, error) {
	if cfg.Now != nil {
		return newSessionClock(cfg, cfg.Now)
	}
	return newSessionClock(cfg, time.Now)
}

// SetClock replaces a loaded session's clock (before Resume), for a UI
// with an injected clock.
func (s *Session) SetClock(now func() time.Time) {
	s.now = now
	s.clockStart = now()
}

func newSessionClock(cfg SessionConfig, clock func() time.Time) (*Session, error) {
	mode := cfg.Mode
	if mode == "" {
		mode = game.ModePractice
	}
	if _, err := game.ParseMode(string(mode)); err != nil {
		return nil, err
	}
	if cfg.Untimed && !mode.AllowsUntimed() {
		return nil, ErrUntimedMode
	}
	if cfg.Scenario == nil {
		return nil, errors.New("new session: no scenario")
	}
	now := clock()
	s := &Session{Version: SessionVersion, PackID: cfg.PackID, PackSource: cfg.PackSource,
		PackDigest: cfg.PackDigest, ScenarioID: cfg.Scenario.ID, Mode: mode, Untimed: cfg.Untimed,
		Limit: cfg.Scenario.TimeLimit, Started: now, now: clock, clockStart: now}
	if !s.Untimed {
		s.Deadline = now.Add(s.Limit)
	}
	return s, nil
}

// offset is the action-log clock now: never behind the last action.
func (s *Session) offset() time.Duration {
	off := s.clockBase + max(0, s.clock().Sub(s.clockStart))
	if n := len(s.Actions); n > 0 {
		off = max(off, s.Actions[n-1].Offset)
	}
	return off
}

func (s *Session) clock() time.Time {
	if s.now == nil {
		s.now = time.Now
	}
	return s.now()
}

// Record appends an action stamped with the current offset; detail parts
// are joined with spaces.
func (s *Session) Record(kind game.ActionKind, target string, detail ...string) game.Action {
	return s.RecordAction(game.Action{Kind: kind, Target: target, Detail: strings.Join(detail, " ")})
}

// RecordAction appends a (Service, At …) action, stamping its Offset.
func (s *Session) RecordAction(a game.Action) game.Action {
	a.Offset = s.offset()
	s.Actions = append(s.Actions, a)
	return a
}

// Resume continues a loaded session in this process: the action-log clock
// goes on from the saved offset, plus the time the game was closed in
// hard-timer modes; a practice timer runs again with the time it had left.
// It records an ActResume whose Detail is the closed gap that offsets
// include (a Go duration, "0s" in practice), which coaching subtracts.
func (s *Session) Resume() {
	now := s.clock()
	var gap time.Duration
	if s.Mode.HardTimer() && !s.SavedAt.IsZero() {
		gap = max(0, now.Sub(s.SavedAt)) // wall clock: the only clock shared across runs
	}
	s.clockBase, s.clockStart = s.SavedOffset+gap, now
	if s.Paused && !s.Stopped {
		s.Unpause(now)
	}
	s.Record(game.ActResume, "", gap.String())
}

// Remaining is the time left on the timer at now. Untimed: the full limit,
// always. Stopped: the time left when it stopped. Hard timers count down to
// the absolute Deadline even while the game is closed.
func (s *Session) Remaining(now time.Time) time.Duration {
	switch {
	case s.Untimed:
		return s.Limit
	case s.Stopped:
		return s.StoppedLeft
	case s.Paused:
		return s.PausedLeft
	}
	return max(0, s.Deadline.Sub(now))
}

// Expired reports whether a timed session's clock has run out.
func (s *Session) Expired(now time.Time) bool { return !s.Untimed && s.Remaining(now) <= 0 }

// TimeUsed is how much of the timer was used: the limit minus what is left,
// or, untimed, the action-log time so far.
func (s *Session) TimeUsed(now time.Time) time.Duration {
	switch {
	case s.Stopped:
		return s.StoppedUsed
	case s.Untimed:
		return s.offset()
	}
	return s.Limit - s.Remaining(now)
}

// Pause stops a practice timer (hard timers cannot be paused); false if it
// cannot.
func (s *Session) Pause(now time.Time) bool {
	if s.Mode.HardTimer() || s.Untimed || s.Paused || s.Stopped {
		return false
	}
	s.PausedLeft, s.Paused, s.Deadline = s.Remaining(now), true, time.Time{}
	return true
}

// Unpause restarts a paused practice timer.
func (s *Session) Unpause(now time.Time) {
	if s.Paused {
		s.Deadline, s.Paused = now.Add(s.PausedLeft), false
	}
}

// StopClock freezes the timer (time's up, or a submit). Idempotent.
func (s *Session) StopClock(now time.Time) {
	if s.Stopped {
		return
	}
	s.StoppedLeft, s.StoppedUsed = s.Remaining(now), s.TimeUsed(now)
	s.Stopped, s.Paused, s.Deadline = true, false, time.Time{}
}

// TimeUp stops the clock when it runs out and records it; the UI then
// shows the submit screen with the clock stopped.
func (s *Session) TimeUp(now time.Time) {
	if s.Stopped {
		return
	}
	s.StopClock(now)
	s.Record(game.ActTimeUp, "")
}

// AttachEvidence records the pins attached at the submit, before Submit:
// at most game.MaxAttached (the rest are dropped), one ActAttach each, so
// the action log and the replay show what was handed in as proof.
func (s *Session) AttachEvidence(pins []game.Pin) {
	s.Attached = append([]game.Pin(nil), pins[:min(len(pins), game.MaxAttached)]...)
	for _, p := range s.Attached {
		s.RecordAction(game.Action{Kind: game.ActAttach, Target: p.Ref, Detail: string(p.Kind), Service: p.Service, At: p.At})
	}
}

// Submit records the final pick: the clock stops and the session is
// finished (no take-back).
func (s *Session) Submit(pick, justification string, now time.Time) {
	s.StopClock(now)
	s.Pick, s.Justification, s.Finished = pick, justification, true
	s.Record(game.ActSubmit, pick, justification)
}
