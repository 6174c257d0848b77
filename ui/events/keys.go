package events

import (
	"charm.land/bubbles/v2/key"

	"firedrill/ui/pane"
)

// KeyMap is the pane's key bindings; the help overlay is built from it.
type KeyMap struct {
	pane.NavKeyMap
	Cursor  key.Binding // move the shared time cursor to the event
	Logs    key.Binding // jump the Logs pane to the event
	Nearest key.Binding // select the event nearest the cursor
}

// DefaultKeyMap returns the pane's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NavKeyMap: pane.DefaultNavKeyMap().Of("event"),
		Cursor:    key.NewBinding(key.WithKeys("enter", "c"), key.WithHelp("enter/c", "cursor to event")),
		Logs:      key.NewBinding(key.WithKeys("l", "o"), key.WithHelp("l", "logs at event")),
		Nearest:   key.NewBinding(key.WithKeys("."), key.WithHelp(".", "select event at cursor")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Cursor, k.Logs}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Bindings(), {k.Cursor, k.Logs, k.Nearest}}
}
