// Package pane is the contract every investigation tab keeps, as Go types.
//
// A tab's own model (logs.Model, metrics.Model, …) implements Model[M]:
// its methods return its own type, so the tab's code and tests keep the
// concrete model. Pane is a tab behind the contract, the way the tab set
// (ui/tabs) holds all six in one array; Of wraps a tab's model as a Pane
// and As unwraps it where a root needs the concrete tab.
package pane

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/styles"
)

// Model is what every tab's model implements; M is the model itself.
// Models are values: each method returns the changed copy.
type Model[M any] interface {
	// SetSize gives the tab its area (the root's layout(), on every
	// resize; hidden tabs too, so switching never re-lays out).
	SetSize(w, h int) M
	// SetStyles swaps the theme (the terminal's background changed).
	SetStyles(st *styles.Styles) M
	// SetCursor moves the shared incident-clock cursor.
	SetCursor(t time.Time) M
	// Reveal shows a pinned piece of evidence, if it is of the tab's kind.
	Reveal(p game.Pin) M
	// Update handles a key (the root routes keys to the focused tab only)
	// or one of the tab's own replies (see ui/tabs: Reply).
	Update(msg tea.Msg) (M, tea.Cmd)
	// View is exactly the tab's area; only the visible rows are formatted.
	View() string
	// Capturing reports that a text input in the tab has the keys: the
	// root then passes every key but ctrl+c to the tab.
	Capturing() bool
	// KeyMap is the tab's bindings, for the help overlay and the key line.
	KeyMap() help.KeyMap
	// Selected is what `m` pins: the item under the tab's cursor.
	Selected() (game.Pin, bool)
}

// Pane is any tab's model behind the contract: a Model whose methods
// return a Pane.
type Pane interface {
	Model[Pane]
}

// Of is m as a Pane.
func Of[M Model[M]](m M) Pane { return of[M]{m} }

// As is the tab's model behind p; ok is false when p holds another tab.
func As[M Model[M]](p Pane) (m M, ok bool) {
	o, ok := p.(of[M])
	return o.m, ok
}

// Claimer is a tab that, in some state, takes a key the root would
// otherwise handle as global (the Metrics grid's h picks a column there,
// not a hint). Optional: a tab without it claims nothing.
type Claimer interface {
	Claims(k tea.KeyPressMsg) bool
}

// Claims reports whether the tab behind p takes k before the root's
// global keys.
func Claims(p Pane, k tea.KeyPressMsg) bool {
	c, ok := p.(Claimer)
	return ok && c.Claims(k)
}

// of adapts a Model[M] to Pane: the one place a tab's own type is erased.
type of[M Model[M]] struct{ m M }

func (o of[M]) SetSize(w, h int) Pane            { return of[M]{o.m.SetSize(w, h)} }
func (o of[M]) SetStyles(st *styles.Styles) Pane { return of[M]{o.m.SetStyles(st)} }
func (o of[M]) SetCursor(t time.Time) Pane       { return of[M]{o.m.SetCursor(t)} }
func (o of[M]) Reveal(p game.Pin) Pane           { return of[M]{o.m.Reveal(p)} }
func (o of[M]) View() string                     { return o.m.View() }
func (o of[M]) Capturing() bool                  { return o.m.Capturing() }
func (o of[M]) KeyMap() help.KeyMap              { return o.m.KeyMap() }
func (o of[M]) Selected() (game.Pin, bool)       { return o.m.Selected() }
func (o of[M]) Claims(k tea.KeyPressMsg) bool {
	c, ok := any(o.m).(Claimer)
	return ok && c.Claims(k)
}
func (o of[M]) Update(msg tea.Msg) (Pane, tea.Cmd) {
	m, cmd := o.m.Update(msg)
	return of[M]{m}, cmd
}
