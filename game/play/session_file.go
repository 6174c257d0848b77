package play

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/internal/fsx"
)

// SessionPath is where a session of pack/scenario in mode lives under the
// data dir: <dataDir>/sessions/<pack>--<scenario>--<mode>.json. One file per
// scenario and mode: a new play of a finished scenario replaces it, but a
// practice run never touches an interview's or a drill's file (nor its
// .bak), whose clock and notes mean something else. "" is practice.
func SessionPath(dataDir, packID, scenarioID string, mode game.Mode) string {
	if mode == "" {
		mode = game.ModePractice
	}
	name := fileSafe(packID) + "--" + fileSafe(scenarioID) + "--" + fileSafe(string(mode)) + ".json"
	return filepath.Join(dataDir, "sessions", name)
}

// fileSafe keeps ids usable as file names on every system: ids are
// [a-z0-9-] already; anything else becomes "_".
func fileSafe(id string) string {
	if id == "" {
		return "_"
	}
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, id)
}

// Snapshot stamps the session with the save time and returns its JSON. It
// is cheap enough to call in Update; write the bytes with SaveSnapshot in a
// tea.Cmd, so the file system never blocks a frame:
//
//	case autosaveMsg:            // from the Autosaver's timer
//	    if m.saver.Fire() {
//	        data, err := m.session.Snapshot()
//	        return m, func() tea.Msg { return savedMsg{play.SaveSnapshot(path, data)} }
//	    }
//
// A running practice timer is saved as paused with its time left: the game
// being closed pauses practice, never a hard timer.
func (s *Session) Snapshot() ([]byte, error) {
	now := s.clock()
	s.SavedAt, s.SavedOffset, s.Elapsed = now.Round(0), s.offsetAt(now), s.elapsedAt(now)
	c := *s
	if c.Mode == game.ModePractice && !c.Untimed && !c.Paused && !c.Stopped {
		c.PausedLeft, c.Paused, c.Deadline = c.Remaining(now), true, time.Time{}
	}
	return json.Marshal(&c)
}

// SaveSnapshot writes Snapshot's bytes to path atomically, keeping the
// previous version as path.bak.
func SaveSnapshot(path string, data []byte) error { return fsx.WriteFileAtomic(path, data, true) }

// Save snapshots the session and writes it under dataDir (see SessionPath):
// the synchronous form, for quitting.
func (s *Session) Save(dataDir string) error {
	data, err := s.Snapshot()
	if err != nil {
		return err
	}
	return SaveSnapshot(s.Path(dataDir), data)
}

// Path is where the session is saved under dataDir (see SessionPath).
func (s *Session) Path(dataDir string) string {
	return SessionPath(dataDir, s.PackID, s.ScenarioID, s.Mode)
}

// RecoveredError says a session file was damaged and the session came from
// its .bak instead: LoadSession returns it with a usable session, for the
// UI to show as a notice.
type RecoveredError struct {
	Path  string
	Cause error
}

func (e *RecoveredError) Error() string {
	return fmt.Sprintf("session file %s is damaged (%v); resumed from its backup %s.bak, which may miss the last second of play",
		e.Path, e.Cause, e.Path)
}

func (e *RecoveredError) Unwrap() error { return e.Cause }

// DamagedError says neither a session file nor its .bak could be read.
type DamagedError struct {
	Path     string
	Cause    error // the file's problem
	BakCause error // the backup's problem
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("session file %s is damaged (%v) and so is its backup (%v); the session cannot be resumed",
		e.Path, e.Cause, e.BakCause)
}

func (e *DamagedError) Unwrap() error { return e.Cause }

// UnreadableError says a session file exists but cannot be read
// (permission denied, a folder in its place): it is not damaged, and
// its older .bak is not resumed in its place.
type UnreadableError struct {
	Path  string
	Cause error
}

func (e *UnreadableError) Error() string {
	return fmt.Sprintf("session file %s cannot be read: %v (nothing in it is lost: fix that, then play again to resume it)",
		e.Path, systemError(e.Cause))
}

func (e *UnreadableError) Unwrap() error { return e.Cause }

// systemError is the system's own words for an I/O error, without the
// path a *fs.PathError repeats.
func systemError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// LoadSession reads a saved session. A damaged file (truncated, not JSON,
// inconsistent) falls back to path.bak: the session is returned with a
// *RecoveredError to show. If both are unusable the error is a
// *DamagedError; if neither exists, one that wraps fs.ErrNotExist. A file
// that exists but cannot be read is an *UnreadableError. It never panics
// on bad input. The loaded session is not running: call Resume.
func LoadSession(path string) (*Session, error) {
	s, err := readSession(path)
	if err == nil {
		return s, nil
	}
	if errors.As(err, new(*fs.PathError)) && !errors.Is(err, fs.ErrNotExist) {
		return nil, &UnreadableError{Path: path, Cause: err}
	}
	bak, bakErr := readSession(path + ".bak")
	switch {
	case bakErr == nil:
		return bak, &RecoveredError{Path: path, Cause: err}
	case errors.Is(err, fs.ErrNotExist) && errors.Is(bakErr, fs.ErrNotExist):
		return nil, err
	}
	return nil, &DamagedError{Path: path, Cause: err, BakCause: bakErr}
}

func readSession(path string) (*Session, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Session
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("truncated or not JSON: %v", err)
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	s.now = nil
	s.clockStart, s.clockBase, s.elapsedBase = s.clock(), s.SavedOffset, s.Elapsed
	return &s, nil
}

// check rejects a session that decodes but cannot be right.
func (s *Session) check() error {
	switch {
	case s.Version == 0:
		return errors.New("no version: not a session file")
	case s.Version > SessionVersion:
		return fmt.Errorf("version %d was written by a newer firedrill (this one reads %d)", s.Version, SessionVersion)
	case s.Version < SessionVersion:
		return fmt.Errorf("version %d was written by an older firedrill, before sessions kept a timing record", s.Version)
	case s.PackID == "" || s.ScenarioID == "":
		return errors.New("no pack or scenario id")
	case s.Limit < 0 || s.SavedOffset < 0 || s.Elapsed < 0:
		return errors.New("negative time")
	case s.Hints < 0 || s.WrongSubmits < 0:
		// RevealHint indexes the scenario's hints with Hints.
		return errors.New("negative count of hints or wrong submits")
	}
	if _, err := game.ParseMode(string(s.Mode)); err != nil {
		return err
	}
	var last, lastElapsed time.Duration
	for i, a := range s.Actions {
		if a.Offset < last || a.Elapsed < lastElapsed {
			return fmt.Errorf("action %d goes back in time", i)
		}
		last, lastElapsed = a.Offset, a.Elapsed
	}
	return nil
}

// FindUnfinished returns the unfinished session of pack/scenario in mode
// under dataDir, to offer a resume: nil with no error when there is none (or it
// was finished). A session recovered from its backup comes with a
// *RecoveredError to show. A drill session whose deadline passed while the
// game was closed is still returned: resuming it lands on the submit screen.
func FindUnfinished(dataDir, packID, scenarioID string, mode game.Mode) (*Session, error) {
	s, err := LoadSession(SessionPath(dataDir, packID, scenarioID, mode))
	var recovered *RecoveredError
	switch {
	case errors.Is(err, fs.ErrNotExist) && !errors.As(err, new(*DamagedError)):
		return nil, nil
	case err != nil && !errors.As(err, &recovered):
		return nil, err
	case s.Finished:
		return nil, nil
	}
	return s, err
}

// FinishedInterviewError says the interview of a scenario was already
// handed in: it cannot be played again, and its result file is where the
// game wrote it.
type FinishedInterviewError struct {
	ScenarioID string
	Result     string    // the result file's path; "" if it was never written
	At         time.Time // when it was handed in (the session's last save)
}

func (e *FinishedInterviewError) Error() string {
	where := "its result file was not written (the disk refused it); start the game from the same folder to see why"
	if e.Result != "" {
		where = "the result is " + e.Result + ": send that file to your interviewer"
	}
	return fmt.Sprintf("the interview %q was already handed in on %s; %s (an interview cannot be played twice)",
		e.ScenarioID, e.At.Local().Format("Mon 2 Jan 15:04"), where)
}

// FinishedInterview returns a *FinishedInterviewError when the interview
// session of pack/scenario under dataDir was submitted, nil otherwise
// (none, unfinished, or unreadable: the game's resume offer deals with
// those). A session whose time ran out without a pick is not finished: it
// resumes on the time's-up submit.
func FinishedInterview(dataDir, packID, scenarioID string) error {
	s, err := LoadSession(SessionPath(dataDir, packID, scenarioID, game.ModeInterview))
	if s == nil || !s.Finished || (err != nil && !errors.As(err, new(*RecoveredError))) {
		return nil
	}
	return &FinishedInterviewError{ScenarioID: scenarioID, Result: s.ResultPath, At: s.SavedAt}
}
