package debrief

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/internal/timefmt"
)

// content lays out every section at the screen's width, and the row of
// each evidence line. The debrief is a few dozen lines, so all of it is
// formatted and the viewport shows the window.
func (m Model) content() ([]string, []int) {
	d := &doc{width: m.width}
	m.banner(d)
	m.scoreTable(d)
	m.picks(d)
	if a := m.data.Answer; a != nil {
		rows := make([]int, len(m.jumps))
		m.chain(d, a, rows)
		m.attached(d)
		m.evidenceList(d, rows)
		m.redHerrings(d, a)
		if strings.TrimSpace(a.Debrief) != "" {
			d.section("Debrief", m.styles.Title.Render)
			for _, para := range paragraphs(a.Debrief) {
				d.wrap("  ", para, m.styles.Base.Render)
			}
		}
		m.coaching(d)
		return d.lines, rows
	}
	d.section("The answer", m.styles.Title.Render)
	d.wrap("  ", "This pack carries no answer key: your result is graded by whoever holds it.", m.styles.Muted.Render)
	m.coaching(d)
	return d.lines, nil
}

func (m Model) banner(d *doc) {
	st := m.styles
	v := m.verdict()
	text := bannerText[v]
	style := st.OK.Bold(true).Reverse(true)
	switch v {
	case grade.VerdictWrong:
		style = st.Err.Reverse(true)
	case grade.VerdictUnproven:
		style = st.Warn.Reverse(true)
	}
	points := fmt.Sprintf("  %d points", m.data.Score.Total)
	if ansi.StringWidth(text+points) > d.width {
		text, _, _ = strings.Cut(text, " — ") // the verdict alone on a narrow screen
		text += " "
	}
	d.add(style.Render(text) + st.Bold.Render(points))
	s := m.scenario
	used := "untimed, " + timefmt.Span(m.data.TimeUsed)
	if s.TimeLimit > 0 && !m.data.Untimed {
		used = fmt.Sprintf("time used %s of %s", timefmt.Span(m.data.TimeUsed), timefmt.Span(s.TimeLimit))
	}
	stars := strings.Repeat("★", s.Difficulty) + strings.Repeat("☆", max(0, 5-s.Difficulty))
	d.wrap("", fmt.Sprintf("%s · %s · %s · %s", s.Title, stars, used,
		plural(m.data.Hints, "hint", "hints")), st.Muted.Render)
}

// scoreTable shows every line of the score grade.ScoreResult computed (the
// base, the speed bonus, the hint and wrong-submit penalties), each with how
// it was reached, then the total: a player can check the sum by hand.
func (m Model) scoreTable(d *doc) {
	st := m.styles
	sc := m.data.Score
	d.section("Score", st.Title.Render)
	type row struct{ label, how, points string }
	base := row{"Base", "wrong pick: no points", "0"}
	speed := row{"Speed bonus", "—", "+0"}
	if sc.Correct || sc.Base > 0 {
		base = row{"Base", fmt.Sprintf("%d × %.2f (difficulty %d)", grade.BasePoints, sc.DifficultyFactor, m.scenario.Difficulty),
			fmt.Sprint(sc.Base)}
		speed.how = "untimed"
		if tl := m.scenario.TimeLimit; tl > 0 && !m.data.Untimed {
			speed.how = fmt.Sprintf("%d × %s left ÷ %s", sc.Base, timefmt.Span(tl-m.data.TimeUsed), timefmt.Span(tl))
		}
		speed.points = fmt.Sprintf("+%d", sc.SpeedBonus)
		if sc.SpeedForfeited > 0 {
			speed.how = fmt.Sprintf("forfeited: +%d with proof", sc.SpeedForfeited)
		}
	}
	rows := []row{base}
	for _, l := range grade.ProofScoreLines(sc) {
		if l.Label == "Unproven" {
			rows = append(rows, row{l.Label, "half the base", l.Points})
		}
	}
	rows = append(rows, speed,
		row{"Hints", fmt.Sprintf("%d × %d", m.data.Hints, grade.HintCost), fmt.Sprintf("−%d", sc.HintPenalty)})
	if sc.WrongPenalty > 0 { // no mode offers a retry today: the row would always read −0
		rows = append(rows, row{"Wrong submits", fmt.Sprintf("%d each", grade.WrongSubmitCost), fmt.Sprintf("−%d", sc.WrongPenalty)})
	}
	for _, l := range grade.ProofScoreLines(sc) {
		if l.Label != "Unproven" {
			rows = append(rows, row{l.Label, l.How, l.Points})
		}
	}
	labelW, howW, ptsW := 13, 0, 6
	for _, r := range rows {
		howW = max(howW, ansi.StringWidth(r.how))
	}
	howW = min(howW, max(0, m.width-2-labelW-ptsW-4))
	for _, r := range rows {
		how := ansi.Truncate(r.how, howW, "…")
		d.add(fmt.Sprintf("  %-*s  %s  %s", labelW, r.label,
			st.Muted.Render(how+strings.Repeat(" ", howW-ansi.StringWidth(how))), padLeft(r.points, ptsW)))
	}
	total := labelW + howW + ptsW + 4
	d.add("  " + st.Muted.Render(strings.Repeat("─", total)))
	d.add(fmt.Sprintf("  %-*s  %s  %s", labelW, "Total", strings.Repeat(" ", howW),
		st.Bold.Render(padLeft(fmt.Sprint(sc.Total), ptsW))))
}

// picks shows the player's choice, the right one when they differ, and
// why the pick was wrong.
func (m Model) picks(d *doc) {
	st := m.styles
	pick, _ := m.choice(m.data.Pick)
	d.section("Your pick", st.Title.Render)
	mark := st.OK.Render("  ✓")
	if !m.data.Correct {
		mark = st.Err.Render("  ✗")
	}
	d.width -= 3 // room for the mark after the last line
	d.wrap("  ", pick, st.Base.Render)
	d.width += 3
	d.lines[len(d.lines)-1] += mark
	a := m.data.Answer
	if a == nil || m.data.Correct {
		return
	}
	right, _ := m.choice(a.Choice)
	d.section("The root cause", st.Title.Render)
	d.wrap("  ", right, st.OK.Render)
	pickText := m.data.Pick
	if c, ok := m.scenario.Choice(m.data.Pick); ok {
		pickText = c.Text
	}
	d.section(fmt.Sprintf("Why “%s” is wrong", ansi.Truncate(pickText, max(10, m.width-16), "…")), st.Title.Render)
	why, ok := a.Wrong[m.data.Pick]
	if !ok || strings.TrimSpace(why) == "" {
		why = "The author left no note on this choice. Follow the causal chain below and see where it parts from your pick."
		d.wrap("  ", why, st.Muted.Render)
		return
	}
	d.wrap("  ", why, st.Base.Render)
}

// choice is a choice's numbered text, or its id if the scenario lacks it.
func (m Model) choice(id string) (string, bool) {
	for i, c := range m.scenario.Choices {
		if c.ID == id {
			return fmt.Sprintf("%d. %s", i+1, c.Text), true
		}
	}
	if id == "" {
		return "(no answer)", false
	}
	return game.SanitizeLine(id), false
}

// chain draws the causal chain as numbered steps joined by arrows, each
// with its proof: the pin that showed it, or what would have.
func (m Model) chain(d *doc, a *game.Answer, rows []int) {
	st := m.styles
	if len(a.Chain) == 0 {
		return
	}
	title := "Causal chain"
	if m.data.Proof.Checked {
		title = "Causal chain, and what proved each step"
	}
	d.section(title, st.Title.Render)
	if m.data.Proof.Checked {
		d.lines[len(d.lines)-1] += m.jumpKeys()
	}
	for i, step := range a.Chain {
		if i > 0 {
			d.add(st.Accent.Render("     ↓"))
		}
		d.wrap(fmt.Sprintf("  %d. ", i+1), step, st.Base.Render)
		m.stepProof(d, i+1, rows)
	}
}

// jumpKeys is the hint after a title whose lines can be jumped from.
func (m Model) jumpKeys() string {
	return m.styles.Muted.Render(fmt.Sprintf("  %s selects · %s jumps", m.keys.NextEvidence.Help().Key, m.keys.Jump.Help().Key))
}

// evidenceList shows the evidence with the selected line marked and
// where enter leads, recording each line's row.
func (m Model) evidenceList(d *doc, rows []int) {
	st := m.styles
	if len(m.jumps) == 0 || m.jumps[len(m.jumps)-1].step > 0 {
		return // no evidence lines (they come last)
	}
	d.section("Evidence", st.Title.Render)
	if !m.data.Proof.Checked {
		d.lines[len(d.lines)-1] += m.jumpKeys()
	}
	for i, ev := range m.jumps {
		if ev.step > 0 {
			continue
		}
		rows[i] = len(d.lines)
		prefix, style := "    ", st.Base.Render
		if i == m.sel {
			prefix, style = st.Accent.Render("  ▸ "), st.Selected.Render
		}
		d.wrap(prefix, ev.text, style)
		d.add("      " + st.Muted.Render(m.jumpTarget(ev)))
	}
}

// jumpTarget says in words where enter on a line leads.
func (m Model) jumpTarget(ev jumpItem) string {
	if !ev.jumpable {
		return "no direct jump"
	}
	p := ev.pin
	at := timefmt.Offset(p.At.Sub(m.scenario.Start))
	switch p.Kind {
	case game.PinMetric:
		return fmt.Sprintf("→ metric %s at %s", p.Ref, at)
	case game.PinEvent:
		return fmt.Sprintf("→ event %s at %s", p.Ref, at)
	case game.PinSpan:
		return fmt.Sprintf("→ trace %s", p.Ref)
	}
	if p.Service != "" {
		return fmt.Sprintf("→ %s logs at %s", p.Service, at)
	}
	return "→ logs at " + at
}

// redHerrings names each decoy and what it was in the scenario.
func (m Model) redHerrings(d *doc, a *game.Answer) {
	st := m.styles
	if len(a.RedHerrings) == 0 {
		return
	}
	d.section("Red herrings", st.Title.Render)
	for _, id := range a.RedHerrings {
		d.wrap("  • ", id+" — "+m.whatIs(id), st.Base.Render)
	}
}

// whatIs describes a red herring by the thing in the scenario it names.
func (m Model) whatIs(id string) string {
	s := m.scenario
	for _, e := range s.Events {
		if e.ID == id {
			return fmt.Sprintf("%s %s event at %s: %s", article(string(e.Kind)), e.Kind, timefmt.Offset(e.At.Sub(s.Start)), e.Text)
		}
	}
	if c, ok := s.Choice(id); ok {
		return "a tempting wrong answer: " + c.Text
	}
	if _, ok := s.Service(id); ok {
		return "a service that looked guilty but only suffered downstream"
	}
	for _, sr := range s.Metrics {
		if sr.Name == id {
			return fmt.Sprintf("a %s metric that moved without causing anything", sr.Service)
		}
	}
	return "a decoy planted by the author"
}

func padLeft(s string, w int) string {
	return strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) + s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// paragraphs reflows an author's text for the screen's width: authors wrap
// their YAML at their editor's width, and wrapping those lines again at
// the terminal's leaves ragged half-lines. Lines of one paragraph join with
// a space; a blank line (kept, as an empty paragraph) or a list item
// ("- ", "* ", "• ", "1. ") starts a new one.
func paragraphs(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flush()
			out = append(out, "")
		case isListItem(trimmed):
			flush()
			cur = append(cur, trimmed)
		default:
			cur = append(cur, trimmed)
		}
	}
	flush()
	return out
}

func isListItem(line string) bool {
	for _, p := range []string{"- ", "* ", "• "} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && strings.HasPrefix(line[i:], ". ")
}

// article is "an" before a vowel sound as event kinds begin (alert,
// incident, …), else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}
