package traces

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

// geometry splits a waterfall line of width w: marker, tree, bar, duration.
type geometry struct{ treeW, barW int }

// waterfallGeometry gives the tree what its longest row needs, up to 55 %
// of the width, and the bars the rest.
func waterfallGeometry(w, need int) geometry {
	treeW := panekit.Clamp(need, 16, max(16, w*55/100))
	return geometry{treeW: treeW, barW: max(4, w-2-treeW-1-1-durW)}
}

// waterfall renders the time scale and the visible rows of the open trace.
func (m Model) waterfall(w int) []string {
	st := m.styles
	t := m.list[m.open].trace
	g := waterfallGeometry(w, m.treeNeed)
	start, total := m.list[m.open].start, m.list[m.open].dur

	lines := []string{st.Header.Render("  "+panekit.Fit("SPAN · SERVICE", g.treeW)+" ") +
		st.Muted.Render(timeScale(g.barW, total))}

	bar := panekit.NewPainter(lipgloss.NewStyle(), st.Accent.UnsetBold(), st.Err.UnsetBold(), st.Muted)
	for i := m.spanTop; i < len(m.rows) && i < m.spanTop+m.treeRows(); i++ {
		r := m.rows[i]
		marker := "  "
		if i == m.spanSel {
			marker = st.Accent.Render("▸ ")
		}
		var name, dur string
		bar.Reset()
		if r.span < 0 {
			name = st.Warn.Render(placeholderLabel(r))
			drawBar(bar, g.barW, start, total, r.from, r.to, '┄', 3)
			dur = st.Muted.Render(fmt.Sprintf("%*s", durW, fmt.Sprintf("%d under", r.kids)))
		} else {
			sp := t.Spans[r.span]
			label := sp.Name + " " + sp.Service
			name = st.Muted.Render(r.guide) + sp.Name + " " + st.Muted.Render(sp.Service)
			if i == m.spanSel {
				name = st.Muted.Render(r.guide) + st.Selected.Render(panekit.Cut(label, g.treeW-len([]rune(r.guide))))
			}
			tag, mark := 1, " "
			if sp.Error {
				tag, mark = 2, "✗"
			}
			drawBar(bar, g.barW, start, total, sp.At, sp.End(), '█', tag)
			dur = fmt.Sprintf("%*s", durW, panekit.Duration(sp.Dur)+" "+mark)
			if sp.Error {
				dur = st.Err.Render(dur)
			}
		}
		lines = append(lines, marker+panekit.Fit(name, g.treeW)+" "+bar.String()+" "+dur)
	}
	return lines
}

// drawBar fills p with w cells: ch with tag over [from, to) of a trace
// that starts at start and lasts total; at least one cell so that a 1 ms
// span stays visible.
func drawBar(p *panekit.Painter, w int, start time.Time, total time.Duration, from, to time.Time, ch rune, tag int) {
	if total <= 0 {
		total = 1
	}
	a := int(int64(from.Sub(start)) * int64(w) / int64(total))
	b := int((int64(to.Sub(start))*int64(w) + int64(total) - 1) / int64(total))
	a = panekit.Clamp(a, 0, w-1)
	b = panekit.Clamp(b, a+1, w)
	for c := range w {
		if c >= a && c < b {
			p.Put(ch, tag)
		} else {
			p.Put(' ', 0)
		}
	}
}

// detailLines describes the selected row in lines of at most w cells.
func (m Model) detailLines(w int) []string {
	st := m.styles
	t, sp, start, status, missing := m.detailOf(w)
	if missing != nil {
		return missing
	}
	parent := "— (root)"
	if sp.Parent != "" {
		parent = sp.Parent
		if spanIndex(t, sp.Parent) < 0 {
			parent += st.Warn.Render(" (missing)")
		}
	}
	field := func(k, v string) string { return st.Muted.Render(panekit.Fit(k, 10)) + v }
	out := []string{
		st.Title.Render("SPAN " + sp.ID),
		field("name", sp.Name),
		field("service", sp.Service),
		field("start", "+"+panekit.Duration(sp.At.Sub(start))+st.Muted.Render(" ("+m.offsetMillis(sp.At)+")")),
		field("duration", panekit.Duration(sp.Dur)),
		field("status", status),
		field("parent", parent),
	}
	if len(sp.Attrs) == 0 {
		return append(out, st.Muted.Render("no attrs"))
	}
	out = append(out, st.Muted.Render("attrs"))
	keyW := 0
	for _, a := range sp.Attrs {
		keyW = max(keyW, len([]rune(a.Key)))
	}
	keyW = min(keyW, w/2)
	for _, a := range sp.Attrs {
		out = append(out, "  "+st.Muted.Render(panekit.Fit(a.Key, keyW))+" "+a.Value)
	}
	return out
}

// offsetMillis is t on the incident clock with milliseconds: +09:43.640.
func (m Model) offsetMillis(t time.Time) string {
	d := t.Sub(m.scenario.Start)
	return fmt.Sprintf("%s.%03d", panekit.Offset(d), d%time.Second/time.Millisecond)
}

// spanIndex finds a span by id in t; -1 when absent.
func spanIndex(t *game.Trace, id string) int {
	for i, sp := range t.Spans {
		if sp.ID == id {
			return i
		}
	}
	return -1
}

func placeholderLabel(r row) string {
	return fmt.Sprintf("⋯ missing span (parent %s not recorded)", r.missing)
}

// treeWidth is the widest tree cell the rows need: guides, name, service.
func treeWidth(t *game.Trace, rows []row) int {
	need := 0
	for _, r := range rows {
		w := ansi.StringWidth(placeholderLabel(r))
		if r.span >= 0 {
			sp := t.Spans[r.span]
			w = ansi.StringWidth(r.guide + sp.Name + " " + sp.Service)
		}
		need = max(need, w)
	}
	return need + 1
}

// compactDetailLines describes the selected row in bottomPanelH-1 lines
// for a narrow pane: title, timing, then the attrs run together.
func (m Model) compactDetailLines(w int) []string {
	st := m.styles
	_, sp, start, status, missing := m.detailOf(w)
	if missing != nil {
		return missing
	}
	parent := "root"
	if sp.Parent != "" {
		parent = "parent " + sp.Parent
	}
	sep := st.Muted.Render(" · ")
	out := []string{
		st.Title.Render("SPAN "+sp.ID) + sep + sp.Name + sep + sp.Service,
		"start +" + panekit.Duration(sp.At.Sub(start)) + st.Muted.Render(" ("+m.offsetMillis(sp.At)+")") +
			sep + panekit.Duration(sp.Dur) + sep + status + sep + parent,
	}
	attrs := make([]string, len(sp.Attrs))
	for i, a := range sp.Attrs {
		attrs[i] = a.Key + "=" + a.Value
	}
	if len(attrs) == 0 {
		return append(out, st.Muted.Render("no attrs"))
	}
	return append(out, strings.Split(lipgloss.Wrap("attrs "+strings.Join(attrs, "  "), w, " "), "\n")...)
}

// missingLines explains a missing-span placeholder in lines of w cells.
func (m Model) missingLines(r row, w int) []string {
	names := count.Of(r.kids, "span names it as its parent", "spans name it as their parent")
	text := fmt.Sprintf("Span %s was never recorded (an uninstrumented hop or a dropped export); %s.", r.missing, names)
	return append([]string{m.styles.Warn.Render("MISSING SPAN")}, strings.Split(lipgloss.Wrap(text, w, " "), "\n")...)
}

// detailOf gathers what both detail layouts show of the selected row: the
// span, the trace start and the coloured status; or, on a placeholder,
// the lines that explain it.
func (m Model) detailOf(w int) (t *game.Trace, sp game.Span, start time.Time, status string, missing []string) {
	t, start = m.list[m.open].trace, m.list[m.open].start
	r := m.rows[m.spanSel]
	if r.span < 0 {
		return t, sp, start, "", m.missingLines(r, w)
	}
	sp = t.Spans[r.span]
	status = m.styles.OK.Render("ok")
	if sp.Error {
		status = m.styles.Err.Render("ERROR")
	}
	return t, sp, start, status, nil
}

// timeScale labels w bar cells: 0 at the left, the trace's duration at the
// right and half of it in the middle, each only where it does not collide.
func timeScale(w int, total time.Duration) string {
	scale := []rune(strings.Repeat(" ", w))
	end := []rune(panekit.Duration(total))
	mid := []rune(panekit.Duration(total / 2))
	endAt := max(0, w-len(end))
	midAt := w/2 - len(mid)/2
	if midAt >= 2 && midAt+len(mid)+1 <= endAt {
		copy(scale[midAt:], mid)
	}
	if endAt >= 2 {
		copy(scale[endAt:], end)
	}
	if w > 0 {
		scale[0] = '0'
	}
	return string(scale)
}
