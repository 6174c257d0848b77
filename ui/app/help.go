package app

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/tabs"
)

// helpText builds the full help from the bindings themselves: the global
// KeyMap first, then the focused tab, then every other tab.
func (m Model) helpText(width int) string {
	h := m.helpModel()
	st := m.styles
	section := func(title string, groups [][]key.Binding) string {
		return st.Title.Render(title) + "\n" + packGroups(h, groups, width)
	}
	global := m.keys
	if !m.opts.Mode.AllowsHints() {
		global.Hint.SetEnabled(false) // help skips it; h still answers "no hints"
	}
	parts := []string{section("Global", global.FullHelp())}
	maps := m.panes.KeyMaps()
	order := []tabs.Tab{m.focus}
	for f := range tabs.Count {
		if f != m.focus {
			order = append(order, f)
		}
	}
	for _, f := range order {
		if groups := maps[f].FullHelp(); len(groups) > 0 {
			parts = append(parts, section(f.String(), groups))
		}
	}
	return strings.Join(parts, "\n\n")
}

// packGroups renders binding groups side by side as far as the width
// allows and wraps the rest onto further rows, so no binding is dropped
// (help.FullHelpView alone cuts columns that do not fit).
func packGroups(h help.Model, groups [][]key.Binding, width int) string {
	var rows []string
	var row [][]key.Binding
	for _, g := range groups {
		try := append(append([][]key.Binding{}, row...), g)
		if len(row) > 0 && ansi.StringWidth(firstLine(h.FullHelpView(try))) > width {
			rows = append(rows, h.FullHelpView(row))
			row = [][]key.Binding{g}
			continue
		}
		row = try
	}
	if len(row) > 0 {
		rows = append(rows, h.FullHelpView(row))
	}
	return strings.Join(rows, "\n\n")
}

func firstLine(s string) string {
	widest := ""
	for _, l := range strings.Split(s, "\n") {
		if ansi.StringWidth(l) > ansi.StringWidth(widest) {
			widest = l
		}
	}
	return widest
}

// withHelp composites the help dialog over the screen, centred; it scrolls
// when it is taller than the terminal.
func (m Model) withHelp(base string) string {
	boxW := min(m.width-4, 100)
	inner := boxW - 6 // border and padding
	lines := strings.Split(m.helpText(inner), "\n")
	room := max(1, m.height-6)
	scroll := min(m.helpScroll, max(0, len(lines)-room))
	visible := lines[scroll:min(len(lines), scroll+room)]
	footer := m.styles.Muted.Render("esc close · ↑/↓ scroll")
	box := m.styles.Dialog.Padding(0, 2).Width(boxW).Render(strings.Join(visible, "\n") + "\n" + footer)
	return composite(base, box, m.width, m.height)
}

// composite draws box centred over base (a w×h screen).
func composite(base, box string, w, h int) string {
	x := max(0, (w-lipgloss.Width(box))/2)
	y := max(0, (h-lipgloss.Height(box))/2)
	canvas := lipgloss.NewCanvas(w, h)
	canvas.Compose(lipgloss.NewCompositor(
		lipgloss.NewLayer(base),
		lipgloss.NewLayer(box).X(x).Y(y).Z(1),
	))
	return canvas.Render()
}

// helpModel is a bubbles/help in our theme (its default greys are nearly
// invisible on dark backgrounds, and ignore NO_COLOR).
func (m Model) helpModel() help.Model {
	st := m.styles
	h := help.New()
	keyStyle := st.Accent.UnsetBold()
	h.Styles = help.Styles{
		Ellipsis: st.Muted, ShortKey: keyStyle, ShortDesc: st.Muted, ShortSeparator: st.Muted,
		FullKey: keyStyle, FullDesc: st.Base, FullSeparator: st.Muted,
	}
	return h
}
