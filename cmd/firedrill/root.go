package main

import (
	"github.com/spf13/cobra"

	"firedrill/ui"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "firedrill",
		Short: "An offline terminal game for debugging production incidents",
		Long: `firedrill drops you into a production incident: read the page, dig through
logs, metrics, traces and the change log against the clock, and name the root cause.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return ui.Run(ui.Options{}) // no arguments: the picker
		},
	}
	addMaxMemoryFlag(root)
	root.AddCommand(newVersionCmd())
	root.AddCommand(newLeaderboardCmd())
	root.AddCommand(newListCmd())
	root.AddCommand(newPackCmd())
	root.AddCommand(newPlayCmd())
	root.AddCommand(newKeygenCmd(), newTrustCmd(), newGradeCmd())
	root.AddCommand(newReplayCmd())
	root.AddCommand(newGenerateCmd())
	root.AddCommand(newDailyCmd())
	root.AddCommand(newConfigCmd(), newResultsCmd())
	return root
}
