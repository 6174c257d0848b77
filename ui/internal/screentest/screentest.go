// Package screentest holds what the screen tests of ui/notebook, ui/submit
// and ui/debrief share: key messages from names, golden files compared
// ANSI-stripped, and the width check every golden view must pass.
//
// Only _test.go files import it.
package screentest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	_ "github.com/charmbracelet/x/exp/golden" // defines -update (see updating)

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/ui/uitest"
)

// updating reports -update. The flag is golden's (which teatest uses):
// defining our own would panic with "flag redefined" in any test binary
// that links teatest too, so screentest imports golden, which is then
// initialized first and owns the one -update every helper reads.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Mini loads the one scenario of the fixture pack testdata/packs/mini, from
// a test in a package two levels under the module root (ui/<pane>).
func Mini(t *testing.T) *game.Scenario {
	t.Helper()
	p, errs := pack.Open("../../testdata/packs/mini")
	if len(errs) > 0 {
		t.Fatalf("load the mini pack: %v", errs)
	}
	return p.Scenarios[0]
}

// Key is the key press a name stands for: a named key ("enter", "ctrl+s",
// "shift+left") or a single printable character (see uitest.Key).
func Key(name string) tea.KeyPressMsg { return uitest.Key(name) }

// Type is the key presses that type text, one per rune.
func Type(text string) []tea.KeyPressMsg {
	var keys []tea.KeyPressMsg
	for _, r := range text {
		if r == ' ' {
			keys = append(keys, Key("space"))
			continue
		}
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return keys
}

// Golden compares view, ANSI-stripped and with trailing spaces trimmed,
// with testdata/golden/name; -update rewrites the file instead.
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
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
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

// FitsIn fails the test if view has more than h lines or a line wider than w.
func FitsIn(t *testing.T, view string, w, h int) {
	t.Helper()
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
