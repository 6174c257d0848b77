package metrics

import (
	"strings"
	"time"

	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/panekit"
)

// tickSteps are the time-axis intervals the zoomed chart picks from: the
// smallest whose labels do not collide.
var tickSteps = []time.Duration{
	10 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute,
	10 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour,
	6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// tickLabelW is a tick label ("+00:00") plus room to breathe.
const tickLabelW = 8

// zoomView draws the selected series full width: multi-row bars with y
// labels (max, mid, min), a time axis with +mm:ss ticks, and the cursor
// as a dotted column with ▲ on the axis.
func (m Model) zoomView() string {
	st := m.styles
	i, s := m.current()
	sum := m.stats[i]
	lines := []string{
		st.Accent.Render("▸ "+seriesTitle(s)) + st.Muted.Render("  "+keyhelp.Text(m.keys.Other, m.keys.Unzoom)),
		st.Cursor.Render("cursor "+panekit.Offset(m.cursor.Sub(m.scenario.Start))+" = "+m.valueAt(s)) +
			st.Muted.Render("  "+m.statsLine(i, m.width)),
	}
	rows := max(1, m.height-len(lines)-2)
	labels := [3]string{"—", "—", "—"}
	if sum.any {
		labels = [3]string{panekit.WithUnit(sum.max, s.Unit),
			panekit.WithUnit((sum.min+sum.max)/2, s.Unit), panekit.WithUnit(sum.min, s.Unit)}
	}
	labelW := 0
	for _, l := range labels {
		labelW = max(labelW, len([]rune(l)))
	}
	chartW := max(1, m.width-labelW-2)
	bs := m.buckets(i, chartW)
	cursorCol, cursorOK := m.win.column(m.cursor, chartW)
	if !cursorOK {
		cursorCol = -1
	}
	const tagBar, tagGap, tagCursor = 0, 1, 2
	p := panekit.NewPainter(st.Accent.UnsetBold(), st.Muted, st.Cursor)
	for r := rows - 1; r >= 0; r-- { // r counts rows from the bottom
		label := ""
		switch r {
		case rows - 1:
			label = labels[0]
		case rows / 2:
			label = labels[1]
		case 0:
			label = labels[2]
		}
		axis := "│"
		if label != "" {
			axis = "┤"
		}
		p.Reset()
		for c, b := range bs {
			ch, tag := ' ', tagBar
			switch {
			case !b.ok && r == 0:
				ch, tag = gapRune, tagGap
			case b.ok:
				fill := level(b.v, sum.min, sum.max, rows*len(blocks)) - r*len(blocks)
				if fill >= len(blocks) {
					ch = blocks[len(blocks)-1]
				} else if fill > 0 {
					ch = blocks[fill-1]
				}
			}
			if c == cursorCol {
				tag = tagCursor
				if ch == ' ' {
					ch = '┆'
				}
			}
			p.Put(ch, tag)
		}
		lines = append(lines, st.Muted.Render(padLeft(label, labelW)+" "+axis)+p.String())
	}
	axisLine, tickLine := m.timeAxis(chartW, cursorCol)
	lines = append(lines,
		st.Muted.Render(strings.Repeat(" ", labelW+1)+"└")+axisLine,
		strings.Repeat(" ", labelW+2)+st.Muted.Render(tickLine))
	return panekit.Box(lines, m.width, m.height)
}

// timeAxis returns the x axis (┬ at ticks, ▲ at the cursor) and the line
// of tick labels under it, for w columns.
func (m Model) timeAxis(w, cursorCol int) (axis, labels string) {
	st := m.styles
	every := tickSteps[len(tickSteps)-1]
	for _, d := range tickSteps {
		if int(m.win.span/d)*tickLabelW <= w {
			every = d
			break
		}
	}
	p := panekit.NewPainter(st.Muted, st.Cursor)
	for range w {
		p.Put('─', 0)
	}
	lab := []rune(strings.Repeat(" ", w))
	next := 0 // first free cell for a label
	for t := m.win.from; t.Before(m.win.from.Add(m.win.span)); t = t.Add(every) {
		c, ok := m.win.column(t, w)
		if !ok {
			break
		}
		p.Set(c, '┬', 0)
		text := []rune(panekit.Offset(t.Sub(m.scenario.Start)))
		if c >= next && c+len(text) <= w {
			copy(lab[c:], text)
			next = c + len(text) + 1
		}
	}
	if cursorCol >= 0 {
		p.Set(cursorCol, '▲', 1)
	}
	return p.String(), strings.TrimRight(string(lab), " ")
}

func padLeft(s string, w int) string {
	if n := w - len([]rune(s)); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}
