package events

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/internal/count"
	"firedrill/ui/panekit"
)

// Row layout: "▸ » +05:00 ▲ deploy  inventory   text …   #id".
const (
	prefixW  = 4 // selection mark, cursor mark
	badgeW   = 9 // glyph, space, kind
	idMinW   = 100
	minTextW = 12
)

// glyphs draw each kind on the timeline axis.
var glyphs = map[string]string{
	game.EventDeploy: "▲",
	game.EventConfig: "◆",
	game.EventFlag:   "⚑",
	game.EventScale:  "↕",
	game.EventAlert:  "!",
	game.EventNote:   "•",
}

// rows is how many timeline rows fit between the header and the detail.
func (m Model) rows() int { return max(1, m.height-2-m.detailH) }

// kindStyle colours a kind: alerts as errors, changes as the accent,
// notes muted.
func (m Model) kindStyle(kind string) lipgloss.Style {
	switch kind {
	case game.EventAlert:
		return m.styles.Err
	case game.EventNote:
		return m.styles.Muted
	}
	return m.styles.Accent
}

// View renders the pane into its area.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	ev := m.scenario.Events
	if len(ev) == 0 {
		return panekit.Box([]string{m.styles.Muted.Render("This scenario has no change log.")}, m.width, m.height)
	}
	near := m.nearest()
	lines := []string{m.header(near)}
	for i := m.top; i < len(m.lines) && i < m.top+m.rows(); i++ {
		if l := m.lines[i]; l.event < 0 {
			lines = append(lines, strings.Repeat(" ", prefixW+m.offsetW)+
				m.styles.Muted.Render("┆ · "+panekit.Duration(l.gap)+" ·"))
		} else {
			lines = append(lines, m.row(l.event, l.event == near))
		}
	}
	detail := m.detailH
	for len(lines) < m.height-1-detail {
		lines = append(lines, "")
	}
	if detail > 0 {
		lines = append(lines, m.detail(detail)...)
	}
	lines = append(lines, m.footer())
	return panekit.Box(lines, m.width, m.height)
}

// header shows the cursor and the event nearest it.
func (m Model) header(near int) string {
	st := m.styles
	e := m.scenario.Events[near]
	rel := e.At.Sub(m.cursor)
	where := "at the cursor"
	switch {
	case rel < 0:
		where = panekit.Duration(-rel) + " before"
	case rel > 0:
		where = panekit.Duration(rel) + " after"
	}
	return st.Cursor.Render("cursor "+m.offset(m.cursor)) + st.Muted.Render(fmt.Sprintf(" · nearest » %s (%s) · %s",
		m.ref(near), where, count.Of(len(m.scenario.Events), "event", "events")))
}

// row renders event i.
func (m Model) row(i int, near bool) string {
	st := m.styles
	e := m.scenario.Events[i]
	prefix := "  "
	if i == m.sel {
		prefix = st.Accent.Render("▸ ")
	}
	offset := st.Muted.Render(panekit.Fit(m.offset(e.At), m.offsetW))
	if near {
		prefix += st.Cursor.Render("» ")
		offset = st.Cursor.Render(panekit.Fit(m.offset(e.At), m.offsetW))
	} else {
		prefix += "  "
	}
	ks := m.kindStyle(e.Kind)
	badge := ks.Render(panekit.Fit(glyphs[e.Kind]+" "+e.Kind, badgeW))
	svc := ""
	if m.svcW > 0 {
		svc = st.Bold.Render(panekit.Fit(e.Service, m.svcW)) + "  "
	}
	id := ""
	if m.width >= idMinW {
		id = "  " + st.Muted.Render(m.ref(i))
	}
	textW := m.textWidth(i)
	text := panekit.Cut(e.Text, textW)
	if i == m.sel {
		text = st.Selected.Render(text)
	}
	if id != "" {
		text = panekit.Fit(text, textW)
	}
	return prefix + offset + badge + svc + text + id
}

// textWidth is the cells event i's text gets in its row.
func (m Model) textWidth(i int) int {
	idW := 0
	if m.width >= idMinW {
		idW = 2 + ansi.StringWidth(m.ref(i))
	}
	return max(minTextW, m.width-prefixW-m.offsetW-badgeW-m.svcW-2-idW)
}

// detailRows is how many rows the selected event's full text gets above
// the footer: as many as the longest cut text needs, at most a third of
// the pane, and none when every text fits its row. It depends only on the
// size (SetSize keeps it in detailH), so the list does not jump as the
// selection moves.
func (m Model) detailRows() int {
	need := 0
	for i, e := range m.scenario.Events {
		if ansi.StringWidth(e.Text) > m.textWidth(i) {
			need = max(need, len(m.wrapText(e.Text)))
		}
	}
	return min(need, max(1, (m.height-2)/3))
}

// wrapText wraps an event's text to the detail area's width.
func (m Model) wrapText(text string) []string {
	return strings.Split(ansi.Wrap(text, max(10, m.width-2), ""), "\n")
}

// detail is the selected event's whole text, wrapped into n rows; a text
// longer still ends in "…".
func (m Model) detail(n int) []string {
	lines := m.wrapText(m.scenario.Events[m.sel].Text)
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = ansi.Truncate(lines[n-1], max(1, m.width-3), "") + "…"
	}
	out := make([]string, n)
	for i := range out {
		if i < len(lines) {
			out[i] = "  " + m.styles.Base.Render(lines[i])
		}
	}
	return out
}

// footer describes the selected event in full.
func (m Model) footer() string {
	st := m.styles
	e := m.scenario.Events[m.sel]
	parts := []string{m.ref(m.sel), e.Kind}
	if e.Service != "" {
		parts = append(parts, e.Service)
	}
	parts = append(parts, e.At.UTC().Format("15:04:05 UTC"), m.offset(e.At))
	// the keys' names come from the KeyMap: this hint once said L after
	// the logs key had moved
	k := m.keys
	return st.Muted.Render(strings.Join(parts, " · ") + fmt.Sprintf(" · %s: cursor here · %s: logs here",
		k.Cursor.Help().Key, k.Logs.Help().Key))
}

// offset is t on the incident clock.
func (m Model) offset(t time.Time) string { return panekit.Offset(t.Sub(m.scenario.Start)) }
