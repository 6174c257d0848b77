// Package panetest helps the tests of the investigation panes (metrics,
// traces, events, services) on top of ui/internal/screentest: fixtures by
// pack name, driving a pane with key names, and golden screens at a size
// (`go test ./ui/... -update` rewrites them). Only tests import it.
package panetest

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/ui/internal/screentest"
)

// Key is the key press a terminal sends for name: "left", "shift+right",
// "enter", … or a single printable character such as "j" or "L".
func Key(name string) tea.KeyPressMsg { return screentest.Key(name) }

// CheckFits fails when view has more than h lines or a line wider than w.
func CheckFits(t *testing.T, view string, w, h int) {
	t.Helper()
	screentest.FitsIn(t, view, w, h)
}

// Scenario loads the first scenario of testdata/packs/<name>.
func Scenario(t testing.TB, name string) *game.Scenario {
	t.Helper()
	p, errs := pack.Open("../../testdata/packs/" + name)
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
	Name string // the golden file is testdata/golden/<Name>.txt
	Pack string
	W, H int
	Keys []string
}

// C is a Case in one line.
func C(name, pack string, w, h int, keys ...string) Case {
	return Case{Name: name, Pack: pack, W: w, H: h, Keys: keys}
}

// View is what RunGolden needs of a pane model.
type View[M any] interface {
	Pane[M]
	View() string
}

// RunGolden builds each case's pane with build, presses its keys, checks
// that the view fits the pane and compares it with its golden file.
func RunGolden[M View[M]](t *testing.T, cases []Case, build func(s *game.Scenario, w, h int) M) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			m, _ := Drive(build(Scenario(t, c.Pack), c.W, c.H), c.Keys...)
			view := m.View()
			screentest.FitsIn(t, view, c.W, c.H)
			screentest.Golden(t, c.Name+".txt", view)
		})
	}
}
