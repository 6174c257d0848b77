package ui

import (
	"testing"

	"firedrill/game"
	"firedrill/scenarios"
)

func TestResolve(t *testing.T) {
	starter, errs := game.LoadPack(scenarios.FS, "starter")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	last := starter.Scenarios[len(starter.Scenarios)-1].ID
	tests := []struct {
		arg, pack, scenario string
		fails               bool
	}{
		{arg: "../testdata/packs/mini", pack: "mini", scenario: "cache-stampede"},
		{arg: "../testdata/packs/mini/scenarios/cache.yaml", pack: "cache-stampede", scenario: "cache-stampede"},
		{arg: "starter", pack: "starter", scenario: ""}, // several: the player picks
		{arg: "starter/" + last, pack: "starter", scenario: last},
		{arg: "starter/nope", fails: true},
		{arg: "no-such-pack", fails: true},
	}
	for _, tt := range tests {
		p, s, errs := Resolve(tt.arg)
		if tt.fails {
			if len(errs) == 0 {
				t.Errorf("Resolve(%q) succeeded, want an error", tt.arg)
			}
			continue
		}
		if len(errs) > 0 {
			t.Errorf("Resolve(%q): %v", tt.arg, errs)
			continue
		}
		got := ""
		if s != nil {
			got = s.ID
		}
		if p.ID != tt.pack || got != tt.scenario {
			t.Errorf("Resolve(%q) = %s/%q, want %s/%q", tt.arg, p.ID, got, tt.pack, tt.scenario)
		}
	}
}
