package app

import (
	"strings"
	"testing"

	"firedrill/ui/overlay"
	"firedrill/ui/uitest"
)

// On the Metrics grid h and l pick the column (the grid claims h from the
// global hint); on another tab h still asks for a hint. The footer says
// which.
func TestHOnTheMetricsGridPicksAColumn(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {250, 50}} {
		m := send(newModel(t, sz[0], sz[1], &fakeClock{t: wallStart}), press("enter"))
		m = send(m, press("2"), press("l"))
		if p, _ := m.panes.Metrics().Selected(); p.Ref != "api-gateway/http_latency_p95" {
			t.Errorf("%v: l selected %q, want the second series of the row", sz, p.Ref)
		}
		footer := uitest.Plain(m.statusBar())
		if !strings.Contains(footer, "h/l column") || strings.Contains(footer, "reveal a hint") {
			t.Errorf("%v: the Metrics footer %q should offer h/l column, not the hint", sz, footer)
		}
		m = send(m, press("h"))
		if p, _ := m.panes.Metrics().Selected(); p.Ref != "cache/cache_hit_ratio" || m.shell.Overlays.Open() {
			t.Errorf("%v: h selected %q (dialog open: %v), want the first series and no hint question", sz, p.Ref, m.shell.Overlays.Open())
		}
		m = send(m, press("1"), press("h"))
		if _, ok := overlay.Find[overlay.Confirm](m.shell.Overlays); !ok {
			t.Errorf("%v: h on the Logs tab no longer asks for a hint", sz)
		}
	}
}
