package debrief

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
)

// KeyMap is the debrief's bindings; the help overlay is built from it.
type KeyMap struct {
	Up, Down, PageUp, PageDown key.Binding
	Top, Bottom                key.Binding
	NextEvidence, PrevEvidence key.Binding
	Jump                       key.Binding
	Leaderboard                key.Binding
	Back                       key.Binding
	Quit                       key.Binding
}

// DefaultKeyMap is the debrief's standard bindings. The scrolling ones
// mirror viewportKeys, which the viewport actually reads.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↑↓", "scroll")),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn", "page down")),
		Top:          key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:       key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		NextEvidence: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "evidence")),
		PrevEvidence: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous evidence")),
		Jump:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "jump")),
		Leaderboard:  key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "leaderboard")),
		Back:         key.NewBinding(key.WithKeys("p", "esc"), key.WithHelp("p", "picker")),
		Quit:         key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.NextEvidence, k.Jump, k.Leaderboard, k.Back, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.NextEvidence, k.PrevEvidence, k.Jump},
		{k.Leaderboard, k.Back, k.Quit},
	}
}

// viewportKeys is the viewport's scrolling without its h/l/d/u letters,
// which mean other things here (l: leaderboard).
func viewportKeys() viewport.KeyMap {
	k := DefaultKeyMap()
	return viewport.KeyMap{
		Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u")),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d")),
	}
}
