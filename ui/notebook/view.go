package notebook

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/internal/timefmt"
)

// pinGlyphs mark each kind of evidence in the list.
var pinGlyphs = map[game.PinKind]string{
	game.PinLog:    "≡",
	game.PinMetric: "∿",
	game.PinSpan:   "↳",
	game.PinEvent:  "◆",
}

// noTextYet stands in for a hypothesis made by pinning before writing:
// its stored text stays empty, so e starts from nothing.
const noTextYet = "(no text yet — e to write)"

// View renders the tab into its area.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var out []string
	out = append(out, m.titleLine())
	hints := m.hintLines()
	editor := append(m.editorLines(), m.pinDetail()...)
	listH := m.listHeight(len(hints), len(editor))
	lines, _ := m.listLines()
	end := min(len(lines), m.top+listH)
	shown := lines[min(m.top, end):end]
	out = append(out, shown...)
	for range listH - len(shown) {
		out = append(out, "")
	}
	out = append(out, hints...)
	out = append(out, editor...)
	out = append(out, m.footer())
	// At heights below what the layout needs, clip rather than overflow.
	out = out[:min(len(out), m.height)]
	for i, l := range out {
		out[i] = ansi.Truncate(l, m.width, "…")
	}
	return strings.Join(out, "\n")
}

// listHeight is what is left for the hypotheses once the title, hints,
// editor and footer have their rows.
func (m Model) listHeight(hintRows, editorRows int) int {
	return max(1, m.height-2-hintRows-editorRows)
}

// page is how many entries pgup/pgdn move: as many as the list has rows
// (an entry takes at least one).
func (m Model) page() int {
	return m.listHeight(len(m.hintLines()), len(m.editorLines())+len(m.pinDetail()))
}

// scrollToSelection moves the list window so the selected entry shows.
func (m Model) scrollToSelection() Model {
	lines, spans := m.listLines()
	listH := m.page()
	if m.sel < len(spans) {
		s := spans[m.sel]
		if s.end > m.top+listH {
			m.top = s.end - listH
		}
		if s.start < m.top {
			m.top = s.start
		}
	}
	m.top = max(0, min(m.top, len(lines)-listH))
	return m
}

func (m Model) titleLine() string {
	st := m.styles
	pins := 0
	for _, h := range m.book.Hypotheses {
		pins += len(h.Evidence)
	}
	left := st.Title.Render("Notebook") + st.Muted.Render(fmt.Sprintf(" · %s · %s",
		plural(len(m.book.Hypotheses), "hypothesis", "hypotheses"), plural(pins, "pin", "pins")))
	right := st.Muted.Render("cursor ") + st.Cursor.Render(timefmt.Offset(m.cursor.Sub(m.scenario.Start)))
	gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return left
	}
	return left + strings.Repeat(" ", gap) + right
}

// lineSpan is the rows an entry occupies in listLines.
type lineSpan struct{ start, end int }

// listLines renders every hypothesis and pin, with the rows each entry
// covers. A notebook is a player's handful of notes, so rendering all of
// it is cheap; View shows only the window.
func (m Model) listLines() ([]string, []lineSpan) {
	if len(m.book.Hypotheses) == 0 {
		st := m.styles
		lines := []string{"", st.Muted.Render("  No hypotheses yet."),
			st.Muted.Render(fmt.Sprintf("  %-4s write one — it is stamped with the cursor time", m.keys.New.Help().Key))}
		if m.pinKey.Enabled() {
			lines = append(lines, st.Muted.Render(fmt.Sprintf("  %-4s on a log line, metric, span or event pins it here",
				m.pinKey.Help().Key)))
		}
		return lines, nil
	}
	var lines []string
	var spans []lineSpan
	sel, hasSel := m.selected()
	svcWidth := m.svcWidth()
	for hi, h := range m.book.Hypotheses {
		if hi > 0 {
			lines = append(lines, "")
		}
		start := len(lines)
		isSel := hasSel && m.mode != editing && sel.hyp == hi && sel.pin < 0
		lines = append(lines, m.hypothesisHeader(h, isSel))
		if h.Text == "" {
			lines = append(lines, "    "+m.styles.Muted.Render(noTextYet))
		} else {
			for _, t := range strings.Split(ansi.Wrap(h.Text, max(10, m.width-4), ""), "\n") {
				lines = append(lines, "    "+m.styles.Base.Render(t))
			}
		}
		spans = append(spans, lineSpan{start, len(lines)})
		for pi, p := range h.Evidence {
			isSel := hasSel && m.mode != editing && sel.hyp == hi && sel.pin == pi
			spans = append(spans, lineSpan{len(lines), len(lines) + 1})
			lines = append(lines, m.pinLine(p, isSel, svcWidth))
		}
	}
	return lines, spans
}

func (m Model) hypothesisHeader(h game.Hypothesis, selected bool) string {
	st := m.styles
	marker := "  "
	if selected {
		marker = st.Accent.Render("▸ ")
	}
	head := fmt.Sprintf("#%d ", h.ID)
	if selected {
		head = st.Selected.Render(head)
	} else {
		head = st.Bold.Render(head)
	}
	return marker + head + m.badge(h.Status) + "  " +
		st.Cursor.Render(timefmt.Offset(h.CursorAt.Sub(m.scenario.Start))) +
		st.Muted.Render(" · written "+h.WrittenAt.Format("15:04"))
}

func (m Model) badge(s game.HypothesisStatus) string {
	st := m.styles
	switch s {
	case game.StatusRuledOut:
		return st.Muted.Render("[✗ ruled out]")
	case game.StatusConfirmed:
		return st.OK.Render("[✓ confirmed]")
	}
	return st.Warn.Render("[○ open]")
}

func (m Model) pinLine(p game.Pin, selected bool, svcWidth int) string {
	st := m.styles
	marker := "    "
	if selected {
		marker = "  " + st.Accent.Render("▸ ")
	}
	glyph, ok := pinGlyphs[p.Kind]
	if !ok {
		glyph = "•"
	}
	kind := fmt.Sprintf("%s %-6s", glyph, p.Kind)
	if selected {
		kind = st.Selected.Render(kind)
	} else {
		kind = st.Accent.Render(kind)
	}
	line := marker + kind + " " + st.Cursor.Render(timefmt.Offset(p.At.Sub(m.scenario.Start)))
	if svcWidth > 0 {
		line += "  " + st.Bold.Render(p.Service) + strings.Repeat(" ", svcWidth-ansi.StringWidth(p.Service))
	}
	return line + "  " + st.Base.Render(p.Label)
}

// pinDetailMax caps the rows the selected pin's whole label may take.
const pinDetailMax = 3

// pinDetail is the selected pin's whole label, wrapped, when its row in
// the list is too narrow to show it all (the clue is often at the end).
func (m Model) pinDetail() []string {
	e, ok := m.selected()
	if m.mode != browsing || !ok || e.pin < 0 || m.width <= 0 {
		return nil
	}
	p := m.book.Hypotheses[e.hyp].Evidence[e.pin]
	if ansi.StringWidth(m.pinLine(p, true, m.svcWidth())) <= m.width {
		return nil
	}
	st := m.styles
	wrapped := strings.Split(ansi.Wrap(p.Label, max(10, m.width-4), ""), "\n")
	if len(wrapped) > pinDetailMax {
		wrapped = wrapped[:pinDetailMax]
		wrapped[pinDetailMax-1] = ansi.Truncate(wrapped[pinDetailMax-1], max(1, m.width-5), "") + "…"
	}
	out := []string{st.Muted.Render("── pinned " + string(p.Kind) + " " + strings.Repeat("─", max(0, m.width-11-len(p.Kind))))}
	for _, w := range wrapped {
		out = append(out, "  "+st.Base.Render(w))
	}
	return out
}

// svcWidth is the widest pinned service: pins line their labels up after it.
func (m Model) svcWidth() int {
	w := 0
	for _, h := range m.book.Hypotheses {
		for _, p := range h.Evidence {
			w = max(w, ansi.StringWidth(p.Service))
		}
	}
	return w
}

// hintLines is the revealed hints, marked with what they cost. They keep
// at most a third of the tab; the latest hints win when space runs out.
func (m Model) hintLines() []string {
	if len(m.book.Hints) == 0 {
		return nil
	}
	st := m.styles
	n := len(m.book.Hints)
	title := fmt.Sprintf("── Hints · %s · −%d points ", plural(n, "revealed", "revealed"), n*grade.HintCost)
	lines := []string{st.Warn.Render(title + strings.Repeat("─", max(0, m.width-ansi.StringWidth(title))))}
	for i, h := range m.book.Hints {
		prefix := fmt.Sprintf("  %d. ", i+1)
		cost := st.Muted.Render(fmt.Sprintf(" (−%d)", grade.HintCost))
		wrapped := strings.Split(ansi.Wrap(h, max(10, m.width-len(prefix)-7), ""), "\n")
		for j, w := range wrapped {
			lead := strings.Repeat(" ", len(prefix))
			if j == 0 {
				lead = st.Warn.Render(prefix)
			}
			if j == len(wrapped)-1 {
				w = st.Base.Render(w) + cost
			}
			lines = append(lines, lead+w)
		}
	}
	if limit := max(2, m.height/3); len(lines) > limit {
		lines = append(lines[:1], lines[len(lines)-limit+1:]...)
	}
	return lines
}

// editorLines is the textarea with its title, while writing.
func (m Model) editorLines() []string {
	if m.mode != editing && m.mode != askingDiscard {
		return nil
	}
	st := m.styles
	what := "New hypothesis"
	if m.editID != 0 {
		what = fmt.Sprintf("Editing #%d", m.editID)
	}
	title := fmt.Sprintf("── %s · %s · %s ", what,
		timefmt.Offset(m.stampAt.Sub(m.scenario.Start)), m.stampWr.Format("15:04"))
	lines := []string{st.Accent.Render(title + strings.Repeat("─", max(0, m.width-ansi.StringWidth(title))))}
	return append(lines, strings.Split(m.editor.View(), "\n")...)
}

func (m Model) footer() string {
	st := m.styles
	if m.mode == editing || m.mode == askingDiscard {
		k := m.keys
		return keyhelp.Line(st, m.width, []key.Binding{k.Save, k.Cancel, k.NewLine})
	}
	return keyhelp.Line(st, m.width, m.keys.ShortHelp())
}

// deleteQuestion is asked before d deletes: y deletes, anything else not.
func (m Model) deleteQuestion() string {
	e, ok := m.selected()
	if !ok {
		return ""
	}
	h := m.book.Hypotheses[e.hyp]
	if e.pin >= 0 {
		return fmt.Sprintf("Remove this %s pin from #%d?", h.Evidence[e.pin].Kind, h.ID)
	}
	return fmt.Sprintf("Delete hypothesis #%d and its %s?", h.ID, plural(len(h.Evidence), "pin", "pins"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
