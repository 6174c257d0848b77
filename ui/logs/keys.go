package logs

import (
	"charm.land/bubbles/v2/key"

	"firedrill/ui/pane"
)

// KeyMap is the Logs pane's bindings; the help overlay is built from it.
type KeyMap struct {
	pane.NavKeyMap
	Level, LevelDown, Services, From, To, Clear           key.Binding
	Search, Next, Prev, OnlyHits, Fuzzy, Jump, JumpCursor key.Binding
	Wrap, TimeFormat, Open, Back                          key.Binding
	Chooser                                               ChooserKeyMap
}

// ChooserKeyMap is the service chooser's bindings (s opens it).
type ChooserKeyMap struct {
	Up, Down, Toggle, All, Apply, Cancel key.Binding
}

// DefaultKeyMap is the pane's standard bindings.
func DefaultKeyMap() KeyMap {
	b := func(help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], help))
	}
	return KeyMap{
		NavKeyMap:  pane.DefaultNavKeyMap().Of("line"),
		Level:      b("raise min level", ">"),
		LevelDown:  b("lower min level", "<"),
		Services:   b("choose services", "s"),
		From:       b("range from this line", "["),
		To:         b("range to this line", "]"),
		Clear:      b("clear all filters", "C"),
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
		Chooser: ChooserKeyMap{
			Up:     key.NewBinding(key.WithKeys("up", "k")),
			Down:   key.NewBinding(key.WithKeys("down", "j")),
			Toggle: b("toggle", "space", "x"),
			All:    b("all/none", "a"),
			Apply:  b("apply", "enter"),
			Cancel: b("cancel", "esc"),
		},
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Level, k.Services, k.Search, k.Fuzzy, k.Jump, k.Open, k.Wrap}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.Bindings(),
		{k.Level, k.LevelDown, k.Services, k.From, k.To, k.Clear, k.OnlyHits},
		{k.Search, k.Next, k.Prev, k.Fuzzy, k.Jump, k.JumpCursor},
		{k.Wrap, k.TimeFormat, k.Open, k.Back},
	}
}
