package replay

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/internal/timefmt"
	"firedrill/ui/panekit"
	"firedrill/ui/tabs"
)

// The screen:
//
//	row 0        REPLAY title                        pick X · verdict unknown
//	row 1        start–end · used m:ss of m:ss · justification
//	(row 2)      the pack warning, when there is one
//	body         timeline │ pane title (tab, cursor)
//	                      │ banner: what the selected action did
//	                      │ the pane as the candidate saw it
//	row h-2      summary: counts and time per tab so far
//	row h-1      play state and keys

const footerRows = 2

func (m Model) headerRows() int {
	if m.in.Warning != "" {
		return 3
	}
	return 2
}

func (m Model) bodyHeight() int { return max(3, m.height-m.headerRows()-footerRows) }

func (m Model) timelineWidth() int { return max(28, min(48, m.width*2/5)) }

// timelineRows is the action rows under the timeline's title.
func (m Model) timelineRows() int { return m.bodyHeight() - 1 }

// paneSize is the area the candidate's pane gets, under its title and
// banner rows.
func (m Model) paneSize() (int, int) {
	return m.width - m.timelineWidth() - 1, m.bodyHeight() - 2
}

// View draws the replay, with the help overlay on top when open.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "firedrill replay" // never result or pack text
	return v
}

// render is the screen as a string (the golden tests compare it).
func (m Model) render() string {
	if m.width == 0 {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		msg := fmt.Sprintf("terminal too small (need %d×%d, have %d×%d)", minWidth, minHeight, m.width, m.height)
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, ansi.Wordwrap(msg, m.width, ""))
	}
	rows := m.header()
	rows = append(rows, m.body()...)
	rows = append(rows, panekit.Fit(m.styles.Muted.Render(m.summaryLine()), m.width), m.keyLine())
	screen := panekit.Box(rows, m.width, m.height)
	if m.helpOpen {
		return m.withHelp(screen)
	}
	return screen
}

func (m Model) header() []string {
	st, r := m.styles, m.res
	pick := "no pick (time ran out)"
	if r.Pick != "" {
		pick = "pick " + r.Pick
	}
	verdict := " · verdict unknown"
	if m.width >= 100 {
		verdict += " (grade decides)"
	}
	right := st.Bold.Render(pick) + st.Muted.Render(verdict)
	left := st.Title.Render("REPLAY") + " " +
		st.Bold.Render(ansi.Truncate(m.in.Scenario.Title, max(1, m.width-ansi.StringWidth(right)-9), "…"))
	gap := max(1, m.width-ansi.StringWidth(left)-ansi.StringWidth(right))
	line1 := ansi.Truncate(left+strings.Repeat(" ", gap)+right, m.width, "")

	times := fmt.Sprintf("%s–%s UTC · used %s of %s", r.TimerStart.UTC().Format("2006-01-02 15:04:05"),
		r.TimerEnd.UTC().Format("15:04:05"), timefmt.Span(r.TimeUsed()), timefmt.Span(r.TimeLimit()))
	why := "no justification"
	if r.Justification != "" {
		why = "“" + r.Justification + "”"
	}
	line2 := panekit.Fit(st.Muted.Render(times+" · ")+why, m.width)
	out := []string{line1, line2}
	if m.in.Warning != "" {
		out = append(out, panekit.Fit(st.Warn.Render("⚠ "+m.in.Warning), m.width))
	}
	return out
}

// body joins the timeline and the right side row by row.
func (m Model) body() []string {
	h := m.bodyHeight()
	tw := m.timelineWidth()
	rw := m.width - tw - 1
	left := m.timeline(tw, h)
	right := append([]string{m.paneTitle(rw), m.banner(rw)}, strings.Split(m.sc.View(m.sc.tab), "\n")...)
	sep := m.styles.Muted.Render("│")
	out := make([]string, h)
	for i := range h {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = panekit.Fit(l, tw) + sep + panekit.Cut(r, rw)
	}
	return out
}

// paneTitle names the tab the candidate was on and the shared cursor; on
// Logs, the filters they had (the pane cannot apply them from outside);
// and who has the keys.
func (m Model) paneTitle(w int) string {
	st := m.styles
	s := m.in.Scenario
	cursor := "⌖ " + timefmt.Offset(m.sc.cursor.Sub(s.Start))
	if w >= 60 {
		cursor += m.sc.cursor.UTC().Format(" 15:04:05")
	}
	parts := []string{st.TabActive.Render(m.sc.tab.String()) + " " + st.Accent.Render(cursor)}
	if state := m.sc.logsState(); m.sc.tab == tabs.Logs && state != "" {
		parts = append(parts, st.Warn.Render("their logs: "+state))
	}
	if m.paneFocus {
		parts = append(parts, st.Accent.Render("pane has the keys (tab: back)"))
	} else {
		parts = append(parts, st.Muted.Render("tab: scroll this pane"))
	}
	return panekit.Fit(strings.Join(parts, st.Muted.Render(" · ")), w)
}

// banner says, prominently, what the selected action did.
func (m Model) banner(w int) string {
	if m.sel < 0 {
		return panekit.Fit(m.styles.Muted.Render("no actions recorded"), w)
	}
	a := m.res.Actions[m.sel]
	return panekit.Fit(m.styles.Warn.Render(glyph(a.Kind)+" candidate "+m.phrase(a)), w)
}

func (m Model) summaryLine() string {
	if m.sel < 0 {
		return ""
	}
	return "so far: " + m.summary()
}

// keyLine is the play state and the keys, generated from the KeyMaps.
func (m Model) keyLine() string {
	st := m.styles
	state := fmt.Sprintf("⏸ ×%d ", speeds[m.speed])
	if m.playing {
		state = fmt.Sprintf("▶ ×%d ", speeds[m.speed])
	}
	if m.status != "" {
		return panekit.Fit(st.Accent.Render(state)+st.Status.Render(m.status), m.width)
	}
	bs := m.keys.ShortHelp()
	if m.paneFocus {
		bs = append([]key.Binding{m.keys.Focus, m.keys.Help}, m.sc.KeyMap(m.sc.tab).ShortHelp()...)
	}
	room := m.width - ansi.StringWidth(state)
	return panekit.Fit(st.Accent.Render(state)+keyhelp.Line(st, room, bs), m.width)
}

// withHelp composites the full key help, built from the KeyMaps, over the
// screen: the replay's keys, then the shown pane's (they work after tab).
func (m Model) withHelp(base string) string {
	st := m.styles
	h := help.New()
	keySt := st.Accent.UnsetBold()
	h.Styles = help.Styles{Ellipsis: st.Muted, ShortKey: keySt, ShortDesc: st.Muted, ShortSeparator: st.Muted,
		FullKey: keySt, FullDesc: st.Base, FullSeparator: st.Muted}
	boxW := min(m.width-4, 100)
	inner := boxW - 6 // border and padding
	lines := []string{st.Title.Render("Replay")}
	lines = append(lines, helpColumns(h, m.keys.FullHelp(), inner)...)
	lines = append(lines, "", st.Title.Render(m.sc.tab.String()+" pane (after tab)"))
	lines = append(lines, helpColumns(h, m.sc.KeyMap(m.sc.tab).FullHelp(), inner)...)
	room := max(1, m.height-5)
	scroll := min(m.helpScroll, max(0, len(lines)-room))
	lines = lines[scroll:min(len(lines), scroll+room)]
	lines = append(lines, "", st.Muted.Render("esc close · ↑/↓ scroll"))
	box := st.Dialog.Padding(0, 2).Width(boxW).Render(strings.Join(lines, "\n"))
	x := max(0, (m.width-lipgloss.Width(box))/2)
	y := max(0, (m.height-lipgloss.Height(box))/2)
	canvas := lipgloss.NewCanvas(m.width, m.height)
	canvas.Compose(lipgloss.NewCompositor(lipgloss.NewLayer(base), lipgloss.NewLayer(box).X(x).Y(y).Z(1)))
	return canvas.Render()
}

// helpColumns shows binding groups as columns, as many side by side as
// the width allows (the most that fit, in bands), so no binding is cut.
func helpColumns(h help.Model, groups [][]key.Binding, width int) []string {
	for perBand := len(groups); perBand > 1; perBand-- {
		if out, ok := helpBands(h, groups, perBand, width); ok {
			return out
		}
	}
	out, _ := helpBands(h, groups, 1, width)
	return out
}

func helpBands(h help.Model, groups [][]key.Binding, perBand, width int) ([]string, bool) {
	var out []string
	for i := 0; i < len(groups); i += perBand {
		band := strings.Split(h.FullHelpView(groups[i:min(len(groups), i+perBand)]), "\n")
		for _, l := range band {
			if ansi.StringWidth(l) > width {
				return nil, false
			}
		}
		out = append(out, band...)
	}
	return out, true
}
