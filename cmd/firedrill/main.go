// Command firedrill is an offline terminal game for debugging production
// incidents. Each subcommand lives in its own file and stays thin: it parses
// flags and calls game/ or ui/.
package main

import (
	"errors"
	"fmt"
	"os"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// exitError carries a process exit code through cobra: 1 for bad input,
// 2 for usage.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func main() {
	cmd := newRootCmd()
	if err := cmd.Execute(); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.err != nil && ee.err.Error() != "" {
				fmt.Fprintln(os.Stderr, "firedrill:", ee.err)
			}
			os.Exit(ee.code)
		}
		fmt.Fprintln(os.Stderr, "firedrill:", err)
		os.Exit(2) // cobra's own errors are flag and argument mistakes
	}
}
