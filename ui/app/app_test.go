package app

import (
	"image/color"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/overlay"
	"firedrill/ui/shell"
	"firedrill/ui/tabs"
	"firedrill/ui/uitest"
)

// wallStart is the fixed clock of every test: countdowns are stable.
var wallStart = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

func miniPack(t testing.TB) *game.Pack { return uitest.Pack(t, "mini") }

// fakeClock is an adjustable now(). Tests that run a real program move it
// with set: the program reads it on its own goroutine.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func newModel(t testing.TB, w, h int, clock *fakeClock) Model {
	p := miniPack(t)
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: clock.now})
	m.shell.NoColor = true
	m = send(m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// send feeds messages to the root and runs the commands they return,
// feeding the answers back (uitest.Drive). Commands that wait on a clock
// (the one-second tick, the autosave timer) are left behind: tests move
// the clock by hand.
func send(m Model, in ...tea.Msg) Model {
	mm, _ := uitest.Drive[tea.Model](m, nil, in...)
	return mm.(Model)
}

var (
	press = uitest.Key
	keys  = uitest.Keys
)

// golden compares the ANSI-stripped screen with testdata/golden/name.golden.
func golden(t *testing.T, name string, m Model) {
	t.Helper()
	uitest.Golden(t, name+".golden", m.render())
}

func TestGoldenScreens(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}}
	for _, sz := range sizes {
		clock := &fakeClock{t: wallStart}
		m := newModel(t, sz.w, sz.h, clock)
		suffix := "-" + itoa(sz.w) + "x" + itoa(sz.h)
		golden(t, "briefing"+suffix, m)
		m = send(m, press("enter"))
		for f := range tabs.Count {
			m = send(m, press(itoa(int(f)+1)))
			golden(t, "tab-"+strings.ToLower(f.String())+suffix, m)
		}
		m = send(m, press("1"), press("?"))
		golden(t, "help"+suffix, m)

		p := miniPack(t)
		pm := New(Options{Packs: []*game.Pack{p}, Now: clock.now})
		pm = send(pm, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
		golden(t, "picker"+suffix, pm)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestMinimumSize(t *testing.T) {
	m := send(newModel(t, shell.MinWidth, shell.MinHeight, &fakeClock{t: wallStart}), press("enter"))
	golden(t, "tab-logs-60x16", m)
}

func TestTooSmall(t *testing.T) {
	m := newModel(t, 50, 14, &fakeClock{t: wallStart})
	m = send(m, press("enter"), press("S"), press("2"))
	golden(t, "too-small-50x14", m)
	if m.Screen() != "briefing" {
		t.Errorf("keys pressed while the terminal is too small acted blind: the screen is %s, want briefing", m.Screen())
	}
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if got := ansi.Strip(m.render()); !strings.Contains(got, "The page") {
		t.Errorf("growing the terminal back did not redraw the screen:\n%s", got)
	}
}

func TestCountdownColoursAndTimeUp(t *testing.T) {
	clock := &fakeClock{t: wallStart}
	m := send(newModel(t, 80, 24, clock), press("enter")) // 15m limit
	steps := []struct {
		after  time.Duration
		want   string
		style  string
		screen string
	}{
		{time.Minute, "14:00", "normal", "investigation"},
		{11*time.Minute + 15*time.Second, "03:45", "amber", "investigation"}, // exactly 25 % left
		{13*time.Minute + 30*time.Second, "01:30", "red", "investigation"},   // 10 %
		{15 * time.Minute, "00:00", "red", "time-up"},
	}
	for _, st := range steps {
		clock.t = wallStart.Add(st.after)
		m = send(m, tickMsg{})
		if m.Screen() != st.screen {
			t.Fatalf("at +%v the screen is %s, want %s", st.after, m.Screen(), st.screen)
		}
		if st.screen != "investigation" {
			continue
		}
		if got := ansi.Strip(m.countdown()); got != "⏱ "+st.want {
			t.Errorf("at +%v the countdown reads %q, want %q", st.after, got, st.want)
		}
		if got := m.urgency(); got != st.style {
			t.Errorf("at +%v the countdown is %s, want %s", st.after, got, st.style)
		}
	}
	last := m.Actions()[len(m.Actions())-1]
	if last.Kind != game.ActTimeUp || last.Offset != 15*time.Minute {
		t.Errorf("last action = %+v, want time-up at 15m", last)
	}
}

func TestDeadlineIsAbsolute(t *testing.T) {
	// Ticks that arrive late or not at all must not stretch the clock: one
	// tick after the whole limit has passed ends the game.
	clock := &fakeClock{t: wallStart}
	m := send(newModel(t, 80, 24, clock), press("enter"))
	clock.t = wallStart.Add(16 * time.Minute)
	m = send(m, tickMsg{})
	if m.Screen() != "time-up" {
		t.Errorf("screen %s after the deadline passed between ticks", m.Screen())
	}
}

func TestRouting(t *testing.T) {
	clock := &fakeClock{t: wallStart}
	tests := []struct {
		name  string
		in    []tea.Msg
		check func(t *testing.T, m Model)
	}{
		{"digits switch tabs", keys("3"), func(t *testing.T, m Model) { wantFocus(t, m, "Traces") }},
		{"tab wraps", keys("6", "tab"), func(t *testing.T, m Model) { wantFocus(t, m, "Logs") }},
		{"shift+tab wraps", keys("shift+tab"), func(t *testing.T, m Model) { wantFocus(t, m, "Notebook") }},
		{"a focused input keeps digits", keys("/", "3"), func(t *testing.T, m Model) {
			wantFocus(t, m, "Logs")
			if !m.panes.Logs().Capturing() {
				t.Error("the search input lost focus")
			}
		}},
		{"help overlay takes keys first", keys("?", "3"), func(t *testing.T, m Model) {
			wantFocus(t, m, "Logs")
			if _, ok := overlay.Find[overlay.Help](m.shell.Overlays); !ok {
				t.Error("help closed")
			}
		}},
		{"esc closes help", keys("?", "esc", "2"), func(t *testing.T, m Model) { wantFocus(t, m, "Metrics") }},
		{"m pins the log line to the notebook", keys("m"), func(t *testing.T, m Model) {
			nb := m.panes.Notebook().Notebook()
			if len(nb.Hypotheses) != 1 || len(nb.Hypotheses[0].Evidence) != 1 {
				t.Fatalf("notebook after m: %+v", nb)
			}
			if pin := nb.Hypotheses[0].Evidence[0]; pin.Kind != game.PinLog || pin.Ref != "0" {
				t.Errorf("pinned %+v, want log line 0", pin)
			}
			if !strings.HasPrefix(m.Status(), "pinned log to hypothesis") {
				t.Errorf("status %q", m.Status())
			}
			// the opening tab, then the pin
			if a := m.Actions(); len(a) != 2 || a[1].Kind != game.ActPin || a[1].Target != "0" {
				t.Errorf("actions %+v, want the opening tab and one pin of line 0", a)
			}
		}},
		{"reveal pin switches tab and moves the pane", append(keys("4"), msgs.RevealPin{Pin: game.Pin{Kind: game.PinLog, Ref: "2"}}), func(t *testing.T, m Model) {
			wantFocus(t, m, "Logs")
			if l := m.panes.Logs().CursorLine(); l != 2 {
				t.Errorf("logs cursor on %d, want 2", l)
			}
		}},
		{"open trace switches to Traces", []tea.Msg{msgs.OpenTrace{ID: "4bf92f3577b34da6"}}, func(t *testing.T, m Model) {
			wantFocus(t, m, "Traces")
		}},
		{"unsampled trace is a status", []tea.Msg{msgs.OpenTrace{ID: "nope"}}, func(t *testing.T, m Model) {
			wantFocus(t, m, "Logs")
			if m.Status() != "trace nope was not sampled · w wraps long log lines" {
				t.Errorf("status %q", m.Status())
			}
		}},
		{"set cursor reaches header", []tea.Msg{msgs.SetCursor{At: miniStart.Add(10 * time.Minute)}}, func(t *testing.T, m Model) {
			if h := ansi.Strip(m.header()); !strings.Contains(h, "+10:00 14:10:00") {
				t.Errorf("header %q", h)
			}
		}},
		{"jump logs focuses logs", append(keys("4"), msgs.JumpLogs{At: miniStart.Add(11 * time.Minute)}), func(t *testing.T, m Model) {
			wantFocus(t, m, "Logs")
			if l := m.panes.Logs().CursorLine(); l != 2 {
				t.Errorf("logs cursor on line %d, want 2", l)
			}
		}},
		{"click on a tab label", []tea.Msg{tea.MouseClickMsg{X: 12, Y: 1, Button: tea.MouseLeft}}, func(t *testing.T, m Model) {
			wantFocus(t, m, "Metrics")
		}},
		{"click while an input is open", append(keys("/"), tea.MouseClickMsg{X: 12, Y: 1, Button: tea.MouseLeft}), func(t *testing.T, m Model) {
			wantFocus(t, m, "Logs")
		}},
		{"narrow tab row still clicks true", []tea.Msg{tea.WindowSizeMsg{Width: 60, Height: 16}, tea.MouseClickMsg{X: 50, Y: 1, Button: tea.MouseLeft}}, func(t *testing.T, m Model) {
			wantFocus(t, m, "Notebook") // "6 Notebook" spans 47–56 unpadded
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// a fresh game each: the session is shared by copies of a model
			base := send(newModel(t, 120, 40, clock), press("enter"))
			tt.check(t, send(base, tt.in...))
		})
	}
}

var miniStart = time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)

func wantFocus(t *testing.T, m Model, want string) {
	t.Helper()
	if m.Focused() != want {
		t.Errorf("focus %s, want %s", m.Focused(), want)
	}
}

func TestActionOffsetsAreMonotonic(t *testing.T) {
	clock := &fakeClock{t: wallStart}
	m := send(newModel(t, 80, 24, clock), press("enter"))
	clock.t = wallStart.Add(2 * time.Minute)
	m = send(m, press("2"))
	clock.t = wallStart.Add(time.Minute) // the wall clock jumps back
	m = send(m, press("3"))
	a := m.Actions()
	if len(a) != 3 || a[0].Offset != 0 || a[1].Offset != 2*time.Minute || a[2].Offset != 2*time.Minute {
		t.Errorf("actions %+v: offsets must never go backwards", a)
	}
}

func TestResizeKeepsLogsState(t *testing.T) {
	m := send(newModel(t, 120, 40, &fakeClock{t: wallStart}), press("enter"))
	m = send(m, keys(">", ">", ">")...) // WARN+: lines 1 and 2
	m = send(m, press("j"))
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, tea.WindowSizeMsg{Width: 100, Height: 30})
	if m.LogFilter() != "WARN+" || m.panes.Logs().CursorLine() != 2 {
		t.Errorf("after resizing: filter %q, cursor line %d", m.LogFilter(), m.panes.Logs().CursorLine())
	}
}

func TestWheelGoesToFocusedPane(t *testing.T) {
	p := miniPack(t)
	s := *p.Scenarios[0]
	var lines []game.LogLine
	for i := range 200 { // enough lines to scroll
		lines = append(lines, game.LogLine{At: s.Start.Add(time.Duration(i) * time.Second),
			Service: "checkout", Level: game.LevelInfo, Msg: "line " + strconv.Itoa(i)})
	}
	s.Logs = game.NewLogStore(lines)
	game.IndexLogs(&s)
	m := New(Options{Pack: p, Scenario: &s, Now: (&fakeClock{t: wallStart}).now})
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"))
	wheel := tea.MouseWheelMsg{Button: tea.MouseWheelDown}
	m = send(m, wheel)
	if l := m.panes.Logs().CursorLine(); l != 3 {
		t.Errorf("after a wheel notch on Logs the cursor rides to line %d, want 3", l)
	}
	m = send(m, press("2"), wheel, press("1"))
	if l := m.panes.Logs().CursorLine(); l != 3 {
		t.Errorf("a wheel notch on Metrics moved the logs to line %d", l)
	}
}

func TestThemeFollowsBackground(t *testing.T) {
	m := send(newModel(t, 80, 24, &fakeClock{t: wallStart}), press("enter"))
	m = send(m, tea.BackgroundColorMsg{Color: color.White})
	if m.shell.Styles.Dark {
		t.Error("a white background kept the dark theme")
	}
	m = send(m, tea.BackgroundColorMsg{Color: color.Black})
	if !m.shell.Styles.Dark {
		t.Error("a black background kept the light theme")
	}
}

func TestNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	p := miniPack(t)
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: (&fakeClock{t: wallStart}).now})
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"), tea.BackgroundColorMsg{Color: color.Black})
	if out := m.render(); strings.Contains(out, "\x1b[38;") || strings.Contains(out, "\x1b[48;") {
		t.Errorf("NO_COLOR screen still sets colours:\n%q", out)
	}
}
