package pack

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

var wantRE = regexp.MustCompile(`# want: ?([a-z_]*)`)

// TestInvalidFixtures loads every file under testdata/invalid and every
// pack under testdata/invalid-packs. Each breaks one rule and marks the
// offending line with "# want: FIELD"; the loader must report exactly
// "path:LINE: FIELD: ..." for it.
func TestInvalidFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	packs, err2 := filepath.Glob("testdata/invalid-packs/*")
	if err != nil || err2 != nil || len(files) < 40 || len(packs) < 5 {
		t.Fatalf("fixtures: %v %v, %d files, %d packs", err, err2, len(files), len(packs))
	}
	for _, target := range append(files, packs...) {
		t.Run(filepath.Base(target), func(t *testing.T) {
			want := wantMarkers(t, target)
			if len(want) == 0 {
				t.Fatal("fixture has no # want: marker")
			}
			_, errs := Open(target)
			for _, w := range want {
				found := false
				for _, e := range errs {
					found = found || strings.HasPrefix(e.Error(), w)
				}
				if !found {
					t.Errorf("no error starting %q; got:\n%s", w, joinErrors(errs))
				}
			}
		})
	}
}

// wantMarkers returns the error prefixes the "# want:" markers in the YAML
// files at or under target call for.
func wantMarkers(t *testing.T, target string) []string {
	var want []string
	err := filepath.WalkDir(target, func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(file) != ".yaml" {
			return err
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := wantRE.FindStringSubmatch(line); m != nil {
				prefix := file + ":" + strconv.Itoa(i+1) + ": "
				if m[1] != "" {
					prefix += m[1] + ": "
				}
				want = append(want, prefix)
			}
		}
		return nil
	})
	must(t, err)
	return want
}

func TestValidFixtureLoads(t *testing.T) {
	p, errs := Open("testdata/valid.yaml")
	if len(errs) > 0 {
		t.Fatalf("errors:\n%s", joinErrors(errs))
	}
	s := p.Scenarios[0]
	if s.Logs.Len() != 1 || len(s.Traces) != 1 || len(s.Metrics) != 1 || len(s.Events) != 1 || s.Answer == nil {
		t.Fatalf("scenario = %+v", s)
	}
}

// TestAllErrorsAtOnce checks the validator does not stop at the first
// problem.
func TestAllErrorsAtOnce(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.yaml")
	must(t, err)
	bad := strings.NewReplacer("difficulty: 3", "difficulty: 9", "kind: deploy", "kind: oops",
		"choice: cache-bug", "choice: nope").Replace(string(data))
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(bad), 0o600))
	_, errs := Open(filepath.Join(dir, "s.yaml"))
	if len(errs) != 3 {
		t.Fatalf("got %d errors, want 3:\n%s", len(errs), joinErrors(errs))
	}
}

func joinErrors(errs []error) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString("  " + e.Error() + "\n")
	}
	return b.String()
}

func TestPackRules(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid.yaml")
	must(t, err)
	tests := []struct{ name, pack, want string }{
		{"duplicate scenario id", "format: firedrill/v1\nid: p\ntitle: P\nscenarios: [a.yaml, b.yaml]\n", "b.yaml:2: id: \"base\" is also the id of a.yaml"},
		{"pack format", "format: v1\nid: p\ntitle: P\nscenarios: [a.yaml]\n", "pack.yaml:1: format: "},
		{"pack id", "format: firedrill/v1\nid: My Pack\ntitle: P\nscenarios: [a.yaml]\n", "pack.yaml:2: id: "},
		{"no scenarios", "format: firedrill/v1\nid: p\ntitle: P\n", "pack.yaml:1: scenarios: "},
		{"scenario escapes", "format: firedrill/v1\nid: p\ntitle: P\nscenarios: [../a.yaml]\n", "pack.yaml:4: scenarios: "},
		{"missing scenario", "format: firedrill/v1\nid: p\ntitle: P\nscenarios: [c.yaml]\n", "c.yaml: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"pack.yaml": {Data: []byte(tt.pack)}, "a.yaml": {Data: valid}, "b.yaml": {Data: valid}}
			_, errs := Load(fsys, ".")
			found := false
			for _, e := range errs {
				found = found || strings.HasPrefix(e.Error(), tt.want)
			}
			if !found {
				t.Fatalf("no error starting %q; got:\n%s", tt.want, joinErrors(errs))
			}
		})
	}
}

func TestFixturePacksLoad(t *testing.T) {
	for _, dir := range []string{"../../testdata/packs/mini", "../../scenarios/starter"} {
		p, errs := Open(dir)
		if len(errs) > 0 {
			t.Errorf("%s:\n%s", dir, joinErrors(errs))
			continue
		}
		if len(p.Scenarios) == 0 || p.Source != dir {
			t.Errorf("%s: %d scenarios, source %q", dir, len(p.Scenarios), p.Source)
		}
	}
}
