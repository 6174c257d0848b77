package services

import "charm.land/bubbles/v2/key"

// KeyMap is the pane's key bindings; the help overlay is built from it.
type KeyMap struct {
	Up, Down    key.Binding
	Top, Bottom key.Binding
	Summary     key.Binding // say the selected service's signals in the status bar
}

// DefaultKeyMap returns the pane's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous service")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next service")),
		Top:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		Bottom:  key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
		Summary: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "summarize service")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Summary} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Summary}}
}
