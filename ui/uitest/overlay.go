package uitest

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"firedrill/ui/overlay"
	"firedrill/ui/styles"
)

// Overlay drives dialogs the way a root's shell does: keys to the top
// dialog, answers out as messages (the command Update returns yields a
// closing dialog's answer after the dialog's own commands). View draws the
// dialogs over a blank screen; the dialog's content area is the whole
// screen.
type Overlay struct{ Stack overlay.Stack }

// NewOverlay opens d on a w×h screen in the no-colour theme.
func NewOverlay(d overlay.Dialog, w, h int) Overlay {
	var o Overlay
	o.Stack.SetFrame(overlay.Frame{W: w, H: h, Styles: styles.New(true, true), Body: overlay.Rect{W: w, H: h}})
	o.Stack.Push(d)
	return o
}

// Update gives msg to the stack.
func (o Overlay) Update(msg tea.Msg) (Overlay, tea.Cmd) {
	answer, cmd := o.Stack.Update(msg)
	if answer != nil {
		cmd = tea.Sequence(cmd, func() tea.Msg { return answer })
	}
	return o, cmd
}

// View is the open dialogs over a blank screen.
func (o Overlay) View() string {
	f := o.Stack.Frame()
	return o.Over(strings.TrimSuffix(strings.Repeat(strings.Repeat(" ", f.W)+"\n", f.H), "\n"))
}

// Over is the open dialogs over base, a screen of the stack's size.
func (o Overlay) Over(base string) string { return o.Stack.Draw(base) }
