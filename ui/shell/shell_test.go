package shell

import (
	"image/color"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/ui/msgs"
	"firedrill/ui/overlay"
	"firedrill/ui/uitest"
)

func sized(w, h int) Shell {
	s := New()
	s.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return s
}

func TestSizeAndTheme(t *testing.T) {
	s := New()
	if r := s.Update(tea.WindowSizeMsg{Width: 90, Height: 30}); !r.Handled || !r.Resized || s.Width != 90 {
		t.Errorf("a size: %+v, width %d", r, s.Width)
	}
	if r := s.Update(tea.BackgroundColorMsg{Color: color.White}); !r.Handled || !r.Restyled || s.Dark || s.Styles.Dark {
		t.Errorf("a light background: %+v, dark %v", r, s.Dark)
	}
	if r := s.Update(uitest.Key("x")); r.Handled {
		t.Error("a key with no dialog open is the shell's")
	}
}

// A pane's question goes on the stack and has the keys, but for ctrl+c;
// its answer comes back to the root at once.
func TestQuestionsTakeTheKeys(t *testing.T) {
	s := sized(80, 24)
	q := msgs.Confirm{Question: "Delete?", Answers: []msgs.Answer{{Key: key.NewBinding(key.WithKeys("y")), Msg: "deleted"}}}
	if r := s.Update(q); !r.Handled || !s.Overlays.Open() {
		t.Fatal("the question was not opened")
	}
	if !strings.Contains(s.Render(func() string { return "" }), "Delete?") {
		t.Error("the question is not drawn")
	}
	if r := s.Update(uitest.Key("ctrl+c")); r.Handled {
		t.Error("ctrl+c went to the dialog: the root could not quit")
	}
	if r := s.Update(uitest.Key("x")); !r.Handled || r.Answer != nil || !s.Overlays.Open() {
		t.Errorf("x: %+v", r)
	}
	if r := s.Update(uitest.Key("y")); r.Answer != "deleted" || s.Overlays.Open() {
		t.Errorf("y: %+v, open %v", r, s.Overlays.Open())
	}
}

// Below the minimum size the screen is a notice, and keys are the root's
// (it lets only q through), even with a dialog open.
func TestTooSmall(t *testing.T) {
	s := sized(50, 14)
	s.Open(overlay.Of(overlay.NewHelp()))
	if got := s.Render(func() string { t.Fatal("a screen was drawn below the minimum"); return "" }); !strings.Contains(got, "terminal too small (need 60×16, have 50×14)") {
		t.Errorf("notice %q", got)
	}
	if r := s.Update(uitest.Key("esc")); r.Handled {
		t.Error("a key below the minimum went to the dialog")
	}
}
