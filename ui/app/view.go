package app

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/internal/timefmt"
	"firedrill/ui/overlay"
	"firedrill/ui/shell"
	"firedrill/ui/submit"
	"firedrill/ui/tabs"
)

// View draws the current screen, the shell's dialogs on top.
func (m Model) View() tea.View { return shell.View(m.render(), "firedrill") }

// tooSmall reports a terminal below the minimum size, where the screen
// shows only a notice.
func (m Model) tooSmall() bool { return m.shell.TooSmall() }

// render is the screen as a string (the golden tests compare it).
func (m Model) render() string { return m.shell.Render(m.screenView) }

// screenView is the current screen, exactly the window's size.
func (m Model) screenView() string {
	var base string
	switch m.screen {
	case screenPicker:
		base = m.picker.View()
	case screenBriefing:
		base = m.briefingView()
	case screenInvestigation, screenReview:
		base = m.investigationView()
	case screenDebrief:
		base = m.debriefView()
	case screenLeaderboard:
		base = m.end.board.view()
	case screenRecorded:
		base = lipgloss.Place(m.shell.Width, m.shell.Height, lipgloss.Center, lipgloss.Center,
			lipgloss.NewStyle().Width(min(m.shell.Width-4, 80)).Render(m.recordedView()))
	}
	return fit(base, m.shell.Width, m.shell.Height)
}

// briefingView is the briefing under its notices (the pack's warning, a
// resume offer, a damaged session file).
func (m Model) briefingView() string {
	notices := m.briefingNotices()
	if len(notices) == 0 {
		return m.briefing.View()
	}
	return strings.Join(notices, "\n") + "\n" + m.briefing.View()
}

func (m Model) briefingNotices() []string {
	st := m.shell.Styles
	var out []string
	add := func(style lipgloss.Style, text string) {
		// wrapped, not cut: a damaged file's path and cause are the point
		out = append(out, strings.Split(style.Render(ansi.Wrap(text, max(1, m.shell.Width), " ")), "\n")...)
	}
	// (interview results never go to the leaderboard: no need to say so)
	if w := m.packStatus().Warning(); w != "" && !m.leaderboardOK() && m.opts.Mode != game.ModeInterview {
		add(st.Warn, "⚠ "+w)
	}
	if m.status != "" && m.screen == screenBriefing {
		add(st.Err, m.status)
	}
	if m.resume.notice != "" {
		style := st.Warn
		if m.resume.isErr {
			style = st.Err
		}
		add(style, m.resume.notice)
	}
	if m.resume.found != nil {
		add(st.Accent, m.resumeOffer())
	}
	return out
}

// investigationView is the header, the tabs, the focused pane (the
// submit screen is a dialog drawn over it) and the status bar.
func (m Model) investigationView() string {
	body := fit(m.panes.View(m.focus), m.shell.Width, m.shell.Height-3)
	return strings.Join([]string{m.header(), m.tabBar(), body, m.statusBar()}, "\n")
}

// headerTitleMin is the cells of the title the header keeps before it
// shortens its counters.
const headerTitleMin = 16

// header: title and mode on the left; clock, hints, notes and the shared
// cursor on the right. The title gives way first when space is short.
func (m Model) header() string {
	st := m.shell.Styles
	s := m.scenario
	hints := fmt.Sprintf("hints %d/%d", m.sess.Hints, len(s.Hints))
	if !m.hintsAllowed() {
		hints = "no hints"
	}
	hyps, pins := m.notes()
	notes := fmt.Sprintf("hyp %d · pins %d", hyps, pins)
	cursor := fmt.Sprintf("⌖ %s %s", timefmt.Offset(m.cursor.Sub(s.Start)), m.cursor.Format("15:04:05"))
	sep := st.Muted.Render(" · ")
	right := strings.Join([]string{m.countdown(), st.Muted.Render(hints), st.Muted.Render(notes),
		st.Accent.Render(cursor)}, sep)
	// the mode (" · practice") and the gaps take about a dozen cells
	if titleRoom := m.shell.Width - ansi.StringWidth(right) - 13; titleRoom < min(ansi.StringWidth(s.Title), headerTitleMin) {
		// narrow terminal: keep every item, in short form, so the title
		// stays readable
		cursor = "⌖ " + timefmt.Offset(m.cursor.Sub(s.Start))
		right = strings.Join([]string{m.countdown(), st.Muted.Render(strings.TrimPrefix(hints, "hints ") + " hints"),
			st.Muted.Render(fmt.Sprintf("%d hyp %d pins", hyps, pins)), st.Accent.Render(cursor)}, " ")
	}
	mode := st.Muted.Render(" · " + string(m.opts.Mode))
	switch {
	case m.screen == screenReview:
		mode += st.Muted.Render(" · review")
	case m.packStatus().Tampered() && m.shell.Width-ansi.StringWidth(right)-ansi.StringWidth(mode) > 40:
		mode += st.Warn.Render(" · ⚠ unverified pack")
	case m.packStatus().Tampered():
		mode += st.Warn.Render(" ⚠") // narrow: the briefing said it in full
	}
	room := m.shell.Width - ansi.StringWidth(right) - ansi.StringWidth(mode) - 1
	left := st.Title.Render(ansi.Truncate(s.Title, max(room, 1), "…")) + mode
	gap := max(1, m.shell.Width-ansi.StringWidth(left)-ansi.StringWidth(right))
	return ansi.Truncate(left+strings.Repeat(" ", gap)+right, m.shell.Width, "")
}

// notes is the notebook's counts in the header: hypotheses, and the pins
// they hold (the Notebook tab's own header counts the same).
func (m Model) notes() (hyps, pins int) {
	nb := m.panes.Notebook().Notebook()
	for _, h := range nb.Hypotheses {
		pins += len(h.Evidence)
	}
	return len(nb.Hypotheses), pins
}

// tabLabel is the text of tab f, e.g. "1 Logs".
func tabLabel(f tabs.Tab) string { return fmt.Sprintf("%d %s", f+1, f) }

// tabPadding is the cells on each side of a tab label: one, unless the
// terminal is too narrow for all six labels padded.
func tabPadding(width int) int {
	total := 0
	for f := range tabs.Count {
		total += ansi.StringWidth(tabLabel(f)) + 2
	}
	if total <= width {
		return 1
	}
	return 0
}

// tabBounds is where each tab label sits on the tab row; tabBar draws with
// the same widths, so clicks land on what the player sees.
func tabBounds(width int) [tabs.Count][2]int {
	var out [tabs.Count][2]int
	pad := tabPadding(width)
	x := 0
	for f := range tabs.Count {
		w := ansi.StringWidth(tabLabel(f)) + 2*pad
		out[f] = [2]int{x, x + w}
		x += w + 1 - pad // unpadded labels get a one-cell gap instead
	}
	return out
}

func (m Model) tabBar() string {
	pad := tabPadding(m.shell.Width)
	var parts []string
	for f := range tabs.Count {
		st := m.shell.Styles.Tab
		if f == m.focus {
			st = m.shell.Styles.TabActive
		}
		parts = append(parts, st.Padding(0, pad).Render(tabLabel(f)))
	}
	return ansi.Truncate(strings.Join(parts, strings.Repeat(" ", 1-pad)), m.shell.Width, "")
}

// statusBar shows the last status message until the next key, else the
// focused pane's main keys and the global ones, generated from the KeyMaps.
func (m Model) statusBar() string {
	if m.status != "" {
		return m.shell.Styles.Status.Render(ansi.Truncate(m.status, m.shell.Width, "…"))
	}
	if _, ok := overlay.Find[submit.Model](m.shell.Overlays); ok {
		return "" // the submit screen shows its own keys
	}
	// help first: it is the one key a newcomer needs, and the line is cut
	// on the right when narrow
	bindings := append([]key.Binding{m.keys.Help}, m.panes.KeyMaps()[m.focus].ShortHelp()...)
	bindings = append(bindings, m.keys.Tabs, m.keys.Pin)
	if m.hintsAllowed() && m.screen != screenReview && !m.claimed(m.keys.Hint) {
		bindings = append(bindings, m.keys.Hint)
	}
	bindings = append(bindings, m.keys.Submit, m.keys.Quit)
	return keyhelp.Line(m.shell.Styles, m.shell.Width, bindings)
}

// claimed reports whether the focused pane takes every key of global
// binding b for itself (pane.Claimer: h on the Metrics grid), so the key
// line does not offer what the key will not do there.
func (m Model) claimed(b key.Binding) bool {
	for _, k := range b.Keys() {
		r := []rune(k)
		if len(r) != 1 || !m.panes.Claims(m.focus, tea.KeyPressMsg{Code: r[0], Text: k}) {
			return false
		}
	}
	return len(b.Keys()) > 0
}

// fit pads or cuts s to exactly w×h cells so panes can never push the
// layout around.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
