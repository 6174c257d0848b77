package tabs

import (
	"testing"

	"firedrill/game"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func newSet(t *testing.T) Set {
	t.Helper()
	s := New(uitest.Scenario(t, "panes"), styles.New(true, false))
	s.SetSize(100, 30)
	return s
}

func TestNames(t *testing.T) {
	want := []string{"Logs", "Metrics", "Traces", "Events", "Services", "Notebook"}
	if len(want) != int(Count) {
		t.Fatalf("%d names for %d tabs", len(want), Count)
	}
	for i, name := range want {
		tab := Tab(i)
		if tab.String() != name {
			t.Errorf("Tab(%d).String() = %q, want %q", i, tab, name)
		}
		if got, ok := Named(name); !ok || got != tab {
			t.Errorf("Named(%q) = %v, %v; want %v, true", name, got, ok, tab)
		}
	}
	for _, name := range []string{"", "logs", "Count", "Debrief"} {
		if got, ok := Named(name); ok {
			t.Errorf("Named(%q) = %v, true; want false", name, got)
		}
	}
}

func TestReveal(t *testing.T) {
	for _, tt := range []struct {
		kind game.PinKind
		tab  Tab
		ok   bool
	}{
		{game.PinLog, Logs, true},
		{game.PinMetric, Metrics, true},
		{game.PinSpan, Traces, true},
		{game.PinEvent, Events, true},
		{"service", 0, false},
		{"", 0, false},
	} {
		s := newSet(t)
		if got, ok := s.Reveal(game.Pin{Kind: tt.kind, Ref: "nothing-like-it"}); got != tt.tab || ok != tt.ok {
			t.Errorf("Reveal(%q) = %v, %v; want %v, %v", tt.kind, got, ok, tt.tab, tt.ok)
		}
	}
}

// A key goes to the tab it is routed to and to no other.
func TestUpdateRoutesToOneTab(t *testing.T) {
	for tab := range Count {
		key := "j" // a row down
		if tab == Notebook {
			key = "a" // a new hypothesis: the notebook's input opens
		}
		t.Run(tab.String(), func(t *testing.T) {
			before := newSet(t)
			after := before
			after.Update(tab, uitest.Key(key))
			for u := range Count {
				changed := after.View(u) != before.View(u) || after.Capturing(u) != before.Capturing(u)
				if changed != (u == tab) {
					t.Errorf("%q on %s: %s changed = %v", key, tab, u, changed)
				}
			}
		})
	}
}
