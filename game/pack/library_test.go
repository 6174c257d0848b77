package pack

import (
	"os"
	"path/filepath"
	"testing"

	"firedrill/game"
)

// BenchmarkLoadPacks is the picker's start-up work: every embedded pack
// (and the installed ones, none here) loaded and indexed, in parallel.
func BenchmarkLoadPacks(b *testing.B) {
	b.Setenv("XDG_DATA_HOME", b.TempDir())
	for b.Loop() {
		packs, errs := Library().Packs()
		if len(errs) > 0 || len(packs) == 0 {
			b.Fatalf("%d packs, errors %v", len(packs), errs)
		}
	}
}

func TestLibrarySkipsBrokenInstalledPack(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	if err := os.MkdirAll(filepath.Join(dir, "firedrill", "packs", "broken"), 0o700); err != nil {
		t.Fatal(err)
	}
	packs, errs := Library().Packs()
	if len(errs) == 0 {
		t.Error("a folder without pack.yaml loaded without an error")
	}
	for _, p := range packs {
		if p.Source != game.SourceEmbedded {
			t.Errorf("pack %s from %s loaded; only the embedded ones should", p.ID, p.Source)
		}
	}
	if len(packs) == 0 {
		t.Error("the broken pack stopped the embedded ones loading")
	}
}
