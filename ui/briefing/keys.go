package briefing

import "charm.land/bubbles/v2/key"

// KeyMap is the briefing's bindings; its key line is built from them.
type KeyMap struct {
	Start, Back, Scroll, Quit key.Binding
}

// DefaultKeyMap is the briefing's standard bindings. The viewport scrolls
// with its own keys (Scroll only shows them); the root quits on Quit.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Start:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "start the clock")),
		Back:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the list")),
		Scroll: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll")),
		Quit:   key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Start, k.Back, k.Scroll, k.Quit} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
