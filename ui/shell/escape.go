package shell

import (
	"unicode"

	tea "charm.land/bubbletea/v2"
)

// EscapeThen undoes a terminal's way of sending Esc and the next key in
// one read: ESC followed by a printable character is decoded as alt+that
// key. No binding of the game uses alt, so a root that gets alt+1 where no
// text input has the keys was pressed Esc, then 1 (a quick typist, a
// script sending "Escape 1" to tmux): ok is true and key is the plain key
// to handle after an Esc.
func EscapeThen(k tea.KeyPressMsg) (key tea.KeyPressMsg, ok bool) {
	if k.Mod&tea.ModAlt == 0 || k.Mod&^(tea.ModAlt|tea.ModShift) != 0 || k.Code < '!' || k.Code > '~' {
		return k, false
	}
	r := k.Code
	if k.Mod&tea.ModShift != 0 && k.ShiftedCode != 0 {
		r = k.ShiftedCode
	} else if k.Mod&tea.ModShift != 0 {
		r = unicode.ToUpper(r)
	}
	// the plain key as the terminal decodes it alone: an upper-case
	// letter is its lower case with shift
	key = tea.KeyPressMsg{Code: r, Text: string(r)}
	if unicode.IsUpper(r) {
		key.Code, key.ShiftedCode, key.Mod = unicode.ToLower(r), r, tea.ModShift
	}
	return key, true
}
