package overlay

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/msgs"
)

// Confirm is a question in a box over the screen (msgs.Confirm): the
// question, then its answers' keys, built from their bindings.
type Confirm struct {
	q msgs.Confirm
}

// NewConfirm is the dialog that asks q.
func NewConfirm(q msgs.Confirm) Confirm { return Confirm{q: q} }

// Update answers on an answer's key (and, with AnyKeyIsNo, on any other
// key with the last answer); the box closes with the answer's message.
func (c Confirm) Update(msg tea.Msg) (Confirm, Step) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || len(c.q.Answers) == 0 {
		return c, Step{}
	}
	for _, a := range c.q.Answers {
		if key.Matches(k, a.Key) {
			return c, Step{Close: true, Answer: a.Msg}
		}
	}
	if c.q.AnyKeyIsNo {
		return c, Step{Close: true, Answer: c.q.Answers[len(c.q.Answers)-1].Msg}
	}
	return c, Step{}
}

// Resize changes nothing: the box is laid out when drawn.
func (c Confirm) Resize(Frame) Confirm { return c }

// confirmWidth caps the box's text: a question reads best in a short line.
const confirmWidth = 72

// Layer is the box, centred.
func (c Confirm) Layer(f Frame) *lipgloss.Layer {
	st := f.Styles
	inner := max(10, min(f.W-10, confirmWidth)) // border and padding take 8, and a margin
	var keys []key.Binding
	for _, a := range c.q.Answers {
		keys = append(keys, a.Key)
	}
	text := ansi.Wrap(c.q.Question, inner, " ") + "\n\n" + keyhelp.Line(st, inner, keys)
	box := st.Dialog.Padding(1, 3).Render(strings.TrimRight(text, "\n"))
	return Centered(box, f)
}
