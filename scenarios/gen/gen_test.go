package main

import (
	"bytes"
	"cmp"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
)

// The committed library must be exactly what the scripts make: nobody
// hand-edits generated data out of sync with its script.
func TestCommittedFilesMatchTheScripts(t *testing.T) {
	for _, d := range compare("..", mustRender(t, false)) {
		t.Error(d)
	}
}

func mustRender(t *testing.T, inline bool) map[string][]byte {
	t.Helper()
	files, err := render(library(), inline)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestRenderIsDeterministic(t *testing.T) {
	a, b := mustRender(t, false), mustRender(t, false)
	if len(a) != len(b) {
		t.Fatalf("two renders made %d and %d files", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two renders", name)
		}
	}
}

func TestCompareReportsEditsAndStaleFiles(t *testing.T) {
	files := map[string][]byte{"starter/pack.yaml": []byte("a\n")}
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "starter", "data"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "starter", "pack.yaml"), []byte("edited\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "starter", "data", "old.jsonl"), []byte("{}\n"), 0o644))
	got := compare(dir, files)
	want := []string{
		"starter/pack.yaml: differs from its script (run go generate ./scenarios)",
		"starter/data/old.jsonl: not made by any script (stale?)",
	}
	if len(got) != len(want) {
		t.Fatalf("compare = %q; want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("compare[%d] = %q; want %q", i, got[i], want[i])
		}
	}
}

// The -inline form is the same scenario as the packs: a scenario of each
// pack (loading is the slow part), written both ways, loads back identical, but for span times,
// which the inline form writes to the microsecond and OTLP to the
// nanosecond, a span without attributes, which the OTLP reader gives an
// empty list and the YAML reader none, and the order of traces, which an
// OTLP export groups by service.
func TestInlineFormLoadsAsThePacks(t *testing.T) {
	for i, p := range library() {
		for _, s := range p.Scripts[i%len(p.Scripts) : i%len(p.Scripts)+1] {
			name := "scenarios/" + s.ID + ".yaml"
			a, b := loadFrom(t, mustRenderScript(t, s, false), name), loadFrom(t, mustRenderScript(t, s, true), name)
			if a == nil || b == nil {
				continue
			}
			if a.Logs.Len() == 0 || len(a.Metrics) == 0 || len(a.Traces) == 0 {
				t.Errorf("%s: loaded %d lines, %d series, %d traces", name, a.Logs.Len(), len(a.Metrics), len(a.Traces))
			}
			for _, tr := range a.Traces {
				for i := range tr.Spans {
					sp := &tr.Spans[i]
					sp.At, sp.Dur = sp.At.Round(time.Microsecond), sp.Dur.Round(time.Microsecond)
					if len(sp.Attrs) == 0 {
						sp.Attrs = nil
					}
				}
			}
			byID := func(x, y *game.Trace) int { return cmp.Compare(x.ID, y.ID) }
			slices.SortFunc(a.Traces, byID)
			slices.SortFunc(b.Traces, byID)
			if pa, pb := samples(a), samples(b); !reflect.DeepEqual(pa, pb) {
				t.Errorf("%s: the inline form's samples differ from the pack's", name)
			}
			a.Metrics, b.Metrics = nil, nil // compared by sample above
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s: the inline form loads differently from the pack's", name)
			}
		}
	}
}

// samples are a scenario's metric samples by series and time: a pod's
// series that Prometheus JSON starts at the pod's first scrape and the
// inline form at the window's start (its first samples gaps) are the same
// series.
func samples(sc *game.Scenario) map[string]map[int64]float64 {
	out := map[string]map[int64]float64{}
	for _, sr := range sc.Metrics {
		key := sr.Service + "/" + sr.Name + " " + sr.Unit
		out[key] = map[int64]float64{}
		for i := range sr.Len() {
			if v, ok := sr.At(i); ok {
				out[key][sr.TimeAt(i).Unix()] = v
			}
		}
	}
	return out
}

func mustRenderScript(t *testing.T, s *Script, inline bool) map[string][]byte {
	t.Helper()
	files, err := renderScript(s, inline)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func loadFrom(t *testing.T, files map[string][]byte, name string) *game.Scenario {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, data := range files {
		fsys[n] = &fstest.MapFile{Data: data}
	}
	sc, errs := pack.LoadScenario(fsys, name)
	for _, err := range errs {
		t.Errorf("%s: %v", name, err)
	}
	return sc
}
