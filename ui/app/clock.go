package app

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"firedrill/ui/internal/timefmt"
	"firedrill/ui/overlay"
	"firedrill/ui/submit"
)

// tickMsg wakes the root once a second to redraw the countdown.
type tickMsg struct{}

func tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} })
}

// onTick reads the clock (never counts ticks: a late tick must not stretch
// the time limit) and ends the investigation at the deadline.
func (m Model) onTick() (tea.Model, tea.Cmd) {
	if m.screen != screenInvestigation || m.sess == nil || m.sess.Stopped {
		return m, nil // the clock stopped: no more ticks
	}
	m.clock = m.now()
	if m.sess.Expired(m.clock) {
		return m.timeUp()
	}
	overlay.Each(&m.shell.Overlays, m.submitClock)
	return m, tick()
}

// submitClock gives the submit screen the clock the status bar shows: the
// time left, or in an untimed game the time used.
func (m Model) submitClock(s submit.Model) submit.Model {
	if m.untimed() {
		return s.SetTimeUsed(m.sess.TimeUsed(m.clock))
	}
	return s.SetTimeLeft(m.remaining())
}

func (m Model) untimed() bool { return m.opts.Untimed && m.opts.Mode.AllowsUntimed() }

// remaining is the time left on the clock, never negative.
func (m Model) remaining() time.Duration {
	if m.sess == nil {
		return 0
	}
	return max(0, m.sess.Remaining(m.clock))
}

// countdown renders the time left as mm:ss in the colour of its urgency:
// amber at 25 % left, red at 10 %. Untimed play shows the time used.
func (m Model) countdown() string {
	if m.untimed() {
		return m.shell.Styles.Muted.Render("⏱ " + timefmt.Countdown(m.sess.TimeUsed(m.clock)) + " untimed")
	}
	st := map[string]lipgloss.Style{"normal": m.shell.Styles.CountdownN, "amber": m.shell.Styles.CountdownA,
		"red": m.shell.Styles.CountdownR}[m.urgency()]
	return st.Render("⏱ " + timefmt.Countdown(m.remaining()))
}

// urgency names the countdown's colour: normal, amber or red.
func (m Model) urgency() string {
	left, limit := m.remaining(), m.scenario.TimeLimit
	switch {
	case limit > 0 && left*10 <= limit:
		return "red"
	case limit > 0 && left*4 <= limit:
		return "amber"
	}
	return "normal"
}
