package uitest

import (
	"testing"

	"firedrill/game"
)

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

// Viewer is a model the golden cases can draw.
type Viewer[M any] interface {
	Model[M]
	View() string
}

// RunGolden builds each case's pane with build, presses its keys (running
// their commands), checks that the view fits the pane and compares it with
// its golden file.
func RunGolden[M Viewer[M]](t *testing.T, cases []Case, build func(s *game.Scenario, w, h int) M) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			m, _ := PressRun(build(Scenario(t, c.Pack), c.W, c.H), c.Keys...)
			view := m.View()
			FitsIn(t, view, c.W, c.H)
			Golden(t, c.Name+".txt", view)
		})
	}
}
