package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/game/install"
	"firedrill/game/pack"
	"firedrill/game/seal"
)

// newPackInstallCmd is "firedrill pack install"; pack.go attaches it.
func newPackInstallCmd() *cobra.Command {
	var replace bool
	cmd := &cobra.Command{
		Use:   "install PATH|ARCHIVE.tar.gz",
		Short: "Install a pack folder or a .tar.gz archive into the data dir",
		Long: `install copies a pack into the packs folder of the data dir
($XDG_DATA_HOME/firedrill/packs/<id>), where play, list and the picker find it.

A sealed pack is verified first: a pack that no longer matches its signature
is refused, and install says whose key signed it and whether you trust that
key (firedrill trust add). An unsealed pack installs with a warning: its
results stay off the leaderboard.

An archive is unpacked into a hidden staging folder and nothing else: entries
that climb out ("../"), absolute paths, symlinks, hard links, devices, and
more than 1 GiB of content (counted while reading, whatever the headers
claim) refuse the whole archive. The pack may sit at the archive's top or in
one top-level folder, as pack export writes it.

An installed pack of the same id is kept unless --replace is given.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := pack.InstalledDir()
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			opts := install.Options{PacksDir: dir, Replace: replace}
			if store, err := seal.DefaultTrustStore(); err == nil {
				opts.Trust = &store
			}
			rep, err := install.Install(args[0], opts)
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			verb := "installed"
			if rep.Replaced {
				verb = "replaced"
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "%s %s — %s (%s)\n", verb, rep.ID, game.SanitizeLine(rep.Title), rep.Dir)
			fmt.Fprintln(w, trustLine(rep.Status))
			return nil
		},
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "replace an installed pack with the same id")
	return cmd
}

// trustLine says who sealed a pack and whether the player trusts them.
func trustLine(st seal.PackStatus) string {
	switch {
	case st.Tampered():
		return "signature: FAILED (" + st.Err.Error() + "): practice only"
	case !st.Sealed:
		return "unsigned: plays in every mode but interview; results stay off the leaderboard"
	case st.Trusted && st.Report.TrustedName != "":
		return "signed by " + st.Report.Fingerprint + ", trusted as " + st.Report.TrustedName
	case st.Trusted:
		return "signed by " + st.Report.Fingerprint + ", trusted"
	}
	return "signed by " + st.Report.Fingerprint + ", NOT trusted: results stay off the leaderboard " +
		"until you compare the fingerprint with its author and run firedrill trust add KEY.pub"
}

// newPackExportCmd is "firedrill pack export"; pack.go attaches it.
func newPackExportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "export DIR OUT.tar.gz",
		Short: "Write a pack folder as a deterministic .tar.gz to share",
		Long: `export writes the pack folder DIR (sealed or not) as a .tar.gz that pack install
reads: every file under one folder named by the pack's id, sorted, with fixed
times, owners and modes, so the same pack always makes the same bytes. It
refuses symlinks and special files, and never overwrites OUT. A sealed pack's
MANIFEST and signature travel inside: the receiver's install verifies them.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, out := args[0], args[1]
			p, errs := pack.Open(dir)
			if len(errs) > 0 {
				for _, e := range errs {
					fmt.Fprintln(cmd.ErrOrStderr(), e)
				}
				return &exitError{code: 1, err: fmt.Errorf("%s: the pack does not load; fix it first (firedrill pack validate)", dir)}
			}
			if err := install.ExportFile(dir, p.ID, out); err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: pack %s\n", out, p.ID)
			return nil
		},
	}
}

// newPackRemoveCmd is "firedrill pack remove"; pack.go attaches it.
func newPackRemoveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Remove an installed pack",
		Long: `remove deletes the installed pack with id ID from the data dir. Built-in packs
cannot be removed. Your leaderboard rows and exported results stay.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := pack.InstalledDir()
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			removed, err := install.Remove(dir, args[0])
			if err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed %s (%s)\n", args[0], removed)
			return nil
		},
	}
}
