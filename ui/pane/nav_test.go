package pane_test

import (
	"testing"

	"firedrill/ui/pane"
	"firedrill/ui/uitest"
)

func TestMoveIsTheSameEverywhere(t *testing.T) {
	nav := pane.DefaultNavKeyMap().Of("event")
	for k, want := range map[string]int{"up": -1, "k": -1, "down": 1, "j": 1, "pgup": -10, "b": -10,
		"pgdown": 10, "space": 10, "ctrl+u": -5, "ctrl+d": 5, "g": -pane.End, "home": -pane.End, "G": pane.End, "end": pane.End} {
		if got, ok := nav.Move(uitest.Key(k), 10); !ok || got != want {
			t.Errorf("%s moves %d (%v), want %d", k, got, ok, want)
		}
	}
	if _, ok := nav.Move(uitest.Key("x"), 10); ok {
		t.Error("x is a movement key")
	}
	if got, _ := nav.Move(uitest.Key("ctrl+d"), 1); got != 1 {
		t.Errorf("half of a one-row page moves %d, want 1", got)
	}
	if d := nav.Up.Help().Desc; d != "previous event" {
		t.Errorf("Of names the rows: %q", d)
	}
}
