package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/game/seal"
	"firedrill/ui"
)

func newPlayCmd() *cobra.Command {
	var mode, out string
	var untimed bool
	cmd := &cobra.Command{
		Use:   "play PATH|PACK[/SCENARIO]",
		Short: "Open a scenario: a pack folder, a scenario file, or an embedded pack id",
		Long: `Open a scenario: a pack folder, a scenario file, or an embedded pack id.

Modes:
  practice   the clock pauses when you quit; hints (h) cost points; --untimed
  drill      a hard timer that keeps running while the game is closed; no hints
  interview  a sealed interview pack (pack seal --interview): a hard timer, no
             hints, no grading; the submit writes result.json (--out) for the
             interviewer's "firedrill grade"

A sealed pack is verified first. A tampered one (a file changed since it was
signed) plays in practice mode only, with a warning. Any other pack plays in
every mode, but results reach the leaderboard only from the embedded packs,
the daily drill and sealed packs signed by a key you trust (firedrill trust);
never from a source pack on disk (its answers are plain text). Interview mode
needs a pack sealed with --interview; an interview already handed in does not
start again.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			md, err := game.ParseMode(mode)
			if err != nil || (md != game.ModePractice && md != game.ModeDrill && md != game.ModeInterview) {
				return &exitError{code: 2, err: fmt.Errorf("--mode %q: want practice, drill or interview", mode)}
			}
			if untimed && !md.AllowsUntimed() {
				return &exitError{code: 2, err: errors.New("--untimed works in practice mode only")}
			}
			if out != "" && md != game.ModeInterview {
				return &exitError{code: 2, err: errors.New("--out is for interview mode only")}
			}
			p, scenario, errs := pack.Library().Find(args[0])
			if len(errs) > 0 {
				for _, err := range errs {
					fmt.Fprintln(cmd.ErrOrStderr(), err)
				}
				return &exitError{code: 1}
			}
			o := ui.Options{Pack: p, Scenario: scenario, Mode: md, Untimed: untimed, Version: version}
			o.Status = seal.CheckPacks([]*game.Pack{p})
			if err := checkPlayable(o.Status[p], md); err != nil {
				return &exitError{code: 1, err: err}
			}
			if md == game.ModeInterview {
				if err := checkNotHandedIn(p, scenario); err != nil {
					return &exitError{code: 1, err: err}
				}
				if out == "" {
					out = "result.json"
				}
				if o.ResultPath, err = filepath.Abs(out); err != nil {
					return &exitError{code: 1, err: err}
				}
			}
			if scenario == nil { // a pack of several: pick one of its scenarios
				o.Packs = []*game.Pack{p}
			}
			return ui.Run(o)
		},
	}
	cmd.Flags().StringVar(&mode, "mode", "practice", "practice, drill or interview")
	cmd.Flags().BoolVar(&untimed, "untimed", false, "practice: the clock never ends the game")
	cmd.Flags().StringVar(&out, "out", "", "interview: where to write the result (default ./result.json; never overwritten)")
	return cmd
}

// checkPlayable refuses a mode the pack's seal does not allow, before the
// screen opens: a tampered pack is practice only, and interview mode needs
// a verified pack sealed with --interview.
func checkPlayable(st seal.PackStatus, md game.Mode) error {
	if err := st.AllowsMode(md); err != nil {
		if st.Err != nil {
			return fmt.Errorf("%w (%v)", err, st.Err)
		}
		return err
	}
	if md == game.ModeInterview && !st.Report.Interview {
		return errors.New("interview mode needs a pack sealed with --interview (firedrill pack seal SRC OUT --key KEY --interview KEYOUT)")
	}
	return nil
}

// checkNotHandedIn refuses an interview already handed in: the scenario
// named, or, for a pack of several, every one of them (the briefing
// refuses a single finished one).
func checkNotHandedIn(p *game.Pack, scenario *game.Scenario) error {
	dataDir, err := play.DataDir()
	if err != nil {
		return nil // no data dir: no session was ever saved
	}
	if scenario != nil {
		return play.FinishedInterview(dataDir, p.ID, scenario.ID)
	}
	var done []error
	for _, s := range p.Scenarios {
		if err := play.FinishedInterview(dataDir, p.ID, s.ID); err != nil {
			done = append(done, err)
		}
	}
	if len(done) == len(p.Scenarios) {
		return errors.Join(done...)
	}
	return nil
}
