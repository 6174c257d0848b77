package panekit_test

import (
	"testing"
	"time"

	"firedrill/game/pack"
	"firedrill/scenarios"
	"firedrill/ui/events"
	"firedrill/ui/metrics"
	"firedrill/ui/services"
	"firedrill/ui/styles"
	"firedrill/ui/traces"
	"firedrill/ui/uitest"
)

// TestEveryPackFitsEveryPane drives the four investigation panes over
// every embedded scenario, at the smallest, the usual, a large and a very wide size,
// and checks that no frame overflows its box: real packs have longer
// names, deeper traces and more series than the fixtures.
func TestEveryPackFitsEveryPane(t *testing.T) {
	st := styles.New(true, false)
	for _, dir := range scenarios.Packs() {
		p, errs := pack.Load(scenarios.FS, dir)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", dir, errs[0])
		}
		for _, s := range p.Scenarios {
			for _, sz := range [][2]int{{60, 13}, {80, 21}, {160, 45}, {260, 47}} {
				w, h := sz[0], sz[1]
				check := func(what, view string) {
					t.Helper()
					if t.Failed() {
						return
					}
					uitest.FitsIn(t, view, w, h)
					if t.Failed() {
						t.Logf("%s/%s %s at %dx%d", dir, s.ID, what, w, h)
					}
				}
				for _, keys := range [][]string{nil, {"L", "L", "enter"}, {"$", "j", "j", "enter", "k"}} {
					m, _ := uitest.PressRun(metrics.New(s, st).SetSize(w, h), keys...)
					check("metrics", m.View())
				}
				for _, keys := range [][]string{nil, {"G", "enter", "G"}, {"f", "enter", "j", "j", "j"}} {
					m, _ := uitest.PressRun(traces.New(s, st).SetSize(w, h), keys...)
					check("traces", m.View())
				}
				for c := time.Duration(0); c <= s.Duration; c += s.Duration / 3 {
					e, _ := uitest.PressRun(events.New(s, st).SetSize(w, h).SetCursor(s.Start.Add(c)), "G", "k")
					check("events", e.View())
					sv, _ := uitest.PressRun(services.New(s, st).SetSize(w, h).SetCursor(s.Start.Add(c)), "G")
					check("services", sv.View())
				}
			}
		}
	}
}
