//go:build unix

package gametest

import "syscall"

// Mkfifo makes a FIFO at path: a pack may hold one, and opening it would
// block, so the loaders must refuse it unopened.
func Mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }
