package debrief

import (
	"fmt"
	"strings"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/internal/timefmt"
)

// The proof in the debrief: per chain step, the attached pin that showed
// it or "not shown" with what would have (both a jump, like the evidence
// lines), then every attached pin and what it proved.

// proofJumps is one jump per chain step whose proof can be shown: the pin
// that showed it, else the first signal its proof items select.
func proofJumps(s *game.Scenario, p grade.ProofReport) []jumpItem {
	if !p.Checked {
		return nil
	}
	var out []jumpItem
	for _, st := range p.Steps {
		if st.ShownBy != nil {
			out = append(out, jumpItem{step: st.Step, shown: true, pin: *st.ShownBy, jumpable: true,
				text: "shown by your pin: " + pinText(s, *st.ShownBy)})
			continue
		}
		for k, it := range st.Items {
			if pin, ok := it.FirstMatch(s); ok {
				out = append(out, jumpItem{step: st.Step, pin: pin, jumpable: true,
					text: "not shown — " + st.WouldShow[k] + " would have"})
				break
			}
		}
	}
	return out
}

// pinText is a pin in one line: its label, at its time on the incident
// clock.
func pinText(s *game.Scenario, p game.Pin) string {
	what := game.SanitizeLine(p.Label)
	if what == "" {
		return game.SanitizeLine(p.Summary(s.Start))
	}
	return string(p.Kind) + " " + withTime(what, timefmt.Offset(p.At.Sub(s.Start)))
}

// withTime is a pin's label with its time, unless the label says it
// already (a metric's label names its cursor).
func withTime(label, at string) string {
	if strings.Contains(label, at) {
		return label
	}
	return label + " at " + at
}

// verdict is the banner's text and whether it reads as good news, from the
// proof report (or, for a result graded without one, the pick alone).
func (m Model) verdict() grade.Verdict {
	switch v := m.data.Proof.Verdict; {
	case v != "":
		return v
	case m.data.Correct:
		return grade.VerdictRight
	}
	return grade.VerdictWrong
}

// bannerText is the verdict line's words.
var bannerText = map[grade.Verdict]string{
	grade.VerdictProven:   " ✓ PROVEN — the right cause, and your evidence showed it ",
	grade.VerdictRight:    " ✓ CORRECT — you found the root cause ",
	grade.VerdictUnproven: " ◐ RIGHT BUT UNPROVEN — your evidence did not show it ",
	grade.VerdictWrong:    " ✗ WRONG — that was not the root cause ",
}

// stepProof draws the proof line under chain step n: the jump item for it
// (marked when selected), or why there is none.
func (m Model) stepProof(d *doc, n int, rows []int) {
	st := m.styles
	p := m.data.Proof
	if !p.Checked || n > len(p.Steps) {
		return
	}
	for i, it := range m.jumps {
		if it.step != n {
			continue
		}
		rows[i] = len(d.lines)
		mark, style := "✗ ", st.Warn.Render
		if it.shown {
			mark, style = "✓ ", st.OK.Render
		}
		prefix := "     "
		if i == m.sel {
			prefix, style = st.Accent.Render("   ▸ "), st.Selected.Render
		}
		d.wrap(prefix+style(mark), it.text, style)
		d.add("       " + st.Muted.Render(m.jumpTarget(it)))
		return
	}
	if len(p.Steps[n-1].Items) == 0 {
		d.add("     " + st.Muted.Render("· no proof named for this step"))
		return
	}
	d.add("     " + st.Warn.Render("✗ not shown"))
}

// attached lists the evidence attached at the submit and what each proved.
func (m Model) attached(d *doc) {
	st := m.styles
	p := m.data.Proof
	if !p.Checked {
		if m.data.Correct || len(p.Attached) > 0 {
			d.section("Your proof", st.Title.Render)
			d.wrap("  ", "This scenario's answer key names no proof, so the evidence you attached was not graded.", st.Muted.Render)
		}
		return
	}
	d.section("Evidence you attached", st.Title.Render)
	if len(p.Attached) == 0 {
		d.wrap("  ", "none — at the submit, attach (space) the pins that show the trigger and what it led to", st.Warn.Render)
		return
	}
	for _, a := range p.Attached {
		what := pinText(m.scenario, a.Pin)
		if !a.Stray() {
			steps := make([]string, len(a.Steps))
			for i, s := range a.Steps {
				steps[i] = fmt.Sprint(s)
			}
			d.wrap(st.OK.Render("  ✓ "), what+" — showed step "+strings.Join(steps, ", "), st.Base.Render)
			continue
		}
		why := fmt.Sprintf(" — proved no step (−%d)", grade.StrayPinCost)
		if a.RedHerring != "" {
			why += ": it belongs to the red herring " + game.SanitizeLine(a.RedHerring)
		}
		d.wrap(st.Warn.Render("  ✗ "), what+why, st.Base.Render)
	}
}
