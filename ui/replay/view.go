package replay

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/internal/timefmt"
	"firedrill/ui/panekit"
	"firedrill/ui/shell"
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

func (m Model) bodyHeight() int { return max(3, m.shell.Height-m.headerRows()-footerRows) }

func (m Model) timelineWidth() int { return max(28, min(48, m.shell.Width*2/5)) }

// timelineRows is the action rows under the timeline's title.
func (m Model) timelineRows() int { return m.bodyHeight() - 1 }

// paneSize is the area the candidate's pane gets, under its title and
// banner rows.
func (m Model) paneSize() (int, int) {
	return m.shell.Width - m.timelineWidth() - 1, m.bodyHeight() - 2
}

// View draws the replay, the shell's dialogs on top.
func (m Model) View() tea.View { return shell.View(m.render(), "firedrill replay") } // never result or pack text

// render is the screen as a string (the golden tests compare it).
func (m Model) render() string { return m.shell.Render(m.screenView) }

// screenView is the replay's screen, exactly the window's size.
func (m Model) screenView() string {
	rows := m.header()
	rows = append(rows, m.body()...)
	rows = append(rows, panekit.Fit(m.shell.Styles.Muted.Render(m.summaryLine()), m.shell.Width), m.keyLine())
	return panekit.Box(rows, m.shell.Width, m.shell.Height)
}

func (m Model) header() []string {
	st, r := m.shell.Styles, m.res
	pick := "no pick (time ran out)"
	if r.Pick != "" {
		pick = "pick " + r.Pick
	}
	verdict := " · verdict unknown"
	if m.shell.Width >= 100 {
		verdict += " (grade decides)"
	}
	right := st.Bold.Render(pick) + st.Muted.Render(verdict)
	left := st.Title.Render("REPLAY") + " " +
		st.Bold.Render(ansi.Truncate(m.in.Scenario.Title, max(1, m.shell.Width-ansi.StringWidth(right)-9), "…"))
	gap := max(1, m.shell.Width-ansi.StringWidth(left)-ansi.StringWidth(right))
	line1 := ansi.Truncate(left+strings.Repeat(" ", gap)+right, m.shell.Width, "")

	times := fmt.Sprintf("%s–%s UTC · used %s of %s", r.TimerStart.UTC().Format("2006-01-02 15:04:05"),
		r.TimerEnd.UTC().Format("15:04:05"), timefmt.Span(m.in.Time.TimeUsed), timefmt.Span(m.in.Scenario.TimeLimit))
	why := "no justification"
	if r.Justification != "" {
		why = "“" + r.Justification + "”"
	}
	attached := fmt.Sprintf("%d attached as proof · ", len(r.Attached))
	line2 := panekit.Fit(st.Muted.Render(times+" · "+attached)+why, m.shell.Width)
	out := []string{line1, line2}
	if m.in.Warning != "" {
		out = append(out, panekit.Fit(st.Warn.Render("⚠ "+m.in.Warning), m.shell.Width))
	}
	return out
}

// body joins the timeline and the right side row by row.
func (m Model) body() []string {
	h := m.bodyHeight()
	tw := m.timelineWidth()
	rw := m.shell.Width - tw - 1
	left := m.timeline(tw, h)
	right := append([]string{m.paneTitle(rw), m.banner(rw)}, strings.Split(m.sc.View(m.sc.tab), "\n")...)
	sep := m.shell.Styles.Muted.Render("│")
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
	st := m.shell.Styles
	s := m.in.Scenario
	cursor := "⌖ " + timefmt.Offset(m.sc.cursor.Sub(s.Start))
	if w >= 60 {
		cursor += m.sc.cursor.UTC().Format(" 15:04:05")
	}
	parts := []string{st.TabActive.Render(m.sc.tab.String()) + " " + st.Accent.Render(cursor)}
	if state := m.sc.logsState(); m.sc.tab == tabs.Logs && state != "" {
		parts = append(parts, st.Warn.Render("their logs: "+state))
	}
	if tab := m.keys.Focus.Help().Key; m.focus == focusPane {
		parts = append(parts, st.Accent.Render("pane has the keys ("+tab+": back)"))
	} else {
		parts = append(parts, st.Muted.Render(tab+": scroll this pane"))
	}
	return panekit.Fit(strings.Join(parts, st.Muted.Render(" · ")), w)
}

// banner says, prominently, what the selected action did.
func (m Model) banner(w int) string {
	if m.sel < 0 {
		return panekit.Fit(m.shell.Styles.Muted.Render("no actions recorded"), w)
	}
	a := m.res.Actions[m.sel]
	return panekit.Fit(m.shell.Styles.Warn.Render(glyph(a.Kind)+" candidate "+m.phrase(a)), w)
}

func (m Model) summaryLine() string {
	if m.sel < 0 {
		return ""
	}
	return "so far: " + m.summary()
}

// keyLine is the play state and the keys, generated from the KeyMaps.
func (m Model) keyLine() string {
	st := m.shell.Styles
	state := fmt.Sprintf("⏸ ×%d ", speeds[m.speed])
	if m.playing {
		state = fmt.Sprintf("▶ ×%d ", speeds[m.speed])
	}
	if m.status != "" {
		return panekit.Fit(st.Accent.Render(state)+st.Status.Render(m.status), m.shell.Width)
	}
	bs := m.keys.ShortHelp()
	if m.focus == focusPane {
		bs = append([]key.Binding{m.keys.Focus, m.keys.Help}, m.sc.KeyMap(m.sc.tab).ShortHelp()...)
	}
	room := m.shell.Width - ansi.StringWidth(state)
	return panekit.Fit(st.Accent.Render(state)+keyhelp.Line(st, room, bs), m.shell.Width)
}
