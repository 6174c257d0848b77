package keyhelp

import (
	"testing"

	"charm.land/bubbles/v2/key"
)

func TestText(t *testing.T) {
	off := key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "hidden"))
	off.SetEnabled(false)
	got := Text(key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")), off,
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")))
	if got != "enter apply · esc cancel" {
		t.Errorf("Text = %q", got)
	}
}
