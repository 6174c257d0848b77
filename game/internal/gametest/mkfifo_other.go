//go:build !unix

package gametest

import "errors"

// Mkfifo makes a FIFO at path: a pack may hold one, and opening it would
// block, so the loaders must refuse it unopened.
func Mkfifo(string) error { return errors.New("no FIFOs on this system") }
