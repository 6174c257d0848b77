package seal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"firedrill/game/internal/gametest"
)

// Finding 4: sealing a copy of an embedded scenario gave the answer away
// through the candidate's own binary, and seal accepted it silently. It
// refuses (game/public has the cases it recognises), unless AllowPublic,
// which seals and reports the matches for a warning.
func TestSealRefusesPublicScenarios(t *testing.T) {
	src := filepath.Join(t.TempDir(), "my-pack")
	if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "..", "scenarios", "starter"))); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "candidate-pack")
	_, err := Pack(src, out, Options{Key: gametest.Key(3), InterviewKeyOut: filepath.Join(t.TempDir(), "k.json")})
	var pe *PublicError
	if !errors.Is(err, ErrPublicScenario) || !errors.As(err, &pe) {
		t.Fatalf("err = %v; want a PublicError", err)
	}
	for _, want := range []string{filepath.Join(src, "scenarios", "payments-failing.yaml"),
		"embedded scenario starter/payments-failing", "--allow-public"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused seal left the output folder")
	}
	// every scenario of the copy is an embedded one
	all, err := filepath.Glob(filepath.Join(src, "scenarios", "*.yaml"))
	if err != nil || len(all) == 0 {
		t.Fatalf("the starter copy holds no scenario: %v", err)
	}
	rep, err := Pack(src, out, Options{Key: gametest.Key(3), AllowPublic: true})
	if err != nil || len(rep.Public) != len(all) {
		t.Fatalf("AllowPublic: %v, public %v; want sealed with the %d matches reported", err, rep.Public, len(all))
	}
}

// The author's own scenario is not public.
func TestSealOwnScenarioIsNotPublic(t *testing.T) {
	rep, err := Pack(gametest.MiniPack(), filepath.Join(t.TempDir(), "out"), Options{Key: gametest.Key(3)})
	if err != nil || len(rep.Public) != 0 {
		t.Errorf("the mini pack: %v, public %v", err, rep.Public)
	}
}
