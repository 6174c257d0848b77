// Package keyhelp renders a screen's one-line key help from its KeyMap
// bindings, so the footer can never drift from the keys that work.
package keyhelp

import (
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
