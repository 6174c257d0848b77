package main

import (
	"github.com/spf13/cobra"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "firedrill",
		Short: "An offline terminal game for debugging production incidents",
		Long: `firedrill drops you into a production incident: read the page, dig through
logs, metrics, traces and the change log against the clock, and name the root cause.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	root.AddCommand(newVersionCmd())
	root.AddCommand(newLeaderboardCmd())
	root.AddCommand(newGenerateCmd())
	return root
}
