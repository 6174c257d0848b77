package events

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func newModel(t testing.TB, pack string, w, h int) Model {
	return New(uitest.Scenario(t, pack), styles.New(true, false)).SetSize(w, h)
}

func TestGolden(t *testing.T) {
	uitest.RunGolden(t, []uitest.Case{
		uitest.C("events_mini_80x20", "mini", 80, 20),
		uitest.C("events_mini_120x36", "mini", 120, 36, "j"),
		uitest.C("events_panes_80x20", "panes", 80, 20, "j", "j", "enter"),
		uitest.C("events_panes_120x36", "panes", 120, 36, "G"),
		uitest.C("events_scrolled_panes_80x8", "panes", 80, 8, "G"),
	}, func(s *game.Scenario, w, h int) Model {
		// The cursor at +12:00: between the flag (+08:40) and the scale (+15:00).
		return New(s, styles.New(true, false)).SetSize(w, h).SetCursor(s.Start.Add(12 * time.Minute))
	})
}

func TestKeys(t *testing.T) {
	s := uitest.Scenario(t, "panes")
	at := func(d time.Duration) time.Time { return s.Start.Add(d) }
	cases := []struct {
		name    string
		cursor  time.Duration
		keys    []string
		wantSel string // Selected().Ref
		want    []any  // messages of the last key
	}{
		{"starts on the first event", 0, nil, "cache-config", nil},
		{"down", 0, []string{"j"}, "#1", nil},
		{"up clamps", 0, []string{"k"}, "cache-config", nil},
		{"end", 0, []string{"end"}, "gw-alert", nil},
		{"down clamps at the last", 0, []string{"G", "j"}, "gw-alert", nil},
		{". selects the event nearest the cursor", 12*time.Minute + 30*time.Second, []string{"."}, "pg-scale", nil},
		{"nearest prefers the earlier on a tie", 11*time.Minute + 50*time.Second, []string{"."}, "retry-flag", nil},
		{"enter moves the cursor and records the view", 0, []string{"j", "j", "enter"}, "payments-deploy", []any{
			msgs.SetCursor{At: at(8 * time.Minute)},
			msgs.Act{Action: game.Action{Kind: game.ActView, Target: "payments-deploy", Service: "payments", At: at(8 * time.Minute)}},
		}},
		{"enter on an event with no id names it by index", 0, []string{"j", "enter"}, "#1", []any{
			msgs.SetCursor{At: at(150 * time.Second)},
			msgs.Act{Action: game.Action{Kind: game.ActView, Target: "#1", At: at(150 * time.Second)}},
		}},
		{"c moves the cursor as enter does", 0, []string{"j", "c"}, "#1", []any{
			msgs.SetCursor{At: at(150 * time.Second)},
			msgs.Act{Action: game.Action{Kind: game.ActView, Target: "#1", At: at(150 * time.Second)}},
		}},
		{"l jumps the logs", 0, []string{"G", "l"}, "gw-alert", []any{msgs.JumpLogs{At: at(21 * time.Minute)}}},
		{"o jumps the logs", 0, []string{"o"}, "cache-config", []any{msgs.JumpLogs{At: at(time.Minute)}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := New(s, styles.New(true, false)).SetSize(80, 20).SetCursor(at(c.cursor))
			m, out := uitest.PressRun(m, c.keys...)
			wantID := c.wantSel // the event's id; an event without one is "#i" and has none
			if strings.HasPrefix(wantID, "#") {
				wantID = ""
			}
			if pin, ok := m.Selected(); !ok || pin.Ref != c.wantSel || pin.Kind != game.PinEvent || pin.Text == "" || pin.Event != wantID {
				t.Errorf("selected %+v; want event %s with its identity", pin, c.wantSel)
			}
			if len(out) != len(c.want) {
				t.Fatalf("messages %v; want %v", out, c.want)
			}
			for i := range out {
				if out[i] != c.want[i] {
					t.Errorf("message %d = %#v; want %#v", i, out[i], c.want[i])
				}
			}
		})
	}
}

// The shared movement: pgdn a page of rows, ctrl+d half of one.
func TestPaging(t *testing.T) {
	m := New(uitest.Scenario(t, "panes"), styles.New(true, false)).SetSize(80, 6)
	page := m.rows()
	if page < 2 || page >= 5 {
		t.Fatalf("the test wants a page of 2-4 rows, 80×6 gives %d", page)
	}
	for _, c := range []struct {
		keys []string
		want int
	}{
		{[]string{"pgdown"}, page},
		{[]string{"space"}, page},
		{[]string{"ctrl+d"}, page / 2},
		{[]string{"G", "pgup"}, 5 - page},
		{[]string{"G", "ctrl+u"}, 5 - page/2},
	} {
		if got, _ := uitest.Press(m, c.keys...); got.sel != c.want {
			t.Errorf("%v selects event %d, want %d (a page is %d rows)", c.keys, got.sel, c.want, page)
		}
	}
}

func TestGapMarkers(t *testing.T) {
	cases := []struct {
		pack string
		want []string // the gap markers, in order
	}{
		{"mini", []string{"┆ · 11m ·"}},
		// +01:00 → +02:30 is under the 2 m threshold; the others are over.
		{"panes", []string{"┆ · 5m30s ·", "┆ · 6m20s ·", "┆ · 6m ·"}},
	}
	for _, c := range cases {
		view := ansi.Strip(newModel(t, c.pack, 120, 36).View())
		var got []string
		for _, l := range strings.Split(view, "\n") {
			if s := strings.TrimSpace(l); strings.HasPrefix(s, "┆") {
				got = append(got, s)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: gap markers %q; want %q", c.pack, got, c.want)
		}
	}
}

func TestCursorRowIsMarked(t *testing.T) {
	s := uitest.Scenario(t, "panes")
	for _, c := range []struct {
		cursor time.Duration
		want   string // the offset of the marked row
	}{
		{0, "+01:00"},
		{16 * time.Minute, "+15:00"},
		{30 * time.Minute, "+21:00"},
	} {
		view := ansi.Strip(New(s, styles.New(true, false)).SetSize(120, 36).SetCursor(s.Start.Add(c.cursor)).View())
		var marked []string
		for _, l := range strings.Split(view, "\n") {
			f := strings.Fields(l)
			for j := 0; j+1 < len(f) && j < 2; j++ {
				if f[j] == "»" {
					marked = append(marked, f[j+1])
				}
			}
		}
		if len(marked) != 1 || marked[0] != c.want {
			t.Errorf("cursor %v: marked rows %q; want [%s]", c.cursor, marked, c.want)
		}
	}
}

func TestRevealAndEmpty(t *testing.T) {
	m := newModel(t, "panes", 80, 8).Reveal(game.Pin{Kind: game.PinEvent, Ref: "gw-alert"})
	if pin, _ := m.Selected(); pin.Ref != "gw-alert" {
		t.Errorf("reveal selected %q", pin.Ref)
	}
	if !strings.Contains(ansi.Strip(m.View()), "[SEV1] api-gateway 5xx") {
		t.Errorf("the revealed event is not on screen:\n%s", ansi.Strip(m.View()))
	}
	empty := New(&game.Scenario{}, styles.New(true, false)).SetSize(80, 20)
	if _, ok := empty.Selected(); ok {
		t.Error("an empty change log selected something")
	}
	if e, cmd := empty.Update(uitest.Key("enter")); cmd != nil || e.sel != 0 {
		t.Error("enter on an empty change log did something")
	}
}

func TestViewFitsEverySize(t *testing.T) {
	for _, pack := range []string{"mini", "panes"} {
		for _, size := range [][2]int{{40, 5}, {60, 16}, {80, 24}, {100, 30}, {200, 50}} {
			for _, keys := range [][]string{nil, {"G"}, {"j", "j", "j"}} {
				m, _ := uitest.PressRun(newModel(t, pack, size[0], size[1]), keys...)
				uitest.FitsIn(t, m.View(), size[0], size[1])
			}
		}
	}
}

// BenchmarkEventsView renders one frame at 120×40 of a change log of
// 100 000 events, scrolled to the middle.
func BenchmarkEventsView(b *testing.B) {
	s := &game.Scenario{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Duration: 100000 * time.Minute}
	for i := range 100000 {
		s.Events = append(s.Events, game.Event{At: s.Start.Add(time.Duration(i*i%7+i) * time.Minute),
			Kind: game.EventKinds[i%len(game.EventKinds)], Service: "svc", Text: "something changed"})
	}
	m := New(s, styles.New(true, false)).SetSize(120, 40).SetCursor(s.Start.Add(50000 * time.Minute))
	m = m.selectEvent(50000)
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// An event text cut in its row is shown whole, wrapped, above the footer,
// so the clue at its end can be read; the pane still fits its area.
func TestCutTextShownWhole(t *testing.T) {
	s := uitest.Scenario(t, "panes")
	s.Events[1].Text = "rolled out checkout v4.12 to production (4/4 pods): production traffic now reads catalog:v4 keys the cache never warmed"
	for _, sz := range []struct{ w, h int }{{80, 20}, {60, 8}, {120, 36}} {
		m := New(s, styles.New(true, false)).SetSize(sz.w, sz.h)
		m = m.selectEvent(1)
		v := ansi.Strip(m.View())
		flat := strings.Join(strings.Fields(v), " ")
		if sz.h >= 20 && !strings.Contains(flat, "cache never warmed") {
			t.Errorf("%dx%d: the end of the selected text is not shown:\n%s", sz.w, sz.h, v)
		}
		if lines := strings.Split(v, "\n"); len(lines) != sz.h {
			t.Errorf("%dx%d: %d lines", sz.w, sz.h, len(lines))
		}
		for _, l := range strings.Split(v, "\n") {
			if ansi.StringWidth(l) > sz.w {
				t.Errorf("%dx%d: line wider than the pane: %q", sz.w, sz.h, l)
			}
		}
		if m.rows() < 1 || m.lineOf[m.sel] < m.top || m.lineOf[m.sel] >= m.top+m.rows() {
			t.Errorf("%dx%d: the selected event scrolled off (top %d, rows %d)", sz.w, sz.h, m.top, m.rows())
		}
	}
}
