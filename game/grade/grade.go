// Package grade judges a play: grading a pick with an AnswerKey, scoring,
// coaching from the action log and notebook, grading an interview result
// with the interviewer's key, and the leaderboard.
package grade

import (
	"errors"
	"fmt"
	"time"

	"firedrill/game"
	"firedrill/game/play"
)

// Result is one graded play: a leaderboard row (one JSON object a line in
// leaderboard.jsonl) and what the debrief heads with. The JSON field names
// are stable: `firedrill leaderboard --json` prints these objects.
type Result struct {
	PackID     string `json:"pack"`
	ScenarioID string `json:"scenario"`
	// Tags are the scenario's archetype tags at the time of play, so
	// per-archetype stats need no pack on disk.
	Tags     []string      `json:"tags,omitempty"`
	Pick     string        `json:"pick"`
	Correct  bool          `json:"correct"`
	Score    Score         `json:"score"`
	TimeUsed time.Duration `json:"time_used_ns"`
	Hints    int           `json:"hints"`
	Mode     game.Mode     `json:"mode"`
	Untimed  bool          `json:"untimed,omitempty"`
	Date     time.Time     `json:"date"` // wall clock of the submit, UTC
	// Trusted is true only when the pack's signature verified against a
	// trusted author key. Only trusted results reach the leaderboard:
	// AppendResult refuses the others, and the UI does not offer them.
	Trusted bool `json:"trusted"`
	// Daily is the UTC date ("2006-01-02") of a daily drill, "" otherwise.
	Daily string `json:"daily,omitempty"`

	// Verdict is proven, right (proof not graded), unproven or wrong;
	// rows written before proof grading have none (see Outcome).
	Verdict Verdict `json:"verdict,omitempty"`

	// The play's record for team boards (docs/TEAMS.md); rows written
	// before teams have none and are not exported.

	// PackDigest names the exact pack played: a sealed pack's manifest
	// digest (hex), "builtin:ID@VERSION" for a built-in pack,
	// "daily:SIMVERSION" for a daily drill (PackDigestFor).
	PackDigest string `json:"pack_digest,omitempty"`
	// ChainHead is the hex hash at the end of the play's action log: it
	// commits to every action, the start and the pack, so it names the
	// play (two files with one head are one play).
	ChainHead string `json:"chain_head,omitempty"`
	// Elapsed is the honest time used: the larger of the game's clock and
	// the wall clock (Honesty.TimeUsed); 0 when not checked.
	Elapsed time.Duration `json:"elapsed_ns,omitempty"`
	// Flags are the honesty flag codes the play raised (CheckTime); nil
	// for an honest play, and for practice, whose pauses the checks do not
	// model.
	Flags      []string `json:"flags,omitempty"`
	WrongPicks int      `json:"wrong_picks,omitempty"` // wrong picks before this one
}

// HonestTime is the time a team board ranks by: Elapsed when the play
// was checked, never less than TimeUsed.
func (r Result) HonestTime() time.Duration { return max(r.TimeUsed, r.Elapsed) }

// PackDigestFor is the PackDigest of a play on p: the manifest digest of
// a sealed pack (sealedDigest, "" if not sealed), else "daily:" and the
// simulator version for a daily drill, else "builtin:ID@VERSION" for an
// embedded pack; "" for a source pack on disk, whose results never count.
func PackDigestFor(p *game.Pack, sealedDigest string, daily bool, simVersion string) string {
	switch {
	case sealedDigest != "":
		return sealedDigest
	case daily:
		return "daily:" + simVersion
	case p.Source == game.SourceEmbedded:
		return "builtin:" + p.ID + "@" + p.Version
	}
	return ""
}

// Outcome is the row's verdict. A row recorded before firedrill graded
// proof has none: a right one counts as VerdictRight ("right, before proof
// grading"), keeping its score and ranking after proven plays, since the
// player was never asked for proof; a wrong one is wrong.
func (r Result) Outcome() Verdict {
	switch {
	case r.Verdict != "":
		return r.Verdict
	case r.Correct:
		return VerdictRight
	}
	return VerdictWrong
}

// ApplyProof records a proof report on a graded result: the verdict and
// the score's proof lines (ScoreProof).
func (r *Result) ApplyProof(p ProofReport) {
	r.Verdict = p.Verdict
	r.Score = ScoreProof(r.Score, p)
}

// Input is the play's context that grading needs besides the pick: how
// long it took, what it cost, where it happened.
type Input struct {
	PackID       string
	Mode         game.Mode
	Untimed      bool
	TimeUsed     time.Duration // elapsed game time at the submit
	TimeLeft     time.Duration // on the clock at the submit (ignored when untimed)
	Hints        int           // hints revealed
	WrongSubmits int           // earlier wrong picks where the mode allowed a retry
	Trusted      bool
	Date         time.Time // the submit's wall time
}

// ErrUnknownChoice means the pick names no choice of the scenario: a bug in
// the caller or a tampered result file, never a wrong answer.
var ErrUnknownChoice = errors.New("not a choice of this scenario")

// Grade checks pick against key and scores it. A pick that is not one of
// the scenario's choices is an error (wrapping ErrUnknownChoice), as is a
// missing key (ErrNoAnswer: an interview pack graded later).
func Grade(key game.AnswerKey, s *game.Scenario, pick string, in Input) (Result, error) {
	if key == nil {
		return Result{}, game.ErrNoAnswer
	}
	if _, ok := s.Choice(pick); !ok {
		return Result{}, fmt.Errorf("scenario %s: pick %q: %w", s.ID, pick, ErrUnknownChoice)
	}
	correct, err := key.Check(pick)
	if err != nil {
		return Result{}, fmt.Errorf("scenario %s: grading: %w", s.ID, err)
	}
	return Result{
		PackID:     in.PackID,
		ScenarioID: s.ID,
		Tags:       append([]string(nil), s.Tags...),
		Pick:       pick,
		Correct:    correct,
		Score:      ScoreResult(s, correct, in.TimeLeft, s.TimeLimit, in.Hints, in.WrongSubmits, in.Untimed),
		TimeUsed:   max(0, in.TimeUsed),
		Hints:      in.Hints,
		Mode:       in.Mode,
		Untimed:    in.Untimed,
		Date:       in.Date.UTC(),
		Trusted:    in.Trusted,
		WrongPicks: in.WrongSubmits,
	}, nil
}

// SessionInput is the session's part of grading, for Grade; the caller
// sets Trusted from the pack's verification.
func SessionInput(s *play.Session, now time.Time) Input {
	return Input{PackID: s.PackID, Mode: s.Mode, Untimed: s.Untimed, TimeUsed: s.TimeUsed(now),
		TimeLeft: s.Remaining(now), Hints: s.Hints, WrongSubmits: s.WrongSubmits, Date: now}
}
