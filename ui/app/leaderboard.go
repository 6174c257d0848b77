package app

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/styles"
)

// leaderboardView is the leaderboard screen (l on the debrief): the same
// table as `firedrill leaderboard`, best first, this play's row marked.
type leaderboardView struct {
	styles        *styles.Styles
	width, height int
	loaded        bool
	rows          []grade.Result
	skipped       int
	err           error
	mine          grade.Result // the row just recorded, to mark
	top           int          // first row shown
	team          teamView     // the Team view (t), when a team folder is configured
}

func (v leaderboardView) setSize(w, h int) leaderboardView { v.width, v.height = w, h; return v }

// boardKeys are the leaderboard screen's bindings; its footer is built
// from them.
var boardKeys = struct{ Scroll, Up, Down, Team, Back, Picker, Quit key.Binding }{
	Scroll: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll")),
	Up:     key.NewBinding(key.WithKeys("up", "k")),
	Down:   key.NewBinding(key.WithKeys("down", "j")),
	Team:   key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "team / mine")),
	Back:   key.NewBinding(key.WithKeys("esc", "enter", "l"), key.WithHelp("esc", "back to the debrief")),
	Picker: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "picker")),
	Quit:   key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
}

// boardMsg is the leaderboard, read in a command.
type boardMsg struct {
	rows    []grade.Result
	skipped int
	err     error
}

// openLeaderboard shows the screen and reads the file off the Update path.
func (m Model) openLeaderboard() (Model, tea.Cmd) {
	m.screen = screenLeaderboard
	m.end.board = leaderboardView{styles: m.shell.Styles, width: m.shell.Width, height: m.shell.Height,
		team: teamView{dir: m.opts.TeamDir}}
	if g := m.end.graded; g != nil && g.recorded {
		m.end.board.mine = g.result
	}
	dir := m.opts.DataDir
	if dir == "" {
		m.end.board.loaded = true
		return m, nil
	}
	return m, func() tea.Msg {
		rows, skipped, err := grade.ReadLeaderboard(dir)
		return boardMsg{grade.Leaderboard(rows, ""), skipped, err}
	}
}

func (m Model) onBoard(msg boardMsg) Model {
	b := &m.end.board
	b.loaded, b.rows, b.skipped, b.err = true, msg.rows, msg.skipped, msg.err
	return m
}

func (m Model) onLeaderboardKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	b := &m.end.board
	k := boardKeys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Back):
		m.screen = screenDebrief
	case key.Matches(msg, k.Picker):
		return m.backToPicker()
	case key.Matches(msg, k.Team) && b.team.dir != "":
		cmd := b.toggleTeam()
		return m, cmd
	case key.Matches(msg, k.Up) && b.team.on:
		b.team.top = max(0, b.team.top-1)
	case key.Matches(msg, k.Down) && b.team.on:
		b.team.top = min(max(0, len(b.team.lines)-1), b.team.top+1)
	case key.Matches(msg, k.Up):
		b.top = max(0, b.top-1)
	case key.Matches(msg, k.Down):
		b.top = min(max(0, len(b.rows)-1), b.top+1)
	}
	return m, nil
}

func (v leaderboardView) view() string {
	st := v.styles
	k := boardKeys
	bindings := []key.Binding{k.Scroll, k.Back, k.Picker, k.Quit}
	if v.team.dir != "" {
		bindings = []key.Binding{k.Scroll, k.Team, k.Back, k.Picker, k.Quit}
	}
	foot := st.Muted.Render(keyhelp.Text(bindings...))
	if v.team.on {
		return v.team.view(st, v.width, v.height) + "\n\n" + foot
	}
	title := st.Title.Render("Leaderboard") + st.Muted.Render(" · fastest proven first")
	var body string
	switch {
	case !v.loaded:
		body = st.Muted.Render("reading…")
	case v.err != nil:
		body = st.Err.Render("cannot read the leaderboard: " + v.err.Error())
	case len(v.rows) == 0:
		body = st.Muted.Render("No results yet. Graded plays of trusted packs appear here.")
	default:
		// title, blank, table borders (3) and header, blank, footer
		room := max(1, v.height-8)
		legacy := slices.ContainsFunc(v.rows, func(r grade.Result) bool { return r.Outcome() == grade.VerdictRight })
		if legacy {
			room = max(1, room-1) // the line that says what "right" means
		}
		body = v.table(room)
		if legacy {
			body += "\n" + st.Muted.Render(ansi.Truncate(grade.RightNote, v.width, "…"))
		}
	}
	if v.skipped > 0 {
		body += "\n" + st.Muted.Render(fmt.Sprintf("%d damaged line(s) skipped", v.skipped))
	}
	return title + "\n\n" + body + "\n\n" + foot
}

// table renders the rows from top, at most room of them.
func (v leaderboardView) table(room int) string {
	st := v.styles
	border := lipgloss.NewStyle()
	if !st.NoColor {
		border = border.Foreground(st.P.Border)
	}
	// narrow terminals drop the mode and the year rather than cut the row
	narrow := v.width < 96
	headers := []string{"#", "scenario", "result", "score", "time", "hints", "mode", "date"}
	dateFormat := "2006-01-02 15:04"
	if narrow {
		headers = slices.Delete(headers, 6, 7)
		dateFormat = "01-02 15:04"
	}
	t := table.New().Border(lipgloss.RoundedBorder()).BorderStyle(border).Headers(headers...).
		StyleFunc(func(row, col int) lipgloss.Style {
			s := lipgloss.NewStyle().Padding(0, 1)
			if row == table.HeaderRow {
				return s.Bold(true)
			}
			return s
		})
	end := min(len(v.rows), v.top+room)
	for i := v.top; i < end; i++ {
		r := v.rows[i]
		mark := st.Verdict(r.Outcome())
		num := strconv.Itoa(i + 1)
		if r.Date.Equal(v.mine.Date) && r.ScenarioID == v.mine.ScenarioID && r.PackID == v.mine.PackID {
			num = "▶" + num
		}
		row := []string{num, game.SanitizeLine(r.PackID) + "/" + game.SanitizeLine(r.ScenarioID), mark,
			strconv.Itoa(r.Score.Total), clockTime(r.TimeUsed), strconv.Itoa(r.Hints),
			game.SanitizeLine(string(r.Mode)), r.Date.Local().Format(dateFormat)}
		if narrow {
			row = slices.Delete(row, 6, 7)
		}
		t.Row(row...)
	}
	return t.Render()
}

// clockTime formats a duration as m:ss (h:mm:ss from an hour).
func clockTime(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
