package replay

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/uitest"
)

// fixture is the handmade result against the mini pack (see
// testdata/replay/result.json): 18 actions over 7:12, the last two attaching the pins as proof.
func fixture(t *testing.T) Input {
	t.Helper()
	in, err := Load("../../testdata/replay/result.json", "../../testdata/packs/mini")
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func sized(t *testing.T, w, h int) Model {
	t.Helper()
	mm, _ := New(fixture(t)).Update(tea.WindowSizeMsg{Width: w, Height: h})
	return mm.(Model)
}

func press(t *testing.T, m Model, keys ...string) (Model, tea.Cmd) {
	t.Helper()
	mm, cmd := uitest.Press[tea.Model](m, keys...)
	return mm.(Model), cmd
}

func at(hhmmss string) time.Time {
	t, _ := time.Parse(time.RFC3339, "2025-08-20T"+hhmmss+"Z")
	return t
}

// Before the candidate's first cursor action the cursor is where the
// game starts it, at the page (the first alert, +16:00 in the mini pack),
// not at the scenario's start (finding 7: the replay showed +00:00 where
// the candidate's screen showed +14:00).
func TestStepAppliesTabAndCursor(t *testing.T) {
	tests := []struct {
		keys   []string
		sel    int
		tab    string
		cursor time.Time
	}{
		{nil, 0, "Logs", at("14:16:00")},
		{[]string{"j", "j", "j", "j"}, 4, "Traces", at("14:16:00")}, // open-trace shows Traces
		{[]string{"j", "j", "j", "j", "j"}, 5, "Metrics", at("14:16:00")},
		{[]string{"j", "j", "j", "j", "j", "down"}, 6, "Metrics", at("14:10:00")}, // cursor action
		{[]string{"G"}, 17, "Notebook", at("14:10:00")},
		{[]string{"G", "k", "k", "k", "k", "k", "k", "k", "k"}, 9, "Events", at("14:10:00")},
		{[]string{"G", "g"}, 0, "Logs", at("14:16:00")}, // backward rebuilds from the start
		{[]string{"G", "up", "up", "up", "up", "up", "up", "up", "up", "up", "up", "up", "up"}, 5, "Metrics", at("14:16:00")},
		{[]string{"k"}, 0, "Logs", at("14:16:00")}, // clamped at the first
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, ","), func(t *testing.T) {
			m, _ := press(t, sized(t, 120, 40), tt.keys...)
			if m.Selected() != tt.sel || m.Tab() != tt.tab || !m.Cursor().Equal(tt.cursor) {
				t.Errorf("sel %d tab %s cursor %s; want %d %s %s", m.Selected(), m.Tab(),
					m.Cursor().Format("15:04:05"), tt.sel, tt.tab, tt.cursor.Format("15:04:05"))
			}
		})
	}
}

// Replaying onto the panes moves them: the trace opens, the pin reveals
// its log line.
func TestStepDrivesThePanes(t *testing.T) {
	m, _ := press(t, sized(t, 120, 40), "j", "j", "j")
	if got := m.sc.Logs().CursorLine(); got != 2 {
		t.Errorf("after the log pin the Logs cursor is on line %d, want 2 (the pinned one)", got)
	}
	m, _ = press(t, m, "j")
	if got := m.sc.Traces().OpenID(); got != "4bf92f3577b34da6" {
		t.Errorf("open trace %q, want 4bf92f3577b34da6", got)
	}
	// Back to before the open: the trace is closed again.
	m, _ = press(t, m, "k")
	if got := m.sc.Traces().OpenID(); got != "" {
		t.Errorf("stepping back left trace %q open", got)
	}
}

func TestPlayAdvancesOnTickAndDropsStaleTicks(t *testing.T) {
	m := sized(t, 120, 40)
	m, cmd := press(t, m, "space")
	if !m.Playing() || cmd == nil {
		t.Fatalf("space: playing %v, cmd %v; want playing with a tick", m.Playing(), cmd != nil)
	}
	tick := playTick{seq: m.seq}
	mm, cmd := m.Update(tick)
	m = mm.(Model)
	if m.Selected() != 1 || cmd == nil {
		t.Fatalf("after a tick: sel %d, next tick %v; want 1 and another tick", m.Selected(), cmd != nil)
	}
	stale := playTick{seq: m.seq}
	m, _ = press(t, m, "space") // pause
	mm, _ = m.Update(stale)
	if m = mm.(Model); m.Selected() != 1 || m.Playing() {
		t.Errorf("a tick from before the pause moved to %d (playing %v)", m.Selected(), m.Playing())
	}
	// Play again, then step by hand: the tick scheduled before is stale.
	m, _ = press(t, m, "space")
	before := playTick{seq: m.seq}
	m, _ = press(t, m, "j")
	mm, _ = m.Update(before)
	if m = mm.(Model); m.Selected() != 2 {
		t.Errorf("a tick from before a manual step moved to %d, want 2", m.Selected())
	}
	// Played to the end, playback stops there.
	m, _ = press(t, m, "k")
	m, _ = press(t, m, "G")
	m.playing, m.sel = true, 16
	m = m.goTo(16)
	mm, cmd = m.Update(playTick{seq: m.seq})
	if m = mm.(Model); m.Selected() != 17 || m.Playing() || cmd != nil {
		t.Errorf("last tick: sel %d playing %v cmd %v; want 17, stopped, no tick", m.Selected(), m.Playing(), cmd != nil)
	}
}

func TestSpeedKeys(t *testing.T) {
	tests := []struct {
		keys []string
		want int
	}{
		{nil, 10},
		{[]string{"+"}, 30},
		{[]string{"+", "+", "+", "+"}, 100},
		{[]string{"-"}, 1},
		{[]string{"-", "-", "+"}, 10},
	}
	for _, tt := range tests {
		m, _ := press(t, sized(t, 80, 24), tt.keys...)
		if got := speeds[m.speed]; got != tt.want {
			t.Errorf("%v: ×%d, want ×%d", tt.keys, got, tt.want)
		}
	}
}

// The tick waits the candidate's gap divided by the speed.
func TestTickWaitsScaledGap(t *testing.T) {
	m := sized(t, 80, 24)
	m.playing = true
	// actions 0 → 1 are 12s apart: ×10 waits 1.2s
	if got := m.nextTickDelay(); got != 1200*time.Millisecond {
		t.Errorf("delay %v, want 1.2s", got)
	}
	m.speed = 2
	if got := m.nextTickDelay(); got != 400*time.Millisecond {
		t.Errorf("delay at ×30 %v, want 400ms", got)
	}
}

func TestTabGivesThePaneTheKeys(t *testing.T) {
	m, _ := press(t, sized(t, 120, 40), "G", "tab")
	if m.focus != focusPane {
		t.Fatal("tab did not focus the pane")
	}
	m, _ = press(t, m, "k") // the notebook's own up, not the timeline's
	if m.Selected() != 17 {
		t.Errorf("k with the pane focused stepped the timeline to %d", m.Selected())
	}
	m, _ = press(t, m, "tab", "k")
	if m.focus == focusPane || m.Selected() != 16 {
		t.Errorf("after tab back: pane focus %v, sel %d; want timeline, 16", m.focus == focusPane, m.Selected())
	}
}

// A hand-edited result cannot write escapes to the terminal.
func TestResultTextIsSanitized(t *testing.T) {
	raw := *fixture(t).Result
	raw.Actions = append([]game.Action(nil), raw.Actions...)
	raw.Actions[12].Detail = "evil \x1b]0;pwned\x07 note"
	raw.Justification = "why\x1b[2J"
	data, err := json.Marshal(&raw)
	if err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(t.TempDir(), "result.json")
	if err := os.WriteFile(edited, data, 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := Load(edited, "../../testdata/packs/mini")
	if err != nil {
		t.Fatal(err)
	}
	mm, _ := New(in).Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m, _ := press(t, mm.(Model), "G")
	if v := m.render(); strings.Contains(strings.ReplaceAll(v, "\x1b[", ""), "\x1b") || strings.Contains(v, "\x07") {
		t.Errorf("raw control characters reached the screen: %q", v)
	}
}

func TestGoldenScreens(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		keys []string
	}{
		{"first_80x24", 80, 24, nil},
		{"log_pin_80x24", 80, 24, []string{"j", "j", "j"}},
		{"metrics_cursor_80x24", 80, 24, []string{"j", "j", "j", "j", "j", "j", "j"}},
		{"last_80x24", 80, 24, []string{"G"}},
		{"help_80x24", 80, 24, []string{"?"}},
		{"help_scrolled_80x24", 80, 24, []string{"?", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j"}},
		{"filter_120x40", 120, 40, []string{"j"}},
		{"trace_120x40", 120, 40, []string{"j", "j", "j", "j"}},
		{"events_120x40", 120, 40, []string{"G", "k", "k", "k", "k", "k", "k", "k"}},
		{"attach_120x40", 120, 40, []string{"G", "k"}},
		{"last_120x40", 120, 40, []string{"G"}},
		{"pane_focus_120x40", 120, 40, []string{"G", "tab"}},
		{"too_small_59x16", 59, 16, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := press(t, sized(t, tt.w, tt.h), tt.keys...)
			v := m.render()
			uitest.FitsIn(t, v, tt.w, tt.h)
			uitest.Golden(t, "replay_"+tt.name+".golden", v)
		})
	}
}

func TestClickSelectsAction(t *testing.T) {
	m := sized(t, 120, 40)
	// header 3 rows (title, times, warning), the timeline title, then actions
	mm, _ := m.Update(tea.MouseClickMsg{X: 5, Y: 3 + 1 + 6, Button: tea.MouseLeft})
	m = mm.(Model)
	if m.Selected() != 6 || m.focus == focusPane {
		t.Errorf("click on the 7th row: sel %d, pane focus %v; want 6, timeline", m.Selected(), m.focus == focusPane)
	}
	mm, _ = m.Update(tea.MouseClickMsg{X: 90, Y: 12, Button: tea.MouseLeft})
	if m = mm.(Model); m.focus != focusPane || m.Selected() != 6 {
		t.Errorf("click on the pane: focus %v sel %d; want the pane, 6", m.focus == focusPane, m.Selected())
	}
}

// longResult repeats the fixture's 15 investigation actions until the log
// holds n, 8 minutes of candidate time apart.
func longResult(in Input, n int) Input {
	base := in.Result.Actions[:15]
	var acts []game.Action
	for i := 0; len(acts) < n; i++ {
		for _, a := range base {
			a.Offset += time.Duration(i) * 8 * time.Minute
			acts = append(acts, a)
		}
	}
	r := *in.Result
	r.Actions = acts[:n]
	in.Result = &r
	return in
}

// Stepping back (from a saved scene) shows exactly what stepping forward
// to the same action shows.
func TestStepBackMatchesForward(t *testing.T) {
	in := longResult(fixture(t), 3*markEvery+40)
	mm, _ := New(in).Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	fresh := mm.(Model)
	back := fresh.goTo(len(in.Result.Actions) - 1)
	for _, i := range []int{0, 3, markEvery - 1, markEvery, markEvery + 7, 2*markEvery + 3, 3*markEvery + 39} {
		// the timeline's scroll depends on where one came from; the rest
		// must not
		b, f := back.goTo(i), fresh.goTo(i)
		b.top = f.top
		got, want := b.render(), f.render()
		if got != want {
			t.Errorf("action %d: stepping back differs from stepping forward\n--- back ---\n%s\n--- forward ---\n%s",
				i, uitest.Plain(got), uitest.Plain(want))
		}
	}
}

// BenchmarkStepBack measures the worst step: backward, which replays the
// log from the start onto fresh panes.
func BenchmarkStepBack(b *testing.B) {
	in, err := Load("../../testdata/replay/result.json", "../../testdata/packs/mini")
	if err != nil {
		b.Fatal(err)
	}
	in = longResult(in, 10_000)
	acts := in.Result.Actions
	mm, _ := New(in).Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m := mm.(Model).goTo(len(acts) - 1)
	b.ResetTimer()
	for range b.N {
		_ = m.goTo(len(acts) - 2)
	}
}

// Every size from the minimum up fits its area, with and without actions.
func TestEverySizeFits(t *testing.T) {
	empty := fixture(t)
	r := *empty.Result
	r.Actions, r.Notebook = nil, game.Notebook{}
	empty.Result = &r
	for _, in := range []Input{fixture(t), empty} {
		for _, sz := range [][2]int{{60, 16}, {61, 17}, {80, 24}, {100, 30}, {120, 40}, {200, 60}} {
			mm, _ := New(in).Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			for _, k := range []string{"", "G", "?"} {
				m := mm.(Model)
				if k != "" {
					m, _ = press(t, m, k)
				}
				v := m.render()
				uitest.FitsIn(t, v, sz[0], sz[1])
				if lines := strings.Count(v, "\n") + 1; lines != sz[1] {
					t.Errorf("%dx%d %q: %d lines, want %d", sz[0], sz[1], k, lines, sz[1])
				}
			}
		}
	}
	mm, _ := New(empty).Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m, cmd := press(t, mm.(Model), "j", "space")
	if m.Selected() != -1 || m.Playing() || cmd != nil {
		t.Errorf("empty log: sel %d playing %v", m.Selected(), m.Playing())
	}
	if v := uitest.Plain(m.render()); !strings.Contains(v, "the candidate took no actions") {
		t.Errorf("empty log screen does not say so:\n%s", v)
	}
}

// A resume that found the computer's clock behind the last save says so
// in the timeline, where the interviewer reads the log.
func TestTimelineNamesAClockSetBack(t *testing.T) {
	m := New(fixture(t))
	got := m.phrase(game.Action{Kind: game.ActClockBack, Detail: "1h0m0s"})
	if got != "resumed with the computer's clock 1h0m0s behind the last save" || glyph(game.ActClockBack) == "·" {
		t.Errorf("clock-back reads %q with glyph %q", got, glyph(game.ActClockBack))
	}
}
