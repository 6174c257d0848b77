package services

import (
	"charm.land/bubbles/v2/key"

	"firedrill/ui/pane"
)

// KeyMap is the pane's key bindings; the help overlay is built from it.
type KeyMap struct {
	pane.NavKeyMap
	Summary key.Binding // say the selected service's signals in the status bar
}

// DefaultKeyMap returns the pane's default bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NavKeyMap: pane.DefaultNavKeyMap().Of("service"),
		Summary:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "summarize service")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Summary} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{append(k.Bindings(), k.Summary)}
}
