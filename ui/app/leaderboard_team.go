package app

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/team"
	"firedrill/ui/styles"
)

// teamView is the leaderboard screen's Team view: the team board of the
// configured folder (team.Reader.Read), one table of every scenario's
// ranking, read in a command the first time t is pressed.
type teamView struct {
	dir     string // the team folder; "" hides the view
	on      bool   // shown instead of the player's own board
	loading bool
	loaded  bool
	board   team.Board
	err     error
	lines   []teamLine // the table's rows, flattened
	top     int
}

// teamLine is one row of the Team table.
type teamLine struct {
	scenario string // set on a scenario's first row
	entry    team.Entry
	rank     int
}

// teamBoardMsg is the team board, read in a command.
type teamBoardMsg struct {
	board team.Board
	err   error
}

// toggleTeam switches between the player's board and the team's, and
// starts reading the team folder the first time.
func (v *leaderboardView) toggleTeam() tea.Cmd {
	v.team.on = !v.team.on
	if !v.team.on || v.team.loaded || v.team.loading {
		return nil
	}
	v.team.loading = true
	dir := v.team.dir
	return func() tea.Msg {
		rd, err := team.LoadReader("")
		if err != nil {
			return teamBoardMsg{err: err}
		}
		b, err := rd.Read(dir)
		return teamBoardMsg{board: b, err: err}
	}
}

func (m Model) onTeamBoard(msg teamBoardMsg) Model {
	t := &m.end.board.team
	t.loading, t.loaded, t.board, t.err = false, true, msg.board, msg.err
	t.lines = nil
	for _, sb := range msg.board.Scenarios {
		name := game.SanitizeLine(sb.Pack) + "/" + game.SanitizeLine(sb.Scenario)
		if sb.Daily != "" {
			name = "daily " + sb.Daily
		}
		for i, e := range sb.Rows {
			line := teamLine{entry: e, rank: i + 1}
			if i == 0 {
				line.scenario = name
			}
			t.lines = append(t.lines, line)
		}
	}
	return m
}

func (t teamView) view(st *styles.Styles, width, height int) string {
	title := st.Title.Render("Team board") + st.Muted.Render(" · "+ansi.Truncate(game.SanitizeLine(t.dir), max(10, width-30), "…"))
	var body string
	switch {
	case !t.loaded:
		body = st.Muted.Render("reading the team folder…")
	case t.err != nil:
		body = st.Err.Render("cannot read the team folder: " + game.SanitizeLine(t.err.Error()))
	case len(t.lines) == 0:
		body = st.Muted.Render("No team results yet: each player runs firedrill results export.")
	default:
		// title, blank, borders and header (4), summary line, blank, footer
		body = t.table(st, max(1, height-9))
	}
	if t.loaded && t.err == nil {
		summary := fmt.Sprintf("%d result(s) from %d player(s)", t.board.Accepted, len(t.board.Players))
		if n := len(t.board.Refused); n > 0 {
			summary += fmt.Sprintf(" · %d refused: firedrill leaderboard --team DIR says why", n)
		}
		body += "\n" + st.Muted.Render(ansi.Truncate(summary, width, "…"))
	}
	return title + "\n\n" + body
}

func (t teamView) table(st *styles.Styles, room int) string {
	border := lipgloss.NewStyle()
	if !st.NoColor {
		border = border.Foreground(st.P.Border)
	}
	tb := table.New().Border(lipgloss.RoundedBorder()).BorderStyle(border).
		Headers("scenario", "#", "player", "result", "time", "score", "flags").
		StyleFunc(func(row, col int) lipgloss.Style {
			s := lipgloss.NewStyle().Padding(0, 1)
			if row == table.HeaderRow {
				return s.Bold(true)
			}
			return s
		})
	end := min(len(t.lines), t.top+room)
	for i := t.top; i < end; i++ {
		l := t.lines[i]
		r := l.entry.Result
		flags := ""
		if l.entry.Flagged {
			flags = "⚑ " + strings.Join(r.Flags, ", ")
		}
		tb.Row(l.scenario, strconv.Itoa(l.rank), game.SanitizeLine(l.entry.Player), st.Verdict(r.Outcome()),
			clockTime(r.HonestTime()), strconv.Itoa(r.Score.Total), game.SanitizeLine(flags))
	}
	return tb.Render()
}
