package game

import (
	"fmt"
	"strings"
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
