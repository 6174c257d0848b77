package game

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a problem with a pack, at a position: it prints as
// "path:line: field: message", the one format every command uses.
type Error struct {
	File  string
	Line  int // 0 when the position is the whole file
	Field string
	Msg   string
}

// Error sanitizes the path and the field: a pack names its own scenario
// and include files (pack.yaml's scenarios, include:), and a missing one
// is reported by that name on the terminal.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(SanitizeLine(e.File))
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(SanitizeLine(e.Field))
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// short makes untrusted text fit for a one-line message: cut at 32
// characters (so a 64 KiB bad value does not become a 64 KiB error line),
// then sanitized.
func short(s string) string {
	if utf8.RuneCountInString(s) <= 32 {
		return SanitizeLine(s)
	}
	n := 0
	for i := range s {
		if n == 32 {
			return SanitizeLine(s[:i]) + "…"
		}
		n++
	}
	return SanitizeLine(s)
}

// errorf builds a positioned error.
func errorf(file string, line int, field, format string, args ...any) *Error {
	return &Error{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}
