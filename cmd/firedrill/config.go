package main

import (
	"crypto/ed25519"
	"fmt"

	"github.com/spf13/cobra"

	"firedrill/game/seal"
	"firedrill/game/team"
)

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config [set FIELD VALUE | get FIELD]",
		Short: "Show or set your player name, key and team folder",
		Long: `config shows the player config ($XDG_CONFIG_HOME/firedrill/config.yaml): the
three settings the team loop needs.

  name   your name on team boards (letters, digits, spaces, . _ -; 40 at most)
  key    your private key, which signs the results you export; make one with
         firedrill keygen ~/.config/firedrill/player.key
  team   the team's shared folder: results export writes there and
         leaderboard --team reads it (a git checkout, a share, a USB stick)

  firedrill config set name "Jane Doe"
  firedrill config set key ~/.config/firedrill/player.key
  firedrill config set team ~/drills-team
  firedrill config get team

An empty VALUE clears a field. Paths are stored absolute.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, c, err := loadConfig()
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "config: %s\n", path)
			fmt.Fprintf(w, "name:   %s\n", orUnset(c.Name))
			key := orUnset(c.Key)
			if c.Key != "" {
				if pub, err := playerPublicKey(c.Key); err != nil {
					key += "  (" + err.Error() + ")"
				} else {
					key += "  fingerprint " + seal.Fingerprint(pub)
				}
			}
			fmt.Fprintf(w, "key:    %s\n", key)
			fmt.Fprintf(w, "team:   %s\n", orUnset(c.Team))
			return nil
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "set FIELD VALUE",
		Short: "Set name, key or team",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, c, err := loadConfig()
			if err != nil {
				return err
			}
			if err := c.Set(args[0], args[1]); err != nil {
				return &exitError{code: 2, err: err}
			}
			if args[0] == "key" && c.Key != "" {
				if _, err := playerPublicKey(c.Key); err != nil {
					return &exitError{code: 1, err: fmt.Errorf("key: %v (make one with firedrill keygen %s)", err, c.Key)}
				}
			}
			if err := team.SaveConfig(path, c); err != nil {
				return &exitError{code: 1, err: err}
			}
			v, _ := c.Get(args[0])
			fmt.Fprintf(cmd.OutOrStdout(), "%s = %s\n", args[0], orUnset(v))
			return nil
		},
	}, &cobra.Command{
		Use:   "get FIELD",
		Short: "Print one of name, key or team",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, c, err := loadConfig()
			if err != nil {
				return err
			}
			v, err := c.Get(args[0])
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			fmt.Fprintln(cmd.OutOrStdout(), v)
			return nil
		},
	})
	return cmd
}

// loadConfig reads the player config; a damaged file is an error.
func loadConfig() (string, team.Config, error) {
	path, err := team.ConfigPath()
	if err != nil {
		return "", team.Config{}, &exitError{code: 1, err: err}
	}
	c, err := team.LoadConfig(path)
	if err != nil {
		return path, c, &exitError{code: 1, err: err}
	}
	return path, c, nil
}

// playerPublicKey reads the private key at path and returns its public half.
func playerPublicKey(path string) (ed25519.PublicKey, error) {
	priv, err := seal.ReadPrivateKey(path)
	if err != nil {
		return nil, err
	}
	return priv.Public().(ed25519.PublicKey), nil
}

func orUnset(s string) string {
	if s == "" {
		return "(not set)"
	}
	return s
}
