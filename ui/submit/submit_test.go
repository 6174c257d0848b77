package submit

import (
	"fmt"
	"reflect"
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
			if got := answer(cmd); !reflect.DeepEqual(got, tt.wantMsg) {
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
		{"attach", false, []string{"down", "enter", "down"}},
	}
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		for _, st := range stages {
			t.Run(fmt.Sprintf("%s_%dx%d", st.name, sz.w, sz.h), func(t *testing.T) {
				m := newModel(t, st.timeUp).SetSize(sz.w, sz.h)
				if st.name == "attach" {
					m = m.SetNotebook(notebookOf(t, 0))
				}
				_, o, _ := press(m, st.keys...)
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

// notebookOf pins signals of the mini scenario: #1 (open) the eviction
// line and the deploy-free alert, #2 (confirmed) the hit ratio and the
// eviction line again; extra more pins on #3.
func notebookOf(t *testing.T, extra int) game.Notebook {
	t.Helper()
	s := uitest.Mini(t)
	line := game.LogPin(s, 1)
	line.Label = "WARN cache evicted 48213 keys"
	alert := game.EventPin(s, 1)
	alert.Label = "alert api-gateway p95 > 2s"
	ratio := game.MetricPin(s.Metrics[0], s.Start.Add(10*time.Minute))
	ratio.Label = "cache_hit_ratio (cache) = 55% at +10:00"
	nb := game.Notebook{Hypotheses: []game.Hypothesis{
		{ID: 1, Text: "checkout?", Status: game.StatusOpen, Evidence: []game.Pin{line, alert}},
		{ID: 2, Text: "cache evicting hot keys", Status: game.StatusConfirmed, Evidence: []game.Pin{ratio, line}},
	}}
	if extra > 0 {
		h := game.Hypothesis{ID: 3, Text: "more", Status: game.StatusOpen}
		for i := range extra {
			p := game.MetricPin(s.Metrics[1], s.Start.Add(time.Duration(i)*time.Minute))
			p.Label = fmt.Sprintf("http_latency_p95 at +%d:00", i)
			h.Evidence = append(h.Evidence, p)
		}
		nb.Hypotheses = append(nb.Hypotheses, h)
	}
	return nb
}

func TestAttachStep(t *testing.T) {
	nb := notebookOf(t, 0)
	labels := func(pins []game.Pin) []string {
		var out []string
		for _, p := range pins {
			out = append(out, p.Label)
		}
		return out
	}
	m, _, _ := press(newModel(t, false).SetNotebook(nb), "down", "enter")
	if m.Stage() != Attaching {
		t.Fatalf("after the pick: stage %d; want the attach step", m.Stage())
	}
	// one row per signal; the confirmed hypothesis's pins start attached
	if len(m.attach.cands) != 3 {
		t.Fatalf("rows %+v; want the eviction line once", m.attach.cands)
	}
	if got := labels(m.Attached()); !reflect.DeepEqual(got, []string{"WARN cache evicted 48213 keys", "cache_hit_ratio (cache) = 55% at +10:00"}) {
		t.Errorf("preselected %v", got)
	}
	v := uitest.Plain(m.View())
	for _, want := range []string{"▸ [x]  #1,#2 ✓", "  [ ]  #1 ", "  [x]  #2 ✓ ", "2 of at most 5 attached"} {
		if !contains(v, want) {
			t.Errorf("attach step lacks %q:\n%s", want, v)
		}
	}
	// space detaches the first row, down + space attaches the alert
	m, _, cmd := press(m, "space", "down", "space", "enter", "type:ratio fell", "enter", "y")
	want := Submitted{ChoiceID: "cache-invalidation", Justification: "ratio fell",
		Attached: []game.Pin{nb.Hypotheses[1].Evidence[0], nb.Hypotheses[0].Evidence[1]}}
	if got := answer(cmd); !reflect.DeepEqual(got, want) {
		t.Errorf("answer %+v\nwant %+v", got, want)
	}
	// esc steps back: reason → pins → choices
	m, _, _ = press(newModel(t, false).SetNotebook(nb), "enter", "enter", "esc")
	if m.Stage() != Attaching {
		t.Errorf("esc from the reason: stage %d; want the pins", m.Stage())
	}
	if m, _, _ = press(m, "esc"); m.Stage() != Picking {
		t.Errorf("esc from the pins: stage %d; want the choices", m.Stage())
	}
	// zero is allowed, and the last question says what it costs
	m, o, _ := press(newModel(t, false).SetNotebook(nb), "enter", "space", "down", "down", "space", "enter", "enter")
	if len(m.Attached()) != 0 || !contains(uitest.Plain(o.View()), "No evidence attached: a right pick without proof scores half.") {
		t.Errorf("nothing attached: %v\n%s", m.Attached(), uitest.Plain(o.View()))
	}
}

// At most five: a sixth space is refused and says why; no pins at all
// skip the step.
func TestAttachAtMostFive(t *testing.T) {
	m, _, _ := press(newModel(t, false).SetNotebook(notebookOf(t, 6)), "enter", "down", "space", "down", "down", "space", "down", "space")
	if len(m.Attached()) != 5 {
		t.Fatalf("%d attached; want 5", len(m.Attached()))
	}
	m, _, _ = press(m, "down", "space")
	if len(m.Attached()) != 5 || !contains(uitest.Plain(m.View()), "that is the most: detach one first") {
		t.Errorf("a sixth pin: %d attached\n%s", len(m.Attached()), uitest.Plain(m.View()))
	}
	if m, _, _ = press(m, "up", "space", "down", "space"); len(m.Attached()) != 5 {
		t.Errorf("detach one, attach another: %d", len(m.Attached()))
	}
	if m, _, _ = press(newModel(t, false), "enter"); m.Stage() != Justifying {
		t.Errorf("no pins: stage %d; want straight to the reason", m.Stage())
	}
}
