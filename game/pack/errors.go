package pack

import (
	"fmt"
	"unicode/utf8"

	"firedrill/game"
)

// short makes untrusted text fit for a one-line message: cut at 32
// characters (so a 64 KiB bad value does not become a 64 KiB error line),
// then sanitized.
func short(s string) string {
	if utf8.RuneCountInString(s) <= 32 {
		return game.SanitizeLine(s)
	}
	n := 0
	for i := range s {
		if n == 32 {
			return game.SanitizeLine(s[:i]) + "…"
		}
		n++
	}
	return game.SanitizeLine(s)
}

// errorf builds a positioned error.
func errorf(file string, line int, field, format string, args ...any) *game.Error {
	return &game.Error{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}
