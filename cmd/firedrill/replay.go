package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"firedrill/ui/replay"
)

func newReplayCmd() *cobra.Command {
	var packDir string
	cmd := &cobra.Command{
		Use:   "replay RESULT.json --pack PATH",
		Short: "Interviewer: step through a candidate's actions in the TUI",
		Long: `replay shows a candidate's result file as a timeline of their actions (what they
opened, filtered, pinned and wrote, and when) beside the scenario as their
screen showed it after each one. --pack is the pack they played; if its
MANIFEST digest differs from the one in the result, replay warns and goes on.
Replay does not grade: use grade with the interview key for the verdict.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if packDir == "" {
				return &exitError{code: 1, err: errors.New("--pack is required: the pack the candidate played")}
			}
			in, err := replay.Load(args[0], packDir)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			if in.Warning != "" {
				fmt.Fprintln(cmd.ErrOrStderr(), "firedrill: warning:", in.Warning)
			}
			return replay.Run(in)
		},
	}
	cmd.Flags().StringVar(&packDir, "pack", "", "the pack the candidate played (required)")
	return cmd
}
