package pane

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// NavKeyMap is the list movement every pane shares, so ↑/↓, pgup/pgdn,
// ctrl+u/ctrl+d and g/G mean the same on every tab: a row, a page, half a
// page, the first and the last item. Every pane's KeyMap embeds it (the
// way gh-dash's sections share their navigation keys).
type NavKeyMap struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	HalfUp, HalfDown key.Binding
	Top, Bottom      key.Binding
}

// DefaultNavKeyMap is the shared movement: the arrows and j/k, less's
// pgup/b and pgdn/space, vim's ctrl+u/ctrl+d and g/G (home/end too).
func DefaultNavKeyMap() NavKeyMap {
	return NavKeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
		HalfUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		HalfDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last")),
	}
}

// Of names what the pane's rows are in the help ("previous event", "first
// line"); the keys stay the shared ones.
func (n NavKeyMap) Of(item string) NavKeyMap {
	n.Up.SetHelp(n.Up.Help().Key, "previous "+item)
	n.Down.SetHelp(n.Down.Help().Key, "next "+item)
	n.Top.SetHelp(n.Top.Help().Key, "first "+item)
	n.Bottom.SetHelp(n.Bottom.Help().Key, "last "+item)
	return n
}

// Bindings lists the movement keys in help order.
func (n NavKeyMap) Bindings() []key.Binding {
	return []key.Binding{n.Up, n.Down, n.PageUp, n.PageDown, n.HalfUp, n.HalfDown, n.Top, n.Bottom}
}

// Matches reports whether k is one of the movement keys.
func (n NavKeyMap) Matches(k tea.KeyPressMsg) bool { return key.Matches(k, n.Bindings()...) }

// End is how far Move says the first and last items are: further than any
// list is long, for the pane to clamp.
const End = 1 << 30

// Move is how many rows k moves a selection in a list whose page is page
// rows: ±1, ±page, ±page/2 (at least 1), ±End; ok is false for any other key.
func (n NavKeyMap) Move(k tea.KeyPressMsg, page int) (rows int, ok bool) {
	page = max(1, page)
	switch {
	case key.Matches(k, n.Up):
		return -1, true
	case key.Matches(k, n.Down):
		return 1, true
	case key.Matches(k, n.PageUp):
		return -page, true
	case key.Matches(k, n.PageDown):
		return page, true
	case key.Matches(k, n.HalfUp):
		return -max(1, page/2), true
	case key.Matches(k, n.HalfDown):
		return max(1, page/2), true
	case key.Matches(k, n.Top):
		return -End, true
	case key.Matches(k, n.Bottom):
		return End, true
	}
	return 0, false
}
