// Package panetest helps the pane tests: golden files of ANSI-stripped
// views under the repository's testdata/golden (`go test ./ui/... -update`
// rewrites them), a size check, and key presses by name. Only tests import
// it (it registers the -update flag).
package panetest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

// Dir is the golden folder, relative to a package under ui/.
const Dir = "../../testdata/golden"

// Golden strips ANSI from view, checks that it fits w×h, and compares it
// with Dir/name.txt (rewriting the file under -update).
func Golden(t *testing.T, name, view string, w, h int) {
	t.Helper()
	plain := ansi.Strip(view)
	CheckFits(t, view, w, h)
	path := filepath.Join(Dir, name+".txt")
	if *update {
		if err := os.MkdirAll(Dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(plain), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != plain {
		t.Errorf("%s differs from the view (run with -update after checking it):\n--- want\n%s\n--- got\n%s", path, want, plain)
	}
}

// CheckFits fails when view has more than h lines or a line wider than w.
func CheckFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines; the pane is %d high", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide; the pane is %d: %q", i, n, w, ansi.Strip(l))
		}
	}
}

// specialKeys maps key names to codes; any other name is typed as text.
var specialKeys = map[string]tea.KeyPressMsg{
	"left":        {Code: tea.KeyLeft},
	"right":       {Code: tea.KeyRight},
	"shift+left":  {Code: tea.KeyLeft, Mod: tea.ModShift},
	"shift+right": {Code: tea.KeyRight, Mod: tea.ModShift},
	"up":          {Code: tea.KeyUp},
	"down":        {Code: tea.KeyDown},
	"home":        {Code: tea.KeyHome},
	"end":         {Code: tea.KeyEnd},
	"pgup":        {Code: tea.KeyPgUp},
	"pgdown":      {Code: tea.KeyPgDown},
	"enter":       {Code: tea.KeyEnter},
	"esc":         {Code: tea.KeyEscape},
	"backspace":   {Code: tea.KeyBackspace},
	"tab":         {Code: tea.KeyTab},
}

// Key is the key press a terminal sends for name: "left", "shift+right",
// "enter", … or a single printable character such as "j" or "L".
func Key(name string) tea.KeyPressMsg {
	if k, ok := specialKeys[name]; ok {
		return k
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}
