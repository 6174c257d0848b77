package traces

import (
	"fmt"
	"strings"
	"time"

	"firedrill/ui/internal/count"
	"firedrill/ui/panekit"
)

// Layout constants.
const (
	sidePanelMinW = 100 // from this pane width the span details sit beside the tree
	bottomPanelH  = 5   // below it they take this many lines under the tree
	durW          = 9   // "2.003s ✗"
)

// headerLines is the notice line, when there is one.
func (m Model) noticeLines() int {
	if m.scenario.TracesSampled > 0 {
		return 1
	}
	return 0
}

// listRows is how many traces fit under the list's header.
func (m Model) listRows() int { return max(1, m.height-m.noticeLines()-1) }

// wide reports whether the details panel goes beside the tree.
func (m Model) wide() bool { return m.width >= sidePanelMinW }

// treeRows is how many span rows fit in the open trace's view.
func (m Model) treeRows() int {
	n := m.height - m.noticeLines() - 2 // title, scale
	if !m.wide() {
		n -= bottomPanelH
	}
	return max(1, n)
}

// View renders the pane into its area.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var lines []string
	if m.scenario.TracesSampled > 0 {
		lines = append(lines, m.styles.Warn.Render(fmt.Sprintf("traces sampled at %s %% — a log line's trace may be missing",
			panekit.Number(m.scenario.TracesSampled*100))))
	}
	switch {
	case len(m.all) == 0:
		lines = append(lines, m.styles.Muted.Render("No traces were sampled in this scenario."))
	case len(m.list) == 0:
		lines = append(lines, m.styles.Muted.Render("No trace failed (e shows them all)."))
	case m.open < 0:
		lines = append(lines, m.listView()...)
	default:
		lines = append(lines, m.traceView()...)
	}
	return panekit.Box(lines, m.width, m.height)
}

// listView is the column header and the visible traces.
func (m Model) listView() []string {
	st := m.styles
	showID := m.width >= sidePanelMinW
	rootW := m.width - 4 - 8 - durW - 2 - 6 - 6 - 5
	if showID {
		rootW -= 18 // the trace id column; the count sits above it
	} else {
		rootW -= 10 // room for the count after the header
	}
	rootW = max(min(rootW, max(m.rootNeed, len("ROOT SPAN")+2)), 8)
	header := "    " + panekit.Fit("START", 8) + panekit.Fit("ROOT SPAN", rootW) +
		fmt.Sprintf("%*s  %-6s%6s%5s", durW, "DURATION", "STATUS", "SPANS", "SVCS")
	if showID {
		header += "  TRACE"
	}
	count := fmt.Sprintf("  %d/%d", m.sel+1, len(m.list))
	if m.errorsOnly {
		count += " failed"
	}
	lines := []string{st.Header.Render(header) + st.Muted.Render(count)}
	near := m.nearestToCursor()
	for i := m.top; i < len(m.list) && i < m.top+m.listRows(); i++ {
		sm := m.list[i]
		marker := "  "
		if i == m.sel {
			marker = st.Accent.Render("▸ ")
		}
		if i == near {
			marker += st.Cursor.Render("» ")
		} else {
			marker += "  "
		}
		status := st.OK.Render(panekit.Fit("ok", 6))
		if sm.err {
			status = st.Err.Render(panekit.Fit("ERR", 6))
		}
		root := panekit.Fit(sm.root+st.Muted.Render(" · "+sm.rootSvc), rootW)
		if i == m.sel {
			root = st.Selected.Render(panekit.Fit(sm.root+" · "+sm.rootSvc, rootW))
		}
		line := marker + st.Muted.Render(panekit.Fit(m.offset(sm.start), 8)) + root +
			fmt.Sprintf("%*s  ", durW, panekit.Duration(sm.dur)) + status +
			fmt.Sprintf("%6d%5d", sm.spans, sm.svc)
		if showID {
			line += "  " + st.Muted.Render(sm.trace.ID)
		}
		lines = append(lines, line)
	}
	return lines
}

// offset is t on the incident clock.
func (m Model) offset(t time.Time) string { return panekit.Offset(t.Sub(m.scenario.Start)) }

// traceView is the open trace: a title, the time scale, the tree and
// waterfall rows, and the selected span's details beside or below.
func (m Model) traceView() []string {
	st := m.styles
	sm := m.list[m.open]
	status := st.OK.Render("ok")
	if sm.err {
		status = st.Err.Render("ERR")
	}
	title := st.Muted.Render(m.keys.Back.Help().Key+" ◂ ") + st.Title.Render("trace "+sm.trace.ID) + st.Muted.Render(" · ") +
		sm.root + st.Muted.Render(fmt.Sprintf(" · %s · ", panekit.Duration(sm.dur))) + status +
		st.Muted.Render(" · "+count.Of(sm.spans, "span", "spans")+" · "+count.Of(sm.svc, "service", "services")+" · at "+m.offset(sm.start))

	mainW, panelW := m.width, 0
	if m.wide() {
		panelW = min(44, max(30, m.width/3))
		mainW = m.width - panelW - 3
	}
	wf := m.waterfall(mainW)
	lines := []string{title}
	if !m.wide() {
		panel := m.compactDetailLines(m.width)
		lines = append(lines, wf...)
		for len(lines) < m.height-m.noticeLines()-bottomPanelH {
			lines = append(lines, "")
		}
		lines = append(lines, st.Muted.Render(strings.Repeat("─", m.width)))
		return append(lines, panel...)
	}
	panel := m.detailLines(panelW)
	for i, l := range wf {
		right := ""
		if i < len(panel) {
			right = panel[i]
		}
		lines = append(lines, panekit.Fit(l, mainW)+st.Muted.Render(" │ ")+right)
	}
	for i := len(wf); i < len(panel) && len(lines) < m.height-m.noticeLines(); i++ {
		lines = append(lines, strings.Repeat(" ", mainW)+st.Muted.Render(" │ ")+panel[i])
	}
	return lines
}
