package picker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"firedrill/ui/styles"
)

// BenchmarkLoadPacks is the picker's start-up work: every embedded pack
// (and the installed ones, none here) loaded and indexed.
func BenchmarkLoadPacks(b *testing.B) {
	b.Setenv("XDG_DATA_HOME", b.TempDir())
	for b.Loop() {
		packs, errs := LoadPacks()
		if len(errs) > 0 || len(packs) == 0 {
			b.Fatalf("%d packs, errors %v", len(packs), errs)
		}
	}
}

func TestLoadPacksSkipsBrokenInstalledPack(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	if err := os.MkdirAll(filepath.Join(dir, "firedrill", "packs", "broken"), 0o700); err != nil {
		t.Fatal(err)
	}
	packs, errs := LoadPacks()
	if len(errs) == 0 {
		t.Error("a folder without pack.yaml loaded without an error")
	}
	for _, p := range packs {
		if p.Source != "embedded" {
			t.Errorf("pack %s from %s loaded; only the embedded ones should", p.ID, p.Source)
		}
	}
	if len(packs) == 0 {
		t.Error("the broken pack stopped the embedded ones loading")
	}
}

// The embedded library shows warm-ups first: starter, core, nightmare.
func TestEmbeddedLibraryOrder(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	packs, errs := LoadPacks()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := New(packs, styles.New(true, true))
	var headings []string
	for _, it := range m.list.Items() {
		if h, ok := it.(heading); ok {
			headings = append(headings, h.pack.ID)
		}
	}
	if got := strings.Join(headings, ","); got != "starter,core,nightmare" {
		t.Errorf("pack headings %s, want starter,core,nightmare", got)
	}
}
