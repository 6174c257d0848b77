// Package keyhelp renders a screen's one-line key help from its KeyMap
// bindings, so the footer can never drift from the keys that work.
package keyhelp

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"firedrill/ui/styles"
)

// Line is the bindings' short help in the theme's muted style, cut to width.
func Line(st *styles.Styles, width int, bs []key.Binding) string {
	h := help.New()
	h.ShortSeparator = " · "
	h.Styles.ShortKey = st.Muted.Bold(true)
	h.Styles.ShortDesc = st.Muted
	h.Styles.ShortSeparator = st.Muted
	h.Styles.Ellipsis = st.Muted
	h.SetWidth(width)
	return h.ShortHelpView(bs)
}

// Text is the bindings' help as plain text, "enter apply · esc cancel",
// for a key hint inside a line that has its own style.
func Text(bs ...key.Binding) string {
	var parts []string
	for _, b := range bs {
		if b.Enabled() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(parts, " · ")
}
