package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/play"
	"firedrill/ui/styles"
)

// leaderboardJSON is the stable --json output of `firedrill leaderboard`.
type leaderboardJSON struct {
	Results      []grade.Result  `json:"results"`       // best first: verdict, then time used asc (grade.SortResults)
	Archetypes   []grade.TagStat `json:"archetypes"`    // success rate per scenario tag, by tag
	SkippedLines int             `json:"skipped_lines"` // damaged lines of leaderboard.jsonl left out
}

func newLeaderboardCmd() *cobra.Command {
	var pack, teamDir, daily string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "leaderboard",
		Short: "Show your results, best first, and your success rate per archetype; --team DIR the team board",
		Long: `Show the local leaderboard (leaderboard.jsonl in the data dir): every graded play
of a trusted pack, fastest proven first: proven plays, then right plays from
before proof grading ("right"), then right but unproven, then wrong; within
each, the shorter time first, then the higher score. Then the success rate per
archetype (scenario tag): a success is a proven play; unproven ones are
counted apart.

--json prints one object, stable across versions:
  results        [{pack, scenario, tags, pick, correct, verdict (proven, right,
                 unproven, wrong; absent on rows from before proof grading),
                 score{correct, base, difficulty_factor, speed_bonus, hint_penalty,
                 wrong_penalty, total, unproven_cut, speed_forfeited, stray_pins,
                 stray_pin_penalty}, time_used_ns, hints, mode, untimed,
                 date (RFC 3339), trusted}], best first
  archetypes     [{tag, attempts, solved, unproven, rate (0..1)}], by tag
  skipped_lines  damaged lines of the file that were left out

--team DIR shows the team board instead: every result file (*.fdresult.json)
under DIR, as teammates exported them (firedrill results export). Each file's
signature, signing key and pack digest are checked; refused files are listed
with the reason: unsigned, tampered (edited after signing), untrusted-key
(firedrill trust add --player THEIR.pub), foreign-pack (played on another
copy of a pack, or a pack you do not have), duplicate (the same play twice),
malformed. Per scenario, each player's best play, fastest proven first, by
the honest time; flagged plays are marked ⚑. Then each player's totals and
the success per archetype. --team alone reads your configured team folder.
--json prints {scenarios [{pack, scenario, daily, rows [{player, fingerprint,
file, result, flagged}]}], players [{player, fingerprint, plays, proven,
unproven, wrong, flagged, wins, score}], archetypes, refused [{file, reason,
detail}], accepted}.

--daily DATE keeps only that day's daily drill (YYYY-MM-DD), --pack ID one
pack's results, on either board.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if daily != "" {
				if _, err := time.Parse(time.DateOnly, daily); err != nil {
					return &exitError{code: 2, err: fmt.Errorf("--daily %q: want YYYY-MM-DD", daily)}
				}
			}
			if cmd.Flags().Changed("team") {
				return runTeamBoard(cmd, teamDir, daily, pack, asJSON)
			}
			dir, err := play.DataDir()
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			all, skipped, err := grade.ReadLeaderboard(dir)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			if daily != "" {
				all = slices.DeleteFunc(all, func(r grade.Result) bool { return r.Daily != daily })
			}
			rows := grade.Leaderboard(all, pack)
			stats := grade.ArchetypeStats(rows, nil)
			if asJSON {
				return writeLeaderboardJSON(cmd.OutOrStdout(), rows, stats, skipped)
			}
			if skipped > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "firedrill: %s: skipped %d damaged line(s)\n", grade.LeaderboardFile, skipped)
			}
			if len(rows) == 0 {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), noResultsYet(pack))
				return err
			}
			return writeLeaderboardText(cmd.OutOrStdout(), rows, stats, pack == "")
		},
	}
	cmd.Flags().StringVar(&pack, "pack", "", "show only this pack's results")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (stable fields, see above)")
	cmd.Flags().StringVar(&teamDir, "team", "", "show the team board of the result files under DIR")
	cmd.Flags().StringVar(&daily, "daily", "", "only the daily drill of DATE (YYYY-MM-DD)")
	return cmd
}

func writeLeaderboardJSON(w io.Writer, rows []grade.Result, stats []grade.TagStat, skipped int) error {
	out := leaderboardJSON{Results: rows, Archetypes: stats, SkippedLines: skipped}
	if out.Results == nil {
		out.Results = []grade.Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeLeaderboardText(w io.Writer, rows []grade.Result, stats []grade.TagStat, showPack bool) error {
	st := styles.New(true, styles.NoColorEnv())
	results := newCLITable(st).Headers("#", "scenario", "result", "score", "time", "hints", "mode", "date")
	legacy := false
	for i, r := range rows {
		name := game.SanitizeLine(r.ScenarioID)
		if showPack {
			name = game.SanitizeLine(r.PackID) + "/" + name
		}
		legacy = legacy || r.Outcome() == grade.VerdictRight
		results.Row(strconv.Itoa(i+1), name, st.Verdict(r.Outcome()), strconv.Itoa(r.Score.Total), clockTime(r.TimeUsed),
			strconv.Itoa(r.Hints), game.SanitizeLine(string(r.Mode)), r.Date.Local().Format("2006-01-02 15:04"))
	}
	archetypes := newCLITable(st).Headers("archetype", "solved", "rate", "unproven")
	for _, s := range stats {
		archetypes.Row(game.SanitizeLine(s.Tag), fmt.Sprintf("%d/%d", s.Solved, s.Attempts),
			fmt.Sprintf("%.0f%%", 100*s.Rate), strconv.Itoa(s.Unproven))
	}
	out := results.Render() + "\n"
	if legacy {
		out += st.Muted.Render(grade.RightNote) + "\n"
	}
	_, err := lipgloss.Fprint(w, out+"\n"+archetypes.Render()+"\n")
	return err
}

func noResultsYet(pack string) string {
	if pack != "" {
		return "No results for pack " + game.SanitizeLine(pack) + " yet."
	}
	return "No results yet. Graded plays of trusted packs appear here."
}

// newCLITable is a rounded table in the theme's border colour with a bold
// header: the one look every command's tables share.
func newCLITable(st *styles.Styles) *table.Table {
	border := lipgloss.NewStyle()
	if !st.NoColor {
		border = border.Foreground(st.P.Border)
	}
	return table.New().
		Border(lipgloss.RoundedBorder()).
		BorderStyle(border).
		StyleFunc(func(row, col int) lipgloss.Style {
			if row == table.HeaderRow {
				return st.Header.Padding(0, 1)
			}
			return lipgloss.NewStyle().Padding(0, 1)
		})
}

// clockTime prints a duration as m:ss (h:mm:ss past an hour).
func clockTime(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}
