package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"firedrill/game/public"
	"firedrill/game/seal"
)

// newPackSealCmd is "firedrill pack seal"; the pack parent command
// (pack.go) attaches it.
func newPackSealCmd() *cobra.Command {
	var keyFile, interviewOut string
	var seed int64
	var allowPublic bool
	cmd := &cobra.Command{
		Use:   "seal SRC OUT --key KEY",
		Short: "Seal a source pack: answers sealed, every file signed",
		Long: `seal copies the source pack SRC to OUT (which must not exist or be empty),
cuts every answer: block out of the scenarios into a sealed answer key
(ANSWERS.json: a salted commitment to the correct choice, the rest encrypted
under a key derived from it), and signs a MANIFEST of every file with KEY.

--interview KEYOUT writes the answer key to KEYOUT instead, for the
interviewer alone; the pack keeps only its digest (INTERVIEW). It also cuts
every hints: block out: interview mode has no hints, and practice mode on the
candidate's copy must not reveal them.

seal refuses a scenario whose answer ships with every firedrill binary: a
copy of an embedded scenario or of the pack new example (same signals or
same choices, whatever its id or title), or the simulator's output (generate, daily), recognised by the
recipe its id or its marker comment names. A candidate's own firedrill
would show its debrief. --allow-public seals it anyway (for practice packs)
and warns. An edited copy whose marks were removed is not recognised; see
docs/SEALING.md.

--seed N makes salts and nonces deterministic so sealing is reproducible.
For tests only: whoever knows N can recompute them. See docs/SEALING.md.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if keyFile == "" {
				return &exitError{code: 2, err: fmt.Errorf("--key is required (make one with firedrill keygen)")}
			}
			priv, err := seal.ReadPrivateKey(keyFile)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			example, err := skeletonExample()
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			opts := seal.Options{Key: priv, InterviewKeyOut: interviewOut, AllowPublic: allowPublic,
				AlsoPublic: []public.Known{{Name: "the pack new example", Scenario: example}}}
			if cmd.Flags().Changed("seed") {
				opts.Rand = seal.SeededRand(seed)
			}
			rep, err := seal.Pack(args[0], args[1], opts)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			printSealed(cmd.OutOrStdout(), args[1], interviewOut, rep)
			for _, m := range rep.Public {
				fmt.Fprintf(cmd.ErrOrStderr(), "warning: %v: its answer ships with every firedrill binary; never send this pack to candidates\n", m)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&keyFile, "key", "", "the author's private key (from firedrill keygen)")
	cmd.Flags().StringVar(&interviewOut, "interview", "", "write the answer key to this file, outside the pack")
	cmd.Flags().Int64Var(&seed, "seed", 0, "deterministic salts and nonces (tests only)")
	cmd.Flags().BoolVar(&allowPublic, "allow-public", false, "seal embedded or generated scenarios anyway (their answers are public)")
	return cmd
}

func printSealed(w io.Writer, out, interviewOut string, rep seal.Report) {
	fmt.Fprintf(w, "sealed %d %s into %s (%d files signed)\n", rep.Scenarios, plural(rep.Scenarios, "scenario", "scenarios"), out, rep.Files)
	fmt.Fprintf(w, "signer: %s\n", rep.Fingerprint)
	fmt.Fprintf(w, "manifest sha256: %s\n", rep.ManifestDigest)
	if interviewOut != "" {
		fmt.Fprintf(w, "interview key: %s (keep it; the pack holds no answer)\n", interviewOut)
	}
}
