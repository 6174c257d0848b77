package main

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/game/seal"
)

// TestPlayRefusesBeforeTheScreenOpens: bad flag combinations are usage
// errors (2), and a pack that cannot be played in the mode asked is a
// clear error (1); none of them opens the terminal UI.
func TestPlayRefusesBeforeTheScreenOpens(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"play", "starter", "--mode", "speedrun"}, 2, "want practice, drill or interview"},
		{[]string{"play", "starter", "--mode", "drill", "--untimed"}, 2, "practice mode only"},
		{[]string{"play", "starter", "--out", "r.json"}, 2, "interview mode only"},
		{[]string{"play", "../../testdata/packs/mini", "--mode", "interview"}, 1, "interview mode needs a sealed pack"},
		{[]string{"play", "starter", "--mode", "interview"}, 1, "interview mode needs a sealed pack"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[1:], " "), func(t *testing.T) {
			cmd := newRootCmd()
			cmd.SetArgs(tt.args)
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			var ee *exitError
			if err := cmd.Execute(); !errors.As(err, &ee) || ee.code != tt.code || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want exit %d saying %q", err, tt.code, tt.want)
			}
		})
	}
}

// An interview already handed in does not open again: play says where the
// result went, before the screen opens.
func TestPlayRefusesAFinishedInterview(t *testing.T) {
	dir := isolate(t)
	key := filepath.Join(dir, "author")
	mustRun(t, "keygen", key)
	src, sealed := filepath.Join(dir, "src"), filepath.Join(dir, "candidate-pack")
	copyMini(t, src)
	mustRun(t, "pack", "seal", src, sealed, "--key", key, "--interview", filepath.Join(dir, "key.json"))
	p, errs := pack.Open(sealed)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s, err := play.NewSession(play.SessionConfig{PackID: p.ID, PackSource: sealed, PackDigest: "ab",
		Scenario: p.Scenarios[0], Mode: game.ModeInterview})
	if err != nil {
		t.Fatal(err)
	}
	s.Submit("cache-invalidation", "", time.Now())
	s.ResultPath = filepath.Join(dir, "result.json")
	data, _ := play.DataDir()
	if err := s.Save(data); err != nil {
		t.Fatal(err)
	}
	out, code, err := run(t, "play", sealed, "--mode", "interview")
	if code != 1 || !strings.Contains(err.Error()+out, "already handed in") || !strings.Contains(err.Error()+out, s.ResultPath) {
		t.Fatalf("play a finished interview: exit %d, %v\n%s", code, err, out)
	}
}

// Finding 7: play --help and trust --help said untrusted packs are
// practice only, but drill and interview run on them (only a tampered
// pack is practice only; trust decides the leaderboard). The help says
// what checkPlayable does.
func TestPlayAndTrustHelpSayWhatHappens(t *testing.T) {
	untrusted := seal.PackStatus{Sealed: true, Verified: true, Report: seal.VerifyReport{Interview: true}}
	for _, md := range []game.Mode{game.ModePractice, game.ModeDrill, game.ModeInterview} {
		if err := checkPlayable(untrusted, md); err != nil {
			t.Errorf("an untrusted verified pack in %s: %v", md, err)
		}
	}
	tampered := seal.PackStatus{Sealed: true, Err: seal.ErrTampered}
	if checkPlayable(tampered, game.ModeDrill) == nil || checkPlayable(tampered, game.ModePractice) != nil {
		t.Error("a tampered pack is not practice only")
	}
	for _, args := range [][]string{{"play", "--help"}, {"trust", "--help"}} {
		out, _, _ := run(t, args...)
		flat := strings.Join(strings.Fields(out), " ")
		for _, lie := range []string{"tampered or untrusted one plays in practice mode only", "any other pack is practice only"} {
			if strings.Contains(flat, lie) {
				t.Errorf("%s says %q", strings.Join(args, " "), lie)
			}
		}
		if !strings.Contains(flat, "leaderboard") || !strings.Contains(flat, "every mode") {
			t.Errorf("%s does not say untrusted packs play in every mode, off the leaderboard:\n%s", strings.Join(args, " "), out)
		}
	}
}
