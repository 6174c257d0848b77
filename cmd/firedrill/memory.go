package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"firedrill/game/pack"
)

// addMaxMemoryFlag gives every command --max-memory: the memory budget a
// pack is held to before its includes are parsed (game/pack, memory.go).
// The flag wins over FIREDRILL_MAX_MEMORY; neither means half of the
// machine's memory.
func addMaxMemoryFlag(root *cobra.Command) {
	var size string
	root.PersistentFlags().StringVar(&size, "max-memory", "",
		"refuse a pack estimated to need more memory than this (512MiB, 2G; default: $"+pack.MaxMemoryEnv+", else half of the machine's memory)")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		from := "--max-memory"
		if size == "" {
			size, from = os.Getenv(pack.MaxMemoryEnv), pack.MaxMemoryEnv
		}
		if size == "" {
			pack.SetMaxMemory(0)
			return nil
		}
		n, err := pack.ParseSize(size)
		if err != nil {
			return &exitError{code: 2, err: fmt.Errorf("%s: %v", from, err)}
		}
		pack.SetMaxMemory(n)
		return nil
	}
}
