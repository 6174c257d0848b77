package picker

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/styles"
)

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

// golden compares an ANSI-stripped screen with testdata/golden/name.golden.
func golden(t *testing.T, name, screen string) {
	t.Helper()
	lines := strings.Split(ansi.Strip(screen), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "golden", name+".golden")
	if flag.Lookup("update").Value.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("screen %s differs from the golden file:\n--- got\n%s--- want\n%s", name, got, want)
	}
}

func TestGoldenPickerAndForm(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		m := New(testPacks(), styles.New(true, true)).SetSize(sz.w, sz.h).WithSeeds(func() uint64 { return 271828 })
		golden(t, "picker-"+sz.name, m.View())
		m = press(m, "up", "enter", "down", "down", "tab", "right")
		golden(t, "generate-"+sz.name, m.View())
	}
}
