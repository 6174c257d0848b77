package notebook

import (
	"charm.land/bubbles/v2/key"

	"firedrill/ui/pane"
)

// KeyMap is the Notebook tab's bindings; the help overlay is built from it.
type KeyMap struct {
	pane.NavKeyMap
	New    key.Binding
	Edit   key.Binding
	Status key.Binding
	Jump   key.Binding
	Delete key.Binding
	// while writing
	Save, Cancel, NewLine key.Binding
	// the answers to "discard the note?" and "delete?"
	Discard, SaveDraft, KeepWriting key.Binding
	Confirm, Decline                key.Binding
}

// DefaultKeyMap is the notebook's standard bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		NavKeyMap:   pane.DefaultNavKeyMap().Of("entry"),
		New:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "new hypothesis")),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Status:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "cycle status")),
		Jump:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "jump to evidence")),
		Delete:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "delete")),
		Save:        key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		NewLine:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line")),
		Discard:     key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "discard")),
		SaveDraft:   key.NewBinding(key.WithKeys("s", "ctrl+s"), key.WithHelp("s", "save")),
		KeepWriting: key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("N", "keep writing")),
		// d d deletes, as in lazygit: a second d never reads as "no"
		Confirm: key.NewBinding(key.WithKeys("y", "Y", "d"), key.WithHelp("y/d", "delete")),
		// the question is asked with AnyKeyIsNo: the hint says so
		Decline: key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("any other key", "keeps it")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.New, k.Edit, k.Status, k.Jump, k.Delete}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		append(k.Bindings(), k.Jump),
		{k.New, k.Edit, k.Status, k.Delete},
		{k.Save, k.Cancel},
	}
}
