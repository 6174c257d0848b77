// Package uitest holds helpers shared by the UI's tests.
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
// "shift+tab", "shift+left", "G", "/". It is the one key helper of the
// UI's tests (ui/internal/screentest and ui/panekit/panetest use it).
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

// Keys builds a sequence of key presses.
func Keys(ks ...string) []tea.Msg {
	out := make([]tea.Msg, len(ks))
	for i, k := range ks {
		out[i] = Key(k)
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
