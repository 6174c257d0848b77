package seal

import (
	"errors"
	"fmt"

	"firedrill/game"
)

// PackStatus is what the game knows about a pack's seal before play:
// whether it is sealed, verified and trusted, and so which modes it allows
// (an unsigned or untrusted pack still plays in practice) and whether its
// results may reach the leaderboard (trusted only).
type PackStatus struct {
	Sealed   bool         // has a MANIFEST
	Verified bool         // sealed, and every byte matches the signed manifest
	Trusted  bool         // verified, and signed by a key in the trust store
	Report   VerifyReport // set when Verified
	Err      error        // why verification failed (a VerifyError), when Sealed && !Verified
}

// CheckPack verifies p's folder if it is a sealed pack. Embedded and
// single-file packs are unsealed source packs.
func CheckPack(p *game.Pack) PackStatus {
	if p.Source == "" || p.Source == "embedded" || !isSealedDir(p.Source) {
		return PackStatus{}
	}
	rep, err := VerifyPack(p.Source)
	if err != nil {
		return PackStatus{Sealed: true, Err: err}
	}
	return PackStatus{Sealed: true, Verified: true, Trusted: rep.Trusted, Report: rep}
}

// CheckPacks runs CheckPack once on each pack (nil ones skipped). It reads
// every file of every sealed pack: run it before play, never in Update.
func CheckPacks(packs []*game.Pack) map[*game.Pack]PackStatus {
	out := map[*game.Pack]PackStatus{}
	for _, p := range packs {
		if p == nil {
			continue
		}
		if _, done := out[p]; !done {
			out[p] = CheckPack(p)
		}
	}
	return out
}

// Tampered reports a sealed pack that failed verification.
func (s PackStatus) Tampered() bool { return s.Sealed && !s.Verified }

// Warning is the one line the game shows for a pack that is not trusted
// ("" for a trusted pack).
func (s PackStatus) Warning() string {
	switch {
	case s.Tampered():
		return fmt.Sprintf("pack failed verification (%v): practice only, results not recorded", s.Err)
	case !s.Sealed:
		return "unsigned pack: results stay off the leaderboard"
	case !s.Trusted:
		return "signed by an untrusted key " + s.Report.Fingerprint + ": results stay off the leaderboard"
	}
	return ""
}

// LeaderboardOK reports whether results on this pack may be recorded.
func (s PackStatus) LeaderboardOK() bool { return s.Trusted }

// ErrModeNeedsSeal is returned by AllowsMode for a mode the pack's seal
// does not permit.
var ErrModeNeedsSeal = errors.New("mode not allowed for this pack")

// AllowsMode says whether mode m may be played: a tampered pack is
// practice only, and interview mode needs a verified sealed pack (the
// result file records its manifest digest).
func (s PackStatus) AllowsMode(m game.Mode) error {
	switch {
	case s.Tampered() && m != game.ModePractice && m != "":
		return fmt.Errorf("%w: the pack failed verification, so only practice mode is open", ErrModeNeedsSeal)
	case m == game.ModeInterview && !s.Verified:
		return fmt.Errorf("%w: interview mode needs a sealed pack (firedrill pack seal --interview)", ErrModeNeedsSeal)
	}
	return nil
}
