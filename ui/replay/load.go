package replay

import (
	"errors"
	"fmt"

	"firedrill/game"
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
	return Input{Result: res, Pack: p, Scenario: s,
		Warning: packWarning(packDir, res.PackManifestDigest)}, nil
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
