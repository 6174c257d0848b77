// Package overlay is the one stack of dialogs both roots (the game and
// the replay) draw over their screen: the help, the confirm questions (a
// hint's cost, a note to discard, the final submit) and the submit screen.
// The top dialog has every key; the others wait under it. Dialogs are
// values, like panes: Model[D] is what a dialog implements, Dialog is one
// on the stack (Of, As), and the stack composites them with lipgloss
// layers over the screen.
package overlay

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/msgs"
	"firedrill/ui/styles"
)

// Model is what a dialog implements; D is the dialog itself.
type Model[D any] interface {
	// Update handles a key (only the top dialog gets keys), an answer
	// from the dialog it opened, or one of its own replies.
	Update(msg tea.Msg) (D, Step)
	// Resize gives the dialog the frame it is drawn over: when it opens,
	// and on every resize or theme change.
	Resize(f Frame) D
	// Layer is the dialog drawn over the frame, placed where it belongs.
	Layer(f Frame) *lipgloss.Layer
}

// Dialog is any dialog on the stack.
type Dialog interface {
	Model[Dialog]
}

// Step is what a dialog asks of the stack after a message.
type Step struct {
	Cmd tea.Cmd // its messages come back to this dialog (Reply)
	// Close takes the dialog off the stack; Answer, if any, goes at once
	// to the dialog under it, or to the root when there is none.
	Close  bool
	Answer tea.Msg
	Open   Dialog // put on top of this one
}

// Frame is the screen a dialog is drawn over.
type Frame struct {
	W, H   int
	Styles *styles.Styles
	// Body is the root's content area, between its header and footer:
	// where a dialog that stands in for the content (the submit screen)
	// goes. Boxes (help, confirm) centre on the whole screen.
	Body Rect
}

// Rect is an area of the screen.
type Rect struct{ X, Y, W, H int }

// Of is d as a Dialog.
func Of[D Model[D]](d D) Dialog { return of[D]{d} }

// As is the dialog behind d; ok is false when d is another kind.
func As[D Model[D]](d Dialog) (D, bool) {
	o, ok := d.(of[D])
	return o.d, ok
}

type of[D Model[D]] struct{ d D }

func (o of[D]) Update(msg tea.Msg) (Dialog, Step) {
	d, st := o.d.Update(msg)
	return of[D]{d}, st
}

func (o of[D]) Resize(f Frame) Dialog         { return of[D]{o.d.Resize(f)} }
func (o of[D]) Layer(f Frame) *lipgloss.Layer { return o.d.Layer(f) }

// Reply is a dialog's answer to itself (its input's cursor blink): a
// message of a command it returned. The stack gives it to that dialog
// only, if it is still open.
type Reply struct {
	To  int
	Msg tea.Msg
}

// Stack is the open dialogs, bottom first. It is a value: a root model
// that is copied keeps its own (every change copies the slice).
type Stack struct {
	dialogs []entry
	next    int   // the id of the next dialog opened
	frame   Frame // what the dialogs are drawn over
}

type entry struct {
	id int
	d  Dialog
}

// Open reports whether any dialog is open.
func (s Stack) Open() bool { return len(s.dialogs) > 0 }

// Top is the dialog that has the keys; nil when none is open.
func (s Stack) Top() Dialog {
	if len(s.dialogs) == 0 {
		return nil
	}
	return s.dialogs[len(s.dialogs)-1].d
}

// Push opens d on top.
func (s *Stack) Push(d Dialog) {
	s.next++
	s.dialogs = append(slices.Clip(s.dialogs), entry{s.next, d.Resize(s.frame)})
}

// SetFrame is the screen the dialogs are drawn over (the root's size,
// theme and content area); every open dialog is resized to it.
func (s *Stack) SetFrame(f Frame) {
	s.frame = f
	s.dialogs = slices.Clone(s.dialogs)
	for i := range s.dialogs {
		s.dialogs[i].d = s.dialogs[i].d.Resize(f)
	}
}

// Frame is the screen the dialogs are drawn over.
func (s Stack) Frame() Frame { return s.frame }

// Clear closes every dialog, unanswered.
func (s *Stack) Clear() { s.dialogs = nil }

// Update gives msg to the dialog it is for: a Reply to its dialog, any
// other message to the top one. answer is what a dialog that closed
// handed to the root (see Step); cmd is to run.
func (s *Stack) Update(msg tea.Msg) (answer tea.Msg, cmd tea.Cmd) {
	i := len(s.dialogs) - 1
	if r, ok := msg.(Reply); ok {
		i = slices.IndexFunc(s.dialogs, func(e entry) bool { return e.id == r.To })
		msg = r.Msg
	}
	if i < 0 {
		return nil, nil // no dialog, or the one asked for has closed
	}
	return s.update(i, msg)
}

func (s *Stack) update(i int, msg tea.Msg) (tea.Msg, tea.Cmd) {
	e := s.dialogs[i]
	d, st := e.d.Update(msg)
	s.dialogs = slices.Clone(s.dialogs)
	s.dialogs[i].d = d
	id := e.id
	cmd := msgs.Address(st.Cmd, func(m tea.Msg) tea.Msg { return Reply{To: id, Msg: m} })
	if st.Close {
		s.dialogs = slices.Delete(s.dialogs, i, i+1)
		if st.Answer != nil && i > 0 && i == len(s.dialogs) {
			answer, more := s.update(i-1, st.Answer) // the dialog that asked
			return answer, tea.Batch(cmd, more)
		}
	}
	if st.Open != nil {
		s.Push(st.Open)
	}
	return st.Answer, cmd
}

// Each replaces every open dialog of kind D with f of it (the clock in
// the submit screen).
func Each[D Model[D]](s *Stack, f func(D) D) {
	s.dialogs = slices.Clone(s.dialogs)
	for i, e := range s.dialogs {
		if d, ok := As[D](e.d); ok {
			s.dialogs[i].d = Of(f(d))
		}
	}
}

// Find is the topmost open dialog of kind D.
func Find[D Model[D]](s Stack) (D, bool) {
	for i := len(s.dialogs) - 1; i >= 0; i-- {
		if d, ok := As[D](s.dialogs[i].d); ok {
			return d, true
		}
	}
	var zero D
	return zero, false
}

// Draw composites the open dialogs, bottom first, over base (a screen of
// the frame's size).
func (s Stack) Draw(base string) string {
	if len(s.dialogs) == 0 {
		return base
	}
	layers := []*lipgloss.Layer{lipgloss.NewLayer(base)}
	for i, e := range s.dialogs {
		layers = append(layers, e.d.Layer(s.frame).Z(i+1))
	}
	canvas := lipgloss.NewCanvas(s.frame.W, s.frame.H)
	canvas.Compose(lipgloss.NewCompositor(layers...))
	return canvas.Render()
}

// Centered places a box in the middle of the frame.
func Centered(box string, f Frame) *lipgloss.Layer {
	x := max(0, (f.W-lipgloss.Width(box))/2)
	y := max(0, (f.H-lipgloss.Height(box))/2)
	return lipgloss.NewLayer(box).X(x).Y(y)
}

// Opaque pads s with spaces to exactly h lines of w cells (cutting what
// is longer), so a layer made of it hides everything under it.
func Opaque(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	lines = lines[:min(len(lines), h)]
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		l = ansi.Truncate(l, w, "")
		lines[i] = l + strings.Repeat(" ", max(0, w-ansi.StringWidth(l)))
	}
	return strings.Join(lines, "\n")
}
