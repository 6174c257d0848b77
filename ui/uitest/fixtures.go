package uitest

import (
	"os"
	"path/filepath"
	"testing"

	"firedrill/game"
	"firedrill/game/pack"
)

// Pack loads the fixture pack testdata/packs/<name> of the module,
// whichever package's test asks. The path is relative to the test's
// directory ("../../testdata/packs/mini"): screens show it, and goldens
// must not depend on where the repository is checked out.
func Pack(t testing.TB, name string) *game.Pack {
	t.Helper()
	p, errs := pack.Open(filepath.Join(moduleRoot(t), "testdata", "packs", name))
	if len(errs) > 0 {
		t.Fatalf("load the %s pack: %v", name, errs)
	}
	return p
}

// Scenario is the first scenario of the fixture pack name.
func Scenario(t testing.TB, name string) *game.Scenario {
	t.Helper()
	return Pack(t, name).Scenarios[0]
}

// Mini is the one scenario of the smallest fixture, testdata/packs/mini.
func Mini(t testing.TB) *game.Scenario {
	t.Helper()
	return Scenario(t, "mini")
}

// moduleRoot is the relative path from the test's directory up to the
// one holding go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	up := "."
	for range 16 {
		if _, err := os.Stat(filepath.Join(up, "go.mod")); err == nil {
			return up
		}
		up = filepath.Join(up, "..")
	}
	t.Fatal("no go.mod above the test's directory")
	return ""
}
