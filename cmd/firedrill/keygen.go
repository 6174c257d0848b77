package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"

	"github.com/spf13/cobra"

	"firedrill/game/seal"
)

func newKeygenCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "keygen OUT",
		Short: "Make an Ed25519 key pair: an author key for sealing packs, or your player key",
		Long: `keygen writes a private key to OUT (mode 0600) and its public key to OUT.pub,
and prints the key's fingerprint. It never overwrites an existing file.
Players trust your packs with: firedrill trust add OUT.pub

The same kind of key signs the results you share with a team: make one with
firedrill keygen ~/.config/firedrill/player.key and set it with
firedrill config set key ~/.config/firedrill/player.key.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pub, priv, err := seal.GenerateKey(rand.Reader)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			if err := seal.WriteKeyPair(args[0], priv); err != nil {
				return &exitError{code: 1, err: err}
			}
			printKeyWritten(cmd, args[0], pub)
			return nil
		},
	}
}

func printKeyWritten(cmd *cobra.Command, out string, pub ed25519.PublicKey) {
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "private key: %s (keep it secret)\n", out)
	fmt.Fprintf(w, "public key:  %s.pub (share it)\n", out)
	fmt.Fprintf(w, "fingerprint: %s\n", seal.Fingerprint(pub))
}
