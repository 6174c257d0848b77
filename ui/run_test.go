package ui

import "testing"

func TestResolve(t *testing.T) {
	tests := []struct {
		arg, pack, scenario string
		fails               bool
	}{
		{arg: "../testdata/packs/mini", pack: "mini", scenario: "cache-stampede"},
		{arg: "../testdata/packs/mini/scenarios/cache.yaml", pack: "cache-stampede", scenario: "cache-stampede"},
		{arg: "starter", pack: "starter", scenario: "payments-dns"}, // a bare pack id opens its first scenario
		{arg: "starter/cache-stampede", pack: "starter", scenario: "cache-stampede"},
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
		if p.ID != tt.pack || s.ID != tt.scenario {
			t.Errorf("Resolve(%q) = %s/%s, want %s/%s", tt.arg, p.ID, s.ID, tt.pack, tt.scenario)
		}
	}
}
