// Package play is one play of a scenario: the session (clock, action log,
// notebook, submit), its autosave and resume, the interview result file a
// candidate hands back, and the notebook as it stood at any point of a
// result's action log (for the replay).
package play

import (
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"firedrill/game"
)

// SessionVersion is the session file format this build writes and reads.
// Version 2 added the timing record: the elapsed total, and the action
// log's elapsed and wall stamps and hash chain.
const SessionVersion = 2

// Session is one play of one scenario: the clock, the action log, the
// notebook and the submit. It is saved as JSON under
// DataDir()/sessions/<pack>--<scenario>--<mode>.json (see Save) after every action
// (see Autosaver), so quitting loses nothing.
//
// Clocks:
//   - the timer (Remaining). Hard-timer modes (drill, interview, daily) keep
//     an absolute Deadline (the start plus the limit: a deadline edited in
//     the file is not believed): it runs while the game is closed. Practice
//     keeps the time left while paused or closed and runs only while playing.
//   - the action log's Offsets, the game's own clock: monotonic time since
//     the start of play (a wall-clock jump cannot reorder the log). After a
//     resume, offsets go on from the saved offset plus, in hard-timer modes,
//     the wall time the game was closed, so an offset always matches the
//     timer's elapsed time. A hard timer ends at whichever comes first, the
//     Deadline or the limit on this clock: setting the system clock back
//     gains nothing.
//   - Elapsed: the monotonic time the game has been open, summed over runs.
//     No wall clock enters it. Each action records it, and its wall-clock
//     stamp, so grade can check the clocks against each other; the log is
//     hash-chained (chain.go).
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
	Started     time.Time     `json:"started"`             // wall clock at the start
	Deadline    time.Time     `json:"deadline,omitzero"`   // absolute; zero when untimed or paused
	Paused      bool          `json:"paused,omitempty"`    // practice only
	PausedLeft  time.Duration `json:"paused_left_ns"`      // practice: time left while paused or closed
	Stopped     bool          `json:"stopped,omitempty"`   // the clock stopped: time's up, or submitted
	StoppedLeft time.Duration `json:"stopped_left_ns"`     // time left when the clock stopped
	StoppedUsed time.Duration `json:"stopped_used_ns"`     // time used when the clock stopped
	StoppedAt   time.Time     `json:"stopped_at,omitzero"` // wall clock when it stopped
	Finished    bool          `json:"finished,omitempty"`  // submitted: nothing to resume

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
	// ResultPath is where an interview's result file was written (absolute):
	// a finished interview says where it is instead of starting again.
	ResultPath string `json:"result_path,omitempty"`
	// Draft is the note being typed at the last save, if any.
	Draft *game.NoteDraft `json:"draft,omitempty"`
	// LogFilter is the Logs tab's filters, for a resume; nil for none.
	LogFilter *game.LogFilter `json:"log_filter,omitempty"`

	SavedAt     time.Time     `json:"saved_at"`        // wall clock of this snapshot
	SavedOffset time.Duration `json:"saved_offset_ns"` // action-log offset of this snapshot
	Elapsed     time.Duration `json:"elapsed_ns"`      // monotonic time open, all runs, at this snapshot

	now         func() time.Time // time.Now; tests swap it
	clockStart  time.Time        // when this process's run began, with its monotonic reading
	clockBase   time.Duration    // the offset at clockStart
	elapsedBase time.Duration    // Elapsed at clockStart
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
func (s *Session) offset() time.Duration { return s.offsetAt(s.clock()) }

func (s *Session) offsetAt(now time.Time) time.Duration {
	off := s.clockBase + s.runTime(now)
	if n := len(s.Actions); n > 0 {
		off = max(off, s.Actions[n-1].Offset)
	}
	return off
}

// elapsedAt is the monotonic time open over every run at now: never
// behind the last action.
func (s *Session) elapsedAt(now time.Time) time.Duration {
	e := s.elapsedBase + s.runTime(now)
	if n := len(s.Actions); n > 0 {
		e = max(e, s.Actions[n-1].Elapsed)
	}
	return e
}

// runTime is how long this run has lasted: now and clockStart both carry
// the monotonic reading of time.Now, so Sub ignores wall-clock changes
// (an injected test clock has none, and is wall time).
func (s *Session) runTime(now time.Time) time.Duration { return max(0, now.Sub(s.clockStart)) }

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

// RecordAction appends a (Service, At …) action, stamping its Offset,
// Elapsed and Wall from one reading of the clock, and chaining it to the
// log (its text as JSON will store it, so the file's copy verifies).
func (s *Session) RecordAction(a game.Action) game.Action {
	now := s.clock()
	a.Offset, a.Elapsed, a.Wall = s.offsetAt(now), s.elapsedAt(now), now.Round(0).UTC()
	a.Kind = game.ActionKind(jsonText(string(a.Kind)))
	a.Target, a.Detail, a.Service = jsonText(a.Target), jsonText(a.Detail), jsonText(a.Service)
	a.Hash = ""
	next := chainNext(chainAfter(s.ChainHeader(), s.Actions), a)
	a.Hash = hex.EncodeToString(next[:])
	s.Actions = append(s.Actions, a)
	return a
}

// Resume continues a loaded session in this process: the action-log clock
// goes on from the saved offset, plus the time the game was closed in
// hard-timer modes; a practice timer runs again with the time it had left.
// It records an ActResume whose Detail is the closed gap that offsets
// include (a Go duration, "0s" in practice), which coaching subtracts.
// A wall clock behind the last save (set back while the game was closed)
// counts no gap and is recorded as an ActClockBack before the resume.
// A hard timer's deadline is the start plus the limit again, whatever the
// file said.
func (s *Session) Resume() {
	now := s.clock()
	var gap, back time.Duration
	if !s.SavedAt.IsZero() {
		back = max(0, s.SavedAt.Sub(now)) // wall clock: the only clock shared across runs
		if s.Mode.HardTimer() {
			gap = max(0, now.Sub(s.SavedAt))
		}
	}
	s.clockBase, s.elapsedBase, s.clockStart = s.SavedOffset+gap, s.Elapsed, now
	if s.Mode.HardTimer() && !s.Untimed && !s.Stopped {
		s.Deadline = s.Started.Add(s.Limit)
	}
	if s.Paused && !s.Stopped {
		s.Unpause(now)
	}
	if back > 0 {
		s.Record(game.ActClockBack, "", back.String())
	}
	s.Record(game.ActResume, "", gap.String())
}

// Remaining is the time left on the timer at now. Untimed: the full limit,
// always. Stopped: the time left when it stopped. Hard timers count down to
// the absolute Deadline even while the game is closed, and never past the
// limit on the game's own clock (offsets), which a wall clock set back
// cannot stretch.
func (s *Session) Remaining(now time.Time) time.Duration {
	switch {
	case s.Untimed:
		return s.Limit
	case s.Stopped:
		return s.StoppedLeft
	case s.Paused:
		return s.PausedLeft
	}
	left := s.Deadline.Sub(now)
	if s.Mode.HardTimer() {
		left = min(left, s.Limit-s.offsetAt(now))
	}
	return max(0, left)
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
	s.StoppedLeft, s.StoppedUsed, s.StoppedAt = s.Remaining(now), s.TimeUsed(now), now.Round(0).UTC()
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
