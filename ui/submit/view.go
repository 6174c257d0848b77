package submit

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/grade"
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
	if m.stage == Attaching {
		return m.attachView()
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
	return m.clip(out)
}

// clip cuts the screen's lines to its area: at heights below what the
// layout needs it clips rather than overflows.
func (m Model) clip(out []string) string {
	out = out[:min(len(out), m.height)]
	for i, l := range out {
		out[i] = ansi.Truncate(l, m.width, "…")
	}
	return strings.Join(out, "\n")
}

// attachIntroRows is the pick, the instruction and a blank line above the
// attach table.
const attachIntroRows = 3

// attachRows is the height of the attach table, its header included.
func (m Model) attachRows() int {
	return max(2, m.height-headerRows-attachIntroRows-len(m.attachBottom()))
}

// attachView is the attach step: the pick, the pins in a table, the count.
func (m Model) attachView() string {
	st := m.styles
	c, _ := m.Choice()
	out := m.headerLines()
	out = append(out,
		st.Bold.Render(fmt.Sprintf("You picked %d: ", m.sel+1))+st.Base.Render(c.Text),
		st.Muted.Render("Attach what proves it: the trigger, and what it led to."),
		"")
	table := strings.Split(m.attach.table.View(), "\n")
	rows := m.attachRows()
	for len(table) < rows {
		table = append(table, "")
	}
	out = append(out, table[:rows]...)
	out = append(out, m.attachBottom()...)
	return m.clip(out)
}

// attachBottom is the count and the keys under the attach table.
func (m Model) attachBottom() []string {
	st := m.styles
	n := len(m.attach.attached)
	count := st.Bold.Render(fmt.Sprintf("%d of at most %d attached", n, game.MaxAttached))
	switch {
	case m.attach.full:
		count += st.Warn.Render(" · that is the most: detach one first")
	case n == 0:
		count += st.Muted.Render(" · a right pick without proof scores half")
	default:
		count += st.Muted.Render(fmt.Sprintf(" · each pin that proves no step of the cause costs %d", grade.StrayPinCost))
	}
	keys := keyhelp.Line(st, m.width, []key.Binding{m.keys.Up, m.keys.Toggle, m.keys.Continue, m.back("the choices")})
	return []string{"", count, keys}
}

// back is the Unpick binding with its help saying where esc goes.
func (m Model) back(to string) key.Binding {
	b := m.keys.Unpick
	b.SetHelp(b.Help().Key, "back to "+to)
	return b
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
	if m.untimed {
		clock = st.Muted.Render("⏱ " + timefmt.Countdown(m.timeUsed) + " used · untimed")
	}
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
			keyhelp.Line(st, m.width, []key.Binding{m.keys.Continue, m.back(m.justifyBack())}),
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

// justifyBack is where esc goes from the reason: the pins, if there are any.
func (m Model) justifyBack() string {
	if len(m.attach.cands) > 0 {
		return "the evidence"
	}
	return "the choices"
}
