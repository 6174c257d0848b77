package play

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"firedrill/game"
	"firedrill/game/internal/fsx"
)

// ResultVersion is the version of the interview result file this build
// writes and reads. Version 2 added the timing record (elapsed_ns, and the
// actions' elapsed, wall and hash).
const ResultVersion = 2

// Limits of a result file: a long session's notebook and action log fit
// easily; anything bigger is not a result file.
const (
	maxResultFile     = 32 << 20
	maxResultActions  = 1_000_000
	maxJustification  = 64 << 10
	maxResultNotebook = 10_000
)

// InterviewResult is result.json: what a candidate hands back after an
// interview (docs/INTERVIEW.md). It holds no answer, only what they did; the
// interviewer grades it with `firedrill grade RESULT.json --key KEY`. The
// JSON field names are part of the file format (docs/SEALING.md).
type InterviewResult struct {
	Version int `json:"version"`
	// PackManifestDigest is the hex sha256 of the played pack's MANIFEST:
	// grade refuses a result made for another pack than the key's.
	PackManifestDigest string        `json:"pack_manifest_digest"`
	PackID             string        `json:"pack_id"`
	ScenarioID         string        `json:"scenario_id"`
	Pick               string        `json:"pick"` // "" when time ran out before a pick
	Justification      string        `json:"justification"`
	Notebook           game.Notebook `json:"notebook"`
	Actions            []game.Action `json:"actions"` // hash-chained; offsets are the game's clock since the start
	// Attached is the evidence attached at the submit (at most
	// game.MaxAttached pins), graded against the answer's proof; each is
	// also an ActAttach action of the chained log.
	Attached   []game.Pin `json:"attached,omitempty"`
	TimerStart time.Time  `json:"timer_start"`
	TimerEnd   time.Time  `json:"timer_end"` // when the clock stopped: the submit, or time's up
	Deadline   time.Time  `json:"deadline"`  // timer_start + the limit, as the game saw it
	// Elapsed is the monotonic time the game was open, summed over every
	// run, when the file was written: no wall clock enters it.
	Elapsed          time.Duration `json:"elapsed_ns"`
	FiredrillVersion string        `json:"firedrill_version"`

	// mode is a solo play's mode (PlayRecord); "" for an interview.
	mode game.Mode

	// Chain is the action log's hash chain as the file held it: ParseResult
	// checks it before sanitizing the text (which changes the bytes the
	// chain commits to). Not part of the file.
	Chain ChainCheck `json:"-"`
}

// ChainCheck is the outcome of checking a result's action chain.
type ChainCheck struct {
	Checked  bool // false for a result built in memory: ChainBrokenAt checks it then
	BrokenAt int  // the first action whose hash does not follow, -1 when intact
}

// NewInterviewResult builds the result file of a finished (submitted or
// timed-out) interview session. The session must have been started on a
// sealed pack (its PackDigest set from VerifyPack). timer_end is when the
// clock stopped, not when the file is written (a pick at the time's-up
// screen comes later, and its action says when).
func NewInterviewResult(s *Session, firedrillVersion string) (*InterviewResult, error) {
	if s.PackDigest == "" {
		return nil, errors.New("interview result: the session has no pack digest (the pack was not verified)")
	}
	if !s.Stopped {
		return nil, errors.New("interview result: the clock is still running (submit or time's up first)")
	}
	return &InterviewResult{Version: ResultVersion, PackManifestDigest: s.PackDigest, PackID: s.PackID,
		ScenarioID: s.ScenarioID, Pick: s.Pick, Justification: s.Justification, Notebook: s.Notebook,
		Actions: append([]game.Action(nil), s.Actions...), Attached: append([]game.Pin(nil), s.Attached...), TimerStart: s.Started.UTC(),
		TimerEnd: s.StoppedAt.UTC(), Deadline: s.Started.Add(s.Limit).UTC(), Elapsed: s.elapsedAt(s.clock()),
		FiredrillVersion: firedrillVersion}, nil
}

// ChainHeader is the header the result's action chain starts from: the
// pack, scenario and start it names, and the limit its deadline implies.
func (r *InterviewResult) ChainHeader() ChainHeader {
	mode := game.ModeInterview
	if r.mode != "" {
		mode = r.mode
	}
	return ChainHeader{PackDigest: r.PackManifestDigest, PackID: r.PackID, ScenarioID: r.ScenarioID,
		Mode: mode, Start: r.TimerStart, Limit: r.Deadline.Sub(r.TimerStart)}
}

// ChainHead is the hex chain value after the last action: what the whole
// log, its start and its pack hash to.
func (r *InterviewResult) ChainHead() string {
	h := chainAfter(r.ChainHeader(), r.Actions)
	return hex.EncodeToString(h[:])
}

// PlayRecord is a stopped solo session in the shape of a result file, so
// the honesty checks (grade.CheckTime) read a drill or daily play the way
// they read a take-home; its chain is checked against the session's own
// mode. It is never written.
func PlayRecord(s *Session) (*InterviewResult, error) {
	if !s.Stopped {
		return nil, errors.New("play record: the clock is still running")
	}
	return &InterviewResult{Version: ResultVersion, PackManifestDigest: s.PackDigest, PackID: s.PackID,
		ScenarioID: s.ScenarioID, Pick: s.Pick, Notebook: s.Notebook,
		Actions: append([]game.Action(nil), s.Actions...), Attached: append([]game.Pin(nil), s.Attached...),
		TimerStart: s.Started.UTC(), TimerEnd: s.StoppedAt.UTC(), Deadline: s.Started.Add(s.Limit).UTC(),
		Elapsed: s.elapsedAt(s.clock()), mode: s.Mode}, nil
}

// ChainBrokenAt is the index of the first action whose hash does not
// follow, -1 when the log is intact: as the file was read (see Chain), or
// for a result built in memory, its actions now.
func (r *InterviewResult) ChainBrokenAt() int {
	if r.Chain.Checked {
		return r.Chain.BrokenAt
	}
	return VerifyChain(r.ChainHeader(), r.Actions)
}

// TimeLimit is the time the candidate had.
func (r *InterviewResult) TimeLimit() time.Duration { return r.Deadline.Sub(r.TimerStart) }

// TimeUsed is the time from start to submit, at most the limit.
func (r *InterviewResult) TimeUsed() time.Duration {
	return max(0, min(r.TimerEnd.Sub(r.TimerStart), r.TimeLimit()))
}

// WriteResult writes r to path atomically (temp file, fsync, rename), 0600.
func WriteResult(path string, r *InterviewResult) error {
	if err := r.validate(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return fsx.WriteFileAtomic(path, append(data, '\n'), false)
}

// ReadResult reads a result file strictly: at most 32 MiB, one JSON object,
// unknown fields rejected (the format is ours, so an unknown field means a
// newer firedrill or a hand edit, and grading on a guess is worse than a
// clear error), its free text sanitized, then every field checked.
func ReadResult(path string) (*InterviewResult, error) {
	return fsx.ReadParsed(path, maxResultFile, ParseResult)
}

// ParseResult parses result.json bytes (see ReadResult).
func ParseResult(data []byte) (*InterviewResult, error) {
	if len(data) > maxResultFile {
		return nil, fmt.Errorf("larger than %d bytes", maxResultFile)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r InterviewResult
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("not a result file: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the result")
	}
	r.Chain = ChainCheck{Checked: true, BrokenAt: VerifyChain(r.ChainHeader(), r.Actions)}
	r.sanitize()
	if err := r.validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

// sanitize makes the free text of a result read from a file safe to
// print: the file is the candidate's, not the pack author's, and may be
// hand-edited to carry terminal escapes. Ids need no cleaning: validate
// refuses any that are not ids. It runs before validate, so the limits
// hold for the text as it will be shown (and a parsed result parses
// again: sanitizing is idempotent).
func (r *InterviewResult) sanitize() {
	r.Justification = game.SanitizeLine(r.Justification) // the submit screen's one line
	r.FiredrillVersion = game.SanitizeLine(r.FiredrillVersion)
	for i := range r.Actions {
		a := &r.Actions[i]
		a.Kind = game.ActionKind(game.SanitizeLine(string(a.Kind)))
		a.Target = game.SanitizeLine(a.Target)
		a.Detail = game.SanitizeLine(a.Detail)
		a.Service = game.SanitizeLine(a.Service)
	}
	for i, h := range r.Notebook.Hints {
		r.Notebook.Hints[i] = game.Sanitize(h)
	}
	for i := range r.Notebook.Hypotheses {
		h := &r.Notebook.Hypotheses[i]
		h.Text = game.Sanitize(h.Text)
		for j := range h.Evidence {
			sanitizePin(&h.Evidence[j])
		}
	}
	for i := range r.Attached {
		sanitizePin(&r.Attached[i])
	}
}

// sanitizePin cleans every text field of a pin from a result file.
func sanitizePin(p *game.Pin) {
	for _, f := range []*string{&p.Label, &p.Ref, &p.Service, &p.Text, &p.Level, &p.Trace, &p.Span,
		&p.Status, &p.Metric, &p.Event, &p.EventKind} {
		*f = game.SanitizeLine(*f)
	}
}

func (r *InterviewResult) validate() error {
	switch {
	case r.Version != ResultVersion:
		return fmt.Errorf("version %d; this firedrill reads version %d", r.Version, ResultVersion)
	case !game.ValidDigest(r.PackManifestDigest):
		return errors.New("pack_manifest_digest is not a hex sha256")
	case !game.ValidID(r.PackID):
		return fmt.Errorf("pack_id %q is not an id", r.PackID)
	case !game.ValidID(r.ScenarioID):
		return fmt.Errorf("scenario_id %q is not an id", r.ScenarioID)
	case r.Pick != "" && !game.ValidID(r.Pick):
		return fmt.Errorf("pick %q is not a choice id", r.Pick)
	case len(r.Justification) > maxJustification:
		return errors.New("justification is too long")
	case len(r.Actions) > maxResultActions:
		return errors.New("too many actions")
	case len(r.Attached) > game.MaxAttached:
		return fmt.Errorf("attached: %d pins; the submit attaches at most %d", len(r.Attached), game.MaxAttached)
	case len(r.Notebook.Hypotheses) > maxResultNotebook || len(r.Notebook.Hints) > maxResultNotebook:
		return errors.New("notebook is too long")
	case r.TimerStart.IsZero() || !r.Deadline.After(r.TimerStart):
		return errors.New("timer_start and deadline do not make a time limit")
	case r.Elapsed < 0:
		return errors.New("elapsed_ns is negative")
	}
	for i, a := range r.Actions {
		if a.Offset < 0 || (i > 0 && a.Offset < r.Actions[i-1].Offset) {
			return fmt.Errorf("actions[%d]: offsets must be monotonic and not negative", i)
		}
	}
	return nil
}

// ErrOtherPack means a result file was made on another pack than the one
// the interviewer's key was sealed with.
var ErrOtherPack = errors.New("the result was made for another pack than this key")
