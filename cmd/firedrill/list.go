package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/game/seal"
	"firedrill/game/sim/emit"
)

// listJSON is the stable --json output of `firedrill list`.
type listJSON struct {
	Packs  []listPack `json:"packs"`
	Errors []string   `json:"errors"` // packs that failed to load, one message per problem
}

type listPack struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Version     string         `json:"version"`
	Author      string         `json:"author"`
	Source      string         `json:"source"` // "embedded" or the pack's folder
	Seal        listSeal       `json:"seal"`
	Scenarios   []listScenario `json:"scenarios"`
	Description string         `json:"description"`
}

// listSeal is what verifying an installed pack found.
type listSeal struct {
	Sealed      bool   `json:"sealed"`                // has a MANIFEST
	Verified    bool   `json:"verified"`              // matches its signature (false: tampered)
	Fingerprint string `json:"fingerprint,omitempty"` // the signer's key
	Trusted     bool   `json:"trusted"`               // the signer is in the trust store
	TrustedName string `json:"trusted_name,omitempty"`
	Problem     string `json:"problem,omitempty"` // why verification failed
}

func sealOf(st seal.PackStatus) listSeal {
	ls := listSeal{Sealed: st.Sealed, Verified: st.Verified, Trusted: st.Trusted,
		Fingerprint: st.Report.Fingerprint, TrustedName: st.Report.TrustedName}
	if st.Err != nil {
		ls.Problem = st.Err.Error()
	}
	return ls
}

type listScenario struct {
	ID               string   `json:"id"`
	Title            string   `json:"title"`
	Difficulty       int      `json:"difficulty"`         // 1 (warm-up) .. 5 (nightmare)
	TimeLimit        string   `json:"time_limit"`         // Go duration, e.g. "15m"
	TimeLimitSeconds int64    `json:"time_limit_seconds"` // the same, in seconds
	Tags             []string `json:"tags"`
}

func newListCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the embedded and installed packs and their scenarios",
		Long: `List every pack firedrill can play: the ones built in and the ones installed
in the packs folder of the data dir ($XDG_DATA_HOME/firedrill/packs), each
installed one with its seal: the author key's fingerprint and whether you
trust it, unsigned, or FAILED when it no longer matches its signature. A pack
that fails to load is reported on stderr and left out.

--json prints one object, stable across versions:
  packs    [{id, title, version, author, source ("embedded" or the folder),
            seal {sealed, verified, fingerprint, trusted, trusted_name, problem},
            description, scenarios [{id, title, difficulty (1..5), time_limit
            (Go duration), time_limit_seconds, tags}]}], embedded first
  errors   [messages for packs that failed to load]`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			packs, errs := pack.Library().Packs()
			seals := seal.CheckPacks(packs)
			if asJSON {
				return writeListJSON(cmd.OutOrStdout(), packs, seals, errs)
			}
			for _, e := range errs {
				fmt.Fprintln(cmd.ErrOrStderr(), e)
			}
			return writeListText(cmd.OutOrStdout(), packs, seals)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (stable, documented above)")
	return cmd
}

func writeListJSON(w io.Writer, packs []*game.Pack, seals map[*game.Pack]seal.PackStatus, errs []error) error {
	out := listJSON{Packs: []listPack{}, Errors: []string{}}
	for _, p := range packs {
		lp := listPack{ID: p.ID, Title: p.Title, Version: p.Version, Author: p.Author, Source: p.Source,
			Seal: sealOf(seals[p]), Description: p.Description, Scenarios: []listScenario{}}
		for _, s := range p.Scenarios {
			tags := s.Tags
			if tags == nil {
				tags = []string{}
			}
			lp.Scenarios = append(lp.Scenarios, listScenario{ID: s.ID, Title: s.Title, Difficulty: s.Difficulty,
				TimeLimit: emit.Duration(s.TimeLimit), TimeLimitSeconds: int64(s.TimeLimit / time.Second), Tags: tags})
		}
		out.Packs = append(out.Packs, lp)
	}
	for _, e := range errs {
		out.Errors = append(out.Errors, e.Error())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeListText(w io.Writer, packs []*game.Pack, seals map[*game.Pack]seal.PackStatus) error {
	if len(packs) == 0 {
		_, err := fmt.Fprintln(w, "No packs found. Create one with: firedrill pack new DIR")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, p := range packs {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		// The folder's name came with the pack: sanitize it like its text.
		fmt.Fprintf(tw, "%s — %s (%s)\n", p.ID, p.Title, game.SanitizeLine(p.Source))
		if p.Source != game.SourceEmbedded {
			fmt.Fprintf(tw, "  %s\n", trustLine(seals[p]))
		}
		fmt.Fprintln(tw, "  SCENARIO\tTITLE\tDIFFICULTY\tLIMIT\tTAGS")
		for _, s := range p.Scenarios {
			fmt.Fprintf(tw, "  %s/%s\t%s\t%s\t%s\t%s\n", p.ID, s.ID, s.Title, stars(s.Difficulty),
				emit.Duration(s.TimeLimit), strings.Join(s.Tags, ", "))
		}
	}
	return tw.Flush()
}

// stars draws a difficulty of 1..5 as filled and empty stars.
func stars(d int) string {
	d = min(max(d, 0), 5)
	return strings.Repeat("★", d) + strings.Repeat("☆", 5-d)
}
