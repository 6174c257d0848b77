package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The committed library must be exactly what the scripts make: nobody
// hand-edits generated data out of sync with its script.
func TestCommittedFilesMatchTheScripts(t *testing.T) {
	for _, d := range compare("..", render(library(), false)) {
		t.Error(d)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	a, b := render(library(), false), render(library(), false)
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
