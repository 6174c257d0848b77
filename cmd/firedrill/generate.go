package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"firedrill/game/sim"
)

func newGenerateCmd() *cobra.Command {
	var archetype string
	var seed uint64
	var difficulty int
	var list bool
	cmd := &cobra.Command{
		Use:   "generate --archetype A --seed N --difficulty D OUT",
		Short: "Generate an incident scenario from the simulator",
		Long: `Generate a source scenario (with its answer block) from firedrill's incident
simulator: a service graph is stepped second by second, a fault is injected,
and its effects are observed as logs, metrics, traces and change events.

OUT is where the scenario goes:
  file.yaml   (or .yml) a single scenario file: firedrill play file.yaml
  dir         a folder (created if needed) that receives <scenario-id>.yaml
  -           standard output

The same archetype, seed, difficulty and firedrill version always produce
the same bytes. --archetype random picks one from the seed; --list prints
the archetypes.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if list {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			if list {
				for _, name := range sim.Archetypes() {
					fmt.Fprintf(out, "%-16s %s\n", name, sim.Summary(name))
				}
				return nil
			}
			o, err := sim.Generate(archetype, seed, difficulty)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			dest := args[0]
			if dest == "-" {
				return o.WriteYAML(out)
			}
			if ext := strings.ToLower(filepath.Ext(dest)); ext != ".yaml" && ext != ".yml" {
				if err := os.MkdirAll(dest, 0o755); err != nil {
					return &exitError{code: 1, err: err}
				}
				dest = filepath.Join(dest, o.Scenario.ID+".yaml")
			}
			if err := o.SaveYAML(dest); err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s (%s, seed %d, difficulty %d: %d log lines, %d spans, %d series)\n",
				dest, o.Archetype, o.Seed, o.Difficulty, o.Lines, o.Spans, len(o.Scenario.Metrics))
			return nil
		},
	}
	cmd.Flags().StringVar(&archetype, "archetype", "random", "incident archetype (see --list), or random")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed")
	cmd.Flags().IntVar(&difficulty, "difficulty", 3, "1 (warm-up) to 5 (nightmare)")
	cmd.Flags().BoolVar(&list, "list", false, "list the archetypes and exit")
	return cmd
}
