// Package shell is what the two root models (the game, ui/app, and the
// interviewer's replay, ui/replay) do the same way: keep the window size,
// follow the terminal's background with the theme, hold the overlay stack
// and route to it, and frame the screen (the too-small notice, the dialogs
// composited on top, the tea.View).
package shell

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/msgs"
	"firedrill/ui/overlay"
	"firedrill/ui/styles"
)

// Minimum terminal size; below it the shell draws a notice, not a screen.
const (
	MinWidth  = 60
	MinHeight = 16
)

// Shell is a root's window, theme and dialogs. It is a value, like the
// root that holds it.
type Shell struct {
	Width, Height int
	Styles        *styles.Styles
	Dark          bool // the terminal's background, as it last said
	NoColor       bool // NO_COLOR: styles without colour
	Overlays      overlay.Stack
	body          overlay.Rect // the root's content area (SetBody)
}

// New is a shell in the dark theme until the terminal says otherwise.
func New() Shell {
	s := Shell{Dark: true, NoColor: styles.NoColorEnv()}
	s.Styles = styles.New(s.Dark, s.NoColor)
	return s
}

// Result is what Update did, for the root to follow up.
type Result struct {
	Handled  bool    // the message was the shell's: the root routes it no further
	Resized  bool    // the root lays out again (its layout calls SetBody)
	Restyled bool    // the root hands Styles to its children
	Answer   tea.Msg // a dialog closed with this, for the root to handle now
	Cmd      tea.Cmd
}

// Update handles what every root handles alike:
//   - the window size and the terminal's background (Resized, Restyled);
//   - a msgs.Confirm from a pane: the question goes on the stack;
//   - a dialog's own replies (overlay.Reply);
//   - every key while a dialog is open, except ctrl+c (the root quits its
//     own way) and any key below the minimum size (the root decides).
func (s *Shell) Update(msg tea.Msg) Result {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.Width, s.Height = msg.Width, msg.Height
		s.setFrame()
		return Result{Handled: true, Resized: true}
	case tea.BackgroundColorMsg:
		s.Dark = msg.IsDark()
		s.Styles = styles.New(s.Dark, s.NoColor)
		s.setFrame()
		return Result{Handled: true, Restyled: true}
	case msgs.Confirm:
		s.Open(overlay.Of(overlay.NewConfirm(msg)))
		return Result{Handled: true}
	case overlay.Reply:
		answer, cmd := s.Overlays.Update(msg)
		return Result{Handled: true, Answer: answer, Cmd: cmd}
	case tea.KeyPressMsg:
		if !s.Overlays.Open() || s.TooSmall() || msg.String() == "ctrl+c" {
			return Result{}
		}
		answer, cmd := s.Overlays.Update(msg)
		return Result{Handled: true, Answer: answer, Cmd: cmd}
	}
	return Result{}
}

// Open puts d on top of the stack.
func (s *Shell) Open(d overlay.Dialog) { s.Overlays.Push(d) }

// SetBody is the root's content area, between its header and footer
// (where the submit screen goes); layout calls it.
func (s *Shell) SetBody(r overlay.Rect) {
	s.body = r
	s.setFrame()
}

func (s *Shell) setFrame() {
	s.Overlays.SetFrame(overlay.Frame{W: s.Width, H: s.Height, Styles: s.Styles, Body: s.body})
}

// TooSmall reports a terminal below the minimum size.
func (s Shell) TooSmall() bool { return s.Width < MinWidth || s.Height < MinHeight }

// Render is the screen: nothing before the first size, the notice below
// the minimum size, else the root's screen (render, called only then)
// with the open dialogs on top.
func (s Shell) Render(render func() string) string {
	if s.Width == 0 {
		return ""
	}
	if s.TooSmall() {
		notice := fmt.Sprintf("terminal too small (need %d×%d, have %d×%d)", MinWidth, MinHeight, s.Width, s.Height)
		return lipgloss.Place(s.Width, s.Height, lipgloss.Center, lipgloss.Center, ansi.Wordwrap(notice, s.Width, ""))
	}
	return s.Overlays.Draw(render())
}

// View is the screen as the program shows it: the alternate screen, mouse
// clicks and wheel, and a fixed title (never pack or result text:
// terminals do not sanitize titles).
func View(screen, title string) tea.View {
	v := tea.NewView(screen)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = title
	return v
}

// Follow is a root's part of a Result: lay out again after a resize,
// restyle after a theme change, and handle a dialog's answer at once, in
// this Update (update is the root's own routing). done is false when the
// message is not the shell's: the root routes it.
func Follow[M tea.Model](r Result, m M, layout, restyle func(M) M,
	update func(M, tea.Msg) (tea.Model, tea.Cmd)) (next tea.Model, cmd tea.Cmd, done bool) {
	if r.Resized {
		m = layout(m)
	}
	if r.Restyled {
		m = restyle(m)
	}
	if r.Answer != nil {
		next, cmd := update(m, r.Answer)
		return next, tea.Batch(r.Cmd, cmd), true
	}
	return m, r.Cmd, r.Handled
}
