package submit

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/internal/timefmt"
	"firedrill/ui/overlay"
)

// headerRows is the title, the subtitle and a blank line.
const headerRows = 3

// View renders the screen into its area.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	bottom := m.bottomLines()
	listH := max(1, m.height-headerRows-len(bottom))
	lines, spans := m.choiceLines()
	top := window(m.top, spans, m.sel, listH, len(lines))
	end := min(len(lines), top+listH)

	out := m.headerLines()
	out = append(out, lines[top:end]...)
	for range listH - (end - top) {
		out = append(out, "")
	}
	out = append(out, bottom...)
	// At heights below what the layout needs, clip rather than overflow.
	out = out[:min(len(out), m.height)]
	for i, l := range out {
		out[i] = ansi.Truncate(l, m.width, "…")
	}
	return strings.Join(out, "\n")
}

// scrollToSelection keeps the highlighted choice on screen as it moves.
func (m Model) scrollToSelection() Model {
	lines, spans := m.choiceLines()
	m.top = window(m.top, spans, m.sel, max(1, m.height-headerRows-len(m.bottomLines())), len(lines))
	return m
}

// window is the first row to show so that the rows of entry sel fit in
// height rows, moving as little as possible from top.
func window(top int, spans []span, sel, height, total int) int {
	if sel >= 0 && sel < len(spans) {
		s := spans[sel]
		if s.end > top+height {
			top = s.end - height
		}
		if s.start < top {
			top = s.start
		}
	}
	return max(0, min(top, total-height))
}

func (m Model) headerLines() []string {
	st := m.styles
	title := st.Title.Render("Submit your root cause")
	sub := "One answer, and no take-back. The clock keeps running while you decide."
	clock := st.Bold.Render("⏱ " + timefmt.Countdown(m.timeLeft) + " left")
	if m.timeUp {
		title = st.Err.Render("Time's up — pick your answer")
		sub = "The clock has stopped. Choose the root cause you believe in."
		clock = st.Err.Render("⏹ 00:00 · clock stopped")
	}
	gap := m.width - ansi.StringWidth(title) - ansi.StringWidth(clock)
	first := title
	if gap >= 1 {
		first += strings.Repeat(" ", gap) + clock
	}
	return []string{first, st.Muted.Render(sub), ""}
}

// span is the rows one choice covers in choiceLines.
type span struct{ start, end int }

// choiceLines renders every choice, wrapped under its number. Scenarios
// have at most twelve, so all of them are formatted and View windows them.
func (m Model) choiceLines() ([]string, []span) {
	st := m.styles
	var lines []string
	var spans []span
	for i, c := range m.scenario.Choices {
		num := fmt.Sprintf("%d. ", i+1)
		if len(m.scenario.Choices) > 9 && i < 9 {
			num = " " + num
		}
		indent := 4 + ansi.StringWidth(num)
		wrapped := strings.Split(ansi.Wrap(c.Text, max(10, m.width-indent), ""), "\n")
		start := len(lines)
		for j, w := range wrapped {
			lead := strings.Repeat(" ", indent)
			if j == 0 {
				lead = "    " + num
			}
			switch {
			case i == m.sel && j == 0:
				lines = append(lines, st.Accent.Render("  ▸ ")+st.Selected.Render(num+w))
			case i == m.sel:
				lines = append(lines, lead+st.Selected.Render(w))
			default:
				lines = append(lines, st.Base.Render(lead+w))
			}
		}
		spans = append(spans, span{start, len(lines)})
	}
	return lines, spans
}

// bottomLines is what sits under the list at each stage.
func (m Model) bottomLines() []string {
	st := m.styles
	switch m.stage {
	case Justifying, Confirming: // the last question is a dialog over this
		return []string{
			"",
			st.Bold.Render("Why? ") + st.Muted.Render("(optional, one line)"),
			m.why.View(),
			keyhelp.Line(st, m.width, []key.Binding{m.keys.Continue, m.keys.Unpick}),
		}
	case Done:
		return []string{"", st.Accent.Render("Submitted — grading your answer…")}
	}
	bs := m.keys.ShortHelp()
	if m.timeUp {
		bs = bs[:len(bs)-1] // no way back: the clock has run out
	}
	help := keyhelp.Line(st, m.width, bs)
	return []string{"", help}
}

// Layer is the screen in the root's content area, opaque: the pane under
// it does not show through.
func (m Model) Layer(f overlay.Frame) *lipgloss.Layer {
	return lipgloss.NewLayer(overlay.Opaque(m.View(), f.Body.W, f.Body.H)).X(f.Body.X).Y(f.Body.Y)
}
