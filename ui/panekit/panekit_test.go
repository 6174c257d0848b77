package panekit

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestOffset(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{0, "+00:00"},
		{90 * time.Second, "+01:30"},
		{12*time.Minute + 3120*time.Millisecond, "+12:03"},
		{-5 * time.Second, "-00:05"},
		{time.Hour + 2*time.Minute + 3*time.Second, "+62:03"},
	}
	for _, c := range cases {
		if got := Offset(c.d); got != c.want {
			t.Errorf("Offset(%v) = %q; want %q", c.d, got, c.want)
		}
	}
}

func TestDuration(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{0, "0ms"},
		{850 * time.Microsecond, "850µs"},
		{112 * time.Millisecond, "112ms"},
		{2410 * time.Millisecond, "2.41s"},
		{2 * time.Second, "2s"},
		{2003 * time.Millisecond, "2.003s"},
		{12500 * time.Millisecond, "12.5s"},
		{4 * time.Minute, "4m"},
		{65 * time.Second, "1m05s"},
	}
	for _, c := range cases {
		if got := Duration(c.d); got != c.want {
			t.Errorf("Duration(%v) = %q; want %q", c.d, got, c.want)
		}
	}
}

func TestNumberAndUnit(t *testing.T) {
	cases := []struct {
		v    float64
		unit string
		want string
	}{
		{2400, "ms", "2400 ms"},
		{55, "%", "55%"},
		{0.1, "%", "0.1%"},
		{73.5, "", "73.5"},
		{326.4, "rps", "326 rps"},
		{0.0123, "", "0.012"},
		{12345, "B", "12.3k B"},
		{2_500_000, "", "2.5M"},
		{-3, "", "-3"},
	}
	for _, c := range cases {
		if got := WithUnit(c.v, c.unit); got != c.want {
			t.Errorf("WithUnit(%v, %q) = %q; want %q", c.v, c.unit, got, c.want)
		}
	}
}

func TestFitAndBox(t *testing.T) {
	if got := Fit("\x1b[1mhello\x1b[0m world", 8); ansi.Strip(got) != "hello w…" || ansi.StringWidth(got) != 8 {
		t.Errorf("Fit cut = %q", got)
	}
	if got := Fit("日本", 6); got != "日本  " {
		t.Errorf("Fit pad of wide runes = %q", got)
	}
	if got := Box([]string{"abcdef", "x"}, 4, 3); got != "abc…\nx\n" {
		t.Errorf("Box = %q", got)
	}
}

func TestScroll(t *testing.T) {
	cases := []struct{ top, sel, n, total, want int }{
		{0, 3, 5, 10, 0}, // visible: stay
		{0, 7, 5, 10, 3}, // below: bring to the bottom
		{5, 2, 5, 10, 2}, // above: bring to the top
		{8, 9, 5, 10, 5}, // never leave empty rows at the end
		{0, 0, 5, 3, 0},  // fewer rows than the window
		{4, 1, 0, 10, 1}, // no room at all: the selection is the top
	}
	for _, c := range cases {
		if got := Scroll(c.top, c.sel, c.n, c.total); got != c.want {
			t.Errorf("Scroll(%d, %d, %d, %d) = %d; want %d", c.top, c.sel, c.n, c.total, got, c.want)
		}
	}
}

func TestWheelAsKey(t *testing.T) {
	cases := []struct {
		in   tea.Msg
		want string
	}{
		{tea.MouseWheelMsg{Button: tea.MouseWheelUp}, "up"},
		{tea.MouseWheelMsg{Button: tea.MouseWheelDown}, "down"},
		{tea.MouseWheelMsg{Button: tea.MouseWheelLeft}, "left"},
		{tea.MouseWheelMsg{Button: tea.MouseWheelRight}, "right"},
		{tea.KeyPressMsg{Code: 'j', Text: "j"}, "j"},
	}
	for _, c := range cases {
		k, ok := WheelAsKey(c.in).(tea.KeyPressMsg)
		if !ok || k.String() != c.want {
			t.Errorf("WheelAsKey(%v) = %v; want key %q", c.in, k, c.want)
		}
	}
}

func TestNearest(t *testing.T) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	times := []time.Duration{10, 20, 40} // minutes
	at := func(i int) time.Time { return base.Add(times[i] * time.Minute) }
	cases := []struct {
		t    time.Duration
		want int
	}{
		{0, 0}, {10, 0}, {14, 0}, {15, 0}, {16, 1}, {30, 1}, {31, 2}, {90, 2},
	}
	for _, c := range cases {
		if got := Nearest(len(times), at, base.Add(c.t*time.Minute)); got != c.want {
			t.Errorf("Nearest(+%dm) = %d; want %d", c.t, got, c.want)
		}
	}
	if got := Nearest(0, at, base); got != -1 {
		t.Errorf("Nearest of nothing = %d; want -1", got)
	}
}
