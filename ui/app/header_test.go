package app

import (
	"strings"
	"testing"

	"firedrill/ui/uitest"
)

// The header's notebook counter says what it counts: three pins on one
// hypothesis read "hyp 1 · pins 3", never "notes 1" — and it stays
// readable at the narrowest widths.
func TestHeaderCountsHypothesesAndPins(t *testing.T) {
	for _, tt := range []struct {
		w, h int
		want string
	}{{60, 16, "1 hyp 3 pins"}, {80, 24, "1 hyp 3 pins"}, {120, 40, "hyp 1 · pins 3"}, {250, 50, "hyp 1 · pins 3"}} {
		m := send(newModel(t, tt.w, tt.h, &fakeClock{t: wallStart}), press("enter"))
		m = send(m, keys("m", "j", "m", "j", "m")...)
		header := uitest.Plain(strings.Split(m.render(), "\n")[0])
		if !strings.Contains(header, tt.want) || !strings.Contains(header, "⌖") {
			t.Errorf("%dx%d: header %q, want %q and the cursor", tt.w, tt.h, header, tt.want)
		}
		if nb := m.panes.Notebook().Notebook(); len(nb.Hypotheses) != 1 || len(nb.Hypotheses[0].Evidence) != 3 {
			t.Fatalf("the fixture pinned %+v, want 3 pins on one hypothesis", nb.Hypotheses)
		}
	}
}
