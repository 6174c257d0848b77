package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"firedrill/game/seal"
	"firedrill/game/team"
)

func newTrustCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trust",
		Short: "Manage the keys you trust: pack authors, and with --player your teammates",
		Long: `Trusted keys live in the config dir (trusted/, files 0600). Results on a sealed
pack signed by a trusted key count for the leaderboard. Packs signed by any
other key still play in every mode (a candidate's interview pack is rarely
signed by a key they trust), but their results stay off the leaderboard. A
pack that fails verification plays in practice mode only.

--player works on the other list: teammates' player keys (players/), whose
exported results count on your team board (firedrill leaderboard --team).
Trusting a player does not trust their packs, nor the other way round.`,
		Args: cobra.NoArgs,
	}
	cmd.PersistentFlags().Bool("player", false, "the teammates' player keys, not the pack authors' keys")
	cmd.AddCommand(newTrustAddCmd(), newTrustListCmd(), newTrustRemoveCmd())
	return cmd
}

func trustStore(cmd *cobra.Command) (seal.TrustStore, error) {
	store, err := seal.DefaultTrustStore()
	if player, _ := cmd.Flags().GetBool("player"); player {
		store, err = team.PlayerStore()
	}
	if err != nil {
		return store, &exitError{code: 1, err: fmt.Errorf("no config dir: %v", err)}
	}
	return store, nil
}

func newTrustAddCmd() *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "add PUBFILE",
		Short: "Trust the public key in PUBFILE",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pub, err := seal.ReadPublicKey(args[0])
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			store, err := trustStore(cmd)
			if err != nil {
				return err
			}
			k, err := store.Add(pub, name)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "trusted %s %s\n", k.Fingerprint, k.Name)
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "a label for the key (e.g. the author's name)")
	return cmd
}

func newTrustListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List trusted keys: fingerprint and name",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := trustStore(cmd)
			if err != nil {
				return err
			}
			keys, err := store.List()
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			if len(keys) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "no trusted keys (add one with: firedrill trust add KEY.pub)")
			}
			for _, k := range keys {
				fmt.Fprintf(cmd.OutOrStdout(), "%s  %s\n", k.Fingerprint, k.Name)
			}
			return nil
		},
	}
}

func newTrustRemoveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "remove FINGERPRINT",
		Short: "Stop trusting the key with FINGERPRINT",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := trustStore(cmd)
			if err != nil {
				return err
			}
			k, err := store.Remove(args[0])
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed %s %s\n", k.Fingerprint, k.Name)
			return nil
		},
	}
}
