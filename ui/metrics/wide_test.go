package metrics

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// The grid holds its columns at every width a terminal may have: each
// line fits, no rune is cut in half, and every cell on screen shows its
// series' name in full.
func TestGridHoldsFrom80To300Columns(t *testing.T) {
	for _, w := range []int{80, 81, 99, 120, 121, 160, 200, 249, 250, 251, 260, 299, 300} {
		m := newModel(t, "panes", w, 30)
		view := m.View()
		plain := ansi.Strip(view)
		if !utf8.ValidString(view) || strings.ContainsRune(plain, utf8.RuneError) {
			t.Errorf("width %d: a rune is cut in half:\n%s", w, plain)
		}
		for i, l := range strings.Split(view, "\n") {
			if lw := ansi.StringWidth(l); lw > w {
				t.Errorf("width %d: line %d is %d wide", w, i+1, lw)
			}
		}
		cols := m.columns()
		for v := 0; v < min(len(m.visible), cols*m.rowsOnScreen()); v++ {
			name := m.scenario.Metrics[m.visible[v]].Name
			if !strings.Contains(plain, name) {
				t.Errorf("width %d (%d columns): series %q is cut:\n%s", w, cols, name, plain)
			}
		}
	}
}
