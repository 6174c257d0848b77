package traces

import (
	"charm.land/bubbles/v2/key"

	"firedrill/ui/pane"
)

// KeyMap is the pane's key bindings; the help overlay is built from it.
type KeyMap struct {
	pane.NavKeyMap
	Open, Back key.Binding
	Cursor     key.Binding // move the shared time cursor to the span
	Logs       key.Binding // jump the Logs pane to the span
	Errors     key.Binding // list only the traces that failed
}

// DefaultKeyMap returns the pane's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NavKeyMap: pane.DefaultNavKeyMap(),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open trace")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to list")),
		Cursor:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "cursor to span")),
		Logs:      key.NewBinding(key.WithKeys("l", "o"), key.WithHelp("l", "logs at span")),
		Errors:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "only failed traces")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Open, k.Back, k.Logs}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Bindings(), {k.Open, k.Back, k.Cursor, k.Logs, k.Errors}}
}
