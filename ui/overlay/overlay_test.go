package overlay_test

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"firedrill/ui/msgs"
	"firedrill/ui/overlay"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

// asker is a dialog that opens a question over itself on "?" and closes
// with what it was told.
type asker struct{ got []tea.Msg }

type yes struct{}

func (a asker) Update(msg tea.Msg) (asker, overlay.Step) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if k.String() == "?" {
			return a, overlay.Step{Open: overlay.Of(overlay.NewConfirm(msgs.Confirm{Question: "sure?",
				Answers: []msgs.Answer{{Key: key.NewBinding(key.WithKeys("y")), Msg: yes{}}}}))}
		}
		return a, overlay.Step{Cmd: func() tea.Msg { return "blink" }}
	}
	a.got = append(a.got, msg)
	if _, ok := msg.(yes); ok {
		return a, overlay.Step{Close: true, Answer: "done"}
	}
	return a, overlay.Step{}
}
func (a asker) Resize(overlay.Frame) asker { return a }
func (a asker) Layer(f overlay.Frame) *lipgloss.Layer {
	return lipgloss.NewLayer(overlay.Opaque("asker", f.Body.W, f.Body.H)).Y(f.Body.Y)
}

func newStack() overlay.Stack {
	var s overlay.Stack
	s.SetFrame(overlay.Frame{W: 40, H: 10, Styles: styles.New(true, true), Body: overlay.Rect{Y: 1, W: 40, H: 8}})
	return s
}

// The top dialog has the keys; a question it opens answers it at once
// (no command in between), and its answer goes to the root when it closes.
func TestAnswersGoToTheDialogThatAsked(t *testing.T) {
	s := newStack()
	s.Push(overlay.Of(asker{}))
	if answer, _ := s.Update(uitest.Key("?")); answer != nil || s.Top() == nil {
		t.Fatalf("? gave %v", answer)
	}
	if _, ok := overlay.As[overlay.Confirm](s.Top()); !ok {
		t.Fatal("the question is not on top")
	}
	if answer, _ := s.Update(uitest.Key("n")); answer != nil { // not an answer: ignored
		t.Fatalf("n answered %v", answer)
	}
	answer, _ := s.Update(uitest.Key("y"))
	if answer != "done" || s.Open() {
		t.Errorf("y: answer %v, open %v; want the asker to close with done", answer, s.Open())
	}
}

// A dialog's own replies come back addressed to it, and only to it.
func TestRepliesGoToTheirDialog(t *testing.T) {
	s := newStack()
	s.Push(overlay.Of(asker{}))
	_, cmd := s.Update(uitest.Key("x"))
	msgs := uitest.Run(cmd)
	r, ok := msgs[0].(overlay.Reply)
	if len(msgs) != 1 || !ok || r.Msg != "blink" {
		t.Fatalf("the dialog's command yields %#v, want a Reply", msgs)
	}
	s.Push(overlay.Of(overlay.NewHelp()))
	s.Update(r) // to the asker under the help, not to the help
	a, _ := overlay.Find[asker](s)
	if len(a.got) != 1 || a.got[0] != "blink" {
		t.Errorf("the asker got %v", a.got)
	}
	if _, ok := overlay.As[overlay.Help](s.Top()); !ok {
		t.Error("the reply closed or replaced the help")
	}
	s.Clear()
	if answer, cmd := s.Update(r); answer != nil || cmd != nil {
		t.Error("a reply to a closed dialog did something")
	}
}

func TestConfirmAnyKeyIsNo(t *testing.T) {
	q := msgs.Confirm{Question: "Go?", AnyKeyIsNo: true, Answers: []msgs.Answer{
		{Key: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "go")), Msg: "go"},
		{Key: key.NewBinding(key.WithKeys("n"), key.WithHelp("N", "stay")), Msg: "stay"}}}
	for k, want := range map[string]tea.Msg{"y": "go", "n": "stay", "x": "stay", "esc": "stay"} {
		_, step := overlay.NewConfirm(q).Update(uitest.Key(k))
		if !step.Close || step.Answer != want {
			t.Errorf("%s: %+v, want to close with %v", k, step, want)
		}
	}
	view := uitest.Plain(uitest.NewOverlay(overlay.Of(overlay.NewConfirm(q)), 60, 16).View())
	if !strings.Contains(view, "Go?") || !strings.Contains(view, "y go · N stay") {
		t.Errorf("the box lacks the question or its keys:\n%s", view)
	}
}

// Drawn bottom first, each where it belongs: the body-area dialog hides
// the screen under it, the box sits in the middle on top.
func TestDrawComposites(t *testing.T) {
	s := newStack()
	s.Push(overlay.Of(asker{}))
	s.Update(uitest.Key("?"))
	base := strings.TrimSuffix(strings.Repeat(strings.Repeat("#", 40)+"\n", 10), "\n")
	lines := strings.Split(uitest.Plain(s.Draw(base)), "\n")
	if lines[0] != strings.Repeat("#", 40) || lines[9] != strings.Repeat("#", 40) {
		t.Errorf("rows outside the body changed:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.HasPrefix(lines[1], "asker") || strings.Contains(lines[1], "#") {
		t.Errorf("the body dialog is not opaque: %q", lines[1])
	}
	if !strings.Contains(strings.Join(lines, "\n"), "sure?") {
		t.Errorf("the question is not drawn:\n%s", strings.Join(lines, "\n"))
	}
}

func TestHelpScrollsWithinItsText(t *testing.T) {
	km := []overlay.Section{{Title: "A", Keys: overlay.DefaultHelpKeyMap()}, {Title: "B", Keys: overlay.DefaultHelpKeyMap()}}
	o := uitest.NewOverlay(overlay.Of(overlay.NewHelp(km...)), 60, 10)
	top := uitest.Plain(o.View())
	o, _ = uitest.Press(o, "G")
	end := uitest.Plain(o.View())
	if top == end || !strings.Contains(end, "esc close · ↑/↓ scroll") {
		t.Fatalf("G did not scroll to the end:\n%s", end)
	}
	o, _ = uitest.Press(o, "j", "j", "j")
	if uitest.Plain(o.View()) != end {
		t.Error("scrolling past the end moved the text")
	}
	o, _ = uitest.Press(o, "k")
	if uitest.Plain(o.View()) == end {
		t.Error("one k after the end did not scroll back")
	}
	if o, _ = uitest.Press(o, "esc"); o.Stack.Open() {
		t.Error("esc did not close the help")
	}
}
