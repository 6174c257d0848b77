package overlay

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/pane"
	"firedrill/ui/styles"
)

// Section is one titled block of the help: a KeyMap's full help.
type Section struct {
	Title string
	Keys  help.KeyMap
}

// HelpKeyMap is the help dialog's own keys: it scrolls like a pane.
type HelpKeyMap struct {
	pane.NavKeyMap
	Close  key.Binding
	Scroll key.Binding // ↑/↓ in the footer; the movement itself is the NavKeyMap's
}

// DefaultHelpKeyMap is the help dialog's standard keys.
func DefaultHelpKeyMap() HelpKeyMap {
	nav := pane.DefaultNavKeyMap()
	return HelpKeyMap{
		NavKeyMap: nav,
		Close:     key.NewBinding(key.WithKeys("esc", "?", "q", "enter"), key.WithHelp("esc", "close")),
		Scroll: key.NewBinding(key.WithKeys(append(nav.Up.Keys(), nav.Down.Keys()...)...),
			key.WithHelp("↑/↓", "scroll")),
	}
}

// ShortHelp implements help.KeyMap: the footer.
func (k HelpKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Close, k.Scroll} }

// FullHelp implements help.KeyMap.
func (k HelpKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Close}, k.Bindings()}
}

// Help is the key help over the screen, generated from KeyMaps (never a
// hand-written list); it scrolls when it is taller than the terminal.
type Help struct {
	// introTitle and intro are text shown above the keys (the page that
	// started the incident, so it can be read again mid-game).
	introTitle, intro string
	sections          []Section
	keys              HelpKeyMap
	scroll            int
	lines             int // of the text, at the last frame
	room              int // text lines the box shows
}

// NewHelp is the help for these sections, in order.
func NewHelp(sections ...Section) Help {
	return Help{sections: sections, keys: DefaultHelpKeyMap()}
}

// WithIntro puts a titled text above the key sections, wrapped to the box.
func (h Help) WithIntro(title, text string) Help {
	h.introTitle, h.intro = title, strings.TrimRight(text, "\n")
	return h
}

// helpPage is how far pgup/pgdn scroll the help.
const helpPage = 10

// Update scrolls, or closes on esc, ?, q or enter.
func (h Help) Update(msg tea.Msg) (Help, Step) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return h, Step{}
	}
	if key.Matches(k, h.keys.Close) {
		return h, Step{Close: true}
	}
	if rows, ok := h.keys.Move(k, helpPage); ok {
		h.scroll = max(0, min(h.scroll+rows, h.lines-h.room))
	}
	return h, Step{}
}

// Resize measures the text for the frame, so scrolling stops at its end.
func (h Help) Resize(f Frame) Help {
	h.lines = strings.Count(h.text(f.Styles, helpInner(f.W)), "\n") + 1
	h.room = max(1, f.H-6)
	h.scroll = max(0, min(h.scroll, h.lines-h.room))
	return h
}

// helpInner is the text width in a box for a screen w wide.
func helpInner(w int) int { return min(w-4, 100) - 6 } // border and padding

// Layer is the box, centred, with the visible part of the text and the
// keys that work in it.
func (h Help) Layer(f Frame) *lipgloss.Layer {
	st := f.Styles
	inner := helpInner(f.W)
	lines := strings.Split(h.text(st, inner), "\n")
	visible := lines[min(h.scroll, len(lines)):min(len(lines), h.scroll+h.room)]
	footer := keyhelp.Line(st, inner, h.keys.ShortHelp())
	box := st.Dialog.Padding(0, 2).Width(inner + 6).Render(strings.Join(visible, "\n") + "\n" + footer)
	return Centered(box, f)
}

// text is every section: its title, then its bindings in columns.
func (h Help) text(st *styles.Styles, width int) string {
	hm := helpModel(st)
	var parts []string
	if h.intro != "" {
		parts = append(parts, st.Title.Render(h.introTitle)+"\n"+lipgloss.NewStyle().Width(width).Render(h.intro))
	}
	for _, s := range h.sections {
		if groups := s.Keys.FullHelp(); len(groups) > 0 {
			parts = append(parts, st.Title.Render(s.Title)+"\n"+packGroups(hm, groups, width))
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
		if len(row) > 0 && widest(h.FullHelpView(try)) > width {
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

// widest is the width of the widest line of s.
func widest(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, ansi.StringWidth(l))
	}
	return w
}

// helpModel is a bubbles/help in our theme (its default greys are nearly
// invisible on dark backgrounds, and ignore NO_COLOR).
func helpModel(st *styles.Styles) help.Model {
	h := help.New()
	keyStyle := st.Accent.UnsetBold()
	h.Styles = help.Styles{
		Ellipsis: st.Muted, ShortKey: keyStyle, ShortDesc: st.Muted, ShortSeparator: st.Muted,
		FullKey: keyStyle, FullDesc: st.Base, FullSeparator: st.Muted,
	}
	return h
}
