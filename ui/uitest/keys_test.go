package uitest

import "testing"

func TestKeyStrings(t *testing.T) {
	for _, s := range []string{"enter", "esc", "tab", "shift+tab", "space", "down", "ctrl+f", "ctrl+d", "G", "/", "?", "1"} {
		if got := Key(s).String(); got != s {
			t.Errorf("Key(%q).String() = %q", s, got)
		}
	}
}
