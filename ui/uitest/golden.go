package uitest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	_ "github.com/charmbracelet/x/exp/golden" // defines -update (see updating)
)

// updating reports -update. The flag is golden's (which teatest uses too):
// defining our own would panic with "flag redefined" in a test binary that
// links teatest, so uitest imports golden, which owns the one -update.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Golden compares view, ANSI-stripped and with trailing spaces trimmed
// (Plain), with testdata/golden/name; `go test -update` rewrites the file
// instead. Read every rewritten file before committing it.
func Golden(t *testing.T, name, view string) {
	t.Helper()
	got := Plain(view)
	path := filepath.Join("testdata", "golden", name)
	if updating() {
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
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got ---\n%s--- want ---\n%s", name, got, want)
	}
}

// Plain is view without ANSI sequences and trailing spaces, ending in a newline.
func Plain(view string) string {
	lines := strings.Split(ansi.Strip(view), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

// FitsIn fails the test if view has more than h lines or a line wider than
// w, or cuts a rune in half (invalid UTF-8, or U+FFFD where one was cut).
func FitsIn(t *testing.T, view string, w, h int) {
	t.Helper()
	if !utf8.ValidString(view) || strings.ContainsRune(view, utf8.RuneError) {
		t.Errorf("view cuts a rune in half: %q", ansi.Strip(view))
	}
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, more than the height %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d wide, more than %d: %q", i+1, lw, w, ansi.Strip(l))
		}
	}
}
