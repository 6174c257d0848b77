package traces

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

// From 80 to 300 columns the list keeps every column, cuts no rune, and
// on a wide terminal the numbers stay beside the names (the ROOT SPAN
// column is as wide as its longest name, not the rest of the screen), so
// the whole trace id fits.
func TestListHoldsFrom80To300Columns(t *testing.T) {
	s := uitest.Scenario(t, "panes")
	for _, w := range []int{80, 99, 100, 120, 160, 200, 250, 260, 300} {
		m := New(s, styles.New(true, false)).SetSize(w, 30)
		view := m.View()
		plain := ansi.Strip(view)
		if !utf8.ValidString(view) || strings.ContainsRune(plain, utf8.RuneError) {
			t.Errorf("width %d: a rune is cut in half:\n%s", w, plain)
		}
		lines := strings.Split(plain, "\n")
		var header string
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				t.Errorf("width %d: a line is %d wide", w, ansi.StringWidth(l))
			}
			if strings.Contains(l, "ROOT SPAN") {
				header = l
			}
		}
		for _, col := range []string{"START", "ROOT SPAN", "DURATION", "STATUS", "SPANS", "SVCS"} {
			if !strings.Contains(header, col) {
				t.Errorf("width %d: the header lacks %s: %q", w, col, header)
			}
		}
		if at := strings.Index(header, "DURATION"); at > 4+8+m.rootNeed+durW {
			t.Errorf("width %d: DURATION starts at %d, far from the names (the longest needs %d):\n%s", w, at, m.rootNeed, header)
		}
		if w >= 160 {
			for _, sm := range m.list[:min(len(m.list), 3)] {
				if !strings.Contains(plain, sm.trace.ID) {
					t.Errorf("width %d: trace id %s is cut:\n%s", w, sm.trace.ID, plain)
				}
			}
		}
	}
}
