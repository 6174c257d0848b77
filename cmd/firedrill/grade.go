package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/play"
	"firedrill/game/seal"
)

func newGradeCmd() *cobra.Command {
	var keyFile, packDir string
	var asJSON, strict bool
	cmd := &cobra.Command{
		Use:   "grade RESULT.json --key KEY",
		Short: "Interviewer: grade a candidate's result file with the interview key",
		Long: `grade checks that RESULT.json was made on the pack the key was sealed with
(pack seal --interview), checks the pick against the key, and prints the
verdict, the score, the causal chain, evidence and debrief, and coaching
figures from the candidate's action log. The result is graded by its content.

The verdict is PROVEN (the right pick, and the attached evidence showed the
trigger — chain step 1 — and a later step), RIGHT BUT UNPROVEN (half the
base, no speed bonus), WRONG, or RIGHT when the key has no proof items.
Each chain step shows the attached pin that proved it, or what would have.

It also checks the result's times offline (the "honesty" section): the game's
clock, the monotonic time open and the wall-clock stamps against each other
and against the deadline (timer_start + the scenario's limit from the key,
never the file's), and the action log's hash chain. It flags a submit after
the deadline, a late pick after time ran out, times that disagree, a broken
chain, a clock that went backwards and an edited deadline. A result rewritten
consistently cannot be told from an honest one offline; grade says so.

--pack PATH (optional) is the sealed interview pack: it is verified and must
be the key's pack; its scenario (events, metrics) sharpens the coaching.
--json prints one stable JSON object instead (verdict, proof.steps[] with
shown_by / would_show per step, honesty).
--strict exits 3 when any honesty flag is raised (after printing the grade).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if keyFile == "" {
				return &exitError{code: 2, err: errors.New("--key is required: the file pack seal --interview wrote")}
			}
			res, err := play.ReadResult(args[0])
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			key, err := seal.ReadAnswerKeyFile(keyFile)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			scenario, err := grade.InterviewScenario(packDir, key, res.ScenarioID)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			g, err := grade.Interview(res, key, scenario)
			if errors.Is(err, play.ErrOtherPack) {
				return &exitError{code: 1, err: fmt.Errorf("%s was made for another pack, not the one %s was sealed with (%v)", args[0], keyFile, err)}
			}
			if err != nil {
				return &exitError{code: 1, err: fmt.Errorf("%s: %v", args[0], err)}
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false) // "->" in evidence text stays readable
				if err := enc.Encode(g); err != nil {
					return err
				}
			} else {
				printGrade(cmd.OutOrStdout(), g)
			}
			if n := len(g.Honesty.Flags); strict && n > 0 {
				return &exitError{code: 3, err: fmt.Errorf("--strict: %d %s raised on %s", n, plural(n, "honesty flag", "honesty flags"), args[0])}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&keyFile, "key", "", "the interview key (pack seal --interview KEYOUT)")
	cmd.Flags().StringVar(&packDir, "pack", "", "the sealed interview pack, for fuller coaching (optional)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the grade as JSON")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 3 when any honesty flag is raised")
	return cmd
}

func printGrade(w io.Writer, g *grade.InterviewGrade) {
	fmt.Fprintf(w, "scenario: %s (%s), pack %s\n", g.Title, g.ScenarioID, g.PackID)
	pick := "(none: no pick was made)"
	if g.Honesty.Stop == string(game.ActTimeUp) {
		pick = "(none: time ran out)"
	}
	if g.Pick != "" {
		pick = g.Pick + ": " + g.PickText
	}
	fmt.Fprintf(w, "pick:     %s\nverdict:  %s\n", pick, grade.VerdictText(g.Verdict))
	if sc := g.Score; sc.Correct {
		fmt.Fprintf(w, "score:    %d (base %d = 1000 × %.2f difficulty, speed bonus +%d, hints −%d", sc.Total, sc.Base,
			sc.DifficultyFactor, sc.SpeedBonus, sc.HintPenalty)
		for _, l := range grade.ProofScoreLines(sc) {
			fmt.Fprintf(w, ", %s %s: %s", strings.ToLower(l.Label), l.Points, l.How)
		}
		fmt.Fprintln(w, ")")
	} else {
		fmt.Fprintln(w, "score:    0 (a wrong pick scores nothing)")
	}
	fmt.Fprintf(w, "time:     %s used of %s\n", g.TimeUsed.Round(time.Second), g.TimeLimit)
	if g.Justification != "" {
		fmt.Fprintf(w, "justification: %s\n", game.SanitizeLine(g.Justification))
	}
	printHonesty(w, g.Honesty)
	fmt.Fprintf(w, "\nroot cause: %s: %s\n", g.Answer, g.AnswerText)
	printProof(w, g.Proof, g.Start)
	fmt.Fprintln(w, "evidence:")
	for _, e := range g.Evidence {
		fmt.Fprintf(w, "  - %s\n", e)
	}
	if g.WhyWrong != "" {
		fmt.Fprintf(w, "why %s is wrong: %s\n", g.Pick, g.WhyWrong)
	}
	fmt.Fprintf(w, "debrief:\n  %s\n", strings.ReplaceAll(strings.TrimSpace(g.Debrief), "\n", "\n  "))
	printCoaching(w, g.Coaching, g.Proof.Missing)
}

// printProof prints the chain with, per step, the attached pin that showed
// it or what would have; then every attached pin and what it proved.
func printProof(w io.Writer, p grade.ProofReport, start time.Time) {
	fmt.Fprintln(w, "chain (proof per step):")
	for _, st := range p.Steps {
		fmt.Fprintf(w, "  %d. %s\n", st.Step, st.Text)
		switch {
		case !p.Checked:
		case st.ShownBy != nil:
			fmt.Fprintf(w, "     shown by: %s\n", game.SanitizeLine(st.ShownBy.Summary(start)))
		case len(st.WouldShow) > 0:
			fmt.Fprintf(w, "     not shown; would have: %s\n", strings.Join(st.WouldShow, " | "))
		default:
			fmt.Fprintln(w, "     not shown (no proof item for this step)")
		}
	}
	if !p.Checked {
		fmt.Fprintln(w, "proof:    not graded (the key has no proof items)")
		return
	}
	if len(p.Attached) == 0 {
		fmt.Fprintln(w, "attached: nothing")
		return
	}
	fmt.Fprintln(w, "attached:")
	for _, a := range p.Attached {
		what := "proved nothing"
		if !a.Stray() {
			what = "showed step " + joinInts(a.Steps)
		} else if a.RedHerring != "" {
			what += " (red herring " + a.RedHerring + ")"
		}
		fmt.Fprintf(w, "  - %s: %s\n", game.SanitizeLine(a.Pin.Summary(start)), what)
	}
}

func joinInts(v []int) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}

func printCoaching(w io.Writer, c grade.Coaching, missing []string) {
	fmt.Fprintln(w, "\ncoaching:")
	for _, line := range missing {
		fmt.Fprintf(w, "  %s\n", line)
	}
	switch {
	case c.RightAtSubmit:
		fmt.Fprintf(w, "  the cause was first named in the submit's justification, at %s\n", c.FirstRightHypothesis.Round(time.Second))
	case c.FoundRightHypothesis:
		fmt.Fprintf(w, "  first right hypothesis at %s\n", c.FirstRightHypothesis.Round(time.Second))
	default:
		fmt.Fprintln(w, "  no hypothesis named the cause")
	}
	for _, h := range c.RedHerrings {
		fmt.Fprintf(w, "  red herring %s: %d visit(s), %s\n", h.ID, h.Visits, h.Time.Round(time.Second))
	}
	tabs := make([]string, 0, len(c.TabTime))
	for tab := range c.TabTime {
		tabs = append(tabs, tab)
	}
	sort.Strings(tabs)
	for _, tab := range tabs {
		fmt.Fprintf(w, "  time on %s: %s\n", game.SanitizeLine(tab), c.TabTime[tab].Round(time.Second))
	}
	if c.FirstPin != nil {
		fmt.Fprintf(w, "  first evidence pinned: %s (%s)\n", game.SanitizeLine(c.FirstPin.Label), c.FirstPinRole)
	}
}
