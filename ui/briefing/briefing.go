// Package briefing is the screen between the picker and the investigation:
// the page that woke the player, the system, the clock and the rules.
package briefing

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/internal/count"
	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/picker"
	"firedrill/ui/styles"
)

// Start is sent when the player presses enter: the clock starts now.
type Start struct{}

// Back is sent on esc when the briefing was opened from the picker.
type Back struct{}

// Model is the briefing screen.
type Model struct {
	scenario *game.Scenario
	mode     string
	untimed  bool
	canBack  bool
	keys     KeyMap
	styles   *styles.Styles
	vp       viewport.Model
	width    int
	height   int
}

// New builds the briefing. canBack says esc returns to the picker.
func New(s *game.Scenario, mode string, untimed, canBack bool, st *styles.Styles) Model {
	return Model{scenario: s, mode: mode, untimed: untimed, canBack: canBack, keys: DefaultKeyMap(), styles: st,
		vp: viewport.New()}
}

// SetSize gives the briefing the whole screen.
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.vp.SetWidth(w)
	m.vp.SetHeight(max(1, h-1))
	m.vp.SetContent(m.content())
	return m
}

// SetStyles follows the theme.
func (m Model) SetStyles(st *styles.Styles) Model {
	m.styles = st
	return m.SetSize(m.width, m.height)
}

// Update: enter starts, esc goes back, the rest scrolls.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Start):
			return m, func() tea.Msg { return Start{} }
		case key.Matches(k, m.keys.Back):
			if m.canBack {
				return m, func() tea.Msg { return Back{} }
			}
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return m, cmd
}

// View renders the scrollable briefing and a key line.
func (m Model) View() string {
	keys := m.keys
	keys.Back.SetEnabled(m.canBack) // no list to go back to
	return m.vp.View() + "\n" + m.styles.Muted.Render(keyhelp.Text(keys.ShortHelp()...))
}

// content is the briefing text laid out for the current width.
func (m Model) content() string {
	s, st := m.scenario, m.styles
	w := max(20, min(m.width, 100)-4)
	wrap := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	b.WriteString(st.Title.Render(s.Title) + "\n")
	b.WriteString(st.Muted.Render(fmt.Sprintf("%s · difficulty %d", picker.Stars(s.Difficulty), s.Difficulty)) + "\n\n")

	b.WriteString(st.Bold.Render("The page") + "\n")
	page := st.Border.Padding(0, 1).Width(w).Render(strings.TrimRight(s.Briefing, "\n"))
	b.WriteString(page + "\n\n")

	limit := picker.FormatLimit(s.TimeLimit)
	if m.untimed {
		limit += " (untimed: the clock is shown but never ends the game)"
	}
	field := func(name, value string) {
		// the value wraps as a block so its continuation lines stay indented
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, st.Bold.Render(fmt.Sprintf("%-10s ", name)),
			wrap.Width(w-11).Render(value)) + "\n")
	}
	field("Mode", m.mode)
	field("Time", limit)
	field("Services", serviceList(s))
	lines := thousands(s.Logs.Len()) + " log lines"
	if s.Logs.Len() == 1 {
		lines = "1 log line"
	}
	field("Signals", strings.Join([]string{lines, count.Of(len(s.Metrics), "metric", "metrics"),
		count.Of(len(s.Traces), "trace", "traces"), count.Of(len(s.Events), "event", "events")}, " · "))
	b.WriteString("\n" + st.Bold.Render("What is graded") + "\n")
	b.WriteString(wrap.Render(gradedText(game.Mode(m.mode), len(s.Choices))) + "\n")
	return b.String()
}

// gradedText says what the mode grades; hints are promised only where
// the mode has them.
func gradedText(mode game.Mode, choices int) string {
	pick := fmt.Sprintf("Name the root cause and prove it: pick one of %d choices when you submit (S), then "+
		"attach up to %d of the signals you pinned (m) as proof. ", choices, game.MaxAttached)
	if mode == game.ModeInterview {
		return pick + "Nothing is graded here: your pick, justification, attached evidence, notebook and the " +
			"actions you take are written to a result file for your interviewer, who grades whether your " +
			"evidence proves the cause. The clock is hard and there are no hints."
	}
	hints := fmt.Sprintf("each hint (h) costs %d. ", grade.HintCost)
	if !mode.AllowsHints() {
		hints = "there are no hints in " + string(mode) + " mode. "
	}
	return pick + "The pick is proven when your evidence shows what started it (the trigger) and something it " +
		"led to. A proven pick scores 1000 × the difficulty factor plus a bonus for the time left; a right pick " +
		fmt.Sprintf("without proof scores half, with no bonus; each attached pin that proves nothing costs %d; ", grade.StrayPinCost) +
		hints + "A wrong pick scores 0, and the debrief still shows the whole story."
}

// thousands writes 1234567 as 1,234,567.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func serviceList(s *game.Scenario) string {
	names := make([]string, len(s.Services))
	for i, sv := range s.Services {
		names[i] = sv.Name
	}
	return strings.Join(names, ", ")
}
