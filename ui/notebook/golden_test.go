package notebook

import (
	"fmt"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/ui/overlay"
	"firedrill/ui/uitest"
)

// played is a notebook midway through the mini scenario: three
// hypotheses in each status, pins of every kind, and two hints.
func played(t *testing.T, w, h int) Model {
	t.Helper()
	m, s := newModel(t)
	m = m.SetSize(w, h)
	at := func(d time.Duration) time.Time { return s.Start.Add(d) }

	m = m.SetCursor(at(5*time.Minute + 20*time.Second))
	m, _ = write(t, m, "The inventory deploy broke checkout")
	m, _ = press(m, kp("x")) // ruled out
	m, _, _ = m.AddPin(game.Pin{Kind: game.PinEvent, Ref: "inventory-deploy", At: at(5 * time.Minute),
		Service: "inventory", Label: "inventory v2.14.1 rolled out (3/3 pods)"})

	m = m.SetCursor(at(10*time.Minute + 30*time.Second))
	m, _ = write(t, m, "Hot cache keys were evicted at +10m; every miss now goes to postgres, "+
		"which saturates and makes checkout time out upstream")
	m, _ = press(m, kp("x"), kp("x")) // confirmed
	m, _, _ = m.AddPin(game.Pin{Kind: game.PinMetric, Ref: "cache/cache_hit_ratio", At: at(10 * time.Minute),
		Service: "cache", Label: "cache_hit_ratio 55 %"})
	m, _, _ = m.AddPin(game.Pin{Kind: game.PinLog, Ref: "1", At: at(10*time.Minute + 500*time.Millisecond),
		Service: "cache", Label: "evicted 48213 keys (prefix catalog:v2:)"})
	m, _, _ = m.AddPin(game.Pin{Kind: game.PinSpan, Ref: "4bf92f3577b34da6/a3", At: at(12*time.Minute + time.Second),
		Service: "postgres", Label: "SELECT products 1.9s"})

	m = m.SetCursor(at(12*time.Minute + 3*time.Second))
	m, _ = write(t, m, "A slow query in postgres?")
	m = m.RevealHint(s.Hints[0]).RevealHint(s.Hints[1])
	return m
}

func TestNotebookGolden(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 20}, {120, 36}}
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			m := played(t, sz.w, sz.h)
			m, _ = press(m, kp("up"), kp("up")) // the log pin of #2
			views := map[string]string{
				"list":    m.View(),
				"editing": func() string { e, _ := press(m, kp("a")); return e.View() }(),
				"delete": func() string { // the question in the root's dialog, over the tab
					e, cmd := press(m, kp("d"))
					q := uitest.NewOverlay(overlay.Of(overlay.NewConfirm(question(t, cmd))), sz.w, sz.h)
					return q.Over(e.View())
				}(),
			}
			for name, v := range views {
				uitest.FitsIn(t, v, sz.w, sz.h)
				uitest.Golden(t, fmt.Sprintf("notebook_%s_%dx%d.txt", name, sz.w, sz.h), v)
			}
		})
	}
}

func TestEmptyNotebookGolden(t *testing.T) {
	m, _ := newModel(t)
	v := m.View()
	uitest.FitsIn(t, v, 80, 20)
	uitest.Golden(t, "notebook_empty_80x20.txt", v)
}

func TestTinySizesNeverOverflow(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{40, 6}, {20, 3}, {80, 1}} {
		m := played(t, sz.w, sz.h)
		uitest.FitsIn(t, m.View(), sz.w, sz.h)
		e, _ := press(m, kp("a"))
		uitest.FitsIn(t, e.View(), sz.w, sz.h)
	}
}
