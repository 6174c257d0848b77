package notebook

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/overlay"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

var wall = time.Date(2026, 11, 25, 14, 32, 0, 0, time.UTC)

func newModel(t *testing.T) (Model, *game.Scenario) {
	t.Helper()
	s := uitest.Mini(t)
	pin := key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "pin")) // the root's
	m := New(s, styles.New(true, true), WithClock(func() time.Time { return wall }), WithPinKey(pin)).SetSize(80, 20)
	return m, s
}

var (
	press = uitest.Send[Model]
	kp    = uitest.Key
)

// write adds a hypothesis through the keys a player would press.
func write(t *testing.T, m Model, text string) (Model, tea.Cmd) {
	t.Helper()
	m, _ = press(m, kp("a"))
	if !m.Capturing() {
		t.Fatal("the textarea should capture keys after a")
	}
	m, _ = press(m, uitest.Type(text)...)
	return press(m, kp("ctrl+s"))
}

// actionOf runs a change's command: it must report msgs.NotebookChanged
// and record exactly one action, which it returns.
func actionOf(t *testing.T, cmd tea.Cmd) game.Action {
	t.Helper()
	var acts []game.Action
	changed := false
	for _, msg := range uitest.Run(cmd) {
		switch msg := msg.(type) {
		case msgs.Act:
			acts = append(acts, msg.Action)
		case msgs.NotebookChanged:
			changed = true
		}
	}
	if len(acts) != 1 || !changed {
		t.Fatalf("command yields %d actions (changed: %v), want 1 and a NotebookChanged", len(acts), changed)
	}
	return acts[0]
}

func TestNewHypothesisIsStampedWithCursorAndWallTime(t *testing.T) {
	m, s := newModel(t)
	at := s.Start.Add(12*time.Minute + 3*time.Second)
	m = m.SetCursor(at)
	m, cmd := write(t, m, "cache evicts hot keys")
	if m.Capturing() {
		t.Error("still capturing after ctrl+s")
	}
	hs := m.Notebook().Hypotheses
	if len(hs) != 1 {
		t.Fatalf("got %d hypotheses, want 1", len(hs))
	}
	h := hs[0]
	if h.Text != "cache evicts hot keys" || !h.CursorAt.Equal(at) || !h.WrittenAt.Equal(wall) ||
		h.Status != game.StatusOpen || h.ID != 1 {
		t.Errorf("hypothesis = %+v", h)
	}
	a := actionOf(t, cmd)
	if a.Kind != game.ActNote || a.Detail != "cache evicts hot keys" || a.Target != "1" || !a.At.Equal(at) {
		t.Errorf("action = %+v", a)
	}
}

func TestTheStampIsTakenWhenWritingStarts(t *testing.T) {
	m, s := newModel(t)
	m = m.SetCursor(s.Start.Add(5 * time.Minute))
	m, _ = press(m, kp("a"))
	// The shared cursor moving while the player types must not restamp.
	m = m.SetCursor(s.Start.Add(9 * time.Minute))
	m, _ = press(m, append(uitest.Type("x"), kp("ctrl+s"))...)
	if got := m.Notebook().Hypotheses[0].CursorAt; !got.Equal(s.Start.Add(5 * time.Minute)) {
		t.Errorf("CursorAt = %v, want +05:00", got.Sub(s.Start))
	}
}

// question is the msgs.Confirm cmd yields: the tab asks the root.
func question(t *testing.T, cmd tea.Cmd) msgs.Confirm {
	t.Helper()
	for _, msg := range uitest.Run(cmd) {
		if q, ok := msg.(msgs.Confirm); ok {
			return q
		}
	}
	t.Fatal("the tab did not ask")
	return msgs.Confirm{}
}

// answer answers the question cmd asks with key, in the dialog the root
// opens for it, and hands the answer back to the tab.
func answer(t *testing.T, m Model, cmd tea.Cmd, key string) (Model, tea.Cmd) {
	t.Helper()
	_, step := overlay.NewConfirm(question(t, cmd)).Update(kp(key))
	if !step.Close {
		t.Fatalf("%s did not answer the question", key)
	}
	if step.Answer == nil {
		return m, nil
	}
	return m.Update(step.Answer)
}

func TestLeavingTheEditor(t *testing.T) {
	tests := []struct {
		name      string
		keys      []string
		answer    string // the key that answers the question the last key asked
		wantHyps  int
		capturing bool
	}{
		{"esc on an empty note cancels", []string{"a", "esc"}, "", 0, false},
		{"esc with text asks first", []string{"a", "h", "i", "esc"}, "", 0, true},
		{"esc then esc keeps writing", []string{"a", "h", "i", "esc"}, "esc", 0, true},
		{"esc then n keeps writing", []string{"a", "h", "i", "esc"}, "n", 0, true},
		{"esc then y discards", []string{"a", "h", "i", "esc"}, "y", 0, false},
		{"esc then s saves", []string{"a", "h", "i", "esc"}, "s", 1, false},
		{"editing: esc esc keeps the old text", []string{"a", "h", "i", "ctrl+s", "e", "!", "esc"}, "esc", 1, true},
		{"esc then another key keeps writing", []string{"a", "h", "i", "esc"}, "left", 0, true},
		{"ctrl+s on an empty note saves nothing", []string{"a", "ctrl+s"}, "", 0, false},
		{"keys typed are text, not commands", []string{"a", "x", "d", "q"}, "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newModel(t)
			m, cmd := uitest.Press(m, tt.keys...)
			if tt.answer != "" {
				m, _ = answer(t, m, cmd, tt.answer)
			}
			if got := len(m.Notebook().Hypotheses); got != tt.wantHyps {
				t.Errorf("hypotheses = %d, want %d", got, tt.wantHyps)
			}
			if m.Capturing() != tt.capturing {
				t.Errorf("Capturing = %v, want %v", m.Capturing(), tt.capturing)
			}
		})
	}
}

// esc with typed text asks before throwing it away, and the answer that
// is easy to hit by accident (a second esc) keeps the text.
func TestEscAsksBeforeDiscarding(t *testing.T) {
	m, _ := newModel(t)
	m, cmd := press(m, append(append([]tea.Msg{kp("a")}, uitest.Type("cache evictions")...), kp("esc"))...)
	if q := question(t, cmd); q.Question != "Unsaved note — discard it?" {
		t.Errorf("esc with text asks %q", q.Question)
	}
	if m, _ = press(m, kp("y")); m.mode != askingDiscard {
		t.Errorf("a key before the question opened was taken as its answer (mode %d)", m.mode)
	}
	m, _ = answer(t, m, cmd, "esc")
	if got := m.editor.Value(); got != "cache evictions" || m.mode != editing {
		t.Errorf("after esc esc the editor holds %q (mode %d), want the text kept", got, m.mode)
	}
}

func TestEditKeepsTheStampAndChangesTheText(t *testing.T) {
	m, s := newModel(t)
	m = m.SetCursor(s.Start.Add(3 * time.Minute))
	m, _ = write(t, m, "db")
	m = m.SetCursor(s.Start.Add(20 * time.Minute))
	m, _ = press(m, kp("e"))
	if !strings.Contains(m.View(), "Editing #1") {
		t.Errorf("editor title missing:\n%s", m.View())
	}
	m, cmd := press(m, append(uitest.Type(" is slow"), kp("ctrl+s"))...)
	h := m.Notebook().Hypotheses[0]
	if h.Text != "db is slow" || !h.CursorAt.Equal(s.Start.Add(3*time.Minute)) {
		t.Errorf("after edit: %+v", h)
	}
	if a := actionOf(t, cmd); a.Kind != game.ActNote || a.Detail != "db is slow" {
		t.Errorf("action = %+v", a)
	}
}

func TestStatusCycles(t *testing.T) {
	m, _ := newModel(t)
	m, _ = write(t, m, "cache")
	want := []game.HypothesisStatus{game.StatusRuledOut, game.StatusConfirmed, game.StatusOpen}
	for _, w := range want {
		var cmd tea.Cmd
		m, cmd = press(m, kp("x"))
		if got := m.Notebook().Hypotheses[0].Status; got != w {
			t.Fatalf("status = %s, want %s", got, w)
		}
		if a := actionOf(t, cmd); a.Kind != game.ActStatus || a.Target != "1" || a.Detail != string(w) {
			t.Errorf("action = %+v", a)
		}
	}
}

func TestAddPin(t *testing.T) {
	m, s := newModel(t)
	pin := game.Pin{Kind: game.PinLog, Ref: "1", At: s.Start.Add(12 * time.Minute), Service: "checkout", Label: "timeout"}

	m, pinned, ok := m.AddPin(pin)
	hs := m.Notebook().Hypotheses
	if len(hs) != 1 || hs[0].Text != "" || len(hs[0].Evidence) != 1 {
		t.Fatalf("pin on an empty notebook: %+v", hs)
	}
	if v := m.View(); !strings.Contains(v, noTextYet) {
		t.Errorf("a hypothesis without text shows no placeholder:\n%s", v)
	}
	if e, _ := press(m, kp("e")); e.editor.Value() != "" {
		t.Errorf("editing a hypothesis without text starts from %q", e.editor.Value())
	}
	if a := pinned.Action; !ok || a.Kind != game.ActPin || a.Target != "1" || a.Detail != "log" || a.Service != "checkout" {
		t.Errorf("action = %+v (ok %v)", a, ok)
	}
	// The pin made the hypothesis: say so, or it appears from nowhere.
	if want := "pinned log to hypothesis #1 (new, untitled: on the Notebook tab e says what you suspect)"; pinned.Where != want {
		t.Errorf("where the pin went = %q; want %q", pinned.Where, want)
	}
	if _, _, ok = m.AddPin(pin); ok {
		t.Error("pinning the same signal twice should do nothing")
	}
	second := game.Pin{Kind: game.PinLog, Ref: "2", At: s.Start.Add(13 * time.Minute), Service: "checkout", Label: "retry"}
	m, p2, _ := m.AddPin(second)
	if p2.Where != "pinned log to hypothesis #1" {
		t.Errorf("a pin to an existing hypothesis: where = %q", p2.Where)
	}

	m, _ = write(t, m, "second")
	m, _ = write(t, m, "third")
	// Select the second hypothesis: the list is #1, its two pins, #2, #3.
	m, _ = press(m, kp("up"))
	metric := game.Pin{Kind: game.PinMetric, Ref: "cache/cache_hit_ratio", At: s.Start.Add(12*time.Minute + 30*time.Second)}
	m, pinned, _ = m.AddPin(metric)
	// a metric pin says it keeps the cursor's moment: proof counts it only
	// where the series shows the move
	if want := "pinned metric to hypothesis #2 at the cursor, +12:30"; pinned.Where != want {
		t.Errorf("where the metric pin went = %q; want %q", pinned.Where, want)
	}
	for i, wantPins := range []int{2, 1, 0} {
		if got := len(m.Notebook().Hypotheses[i].Evidence); got != wantPins {
			t.Errorf("hypothesis %d has %d pins, want %d", i+1, got, wantPins)
		}
	}
	if got := m.Notebook().Hypotheses[1].Evidence[0]; got.Ref != metric.Ref {
		t.Errorf("second hypothesis pin = %+v", got)
	}
}

func TestEnterOnAPinRevealsIt(t *testing.T) {
	m, s := newModel(t)
	pin := game.Pin{Kind: game.PinEvent, Ref: "inventory-deploy", At: s.Start.Add(5 * time.Minute)}
	m, _, _ = m.AddPin(pin)
	m, _ = press(m, kp("down"))
	_, cmd := press(m, kp("enter"))
	if cmd == nil {
		t.Fatal("enter on a pin returned no command")
	}
	got, ok := cmd().(msgs.RevealPin)
	if !ok || got.Pin.Ref != pin.Ref || got.Pin.Kind != pin.Kind {
		t.Errorf("enter yields %#v, want RevealPin for %v", cmd(), pin)
	}
}

func TestDeleteAsksFirst(t *testing.T) {
	m, s := newModel(t)
	m, _ = write(t, m, "one")
	m, _, _ = m.AddPin(game.Pin{Kind: game.PinLog, Ref: "0", At: s.Start})
	m, _ = write(t, m, "two")

	m, cmd := press(m, kp("d"))
	if q := question(t, cmd); !m.Capturing() || q.Question != "Delete hypothesis #2 and its 0 pins?" {
		t.Fatalf("d should ask before deleting: asked %q, capturing %v", q.Question, m.Capturing())
	}
	m, _ = answer(t, m, cmd, "n")
	if len(m.Notebook().Hypotheses) != 2 || m.Capturing() {
		t.Fatal("n deleted anyway, or left the tab capturing")
	}
	m, cmd = press(m, kp("up"), kp("d")) // the pin of #1
	if q := question(t, cmd); q.Question != "Remove this log pin from #1?" {
		t.Errorf("d on a pin asks %q", q.Question)
	}
	m, _ = answer(t, m, cmd, "y")
	if hs := m.Notebook().Hypotheses; len(hs) != 2 || len(hs[0].Evidence) != 0 {
		t.Fatalf("deleting the pin: %+v", hs)
	}
	m, cmd = press(m, kp("d"))
	m, _ = answer(t, m, cmd, "y")
	if hs := m.Notebook().Hypotheses; len(hs) != 1 || hs[0].Text != "two" {
		t.Fatalf("deleting #1: %+v", hs)
	}
	// New ids never reuse a live one.
	m, _ = write(t, m, "three")
	if hs := m.Notebook().Hypotheses; hs[1].ID != 3 {
		t.Errorf("new id = %d, want 3", hs[1].ID)
	}
}

func TestSetNotebookSanitizesAndRoundTrips(t *testing.T) {
	m, s := newModel(t)
	nb := game.Notebook{
		Hypotheses: []game.Hypothesis{{ID: 4, Text: "evil\x1b[2J", Status: game.StatusConfirmed, CursorAt: s.Start,
			Evidence: []game.Pin{{Kind: game.PinLog, Ref: "2", Label: "a\nb"}}}},
		Hints: []string{"Which signal moved first?"},
	}
	m = m.SetNotebook(nb)
	got := m.Notebook()
	if got.Hypotheses[0].Text != "evil^[[2J" || got.Hypotheses[0].Evidence[0].Label != "a⏎b" {
		t.Errorf("not sanitized: %+v", got.Hypotheses[0])
	}
	if got.Hypotheses[0].ID != 4 || got.Hypotheses[0].Status != game.StatusConfirmed || len(got.Hints) != 1 {
		t.Errorf("lost data: %+v", got)
	}
	m = m.RevealHint("Compare the cache's hit ratio with postgres QPS.")
	if n := len(m.Notebook().Hints); n != 2 {
		t.Errorf("hints = %d, want 2", n)
	}
	if !strings.Contains(m.View(), "−200 points") {
		t.Errorf("hint cost not shown:\n%s", m.View())
	}
}

func TestRevealSelectsThePin(t *testing.T) {
	m, s := newModel(t)
	m, _ = write(t, m, "one")
	p := game.Pin{Kind: game.PinSpan, Ref: "4bf92f3577b34da6/a1", At: s.Start}
	m, _, _ = m.AddPin(p)
	m, _ = press(m, kp("g"))
	m = m.Reveal(p)
	if e, ok := m.selected(); !ok || e.pin != 0 {
		t.Errorf("selected = %+v, want the pin", e)
	}
}

func TestTheSelectionStaysInView(t *testing.T) {
	m, _ := newModel(t)
	for i := range 12 {
		m, _ = write(t, m, fmt.Sprintf("idea number %d", i+1))
	}
	if !strings.Contains(m.View(), "idea number 12") {
		t.Errorf("the newest hypothesis is off screen:\n%s", m.View())
	}
	m, _ = press(m, kp("g"))
	if v := m.View(); !strings.Contains(v, "idea number 1\n") || strings.Contains(v, "idea number 12") {
		t.Errorf("g should scroll to the top:\n%s", v)
	}
	uitest.FitsIn(t, m.View(), 80, 20)
}

func TestDeleteReportsTheChangeWithoutAnAction(t *testing.T) {
	m, _ := newModel(t)
	m, _ = write(t, m, "one")
	m, _ = write(t, m, "two")
	m, cmd := press(m, kp("d"))
	_, cmd = answer(t, m, cmd, "y")
	got := uitest.Run(cmd)
	if len(got) != 1 {
		t.Fatalf("delete yields %d messages, want one Changed: %#v", len(got), got)
	}
	ch, ok := got[0].(msgs.NotebookChanged)
	if !ok || len(ch.Notebook.Hypotheses) != 1 || ch.Notebook.Hypotheses[0].Text != "one" {
		t.Errorf("delete yields %#v", got[0])
	}
}

func TestNotebookIsACopy(t *testing.T) {
	m, s := newModel(t)
	m, _, _ = m.AddPin(game.Pin{Kind: game.PinLog, Ref: "0", At: s.Start})
	nb := m.Notebook()
	nb.Hypotheses[0].Status = game.StatusConfirmed
	nb.Hypotheses[0].Evidence[0].Ref = "changed"
	if h := m.Notebook().Hypotheses[0]; h.Status != game.StatusOpen || h.Evidence[0].Ref != "0" {
		t.Errorf("changing the returned notebook changed the tab: %+v", h)
	}
}

// A pin whose label is cut in the list shows whole, wrapped, while it is
// selected; the tab still fits its area.
func TestSelectedPinLabelShownWhole(t *testing.T) {
	m, s := newModel(t)
	m = m.SetSize(80, 20)
	m, _ = write(t, m, "checkout reads cold keys")
	label := "deploy checkout: rolled out checkout v4.12 to production (4/4 pods): production now reads catalog:v4 keys"
	m, _, _ = m.AddPin(game.Pin{Kind: game.PinEvent, Ref: "checkout-deploy", At: s.Start, Service: "checkout", Label: label})
	m, _ = press(m, kp("G"))
	v := ansi.Strip(m.View())
	if flat := strings.Join(strings.Fields(v), " "); !strings.Contains(flat, "production now reads catalog:v4 keys") {
		t.Errorf("the end of the selected pin's label is not shown:\n%s", v)
	}
	uitest.FitsIn(t, m.View(), 80, 20)
	m, _ = press(m, kp("g"))
	if v := ansi.Strip(m.View()); strings.Contains(v, "── pinned") {
		t.Errorf("with a hypothesis selected the pin detail still shows:\n%s", v)
	}
}

// Testers pressed d twice ("d d", as in lazygit) and thought nothing
// happened: the second d answered No. It confirms, and the box says that
// any other key keeps the entry.
func TestDeleteTwiceConfirmsAndTheBoxSaysWhatOtherKeysDo(t *testing.T) {
	m, s := newModel(t)
	m, _ = write(t, m, "one")
	m, _, _ = m.AddPin(game.Pin{Kind: game.PinLog, Ref: "0", At: s.Start})
	m, _ = press(m, kp("down")) // the pin
	m, cmd := press(m, kp("d"))
	box := ansi.Strip(overlay.NewConfirm(question(t, cmd)).Layer(overlay.Frame{W: 80, H: 24, Styles: styles.New(true, false)}).GetContent())
	for _, want := range []string{"d delete", "any other key keeps it"} {
		if !strings.Contains(strings.Join(strings.Fields(box), " "), want) {
			t.Errorf("the box does not say %q:\n%s", want, box)
		}
	}
	m, _ = answer(t, m, cmd, "d")
	if hs := m.Notebook().Hypotheses; len(hs) != 1 || len(hs[0].Evidence) != 0 {
		t.Fatalf("d d left the pin: %+v", hs)
	}
	m, cmd = press(m, kp("d")) // the hypothesis
	m, _ = answer(t, m, cmd, "x")
	if len(m.Notebook().Hypotheses) != 1 || m.Capturing() {
		t.Fatal("another key deleted the hypothesis, or left the tab capturing")
	}
}
