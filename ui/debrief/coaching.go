package debrief

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/internal/timefmt"
)

// tabOrder is the order the investigation's tabs appear in; coaching lists
// tab times the same way, then any other names alphabetically.
var tabOrder = []string{"logs", "metrics", "traces", "events", "services", "notebook"}

// labelWidth is the column coaching's labels take ("First right hypothesis" and a gap).
const labelWidth = 24

// pinLessons is the one-line lesson for each role the first pin can have.
var pinLessons = map[string]string{
	grade.RoleCause:     "You went straight to the cause's own signal: trust the first thing that moved.",
	grade.RoleSymptom:   "That was a symptom downstream of the cause. Ask what moved first, and walk the chain upstream.",
	grade.RoleUnrelated: "That signal had nothing to do with the incident. Check a signal's timing against the onset before you chase it.",
}

// coaching is what the action log says about how the player investigated.
func (m Model) coaching(d *doc) {
	st := m.styles
	c := m.data.Coaching
	d.section("Coaching", st.Title.Render)
	label := func(s string) string { return "  " + st.Bold.Render(fmt.Sprintf("%-*s", labelWidth, s)) }

	for i, line := range m.data.Proof.Missing {
		lead := label("Proof")
		if i > 0 {
			lead = label("")
		}
		style := st.Warn.Render
		if m.data.Proof.Verdict == grade.VerdictProven && i == 0 {
			style = st.OK.Render
		}
		d.wrap(lead, line, style)
	}

	switch {
	case c.RightAtSubmit:
		d.wrap(label("First right hypothesis"), "only in your justification, at the submit ("+timefmt.Span(c.FirstRightHypothesis)+
			") — write a hypothesis down as soon as you suspect it, then look for what proves it", st.Warn.Render)
	case c.FoundRightHypothesis:
		d.wrap(label("First right hypothesis"), timefmt.Span(c.FirstRightHypothesis)+" into the session", st.Base.Render)
	case m.data.Correct:
		// the pick named the cause, so "never" would be false: no note or
		// justification did (an untitled hypothesis, made by a pin, says
		// nothing)
		d.wrap(label("First right hypothesis"), "only in your pick — no hypothesis you wrote named the cause's service or mechanism;"+
			" write your suspicion down as soon as you have it, then look for what proves it", st.Warn.Render)
	default:
		d.wrap(label("First right hypothesis"), "never — no hypothesis named the cause's service or mechanism", st.Warn.Render)
	}

	if len(c.RedHerrings) == 0 {
		d.wrap(label("Red herrings visited"), "none — the decoys did not pull you in", st.OK.Render)
	} else {
		for i, rh := range c.RedHerrings {
			lead := label("Red herrings visited")
			if i > 0 {
				lead = label("")
			}
			d.wrap(lead, fmt.Sprintf("%s — %s, %s", rh.ID, plural(rh.Visits, "visit", "visits"), timefmt.Span(rh.Time)), st.Warn.Render)
		}
	}

	m.tabBars(d, label)
	m.firstPin(d, label)
}

// tabBars draws time per tab as small bars scaled to the longest.
func (m Model) tabBars(d *doc, label func(string) string) {
	st := m.styles
	tabs := sortedTabs(m.data.Coaching.TabTime)
	if len(tabs) == 0 {
		d.wrap(label("Time per tab"), "no tab time recorded", st.Muted.Render)
		return
	}
	d.add(label("Time per tab"))
	var longest time.Duration
	nameW := 0
	for _, t := range tabs {
		longest = max(longest, m.data.Coaching.TabTime[t])
		nameW = max(nameW, ansi.StringWidth(t))
	}
	barW := max(4, min(30, d.width-nameW-16))
	for _, t := range tabs {
		spent := m.data.Coaching.TabTime[t]
		filled := 0
		if longest > 0 {
			filled = int((int64(spent)*int64(barW) + int64(longest)/2) / int64(longest))
		}
		if spent > 0 {
			filled = max(1, filled)
		}
		name := game.SanitizeLine(t)
		d.add(fmt.Sprintf("    %s%s %s %s", name, strings.Repeat(" ", nameW-ansi.StringWidth(name)),
			st.Accent.Render(strings.Repeat("█", filled))+st.Muted.Render(strings.Repeat("░", barW-filled)),
			padLeft(timefmt.Span(spent), 6)))
	}
}

// firstPin names the first evidence pinned and what it turned out to be.
func (m Model) firstPin(d *doc, label func(string) string) {
	st := m.styles
	c := m.data.Coaching
	if c.FirstPin == nil {
		d.wrap(label("First pinned anomaly"), "none — pinning (m) what you see keeps your reasoning honest", st.Muted.Render)
		return
	}
	p := c.FirstPin
	what := p.Label
	if what == "" {
		what = p.Ref
	}
	role := c.FirstPinRole
	if role == "" {
		role = grade.RoleUnrelated
	}
	style := st.Warn.Render
	if role == grade.RoleCause {
		style = st.OK.Render
	}
	d.wrap(label("First pinned anomaly"), fmt.Sprintf("%s %s — the %s", p.Kind,
		withTime(game.SanitizeLine(what), timefmt.Offset(p.At.Sub(m.scenario.Start))), roleName(role)), style)
	lesson, ok := pinLessons[role]
	if role == grade.RoleSymptom && len(c.FirstPinSteps) > 0 {
		// a credited pin of a later step: good evidence, only not the start
		ok, lesson = true, fmt.Sprintf("It shows step %s of the chain: good evidence of what the cause led to. Then ask what moved first, and walk the chain upstream to the trigger.",
			joinSteps(c.FirstPinSteps))
	}
	if ok {
		d.wrap("  "+strings.Repeat(" ", labelWidth), lesson, st.Base.Render)
	}
}

// joinSteps is "2" or "2 and 3" or "2, 3 and 4".
func joinSteps(steps []int) string {
	parts := make([]string, len(steps))
	for i, n := range steps {
		parts[i] = fmt.Sprint(n)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func roleName(role string) string {
	if role == grade.RoleUnrelated {
		return "unrelated signal"
	}
	return role
}

// sortedTabs orders tab names as the tabs appear, unknown names last.
func sortedTabs(times map[string]time.Duration) []string {
	rank := func(name string) int {
		for i, t := range tabOrder {
			if strings.EqualFold(t, name) {
				return i
			}
		}
		return len(tabOrder)
	}
	names := make([]string, 0, len(times))
	for n := range times {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		ri, rj := rank(names[i]), rank(names[j])
		if ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	return names
}
