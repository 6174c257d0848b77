package debrief

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/internal/keyhelp"
)

// footerRows is the key help under the scrolling text.
const footerRows = 1

// View renders the screen: the scrolling debrief and a footer.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.styles
	pct := fmt.Sprintf(" %3.0f%%", m.vp.ScrollPercent()*100)
	if m.vp.TotalLineCount() <= m.vp.Height() {
		pct = ""
	}
	footer := keyhelp.Line(st, m.width-ansi.StringWidth(pct), m.keys.ShortHelp())
	gap := max(0, m.width-ansi.StringWidth(footer)-ansi.StringWidth(pct))
	return m.vp.View() + "\n" + footer + strings.Repeat(" ", gap) + st.Muted.Render(pct)
}

// doc accumulates the debrief's lines at one width.
type doc struct {
	width int
	lines []string
}

func (d *doc) add(lines ...string) { d.lines = append(d.lines, lines...) }

// wrap adds text wrapped to the width under a first-line prefix, with
// later lines indented to match.
func (d *doc) wrap(prefix, text string, style func(...string) string) {
	indent := strings.Repeat(" ", ansi.StringWidth(ansi.Strip(prefix)))
	avail := max(10, d.width-ansi.StringWidth(ansi.Strip(prefix)))
	for i, l := range strings.Split(ansi.Wrap(text, avail, ""), "\n") {
		lead := indent
		if i == 0 {
			lead = prefix
		}
		d.add(lead + style(l))
	}
}

// section starts a titled block after a blank line.
func (d *doc) section(title string, style func(...string) string) {
	if len(d.lines) > 0 {
		d.add("")
	}
	d.add(style(title))
}
