package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/game/seal"
)

// newPackVerifyCmd is "firedrill pack verify"; the pack parent command
// (pack.go) attaches it.
func newPackVerifyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "verify PATH",
		Short: "Check a sealed pack's signature and every file's digest",
		Long: `verify checks MANIFEST.sig over MANIFEST, then every file's SHA-256, and refuses
files MANIFEST does not list. It prints the signer's fingerprint and whether you
trust it (firedrill trust add). Exit 1 names the first file that fails.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			rep, err := seal.VerifyPack(dir)
			var ve *seal.VerifyError
			switch {
			case errors.As(err, &ve):
				return &exitError{code: 1, err: fmt.Errorf("%s: %s", filepath.Join(dir, game.SanitizeLine(ve.File)), game.SanitizeLine(ve.Problem))}
			case errors.Is(err, seal.ErrNotSealed):
				return &exitError{code: 1, err: fmt.Errorf("%s: %v; seal it with firedrill pack seal", dir, err)}
			case err != nil:
				return &exitError{code: 1, err: err}
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "OK %s: %d files match the signed manifest\n", dir, rep.Files)
			trust := "untrusted (firedrill trust add KEY.pub to trust it)"
			if rep.Trusted {
				trust = "trusted"
				if rep.TrustedName != "" {
					trust += " as " + rep.TrustedName
				}
			}
			fmt.Fprintf(w, "signer: %s %s\n", rep.Fingerprint, trust)
			if rep.Interview {
				fmt.Fprintln(w, "interview pack: no answer key inside; graded with the interviewer's key")
			}
			return nil
		},
	}
}
