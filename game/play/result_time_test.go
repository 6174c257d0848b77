package play_test

import (
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
	"firedrill/game/play"
	"firedrill/game/seal"
)

// result.json carries the timing record: the monotonic elapsed total, and
// an action log with elapsed offsets, wall-clock stamps and an intact hash
// chain that still verifies after the reader sanitized its text (the
// justification holds an escape). timer_end is when the clock stopped,
// even when the file is written later.
func TestResultCarriesTheTimingRecord(t *testing.T) {
	dir := sealMini(t, seal.Options{Key: gametest.Key(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")})
	r := playInterview(t, dir, "cache-invalidation", 6*time.Minute)
	got := readBack(t, r)
	if got.Elapsed != 6*time.Minute {
		t.Errorf("elapsed %v, want 6m0s", got.Elapsed)
	}
	hexHash := regexp.MustCompile(`^[0-9a-f]{64}$`)
	for i, a := range got.Actions {
		if !hexHash.MatchString(a.Hash) || a.Wall.IsZero() {
			t.Errorf("action %d: hash %q wall %v", i, a.Hash, a.Wall)
		}
	}
	if last := got.Actions[len(got.Actions)-1]; last.Elapsed != 6*time.Minute || !last.Wall.Equal(got.TimerEnd) {
		t.Errorf("the submit: elapsed %v wall %v; want 6m0s at timer_end %v", last.Elapsed, last.Wall, got.TimerEnd)
	}
	if at := got.ChainBrokenAt(); at != -1 {
		t.Errorf("the chain of an honest result breaks at %d", at)
	}
	got.Actions[1].Detail = "edited"
	if at := got.ChainBrokenAt(); at != -1 {
		t.Errorf("ChainBrokenAt is the file as read (%d), not an edit made since", at)
	}
}

func TestResultEndsWhenTheClockStopped(t *testing.T) {
	dir := sealMini(t, seal.Options{Key: gametest.Key(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")})
	p := mustOpen(t, dir)
	rep, err := seal.VerifyPackWith(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := gametest.NewClock()
	s, err := play.NewSession(play.SessionConfig{PackID: p.ID, PackSource: dir, PackDigest: rep.ManifestDigest,
		Scenario: p.Scenarios[0], Mode: game.ModeInterview, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(16 * time.Minute)
	s.TimeUp(clock.T)
	clock.Advance(2 * time.Minute) // the candidate reads the time's-up screen
	r, err := play.NewInterviewResult(s, "test")
	if err != nil {
		t.Fatal(err)
	}
	if want := gametest.NewClock().T.Add(16 * time.Minute); !r.TimerEnd.Equal(want) {
		t.Errorf("timer_end %v; want the time's up at %v", r.TimerEnd, want)
	}
}
