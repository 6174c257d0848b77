package replay

import (
	"errors"
	"fmt"
	"strings"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/game/seal"
)

// Input is everything a replay shows, read before the program starts (the
// model itself never does I/O).
type Input struct {
	Result   *play.InterviewResult // sanitized by play.ReadResult: the file may be hand-edited
	Pack     *game.Pack
	Scenario *game.Scenario
	// Warning is one line shown above the replay when the pack may not be
	// the one the candidate played (not sealed, tampered, other digest);
	// "" when the digests match.
	Warning string
	// Time is the result's times checked against the pack's limit, as
	// grade checks them: the header shows its time used, not the file's
	// own wall-clock stamps, which a candidate can edit.
	Time grade.Honesty
}

// Load reads the candidate's result file and the pack. A pack whose
// MANIFEST digest differs from the result's is still replayed, with a
// warning: the interviewer may hold a re-sealed copy of the same pack.
func Load(resultPath, packDir string) (Input, error) {
	res, err := play.ReadResult(resultPath)
	if err != nil {
		return Input{}, err // ReadResult names the file
	}
	p, errs := pack.Open(packDir)
	if len(errs) > 0 {
		return Input{}, fmt.Errorf("--pack %s: %v", packDir, errs[0])
	}
	s := p.Scenario(res.ScenarioID)
	if s == nil {
		return Input{}, fmt.Errorf("--pack %s has no scenario %q (the result's scenario)", packDir, res.ScenarioID)
	}
	h := grade.CheckTime(res, s.TimeLimit)
	warn := packWarning(packDir, res.PackManifestDigest)
	if len(h.Flags) > 0 { // first: a pack warning is often only "not sealed"
		warn = joinWarnings(timeWarning(h), warn)
	}
	return Input{Result: res, Pack: p, Scenario: s, Warning: warn, Time: h}, nil
}

// timeWarning names the honesty flags in one line; grade explains each.
func timeWarning(h grade.Honesty) string {
	codes := make([]string, len(h.Flags))
	for i, f := range h.Flags {
		codes[i] = f.Code
	}
	return "the result's times do not add up (" + strings.Join(codes, ", ") + "): run grade for details"
}

func joinWarnings(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// packWarning compares the pack's MANIFEST digest with the one the result
// recorded. Trust does not matter here (nil store): the interviewer only
// needs to know the screens show the candidate's pack.
func packWarning(dir, want string) string {
	rep, err := seal.VerifyPackWith(dir, nil)
	switch {
	case errors.Is(err, seal.ErrNotSealed):
		return "this pack is not sealed: cannot confirm it is the pack the candidate played"
	case err != nil:
		return "this pack fails verification (" + err.Error() + "): the screens may differ from the candidate's"
	case rep.ManifestDigest != want:
		return fmt.Sprintf("pack MANIFEST digest %.12s… differs from the result's %.12s…: not the pack the candidate played",
			rep.ManifestDigest, want)
	}
	return ""
}
