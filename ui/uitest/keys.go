// Package uitest is the one helper package of the UI's tests: key presses
// by name, driving a model and running its commands (one timeout, see
// Run), golden screens and fixture packs. Only _test.go files import it.
package uitest

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

var named = map[string]rune{
	"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "space": tea.KeySpace,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	"backspace": tea.KeyBackspace,
}

// Key builds the key press whose String() is s: "enter", "ctrl+f",
// "shift+tab", "shift+left", "G", "/".
func Key(s string) tea.KeyPressMsg {
	var mod tea.KeyMod
	name := s
	if rest, ok := strings.CutPrefix(s, "ctrl+"); ok {
		mod, name = tea.ModCtrl, rest
	} else if rest, ok := strings.CutPrefix(s, "shift+"); ok {
		mod, name = tea.ModShift, rest
	}
	if code, ok := named[name]; ok {
		k := tea.KeyPressMsg{Code: code, Mod: mod}
		if name == "space" {
			k.Text = " "
		}
		return k
	}
	r := []rune(name)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: name}
}

// Keys builds a sequence of key presses by name (see Key); a name that
// starts with "type:" stands for typing the rest ("type:cache keys").
func Keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			out = append(out, Type(text)...)
			continue
		}
		out = append(out, Key(k))
	}
	return out
}

// Type builds the key presses that type text.
func Type(text string) []tea.Msg {
	var out []tea.Msg
	for _, r := range text {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}
