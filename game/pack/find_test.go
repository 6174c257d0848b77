package pack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"firedrill/scenarios"
)

func TestFind(t *testing.T) {
	starter, errs := Load(scenarios.FS, "starter")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	last := starter.Scenarios[len(starter.Scenarios)-1].ID
	tests := []struct {
		arg, pack, scenario string
		fails               bool
	}{
		{arg: "../../testdata/packs/mini", pack: "mini", scenario: "cache-stampede"},
		{arg: "../../testdata/packs/mini/scenarios/cache.yaml", pack: "cache-stampede", scenario: "cache-stampede"},
		{arg: "starter", pack: "starter", scenario: ""}, // several: the player picks
		{arg: "starter/" + last, pack: "starter", scenario: last},
		{arg: "starter/nope", fails: true},
		{arg: "no-such-pack", fails: true},
	}
	for _, tt := range tests {
		p, s, errs := Library().Find(tt.arg)
		if tt.fails {
			if len(errs) == 0 {
				t.Errorf("Find(%q) succeeded, want an error", tt.arg)
			}
			continue
		}
		if len(errs) > 0 {
			t.Errorf("Find(%q): %v", tt.arg, errs)
			continue
		}
		got := ""
		if s != nil {
			got = s.ID
		}
		if p.ID != tt.pack || got != tt.scenario {
			t.Errorf("Find(%q) = %s/%q, want %s/%q", tt.arg, p.ID, got, tt.pack, tt.scenario)
		}
	}
}

// firedrill list shows installed packs by id; play must open them by it.
func TestFindInstalledPack(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	dst := filepath.Join(data, "firedrill", "packs", "mini")
	if err := os.CopyFS(dst, os.DirFS("../../testdata/packs/mini")); err != nil {
		t.Fatal(err)
	}
	p, s, errs := Library().Find("mini/cache-stampede")
	if len(errs) > 0 || p.ID != "mini" || s.ID != "cache-stampede" {
		t.Fatalf("Find(mini/cache-stampede) = %v, %v, %v; want the installed pack", p, s, errs)
	}
	// A broken installed pack reports its own errors, not "no such pack".
	if err := os.WriteFile(filepath.Join(dst, "pack.yaml"), []byte("format: nope\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, errs = Library().Find("mini")
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "pack.yaml") {
		t.Fatalf("Find(mini) on a broken installed pack = %v; want its pack.yaml error", errs)
	}
}
