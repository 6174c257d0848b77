package main

import "github.com/spf13/cobra"

// newPackCmd builds `firedrill pack`, the parent of the commands that work
// on pack folders. Each child lives in its own file (pack_validate.go,
// pack_new.go, …); add one here with a single AddCommand line.
func newPackCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pack",
		Short: "Create, validate and share scenario packs",
		Long: `Work with scenario packs: folders holding a pack.yaml, scenarios/*.yaml and
optional data/ files. The format is docs/PACK_FORMAT.md in firedrill's source;
"firedrill pack new DIR" writes a commented example to start from.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPackValidateCmd())
	cmd.AddCommand(newPackNewCmd())
	cmd.AddCommand(newPackSealCmd())
	cmd.AddCommand(newPackVerifyCmd())
	cmd.AddCommand(newPackImportCmd())
	cmd.AddCommand(newPackRedactCmd())
	cmd.AddCommand(newPackInstallCmd(), newPackExportCmd(), newPackRemoveCmd())
	return cmd
}
