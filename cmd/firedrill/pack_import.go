package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/game/importer"
	"firedrill/game/redact"
)

func newPackImportCmd() *cobra.Command {
	var out, since, until, salt string
	var keep []string
	var doRedact bool
	cmd := &cobra.Command{
		Use:   "import FILE_OR_DIR... --out DIR",
		Short: "Draft a pack from exported logs, metrics, traces and events",
		Long: `Read telemetry exports (files, or folders of them), tell each one's format by
its content, and write DIR: a source pack holding a copy of every file under data/
and one draft scenario that includes them, with the services, calls, time window
and proposed change events the data shows. The story is yours to write: the
briefing, the choices and the answer read TODO, and "firedrill pack validate DIR"
lists each one until it is filled in. Then seal the pack and play it.

Prints what each file was detected as and what it held, and every file it could
not read, with why. --since and --until cut the window (RFC 3339); what lies
outside it is left out. --redact replaces IP addresses, e-mail addresses, tokens,
keys, passwords and host names in every file of the pack (see "pack redact").

Exit status: 0 when the draft was written, 1 when nothing could be read or the
draft has problems besides its TODOs, 2 for a usage error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o := importer.Options{Paths: args, Out: out}
			var err error
			if o.Since, err = flagTime("--since", since); err != nil {
				return &exitError{code: 2, err: err}
			}
			if o.Until, err = flagTime("--until", until); err != nil {
				return &exitError{code: 2, err: err}
			}
			if !o.Since.IsZero() && !o.Until.IsZero() && !o.Until.After(o.Since) {
				return &exitError{code: 2, err: fmt.Errorf("--until %s is not after --since %s", until, since)}
			}
			if doRedact {
				o.Redact = &redact.Options{Salt: salt, Keep: keep}
			} else if salt != "" || len(keep) > 0 {
				return &exitError{code: 2, err: errors.New("--salt and --keep go with --redact")}
			}
			res, err := importer.Import(o)
			w := cmd.OutOrStdout()
			if res != nil {
				printImport(w, res)
			}
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			if len(res.Problems) > 0 {
				return &exitError{code: 1, err: fmt.Errorf("%s: the draft has %d problems besides its TODOs (above)", out, len(res.Problems))}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the pack folder to write (must not exist, or be empty)")
	cmd.Flags().StringVar(&since, "since", "", "start of the window (RFC 3339); earlier signals are left out")
	cmd.Flags().StringVar(&until, "until", "", "end of the window (RFC 3339); later signals are left out")
	cmd.Flags().BoolVar(&doRedact, "redact", false, "redact the pack (as pack redact does)")
	cmd.Flags().StringVar(&salt, "salt", "", "with --redact: keys the pseudonyms, so the same salt gives the same ones; keep it secret")
	cmd.Flags().StringSliceVar(&keep, "keep", nil, "with --redact: host names or domains to leave as they are (repeat, or comma-separated)")
	cmd.MarkFlagRequired("out")
	return cmd
}

func flagTime(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want an RFC 3339 time such as 2025-08-20T14:00:00Z", flag, s)
	}
	return t.UTC(), nil
}

func printImport(w io.Writer, res *importer.Result) {
	if len(res.Files) > 0 {
		fmt.Fprintf(w, "read %d %s:\n", len(res.Files), plural(len(res.Files), "file", "files"))
		got := map[string]string{}
		for _, s := range res.Includes {
			got[s.File] = s.String()
		}
		for _, f := range res.Files {
			line := f.Summary.String()
			if s, ok := got[res.Out+"/"+f.Data]; ok {
				line = s
			}
			fmt.Fprintf(w, "  %s: %s\n    -> %s\n", game.SanitizeLine(f.Path), f.Kind, game.SanitizeLine(line))
		}
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(w, "left out %d:\n", len(res.Skipped))
		for _, s := range res.Skipped {
			fmt.Fprintf(w, "  %s: %s\n", game.SanitizeLine(s.Path), game.SanitizeLine(s.Why))
		}
	}
	if res.Scenario == "" || len(res.Includes) == 0 && len(res.Todo) == 0 && len(res.Problems) == 0 {
		return
	}
	fmt.Fprintf(w, "wrote %s: %d %s, %d %s, window %s + %s, %d proposed change %s\n", res.Out,
		res.Services, plural(res.Services, "service", "services"), res.Calls, plural(res.Calls, "call", "calls"),
		res.Start.Format(time.RFC3339), shortDuration(res.Duration), res.Changes, plural(res.Changes, "event", "events"))
	if s := res.Redacted; s != nil {
		printRedaction(w, s)
	}
	for _, e := range res.Problems {
		fmt.Fprintf(w, "problem: %v\n", e)
	}
	if len(res.Todo) > 0 {
		fmt.Fprintf(w, "fill in the %d TODOs in %s/%s (firedrill pack validate %s lists what is left):\n", len(res.Todo), res.Out, res.Scenario, res.Out)
		for _, e := range res.Todo {
			fmt.Fprintf(w, "  %v\n", e)
		}
	}
}

// shortDuration writes 1h0m0s as 1h and 45m0s as 45m.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
