package main

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"firedrill/game/grade"
	"firedrill/game/play"
	"firedrill/game/seal"
	"firedrill/game/team"
)

func newResultsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "results",
		Short: "Share your graded plays with a team",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newResultsExportCmd())
	return cmd
}

func newResultsExportCmd() *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "export [--to DIR]",
		Short: "Write one signed file per graded play not yet exported",
		Long: `export writes each graded play of your leaderboard that was not exported yet
as one file, signed with your player key, into DIR (default: the results
folder of your team folder, firedrill config set team DIR). The file carries
the pack's digest, the scenario, the mode, the verdict, the score, the honest
time used, the action log's chain head and the honesty flags; its name is
DATE-PLAYER-PACK-SCENARIO-HEAD.fdresult.json. An existing file is never
overwritten; exported.json in the data dir remembers what was written.
Exporting to the team folder also puts your public key in its players/
folder once, for teammates to trust (firedrill trust add --player FILE).

Only drill and daily plays are exported: their clock is hard and the honesty
checks read them; practice plays (pauses, hints, untimed) stay home. Plays
recorded before this version of firedrill have no chain head and are not
exported either. Set up first:
  firedrill keygen ~/.config/firedrill/player.key
  firedrill config set key ~/.config/firedrill/player.key
  firedrill config set name "Your Name"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, c, err := loadConfig()
			if err != nil {
				return err
			}
			useTeam := to == ""
			if useTeam {
				if c.Team == "" {
					return &exitError{code: 2, err: errors.New("no team folder: pass --to DIR or run firedrill config set team DIR")}
				}
				to = filepath.Join(c.Team, "results")
			}
			if c.Key == "" {
				return &exitError{code: 1, err: errors.New("no player key: firedrill keygen ~/.config/firedrill/player.key, then firedrill config set key ~/.config/firedrill/player.key")}
			}
			if c.Name == "" {
				return &exitError{code: 1, err: errors.New("no player name: firedrill config set name \"Your Name\"")}
			}
			priv, err := seal.ReadPrivateKey(c.Key)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			dir, err := play.DataDir()
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			rows, skipped, err := grade.ReadLeaderboard(dir)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			if skipped > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "firedrill: %s: skipped %d damaged line(s)\n", grade.LeaderboardFile, skipped)
			}
			ex := team.Exporter{DataDir: dir, To: to, Player: c.Name, Key: priv, Version: version, Now: time.Now()}
			rep, err := ex.Export(rows)
			w := cmd.OutOrStdout()
			for _, name := range rep.Written {
				fmt.Fprintf(w, "wrote %s\n", filepath.Join(to, name))
			}
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintf(w, "%d exported to %s, %d exported before", len(rep.Written), to, rep.Already)
			if rep.Practice > 0 {
				fmt.Fprintf(w, ", %d practice play(s) kept home (only drill and daily plays are shared)", rep.Practice)
			}
			if rep.Older > 0 {
				fmt.Fprintf(w, ", %d from before team results (not exportable)", rep.Older)
			}
			fmt.Fprintln(w)
			if useTeam {
				path, wrote, err := team.PublishKey(c.Team, c.Name, seal.MarshalPublicKey(priv.Public().(ed25519.PublicKey)))
				if err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "firedrill: %v\n", err)
				} else if wrote {
					fmt.Fprintf(w, "wrote your public key to %s: teammates trust it with firedrill trust add --player %s\n", path, path)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the folder to write to (default: TEAM/results)")
	return cmd
}
