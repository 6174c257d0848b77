package metrics

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/panekit"
)

// Grid geometry: a cell is four lines (title, sparkline, cursor marker,
// stats) and rows of cells are separated by one blank line.
const (
	cellLines   = 4
	rowPitch    = cellLines + 1
	minCellW    = 40 // a column narrower than this is hard to read
	maxCols     = 3
	colGap      = 2
	headerLines = 2 // the header and the grid's time axis
)

// columns is how many cells fit side by side.
func (m Model) columns() int { return panekit.Clamp(m.width/minCellW, 1, maxCols) }

// rowsOnScreen is how many grid rows fit under the header.
func (m Model) rowsOnScreen() int { return max(1, (m.height-headerLines+1)/rowPitch) }

// clampTop scrolls the grid so the selected cell's row is on screen.
func (m Model) clampTop() int {
	cols := m.columns()
	rows := (len(m.visible) + cols - 1) / cols
	return panekit.Scroll(m.top, m.sel/cols, m.rowsOnScreen(), rows)
}

// View renders the pane into its area.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if len(m.scenario.Metrics) == 0 {
		return panekit.Box([]string{m.styles.Muted.Render("This scenario has no metrics.")}, m.width, m.height)
	}
	if m.zoom {
		return m.zoomView()
	}
	lines := []string{m.header()}
	if len(m.visible) == 0 {
		lines = append(lines, "", m.styles.Muted.Render(fmt.Sprintf("No series match %q (%s clears the filter).",
			m.filter, m.keys.Back.Help().Key)))
		return panekit.Box(lines, m.width, m.height)
	}
	cols := m.columns()
	cellW := (m.width - (cols-1)*colGap) / cols
	lines = append(lines, m.gridAxis(cols, cellW))
	for row := m.top; row < m.top+m.rowsOnScreen(); row++ {
		first := row * cols
		if first >= len(m.visible) {
			break
		}
		if row > m.top {
			lines = append(lines, "")
		}
		cells := make([][]string, 0, cols)
		for c := 0; c < cols && first+c < len(m.visible); c++ {
			cells = append(cells, m.cell(first+c, cellW))
		}
		for l := 0; l < cellLines; l++ {
			parts := make([]string, len(cells))
			for c, cell := range cells {
				parts[c] = panekit.Fit(cell[l], cellW)
			}
			lines = append(lines, strings.TrimRight(strings.Join(parts, strings.Repeat(" ", colGap)), " "))
		}
	}
	return panekit.Box(lines, m.width, m.height)
}

// gridAxis labels the time under which every sparkline of the grid runs
// (they share one window), once per column: without it a player could
// not tell whether a step came before or after a change at +14:00.
func (m Model) gridAxis(cols, cellW int) string {
	_, labels := m.timeAxis(max(1, cellW-2), -1)
	cell := panekit.Fit("  "+labels, cellW)
	parts := make([]string, cols)
	for c := range parts {
		parts[c] = cell
	}
	return m.styles.Muted.Render(strings.TrimRight(strings.Join(parts, strings.Repeat(" ", colGap)), " "))
}

// header shows the cursor, the step, the series count and the filter.
func (m Model) header() string {
	st := m.styles
	parts := []string{
		st.Cursor.Render("cursor " + panekit.Offset(m.cursor.Sub(m.scenario.Start))),
		st.Muted.Render(m.cursor.UTC().Format("15:04:05")),
		st.Muted.Render("step " + panekit.Duration(m.step)),
		st.Muted.Render(fmt.Sprintf("%d/%d series", len(m.visible), len(m.scenario.Metrics))),
	}
	switch {
	case m.filtering:
		parts = append(parts, st.Accent.Render("filter: "+m.filter+"▏"))
	case m.filter != "":
		parts = append(parts, st.Accent.Render(fmt.Sprintf("filter %q", m.filter)))
	}
	if m.top > 0 {
		parts = append(parts, st.Muted.Render("↑ more"))
	}
	if (m.top+m.rowsOnScreen())*m.columns() < len(m.visible) {
		parts = append(parts, st.Muted.Render("↓ more"))
	}
	return strings.Join(parts, st.Muted.Render(" · "))
}

// cell renders visible series v as cellLines lines of at most w cells.
func (m Model) cell(v, w int) []string {
	st := m.styles
	i := m.visible[v]
	s := m.scenario.Metrics[i]
	marker, name := "  ", st.Bold.Render(s.Name)
	if v == m.sel {
		marker, name = st.Accent.Render("▸ "), st.Selected.Render(s.Name)
	}
	title := marker + name + st.Muted.Render(strings.TrimPrefix(seriesTitle(s), s.Name))
	sparkW := max(1, w-2)
	spark, col, inWindow := m.sparkline(i, sparkW)
	mark := "  " + m.markerLine(col, inWindow, sparkW, m.valueAt(s))
	return []string{title, "  " + spark, mark, "  " + m.statsLine(i, w-2)}
}

// sparkline draws series i as one row, the cursor column in reverse video.
func (m Model) sparkline(i, w int) (line string, cursorCol int, ok bool) {
	st := m.styles
	runes := sparkRunes(m.buckets(i, w), m.stats[i])
	p := panekit.NewPainter(st.Accent.UnsetBold(), st.Muted, st.Cursor.Reverse(true))
	for _, r := range runes {
		tag := 0
		if r == gapRune {
			tag = 1
		}
		p.Put(r, tag)
	}
	cursorCol, ok = m.win.column(m.cursor, w)
	if ok {
		p.Set(cursorCol, runes[cursorCol], 2)
	}
	return p.String(), cursorCol, ok
}

// markerLine puts ▲ under the cursor column with the value beside it,
// on the left when it would run past the cell.
func (m Model) markerLine(col int, ok bool, w int, value string) string {
	if !ok {
		return ""
	}
	st := m.styles
	label := "▲ " + value
	if col+len([]rune(label)) <= w {
		return strings.Repeat(" ", col) + st.Cursor.Render(label)
	}
	left := value + " ▲"
	pad := max(0, col-len([]rune(left))+1)
	return strings.Repeat(" ", pad) + st.Cursor.Render(left)
}

// statsLine is "min … max … last … unit" over the present samples, with
// the gap count; the spacing tightens when the cell is narrow.
func (m Model) statsLine(i, w int) string {
	s, sum := m.scenario.Metrics[i], m.stats[i]
	if !sum.any {
		return m.styles.Muted.Render("no samples")
	}
	parts := []string{"min " + panekit.Number(sum.min), "max " + panekit.Number(sum.max),
		"last " + panekit.WithUnit(sum.last, s.Unit)}
	if sum.gaps == 1 {
		parts = append(parts, "1 gap")
	} else if sum.gaps > 1 {
		parts = append(parts, fmt.Sprintf("%d gaps", sum.gaps))
	}
	text := strings.Join(parts, "  ")
	if ansi.StringWidth(text) > w {
		text = strings.Join(parts, " ")
	}
	return m.styles.Muted.Render(text)
}

// seriesTitle names a series with its service and unit.
func seriesTitle(s *game.Series) string {
	t := s.Name + " · " + s.Service
	if s.Unit != "" {
		t += " (" + s.Unit + ")"
	}
	return t
}
