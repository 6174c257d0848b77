package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/ui"
)

func newPlayCmd() *cobra.Command {
	var mode string
	var untimed bool
	cmd := &cobra.Command{
		Use:   "play PATH|PACK[/SCENARIO]",
		Short: "Open a scenario: a pack folder, a scenario file, or an embedded pack id",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			md, err := game.ParseMode(mode)
			if err != nil || (md != game.ModePractice && md != game.ModeDrill) {
				return &exitError{code: 2, err: fmt.Errorf("--mode %q: want practice or drill", mode)}
			}
			if untimed && !md.AllowsUntimed() {
				return &exitError{code: 2, err: errors.New("--untimed works in practice mode only")}
			}
			pack, scenario, errs := ui.Resolve(args[0])
			if len(errs) > 0 {
				for _, err := range errs {
					fmt.Fprintln(cmd.ErrOrStderr(), err)
				}
				return &exitError{code: 1}
			}
			o := ui.Options{Pack: pack, Scenario: scenario, Mode: md, Untimed: untimed}
			if scenario == nil { // a pack of several: pick one of its scenarios
				o.Packs = []*game.Pack{pack}
			}
			return ui.Run(o)
		},
	}
	cmd.Flags().StringVar(&mode, "mode", "practice", "practice or drill")
	cmd.Flags().BoolVar(&untimed, "untimed", false, "practice: the clock never ends the game")
	return cmd
}
