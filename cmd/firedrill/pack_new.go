package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"firedrill/game"
	"firedrill/game/pack"
)

// skeleton is the pack `firedrill pack new` writes: a header and one
// commented example scenario with a log include, which validates as is.
//
//go:embed skeleton
var skeleton embed.FS

func newPackNewCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "new DIR",
		Short: "Create a skeleton pack with one commented example scenario",
		Long: `Create DIR with a pack.yaml, scenarios/example.yaml (every field explained in a
comment) and data/checkout.jsonl (a log include). The pack id is taken from DIR's
name. DIR must not exist or be empty: nothing is ever overwritten.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if err := writeSkeleton(dir); err != nil {
				return &exitError{code: 1, err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created %s\ncheck it with: firedrill pack validate %s\n", dir, dir)
			return nil
		},
	}
}

func writeSkeleton(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s: exists and is not empty; pick a new folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	id := packID(filepath.Base(filepath.Clean(dir)))
	return fs.WalkDir(skeleton, "skeleton", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "skeleton")))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := skeleton.ReadFile(p)
		if err != nil {
			return err
		}
		data = []byte(strings.ReplaceAll(string(data), "PACK_ID", id))
		// O_EXCL: never overwrite, even if a file appeared since the check.
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

// skeletonExample is the example scenario pack new writes: its answer
// ships in every binary, so seal treats it as public.
func skeletonExample() (*game.Scenario, error) {
	s, errs := pack.LoadScenario(skeleton, "skeleton/scenarios/example.yaml")
	if len(errs) > 0 {
		return nil, fmt.Errorf("the pack new example does not load: %w", errors.Join(errs...))
	}
	return s, nil
}

var notIDChars = regexp.MustCompile(`[^a-z0-9-]+`)

// packID turns a folder name into a pack id ([a-z0-9-]{1,64}).
func packID(name string) string {
	id := strings.Trim(notIDChars.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(id) > 64 {
		id = strings.Trim(id[:64], "-")
	}
	if id == "" {
		return "my-pack"
	}
	return id
}
