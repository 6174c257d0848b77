package submit

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/overlay"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func newModel(t *testing.T, timeUp bool) Model {
	t.Helper()
	m := New(uitest.Mini(t), styles.New(true, true)).SetSize(80, 24).SetTimeLeft(7*time.Minute + 32*time.Second)
	return m.SetTimeUp(timeUp)
}

// press drives the screen on an overlay stack, as the root does (the last
// question is a dialog it opens over itself): it returns the screen, the
// stack, and the last key's command, which yields a closing answer.
func press(m Model, keys ...string) (Model, uitest.Overlay, tea.Cmd) {
	w, h := m.width, m.height
	o, cmd := uitest.Press(uitest.NewOverlay(overlay.Of(m), w, h), keys...)
	if s, ok := overlay.Find[Model](o.Stack); ok {
		m = s
	} else {
		m.stage = closed
	}
	return m, o, cmd
}

// closed is the stage press reports when the screen has closed itself.
const closed Stage = -1

// answer is what cmd yields last: a closing dialog's answer, nil for none.
func answer(cmd tea.Cmd) tea.Msg {
	var last tea.Msg
	for _, msg := range uitest.Run(cmd) {
		last = msg
	}
	return last
}

func TestSubmitFlow(t *testing.T) {
	tests := []struct {
		name      string
		timeUp    bool
		keys      []string
		wantStage Stage
		wantMsg   tea.Msg // what the last key's command yields; nil for none
	}{
		{"esc on the list leaves", false, []string{"esc"}, closed, Cancelled{}},
		{"esc on the list cannot leave when time is up", true, []string{"esc"}, Picking, nil},
		{"esc from the justification goes back to the list", true, []string{"enter", "esc"}, Picking, nil},
		{"and a second esc still cannot leave", true, []string{"enter", "esc", "esc"}, Picking, nil},
		{"enter asks for a reason first", false, []string{"down", "enter"}, Justifying, nil},
		{"then asks to confirm", false, []string{"down", "enter", "type:hit ratio fell", "enter"}, Confirming, nil},
		{"enter at the confirm means no", false, []string{"down", "enter", "enter", "enter"}, Justifying, nil},
		{"n at the confirm means no", false, []string{"down", "enter", "enter", "n"}, Justifying, nil},
		{"esc at the confirm means no", true, []string{"down", "enter", "enter", "esc"}, Justifying, nil},
		{"y submits with the reason", false, []string{"down", "enter", "type:  hit ratio fell first ", "enter", "y"},
			closed, Submitted{ChoiceID: "cache-invalidation", Justification: "hit ratio fell first"}},
		{"the reason is optional", true, []string{"3", "enter", "enter", "y"},
			closed, Submitted{ChoiceID: "db-slow-query"}},
		{"other keys at the confirm do nothing", false, []string{"down", "enter", "enter", "x"}, Confirming, nil},
		{"keys typed in the reason are text", false, []string{"enter", "type:yn", "esc", "enter"}, Justifying, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _, cmd := press(newModel(t, tt.timeUp), tt.keys...)
			if m.Stage() != tt.wantStage {
				t.Errorf("stage = %d, want %d", m.Stage(), tt.wantStage)
			}
			if got := answer(cmd); got != tt.wantMsg {
				t.Errorf("answer = %#v, want %#v", got, tt.wantMsg)
			}
		})
	}
}

func TestTypedReasonSurvivesGoingBack(t *testing.T) {
	m, _, _ := press(newModel(t, false), "enter", "type:cache first", "esc", "down", "enter")
	if m.Justification() != "cache first" {
		t.Errorf("justification = %q", m.Justification())
	}
	if c, _ := m.Choice(); c.ID != "cache-invalidation" {
		t.Errorf("choice = %q", c.ID)
	}
}

func TestSubmitGolden(t *testing.T) {
	stages := []struct {
		name   string
		timeUp bool
		keys   []string
	}{
		{"pick", false, []string{"down"}},
		{"justify", false, []string{"down", "enter", "type:hit ratio fell before latency rose"}},
		{"confirm", false, []string{"down", "enter", "type:hit ratio fell before latency rose", "enter"}},
		{"timeup", true, []string{"down", "down"}},
	}
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		for _, st := range stages {
			t.Run(fmt.Sprintf("%s_%dx%d", st.name, sz.w, sz.h), func(t *testing.T) {
				_, o, _ := press(newModel(t, st.timeUp).SetSize(sz.w, sz.h), st.keys...)
				v := o.View()
				uitest.FitsIn(t, v, sz.w, sz.h)
				uitest.Golden(t, fmt.Sprintf("submit_%s_%dx%d.txt", st.name, sz.w, sz.h), v)
			})
		}
	}
}

// TestManyChoicesScroll: twelve long choices at 80×24 keep the highlighted
// one on screen.
func TestManyChoicesScroll(t *testing.T) {
	m := newModel(t, false)
	s := *m.scenario
	s.Choices = nil
	for i := range 12 {
		s.Choices = append(s.Choices, game.Choice{ID: fmt.Sprint(i),
			Text: fmt.Sprintf("choice %d: a long explanation that wraps over more than one line at eighty columns wide", i+1)})
	}
	m = New(&s, styles.New(true, true)).SetSize(80, 24)
	for range 11 {
		m, _ = m.Update(uitest.Key("down"))
	}
	m, _ = m.Update(uitest.Key("enter"))
	v := uitest.Plain(m.View())
	if !contains(v, "12. choice 12") {
		t.Errorf("the last choice is not on screen:\n%s", v)
	}
	uitest.FitsIn(t, m.View(), 80, 24)
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestTinySizesNeverOverflow(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{40, 6}, {20, 3}, {80, 1}} {
		m, o, _ := press(newModel(t, false).SetSize(sz.w, sz.h), "enter", "enter")
		uitest.FitsIn(t, m.View(), sz.w, sz.h)
		uitest.FitsIn(t, o.View(), sz.w, sz.h)
	}
}
