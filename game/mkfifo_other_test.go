//go:build !unix

package game

import "errors"

func mkfifo(string) error { return errors.New("no FIFOs on this system") }
