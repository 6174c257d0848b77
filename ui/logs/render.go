package logs

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/internal/keyhelp"
)

// span is a byte range [start, end) of a message to highlight.
type span struct{ start, end int }

// columns are the widths of the fixed columns (message takes the rest).
type columns struct{ time, level, service, msg int }

func (m Model) columns() columns {
	c := columns{time: 10, level: 5, service: 7}
	if m.scenario.Duration >= 60*60e9 {
		c.time = 12
	}
	if m.absolute {
		c.time = 12
	}
	for _, sv := range m.scenario.Services {
		c.service = max(c.service, ansi.StringWidth(sv.Name))
	}
	c.service = min(c.service, 14, max(7, m.width/6))
	c.msg = max(1, m.width-c.time-c.level-c.service-3)
	return c
}

// View renders the pane: column header, the visible rows, the status line.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	c := m.columns()
	lines := make([]string, 0, m.height)
	head := fmt.Sprintf("%-*s %-*s %-*s %s", c.time, "TIME", c.level, "LEVEL", c.service, "SERVICE", "MESSAGE")
	if m.fz.active {
		head = fmt.Sprintf("fuzzy %q: %s · %s go to line · %s back", m.fz.query, m.fuzzyCount(),
			m.keys.Open.Help().Key, m.keys.Back.Help().Key)
	}
	lines = append(lines, m.styles.Muted.Render(ansi.Truncate(head, m.width, "…")))

	body := m.bodyHeight()
	if m.mode == modeServices {
		lines = append(lines, m.chooserView(body)...)
	} else {
		lines = append(lines, m.rowsView(c, body)...)
	}
	for len(lines) < m.height-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:m.height-1], m.statusLine())
	return strings.Join(lines, "\n")
}

// rowsView formats only the rows that fit in the body.
func (m Model) rowsView(c columns, body int) []string {
	p, n, lineAt := m.main, m.res.n(), m.res.line
	if m.fz.active {
		p, n, lineAt = m.fz.view, len(m.fz.hits), m.fuzzyLine
	}
	if n == 0 {
		msg := fmt.Sprintf("no lines match the filters (%s clears them)", m.keys.Clear.Help().Key)
		if m.res.total == 0 {
			msg = "this scenario has no log lines"
		}
		if m.fz.active {
			msg = "no fuzzy matches"
		}
		return []string{m.styles.Muted.Render(msg)}
	}
	out := make([]string, 0, body)
	for row := p.top; row < n && len(out) < body; row++ {
		var marks []span
		if m.fz.active {
			marks = fuzzySpans(m.fz.hits[row].matched)
		}
		out = append(out, m.formatRow(c, lineAt(row), row == p.cursor, marks)...)
	}
	if len(out) > body {
		out = out[:body]
	}
	return out
}

// formatRow renders one log line as one screen line, or several when
// wrapping: the message, then its attrs muted. Highlights (search or fuzzy
// matches) cover the whole row text, attrs included, as the searches do.
func (m Model) formatRow(c columns, i int, selected bool, marks []span) []string {
	// The row text is the message, then game.AttrText (attrs as k=v and
	// the trace id), so evidence hidden in fields (a pod, an attempt
	// count) shows; the store keeps it whole, and searches, highlights and
	// fuzzy find all work on this same text.
	logs := m.scenario.Logs
	st := m.styles
	at := logs.At(i)
	when := formatOffset(at.Sub(m.scenario.Start), true)
	if m.absolute {
		when = at.Format("15:04:05.000")
	}
	svc := ansi.Truncate(logs.Service(i), c.service, "…")
	level := logs.Level(i)
	lvl := level.String()
	full, msgLen := logs.RowString(i), len(logs.Msg(i))
	if marks == nil && m.res.f.search != "" {
		marks = searchSpans(full, m.res.f.search)
	}
	segs := splitWidth(full, c.msg, m.wrap)
	out := make([]string, 0, len(segs))
	for k, seg := range segs {
		text, more := full[seg.start:seg.end], ""
		if !m.wrap && seg.end < len(full) {
			more = "…"
		}
		if selected {
			prefix := fmt.Sprintf("%-*s %-*s %-*s ", c.time, when, c.level, lvl, c.service, svc)
			if k > 0 {
				prefix = strings.Repeat(" ", c.time+c.level+c.service+3)
			}
			out = append(out, st.Selected.Render(padRight(prefix+text+more, m.width)))
			continue
		}
		prefix := strings.Repeat(" ", c.time+c.level+c.service+3)
		if k == 0 {
			prefix = st.Muted.Render(padRight(when, c.time)) + " " +
				st.Levels[level].Render(padRight(lvl, c.level)) + " " +
				st.Accent.UnsetBold().Render(padRight(svc, c.service)) + " "
		}
		// where the attrs begin, within this segment's own bytes
		cut := min(max(msgLen-seg.start, 0), len(text))
		msgStyle := st.Levels[level]
		if level == game.LevelInfo || level == game.LevelDebug || level == game.LevelTrace {
			msgStyle = lipgloss.NewStyle() // only warnings and errors colour the message
		}
		out = append(out, prefix+highlight(text[:cut], seg.start, marks, msgStyle, st.Match)+
			highlight(text[cut:], seg.start+cut, marks, st.Muted, st.Match)+st.Muted.Render(more))
	}
	return out
}

// highlight styles the marked byte ranges of text, which starts at byte
// offset base of the full message.
func highlight(text string, base int, marks []span, plain, match lipgloss.Style) string {
	if text == "" {
		return ""
	}
	if len(marks) == 0 {
		return plain.Render(text)
	}
	var b strings.Builder
	at := 0
	for _, mk := range marks {
		s, e := mk.start-base, mk.end-base
		s, e = max(s, at), min(e, len(text))
		if s >= e {
			continue
		}
		b.WriteString(plain.Render(text[at:s]))
		b.WriteString(match.Render(text[s:e]))
		at = e
	}
	b.WriteString(plain.Render(text[at:]))
	return b.String()
}

// searchSpans finds every case-insensitive occurrence of query in msg.
// Only ASCII-safe lowering keeps byte offsets aligned; other text is
// compared with strings.EqualFold piecewise via ToLower when lengths agree.
func searchSpans(msg, query string) []span {
	lower, q := strings.ToLower(msg), strings.ToLower(query)
	if len(lower) != len(msg) || q == "" {
		return nil
	}
	var out []span
	for at := 0; ; {
		j := strings.Index(lower[at:], q)
		if j < 0 {
			return out
		}
		out = append(out, span{at + j, at + j + len(q)})
		at += j + len(q)
	}
}

// fuzzySpans turns matched byte offsets into one-rune spans.
func fuzzySpans(idx []int) []span {
	out := make([]span, len(idx))
	for i, b := range idx {
		out[i] = span{b, b + 1}
	}
	return out
}

// splitWidth cuts s into pieces at most w cells wide: every piece when
// wrapping (breaking after a space when there is one, else mid-word), else
// just the first, leaving a cell for the ellipsis if it was cut.
func splitWidth(s string, w int, wrap bool) []span {
	if w <= 0 {
		return []span{{0, 0}}
	}
	var out []span
	start, width := 0, 0
	lastBreak, widthAtBreak := -1, 0 // just after the last space of this piece
	for i, r := range s {
		rw := cellWidth(r)
		if width+rw > w {
			if !wrap {
				return []span{{start, backOff(s, start, i, width, w-1)}}
			}
			if lastBreak > start {
				out = append(out, span{start, lastBreak})
				start, width = lastBreak, width-widthAtBreak
			} else {
				out = append(out, span{start, i})
				start, width = i, 0
			}
			lastBreak = -1
		}
		width += rw
		if r == ' ' {
			lastBreak, widthAtBreak = i+1, width
		}
	}
	return append(out, span{start, len(s)})
}

// backOff shortens s[start:end] (width cells) until it fits in w cells.
func backOff(s string, start, end, width, w int) int {
	for end > start && width > w {
		r, size := utf8.DecodeLastRuneInString(s[start:end])
		end -= size
		width -= cellWidth(r)
	}
	return end
}

func cellWidth(r rune) int {
	if r < utf8.RuneSelf {
		return 1
	}
	return ansi.StringWidth(string(r))
}

func padRight(s string, w int) string {
	if d := w - ansi.StringWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return ansi.Truncate(s, w, "")
}

// rowHeight is how many screen lines a row takes (1 unless wrapping).
func (m Model) rowHeight(line int, c columns) int {
	if !m.wrap {
		return 1
	}
	return len(splitWidth(m.scenario.Logs.RowString(line), c.msg, true))
}

// follow clamps the cursor into [0, n) and moves top just enough to keep
// the cursor on screen, so resizes and filters never lose the place.
func (m Model) follow(p pager, n int, lineAt func(int) int) pager {
	p.cursor = min(max(p.cursor, 0), max(n-1, 0))
	body := m.bodyHeight()
	if p.cursor < p.top {
		p.top = p.cursor
	}
	p.top = max(p.top, p.cursor-body+1)
	if m.wrap && n > 0 {
		c := m.columns()
		for p.top < p.cursor {
			used := 0
			for r := p.top; r <= p.cursor; r++ {
				used += m.rowHeight(lineAt(r), c)
			}
			if used <= body {
				break
			}
			p.top++
		}
	}
	p.top = min(max(p.top, 0), max(n-1, 0))
	return p
}

// statusLine is the pane's last row: the input while typing, else the
// active filters and the match count.
func (m Model) statusLine() string {
	st := m.styles
	if m.mode == modeSearch || m.mode == modeFuzzy || m.mode == modeJump {
		s := m.input.View()
		if m.inputErr != "" {
			s += "  " + st.Err.Render(m.inputErr)
		}
		return ansi.Truncate(s, m.width, "…")
	}
	var parts []string
	if m.res.f.minLevel == game.LevelTrace {
		// the level floor is always said, in the notation describe uses
		// once it is raised ("WARN+"): at the lowest, nothing is hidden
		parts = append(parts, game.LevelTrace.String()+"+")
	}
	// the status describes the rows on screen; a running request says so
	if d := m.res.f.describe(m.scenario.Start); d != "" {
		parts = append(parts, d)
	}
	if m.res.f.search != "" {
		parts = append(parts, m.hitText())
	}
	parts = append(parts, countText(m.res.n(), m.res.total))
	if m.wrap {
		parts = append(parts, "wrap")
	}
	if m.pending {
		parts = append(parts, "filtering…")
	}
	return st.Status.Render(ansi.Truncate(strings.Join(parts, " · "), m.width, "…"))
}

// fuzzyCount is how many lines the fuzzy query matched, and how many of
// the best of them are listed when the list is capped.
func (m Model) fuzzyCount() string {
	more := ""
	if m.fz.partial {
		more = " so far"
	}
	if len(m.fz.hits) < m.fz.matches {
		return fmt.Sprintf("best %s of %s matches%s", thousands(len(m.fz.hits)), thousands(m.fz.matches), more)
	}
	if m.fz.matches == 1 {
		return "1 match" + more
	}
	return thousands(m.fz.matches) + " matches" + more
}

// hitText is the search's place, as lnav and less show it: "hit 2/300"
// when the cursor is on a hit, else how many there are.
func (m Model) hitText() string {
	hits := m.res.hits
	text := thousands(len(hits)) + " hits"
	if len(hits) == 1 {
		text = "1 hit"
	}
	if line := m.CursorLine(); line >= 0 && !m.fz.active {
		if i, ok := slices.BinarySearch(hits, int32(line)); ok {
			text = fmt.Sprintf("hit %s/%s", thousands(i+1), thousands(len(hits)))
		}
	}
	if h := m.res.hidden; h > 0 {
		// the search found lines the level, service or time filters hide
		text += fmt.Sprintf(" (+%s hidden by filters, %s clears)", thousands(h), m.keys.Clear.Help().Key)
	}
	return text
}

// chooserView draws the service multi-select in the body area.
func (m Model) chooserView(body int) []string {
	c := m.chooser
	st := m.styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Services"))
	room := max(1, body-4) // border, title and hint take four rows
	first := max(0, c.cursor-room+1)
	for i := first; i < len(c.names) && i < first+room; i++ {
		mark := "[ ]"
		if c.picked[c.names[i]] {
			mark = "[x]"
		}
		line := mark + " " + c.names[i]
		if i == c.cursor {
			line = st.Selected.Render(line)
		}
		b.WriteString("\n" + line)
	}
	k := m.keys.Chooser
	hint := ansi.Truncate(keyhelp.Text(k.Toggle, k.All, k.Apply, k.Cancel), max(m.width-4, 1), "…")
	b.WriteString("\n" + st.Muted.Render(hint))
	box := st.Border.Padding(0, 1).Render(b.String())
	return strings.Split(box, "\n")
}
