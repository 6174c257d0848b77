package app

import "charm.land/bubbles/v2/key"

// KeyMap is the global bindings: they work on every tab unless a text
// input has the keys.
type KeyMap struct {
	Quit, NextTab, PrevTab, Tabs, Help, Submit, Pin, Hint key.Binding
	Back                                                  key.Binding // the review: back to the debrief
}

// DefaultKeyMap is the standard global bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		NextTab: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next tab")),
		PrevTab: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous tab")),
		Tabs:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"), key.WithHelp("1-6", "go to tab")),
		Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Submit:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "submit answer")),
		Pin:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "pin as evidence")),
		Hint:    key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "reveal a hint (costs points)")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the debrief")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Tabs, k.Pin, k.Submit, k.Help, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.NextTab, k.PrevTab, k.Tabs}, {k.Back, k.Pin, k.Hint, k.Submit, k.Help, k.Quit}}
}
