package uitest

import (
	"strings"
	"testing"
)

func TestKeyStrings(t *testing.T) {
	for _, s := range []string{"enter", "esc", "tab", "shift+tab", "space", "up", "down", "left", "right",
		"shift+left", "shift+right", "pgup", "pgdown", "home", "end", "backspace", "ctrl+f", "ctrl+d", "ctrl+s",
		"G", "/", "?", "1"} {
		if got := Key(s).String(); got != s {
			t.Errorf("Key(%q).String() = %q", s, got)
		}
	}
}

func TestKeysTypeText(t *testing.T) {
	var got []string
	for _, k := range Keys("/", "type:a b", "enter") {
		got = append(got, k.(interface{ String() string }).String())
	}
	if want := "/,a,space,b,enter"; strings.Join(got, ",") != want {
		t.Errorf("Keys = %v, want %s", got, want)
	}
}
