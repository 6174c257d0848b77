package pack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"firedrill/game"
	"firedrill/scenarios"
)

func packYAML(id string) string {
	return "format: firedrill/v1\nid: " + id + "\ntitle: Pack " + id + "\nscenarios: [scenarios/s.yaml]\n"
}

func writePack(t *testing.T, dir, id, scenario string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Join(dir, "scenarios"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "pack.yaml"), []byte(packYAML(id)), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "scenarios", "s.yaml"), []byte(scenario), 0o600))
}

func TestCatalog(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid.yaml")
	must(t, err)
	embedded := fstest.MapFS{
		"a/pack.yaml":        {Data: []byte(packYAML("a"))},
		"a/scenarios/s.yaml": {Data: valid},
		"b/pack.yaml":        {Data: []byte(packYAML("b"))},
		"b/scenarios/s.yaml": {Data: []byte("format: firedrill/v1\n")},
	}
	installed := t.TempDir()
	writePack(t, filepath.Join(installed, "c-pack"), "c", string(valid))
	writePack(t, filepath.Join(installed, "d-pack"), "d", "id: [broken\n")
	writePack(t, filepath.Join(installed, "e-pack"), "a", string(valid)) // id taken by the embedded pack
	must(t, os.WriteFile(filepath.Join(installed, "README"), []byte("not a pack"), 0o600))

	packs, errs := NewCatalog(embedded, []string{"a", "b"}, installed).Packs()
	var ids, sources []string
	for _, p := range packs {
		ids = append(ids, p.ID)
		sources = append(sources, p.Source)
	}
	if strings.Join(ids, ",") != "a,c" {
		t.Errorf("packs = %v, want a,c", ids)
	}
	if sources[0] != game.SourceEmbedded || sources[1] != filepath.Join(installed, "c-pack") {
		t.Errorf("sources = %v", sources)
	}
	all := joinErrors(errs)
	for _, want := range []string{"b/scenarios/s.yaml:1: ", filepath.Join(installed, "d-pack", "scenarios", "s.yaml") + ":1",
		`pack id "a" is already used by embedded`} {
		if !strings.Contains(all, want) {
			t.Errorf("errors lack %q:\n%s", want, all)
		}
	}

	packs, errs = NewCatalog(embedded, []string{"a"}, filepath.Join(installed, "missing")).Packs()
	if len(packs) != 1 || len(errs) != 0 {
		t.Errorf("missing installed dir: %d packs, errors %v", len(packs), errs)
	}
}

func TestEmbeddedPacksLoad(t *testing.T) {
	packs, errs := NewCatalog(scenarios.FS, scenarios.Packs(), "").Packs()
	if len(errs) > 0 || len(packs) == 0 {
		t.Fatalf("%d packs, errors:\n%s", len(packs), joinErrors(errs))
	}
}

// TestFindRefs resolves every form of reference against a catalog of one
// installed pack (TestFind does the embedded library).
func TestFindRefs(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid.yaml")
	must(t, err)
	dir := t.TempDir()
	writePack(t, filepath.Join(dir, "p"), "p", string(valid))
	catalog := NewCatalog(nil, nil, dir)
	tests := []struct{ ref, pack, scenario, err string }{
		{"p/base", "p", "base", ""},
		{"p", "p", "base", ""}, // its only scenario
		{"p/nope", "", "", `pack "p" has no scenario "nope" (it has: base)`},
		{"zzz", "", "", `zzz: no such file, and no embedded or installed pack with that id`},
		{filepath.Join(dir, "p"), "p", "base", ""},
		{filepath.Join(dir, "p", "scenarios", "s.yaml"), "base", "base", ""},
		{"", "", "", "name a scenario"},
	}
	for _, tt := range tests {
		p, s, errs := catalog.Find(tt.ref)
		switch {
		case tt.err != "":
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.err) {
				t.Errorf("Find(%q) errors = %v, want %q", tt.ref, errs, tt.err)
			}
		case len(errs) > 0 || p.ID != tt.pack || s.ID != tt.scenario:
			t.Errorf("Find(%q) = %v, %v, %v; want %s/%s", tt.ref, p, s, errs, tt.pack, tt.scenario)
		}
	}
}

// TestOpenScenarioInsidePack checks a single scenario file opened from
// inside its pack can still read the pack's data folder.
func TestOpenScenarioInsidePack(t *testing.T) {
	dir := t.TempDir()
	writePack(t, dir, "p", scenarioWith("logs:\n  - include: ../data/app.log\n    format: text\n"))
	must(t, os.MkdirAll(filepath.Join(dir, "data"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "data", "app.log"), []byte("2025-08-20T14:00:01Z INFO api hi\n"), 0o600))
	p, errs := Open(filepath.Join(dir, "scenarios", "s.yaml"))
	if len(errs) > 0 || p.Scenarios[0].Logs.Len() != 1 {
		t.Fatalf("errors: %v", errs)
	}
}
