package events

import "charm.land/bubbles/v2/key"

// KeyMap is the pane's key bindings; the help overlay is built from it.
type KeyMap struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Top, Bottom      key.Binding
	Cursor           key.Binding // move the shared time cursor to the event
	Logs             key.Binding // jump the Logs pane to the event
	Nearest          key.Binding // select the event nearest the cursor
}

// DefaultKeyMap returns the pane's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous event")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next event")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first event")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last event")),
		Cursor:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "cursor to event")),
		Logs:     key.NewBinding(key.WithKeys("L", "o"), key.WithHelp("L", "logs at event")),
		Nearest:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "select event at cursor")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Cursor, k.Logs}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Cursor, k.Logs, k.Nearest},
	}
}
