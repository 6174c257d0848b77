package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"firedrill/game/redact"
)

func newPackRedactCmd() *cobra.Command {
	var salt string
	var keep []string
	cmd := &cobra.Command{
		Use:   "redact DIR",
		Short: "Replace IPs, e-mails, tokens, keys, passwords and host names in a pack",
		Long: `Redact every file of the source pack DIR in place: IPv4 and IPv6 addresses,
e-mail addresses, bearer tokens, API keys, JWTs, passwords (in URLs and in
password=/secret=/token= fields) and host names (in URLs, in host fields, and
dotted names under a known top-level domain) become pseudonyms that keep their
shape (an IP stays an IP), the same original the same pseudonym in every file.
Loopback addresses, reserved names (example.com, *.example, localhost) and the
domains Kubernetes label keys use (kubernetes.io, nvidia.com…) are kept; --keep
adds more. A --salt gives the same pseudonyms every time; keep it secret, since
with it anyone can test a guess. Without one, a random salt is used.

The redacted pack replaces DIR whole (written beside it, then renamed), and a
sealed pack is refused: redact the source, then seal it. Prints how many values
of each kind were replaced.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sum, err := redact.Dir(args[0], redact.Options{Salt: salt, Keep: keep})
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			printRedaction(cmd.OutOrStdout(), sum)
			return nil
		},
	}
	cmd.Flags().StringVar(&salt, "salt", "", "keys the pseudonyms, so the same salt gives the same ones; keep it secret")
	cmd.Flags().StringSliceVar(&keep, "keep", nil, "host names or domains to leave as they are (repeat, or comma-separated)")
	return cmd
}

func printRedaction(w io.Writer, s *redact.Summary) {
	fmt.Fprintf(w, "redacted %d %s in %d %s:\n", s.Total(), plural(s.Total(), "value", "values"), s.Files, plural(s.Files, "file", "files"))
	for _, k := range s.Kinds {
		fmt.Fprintf(w, "  %-18s %d distinct, %d %s\n", k.Kind, k.Distinct, k.Replacements, plural(k.Replacements, "replacement", "replacements"))
	}
}
