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

	"firedrill/game"
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

// Scenario loads the first scenario of testdata/packs/<pack>.
func Scenario(t testing.TB, pack string) *game.Scenario {
	t.Helper()
	p, errs := game.Open("../../testdata/packs/" + pack)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return p.Scenarios[0]
}

// Pane is what Drive needs of a pane model.
type Pane[M any] interface {
	Update(tea.Msg) (M, tea.Cmd)
}

// Drive presses keys in order and returns the model and the messages the
// last key's command produced (a tea.BatchMsg is flattened).
func Drive[M Pane[M]](m M, keys ...string) (M, []tea.Msg) {
	var out []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(Key(k))
		out = run(cmd)
	}
	return m, out
}

func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, run(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// Case is one golden screen: a pane on a fixture pack at a size, after keys.
type Case struct {
	Name string // the golden file's name, e.g. metrics_mini_80x20
	Pack string
	W, H int
	Keys []string
}

// View is what RunGolden needs of a pane model.
type View[M any] interface {
	Pane[M]
	View() string
}

// RunGolden builds each case's pane with build, presses its keys and
// compares the view with its golden file.
func RunGolden[M View[M]](t *testing.T, cases []Case, build func(s *game.Scenario, w, h int) M) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			m, _ := Drive(build(Scenario(t, c.Pack), c.W, c.H), c.Keys...)
			Golden(t, c.Name, m.View(), c.W, c.H)
		})
	}
}

// C is a Case in one line.
func C(name, pack string, w, h int, keys ...string) Case {
	return Case{Name: name, Pack: pack, W: w, H: h, Keys: keys}
}
