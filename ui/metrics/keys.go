package metrics

import "charm.land/bubbles/v2/key"

// KeyMap is the pane's key bindings; the help overlay is built from it.
type KeyMap struct {
	Left, Right       key.Binding // move the shared time cursor one step
	BigLeft, BigRight key.Binding // ten steps
	Start, End        key.Binding
	Up, Down          key.Binding // select a series
	Zoom, Back        key.Binding
	Filter            key.Binding
}

// minBigStep is the fewest metric steps shift+←/→ jumps; on a long, fine
// series the jump is a twentieth of it instead, so crossing takes ~20.
const minBigStep = 10

// DefaultKeyMap returns the pane's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Left:     key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "cursor back")),
		Right:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "cursor forward")),
		BigLeft:  key.NewBinding(key.WithKeys("shift+left", "H"), key.WithHelp("H/shift+←", "cursor back, big step")),
		BigRight: key.NewBinding(key.WithKeys("shift+right", "L"), key.WithHelp("L/shift+→", "cursor forward, big step")),
		Start:    key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "cursor to start")),
		End:      key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "cursor to end")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous series")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next series")),
		Zoom:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "zoom series")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back / clear filter")),
		Filter:   key.NewBinding(key.WithKeys("/", "f"), key.WithHelp("/", "filter series")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Left, k.Right, k.Up, k.Down, k.Zoom, k.Filter}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.Right, k.BigLeft, k.BigRight, k.Start, k.End},
		{k.Up, k.Down, k.Zoom, k.Back, k.Filter},
	}
}
