package submit

import "charm.land/bubbles/v2/key"

// KeyMap is the submit screen's bindings; the help and key lines are
// built from it.
type KeyMap struct {
	Up, Down key.Binding
	Number   key.Binding
	Select   key.Binding
	Back     key.Binding // leave the screen (never when time is up)
	Toggle   key.Binding // attach or detach the pin under the cursor
	Continue key.Binding // from the pins to the reason, from the reason to the last question
	Unpick   key.Binding // one step back: to the pins, or to the choices
	Yes, No  key.Binding // the last question's answers
}

// DefaultKeyMap is the submit screen's standard bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "move")),
		Down: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Number: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"),
			key.WithHelp("1–9", "by number")),
		Select:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "select")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the investigation")),
		Toggle:   key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "attach/detach")),
		Continue: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue")),
		Unpick:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Yes:      key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "submit")),
		No:       key.NewBinding(key.WithKeys("n", "N", "esc", "enter"), key.WithHelp("n", "not yet")),
	}
}

// ShortHelp implements help.KeyMap. Back stays last: TimeUp mode drops it.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Number, k.Select, k.Back} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Number, k.Select, k.Back}, {k.Toggle, k.Continue, k.Unpick}, {k.Yes, k.No}}
}
