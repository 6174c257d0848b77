package services

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"firedrill/ui/panekit"
)

// Column widths of the badges.
const (
	errColW = 21 // "100.0% (125/250) logs"
	latColW = 14 // "2400 ms ×20.5", before the metric's name
)

// treeRows is how many tree rows fit between the header lines and the
// two-line footer.
func (m Model) treeRows() int { return max(1, m.height-2-2) }

// View renders the pane into its area.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.styles
	if len(m.rows) == 0 {
		return panekit.Box([]string{st.Muted.Render("This scenario declares no services.")}, m.width, m.height)
	}
	treeW := panekit.Clamp(m.treeW+1, 12, max(12, m.width-2-errColW-latColW))
	lines := []string{
		st.Cursor.Render("cursor "+m.offset()) +
			st.Muted.Render(fmt.Sprintf(" · errors: error ratio at the cursor (logs: ERROR+FATAL share in the %s before) · latency: ×baseline", panekit.Duration(errorWindow))),
		st.Header.Render("  " + panekit.Fit("SERVICE", treeW) + panekit.Fit("ERRORS", errColW) + "LATENCY"),
	}
	for i := m.top; i < len(m.rows) && i < m.top+m.treeRows(); i++ {
		lines = append(lines, m.row(i, treeW))
	}
	for len(lines) < m.height-2 {
		lines = append(lines, "")
	}
	lines = append(lines, m.footer()...)
	return panekit.Box(lines, m.width, m.height)
}

// row renders tree row i: guides, name, badges.
func (m Model) row(i, treeW int) string {
	st := m.styles
	r := m.rows[i]
	in := m.info[r.service]
	marker, name := "  ", st.Bold.Render(r.service)
	if i == m.sel {
		marker, name = st.Accent.Render("▸ "), st.Selected.Render(r.service)
	}
	tree := panekit.Fit(st.Muted.Render(r.guide)+name+st.Muted.Render(suffix(r)), treeW)
	if in == nil { // called but never declared: the validator should have said so
		return marker + tree + st.Muted.Render("undeclared")
	}
	errText := m.healthStyle(in.errBadge.health()).Render(m.errorText(in.errBadge))
	if in.errMetric == nil && in.errBadge.lines > 0 {
		errText += st.Muted.Render(" logs") // not a request ratio: say so
	}
	lat := m.healthStyle(in.latBadge.health()).Render(m.latencyText(in.latBadge))
	if in.latency != nil {
		lat = panekit.Fit(lat, latColW) + st.Muted.Render(in.latency.Name)
	}
	return marker + tree + panekit.Fit(errText, errColW) + lat
}

// errorText is "12.0%" from the error-ratio series ("gap" for a missing
// sample), or "12.0% (3/25)" counted from log lines ("— no lines" with
// none in the window).
func (m Model) errorText(b errorBadge) string {
	if b.metric != nil {
		if !b.ok {
			return "gap"
		}
		return panekit.Number(roundTenth(b.rate()*100)) + "%"
	}
	if b.lines == 0 {
		return "— no lines"
	}
	return fmt.Sprintf("%s%% (%d/%d)", panekit.Number(roundTenth(b.rate()*100)), b.errors, b.lines)
}

// latencyText is "2400 ms ×20" (the value and how far above its
// baseline), "gap" for a missing sample, or "—" with no metric.
func (m Model) latencyText(b latencyBadge) string {
	switch {
	case b.metric == nil:
		return "—"
	case !b.ok:
		return "gap"
	}
	return panekit.WithUnit(b.value, b.metric.Unit) + " ×" + panekit.Number(roundTenth(b.ratio()))
}

func roundTenth(v float64) float64 { return float64(int(v*10+0.5)) / 10 }

// healthStyle colours a badge by its grade.
func (m Model) healthStyle(h health) lipgloss.Style {
	switch h {
	case healthOK:
		return m.styles.OK
	case healthWarn:
		return m.styles.Warn
	case healthBad:
		return m.styles.Err
	}
	return m.styles.Muted
}

// footer describes the selected service's neighbours and signals.
func (m Model) footer() []string {
	st := m.styles
	name := m.SelectedService()
	in := m.info[name]
	if in == nil {
		return nil
	}
	list := func(xs []string) string {
		if len(xs) == 0 {
			return "—"
		}
		return strings.Join(xs, ", ")
	}
	return []string{
		st.Bold.Render(name) + st.Muted.Render(" · calls "+list(in.calls)+" · called by "+list(in.callers)),
		st.Muted.Render(fmt.Sprintf("metrics %s · %s · %s: summary", list(in.metrics), plural(in.eventsCnt, "event"),
			m.keys.Summary.Help().Key)),
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
