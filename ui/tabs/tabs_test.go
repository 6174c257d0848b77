package tabs

import (
	"testing"

	"firedrill/game"
	"firedrill/ui/msgs"
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

// What a pane's command yields comes back addressed: the pane's own
// answers as a Reply to it (and Deliver gives them to it alone), messages
// for the root as they are.
func TestRepliesGoBackToThePaneThatAsked(t *testing.T) {
	s := newSet(t)
	cmd := s.Update(Logs, uitest.Key(">")) // raise the level floor: a filter request
	var reply Reply
	for _, msg := range uitest.Run(cmd) {
		if r, ok := msg.(Reply); ok {
			reply = r
		}
	}
	if reply.To != Logs || reply.Msg == nil {
		t.Fatalf("the filter's answer came back as %#v, want a Reply to Logs", reply)
	}
	before := s
	root := uitest.Run(s.Deliver(reply))
	if got := s.Logs().Filter(); got != "DEBUG+" {
		t.Errorf("after the reply the Logs filter is %q, want DEBUG+", got)
	}
	for u := range Count {
		if u != Logs && s.View(u) != before.View(u) {
			t.Errorf("the Logs reply changed %s", u)
		}
	}
	if len(root) != 1 {
		t.Fatalf("applying the filter yields %#v, want the action for the root", root)
	}
	if _, ok := root[0].(msgs.Act); !ok {
		t.Errorf("the filter's action came back as %T, want msgs.Act as it is", root[0])
	}
}
