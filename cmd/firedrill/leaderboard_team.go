package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/team"
	"firedrill/ui/styles"
)

func runTeamBoard(cmd *cobra.Command, dir, daily, pack string, asJSON bool) error {
	rd, err := team.LoadReader(daily)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	rd.Pack = pack
	b, err := rd.Read(dir)
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	if asJSON {
		if b.Scenarios == nil {
			b.Scenarios = []team.ScenarioBoard{}
		}
		if b.Refused == nil {
			b.Refused = []team.Refused{}
		}
		if b.Archetypes == nil {
			b.Archetypes = []grade.TagStat{}
		}
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(b)
	}
	return writeTeamText(cmd.OutOrStdout(), dir, daily, b)
}

func writeTeamText(w io.Writer, dir, daily string, b team.Board) error {
	st := styles.New(true, styles.NoColorEnv())
	var out strings.Builder
	fmt.Fprintf(&out, "Team board of %s: %d result(s), %d refused\n", game.SanitizeLine(dir), b.Accepted, len(b.Refused))
	if len(b.Scenarios) == 0 {
		if daily != "" {
			fmt.Fprintf(&out, "\nNo results for the daily drill of %s.\n", daily)
		} else {
			out.WriteString("\nNo results yet: each player runs firedrill results export.\n")
		}
	}
	for _, sb := range b.Scenarios {
		title := game.SanitizeLine(sb.Pack) + "/" + game.SanitizeLine(sb.Scenario)
		if sb.Daily != "" {
			title = "daily drill " + sb.Daily + " (" + title + ")"
		}
		t := newCLITable(st).Headers("#", "player", "result", "time", "score", "hints", "wrong picks", "mode", "flags")
		for i, e := range sb.Rows {
			r := e.Result
			flags := ""
			if e.Flagged {
				flags = "⚑ " + game.SanitizeLine(strings.Join(r.Flags, ", "))
			}
			t.Row(strconv.Itoa(i+1), game.SanitizeLine(e.Player), st.Verdict(r.Outcome()), clockTime(r.HonestTime()),
				strconv.Itoa(r.Score.Total), strconv.Itoa(r.Hints), strconv.Itoa(team.WrongPicks(r)), game.SanitizeLine(string(r.Mode)), flags)
		}
		fmt.Fprintf(&out, "\n%s\n%s\n", st.Header.Render(title), t.Render())
	}
	if len(b.Players) > 0 {
		t := newCLITable(st).Headers("player", "wins", "proven", "unproven", "wrong", "flagged", "plays", "score", "key")
		for _, p := range b.Players {
			t.Row(game.SanitizeLine(p.Player), strconv.Itoa(p.Wins), strconv.Itoa(p.Proven), strconv.Itoa(p.Unproven),
				strconv.Itoa(p.Wrong), strconv.Itoa(p.Flagged), strconv.Itoa(p.Plays), strconv.Itoa(p.Score), p.Fingerprint)
		}
		fmt.Fprintf(&out, "\n%s\n%s\n", st.Header.Render("Players"), t.Render())
	}
	if len(b.Archetypes) > 0 {
		t := newCLITable(st).Headers("archetype", "solved", "rate", "unproven")
		for _, s := range b.Archetypes {
			t.Row(game.SanitizeLine(s.Tag), fmt.Sprintf("%d/%d", s.Solved, s.Attempts), fmt.Sprintf("%.0f%%", 100*s.Rate), strconv.Itoa(s.Unproven))
		}
		fmt.Fprintf(&out, "\n%s\n%s\n", st.Header.Render("Archetypes"), t.Render())
	}
	if len(b.Refused) > 0 {
		fmt.Fprintf(&out, "\n%s\n", st.Header.Render("Refused"))
		for _, r := range b.Refused {
			fmt.Fprintf(&out, "  %s: %s: %s\n", game.SanitizeLine(r.File), r.Reason, r.Detail)
		}
	}
	note := "Results show what each player's machine recorded."
	for _, sb := range b.Scenarios {
		if slices.ContainsFunc(sb.Rows, func(e team.Entry) bool { return e.Flagged }) {
			note = "⚑ the play's times or action log raised honesty flags (firedrill grade explains each). " + note
			break
		}
	}
	out.WriteString("\n" + st.Muted.Render(note) + "\n")
	_, err := lipgloss.Fprint(w, out.String())
	return err
}
