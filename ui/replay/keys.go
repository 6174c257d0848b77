package replay

import "charm.land/bubbles/v2/key"

// KeyMap is the replay's bindings; the help overlay and the key line are
// generated from it (and, with the pane focused, from the pane's KeyMap).
type KeyMap struct {
	Next, Prev, First, Last, Play, Faster, Slower, Focus, Help, Quit key.Binding
}

// DefaultKeyMap is the standard replay bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next action")),
		Prev:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous action")),
		First:  key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first action")),
		Last:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last action")),
		Play:   key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "play/pause")),
		Faster: key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "faster")),
		Slower: key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "slower")),
		Focus:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "timeline/pane")),
		Help:   key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.Play, k.Faster, k.Slower, k.First, k.Last, k.Focus, k.Help, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.First, k.Last}, {k.Play, k.Faster, k.Slower}, {k.Focus, k.Help, k.Quit}}
}
