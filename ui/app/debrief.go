package app

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/team"
	"firedrill/ui/debrief"
	"firedrill/ui/internal/keyhelp"
)

// The debrief screen (ui/debrief) follows the graded submit. From it: l
// opens the leaderboard, p/esc goes back to the picker, enter on an
// evidence line opens the investigation read-only on that signal (the
// review; esc comes back).

// debriefNotice is the line above the debrief: what happened to the result.
func (m Model) debriefNotice() string {
	st := m.shell.Styles
	g := m.end.graded
	switch {
	case g == nil:
		return ""
	case g.boardErr != nil:
		return st.Err.Render("could not record the result: " + g.boardErr.Error())
	case g.recorded && g.result.Daily != "":
		// the daily drill's line to paste in a chat: plain text, never cut
		share := team.ShareLine(g.result)
		if lipgloss.Width("✓ recorded · share: "+share) <= m.shell.Width {
			return st.OK.Render("✓ recorded") + st.Muted.Render(" · share: ") + share
		}
		return share
	case g.recorded:
		return st.OK.Render("✓ recorded on the leaderboard") +
			st.Muted.Render(" · "+debrief.DefaultKeyMap().Leaderboard.Help().Key+" to see it")
	case m.opts.DataDir == "":
		return st.Muted.Render("not recorded (no data dir)")
	}
	if w := m.packStatus().Warning(); w != "" && m.packStatus().Sealed {
		return st.Warn.Render("not recorded: " + w)
	}
	return st.Muted.Render("not recorded: a source pack's answers are plain text (only signed packs count)")
}

func (m Model) debriefView() string {
	if m.end.err != nil {
		return m.ungradedView()
	}
	return m.debriefNotice() + "\n" + m.end.debrief.View()
}

// ungradedView replaces the debrief when grading failed (a pack with no
// answer key, a damaged key): the pick, the reason, and no verdict.
func (m Model) ungradedView() string {
	st := m.shell.Styles
	pick := m.sess.Pick
	if c, ok := m.scenario.Choice(pick); ok {
		pick = c.Text
	}
	text := st.Bold.Render("Your pick: ") + pick + "\n\n" +
		st.Err.Render("Not graded: "+m.end.err.Error()) + "\n\n" +
		st.Muted.Render(keyhelp.Text(ungradedKeys.Back, ungradedKeys.Quit))
	box := lipgloss.NewStyle().Width(min(m.shell.Width-4, 80)).Render(text)
	return lipgloss.Place(m.shell.Width, m.shell.Height, lipgloss.Center, lipgloss.Center, box)
}

// ungradedKeys are the debrief's keys that work without a grade.
var ungradedKeys = func() debrief.KeyMap {
	k := debrief.DefaultKeyMap()
	k.Back.SetHelp(k.Back.Help().Key, "back to the list")
	return k
}()

// onDebriefKey routes a key on the debrief screen; without a grade only
// p/esc (the list) and q work.
func (m Model) onDebriefKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.end.err != nil {
		switch {
		case key.Matches(msg, ungradedKeys.Quit):
			return m, tea.Quit
		case key.Matches(msg, ungradedKeys.Back):
			return m.backToPicker()
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.end.debrief, cmd = m.end.debrief.Update(msg)
	return m, cmd
}

// review opens the finished investigation on a piece of evidence: the
// clock stays stopped and nothing is recorded; esc returns to the debrief.
func (m Model) openReview(p game.Pin) Model {
	m.screen = screenReview
	m.shell.Overlays.Clear()
	if f, ok := m.panes.Reveal(p); ok {
		m.focus = f
	}
	m.status = "reviewing: " + keyhelp.Text(m.keys.Back)
	return m.layout()
}

// backToPicker leaves the finished game for the scenario list, with the
// best times read again (in a command: it is I/O).
func (m Model) backToPicker() (Model, tea.Cmd) {
	m.screen = screenPicker
	dir := m.opts.DataDir
	if dir == "" {
		return m.layout(), nil
	}
	return m.layout(), func() tea.Msg {
		rows, _, err := grade.ReadLeaderboard(dir)
		if err != nil {
			return bestTimesMsg{}
		}
		return bestTimesMsg{grade.BestTimes(rows)}
	}
}

// bestTimesMsg refreshes the picker's records.
type bestTimesMsg struct {
	best map[grade.ScenarioRef]grade.Best
}

func (m Model) onBestTimes(msg bestTimesMsg) Model {
	if msg.best != nil {
		m.opts.Best = msg.best
		m.picker = m.picker.SetBest(msg.best)
	}
	return m
}

// recordedView is interview mode's last screen: where the result is, and
// nothing about the answer.
func (m Model) recordedView() string {
	st := m.shell.Styles
	var b strings.Builder
	switch {
	case m.end.err != nil:
		b.WriteString(st.Err.Render("Could not write the result file: "+m.end.err.Error()) + "\n\n")
		b.WriteString(st.Muted.Render("Your session is saved; tell your interviewer. " + m.keys.Quit.Help().Key + " to quit."))
	case m.end.result == "":
		b.WriteString(st.Muted.Render("Writing your result…"))
	default:
		b.WriteString(st.Bold.Render("Your answer is recorded.") + "\n\n")
		b.WriteString("Send " + st.Accent.Render(m.end.result) + " to your interviewer.\n\n")
		b.WriteString(st.Muted.Render(m.keys.Quit.Help().Key + " to quit"))
	}
	return b.String()
}
