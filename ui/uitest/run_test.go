package uitest

import (
	"slices"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	tea "charm.land/bubbletea/v2"
)

func msg(s string) tea.Cmd { return func() tea.Msg { return s } }

func TestRunKeepsOrderAndSkipsClocks(t *testing.T) {
	slow := func() tea.Msg { busy(80 * time.Millisecond); return "slow" }
	tick := tea.Tick(time.Hour, func(time.Time) tea.Msg { return "tick" })
	c := cursor.New()
	c.SetMode(cursor.CursorBlink)
	blink := c.Focus()
	start := time.Now()
	got := Run(tea.Batch(slow, tick, tea.Sequence(msg("a"), msg("b")), blink, func() tea.Msg { return nil }, msg("c")))
	if want := []tea.Msg{"slow", "a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("Run = %v, want %v (batch order; no tick, no blink, no nil)", got, want)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Run took %v: it waited for a clock", d)
	}
}

// busy works for d without sleeping: a slow command, not a timer.
func busy(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

type counter struct{ seen []string }

func (c counter) Update(m tea.Msg) (counter, tea.Cmd) {
	switch m := m.(type) {
	case tea.KeyPressMsg:
		c.seen = append(c.seen, m.String())
		return c, tea.Batch(msg("echo "+m.String()), tea.Quit)
	case string:
		c.seen = append(c.seen, m)
	}
	return c, nil
}

func TestDriveFeedsBackAndReturns(t *testing.T) {
	c, out := Drive(counter{}, nil, Keys("a", "b")...)
	if want := []string{"a", "b", "echo a", "echo b"}; !slices.Equal(c.seen, want) {
		t.Errorf("fed %v, want %v", c.seen, want)
	}
	if len(out) != 2 || out[0] != tea.QuitMsg(struct{}{}) {
		t.Errorf("returned %v, want the two quits", out)
	}
	c, cmd := Press(counter{}, "x", "enter")
	if !slices.Equal(c.seen, []string{"x", "enter"}) || cmd == nil {
		t.Errorf("Press: seen %v cmd %v", c.seen, cmd != nil)
	}
	if _, out := PressRun(counter{}, "x", "y"); len(out) != 2 || out[0] != "echo y" {
		t.Errorf("PressRun returned %v, want the last key's messages", out)
	}
}
