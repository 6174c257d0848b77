package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"firedrill/game/pack"
)

func newPackValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate PATH...",
		Short: "Strictly check pack folders or scenario files",
		Long: `Check each PATH (a pack folder or a single scenario file) against every rule
of the pack format, includes and all. Prints "ok PATH (N scenarios)" for a valid
one, then what each include file gave, indented ("data/traces.json: 312 spans in
41 traces (otlp-json)"); otherwise every problem, one a line on stderr, as
path:line: field: message.

Exit status: 0 when every PATH is valid, 1 when any is not, 2 for a usage error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			invalid := 0
			for _, p := range args {
				pack, includes, errs := pack.OpenReport(p)
				if len(errs) > 0 {
					invalid++
					for _, e := range errs {
						fmt.Fprintln(cmd.ErrOrStderr(), e)
					}
					continue
				}
				n := len(pack.Scenarios)
				fmt.Fprintf(cmd.OutOrStdout(), "ok %s (%d %s)\n", p, n, plural(n, "scenario", "scenarios"))
				for _, inc := range includes {
					fmt.Fprintf(cmd.OutOrStdout(), "  %s\n", inc)
				}
			}
			if invalid > 0 {
				return &exitError{code: 1, err: errors.New("")}
			}
			return nil
		},
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
