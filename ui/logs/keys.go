package logs

import "charm.land/bubbles/v2/key"

// KeyMap is the Logs pane's bindings; the help overlay is built from it.
type KeyMap struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Top, Bottom key.Binding
	Level, LevelDown, Services, From, To, Clear               key.Binding
	Search, Next, Prev, OnlyHits, Fuzzy, Jump, JumpCursor     key.Binding
	Wrap, TimeFormat, Open, Back                              key.Binding
}

// DefaultKeyMap is the pane's standard bindings.
func DefaultKeyMap() KeyMap {
	b := func(help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], help))
	}
	return KeyMap{
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
		HalfUp:     b("half page up", "ctrl+u"),
		HalfDown:   b("half page down", "ctrl+d"),
		Top:        key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first line")),
		Bottom:     key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last line")),
		Level:      b("raise min level", "l"),
		LevelDown:  b("lower min level", "L"),
		Services:   b("choose services", "s"),
		From:       b("range from this line", "["),
		To:         b("range to this line", "]"),
		Clear:      b("clear all filters", "c"),
		Search:     b("search", "/"),
		Next:       b("next hit", "n"),
		Prev:       b("previous hit", "N"),
		OnlyHits:   b("only lines with hits", "f"),
		Fuzzy:      b("fuzzy find", "ctrl+f"),
		Jump:       b("jump to time", "t"),
		JumpCursor: b("jump to shared cursor", "."),
		Wrap:       b("wrap lines", "w"),
		TimeFormat: b("offset / clock time", "T"),
		Open:       b("open trace / go to line", "enter"),
		Back:       b("clear search / fuzzy", "esc"),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Level, k.Services, k.Search, k.Fuzzy, k.Jump, k.Open}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		{k.Level, k.LevelDown, k.Services, k.From, k.To, k.Clear, k.OnlyHits},
		{k.Search, k.Next, k.Prev, k.Fuzzy, k.Jump, k.JumpCursor},
		{k.Wrap, k.TimeFormat, k.Open, k.Back},
	}
}
