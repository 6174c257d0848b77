// Package gametest holds the fixtures the game packages' tests share: a
// hand-built scenario, a test clock, temp copies of the mini pack, keys,
// and checks on displayed text. It does not import testing: fixtures take
// the small T interface that *testing.T and *testing.B satisfy, so no
// production build can link the testing package through it.
package gametest

import "unicode/utf8"

// DisplaySafe reports what in s could act on a terminal instead of being
// shown: any control byte (newline aside, when allowed), DEL, a C1
// control, a bidi or zero-width format character, or invalid UTF-8.
func DisplaySafe(s string, newlines bool) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8 in " + s
	}
	for _, r := range s {
		switch {
		case r == '\n' && newlines:
		case r < 0x20 || r == 0x7f:
			return "control byte in " + s
		case r >= 0x80 && r <= 0x9f:
			return "C1 control in " + s
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return "bidi control in " + s
		case r >= 0x200b && r <= 0x200d, r == 0xfeff, r == 0x2060:
			return "zero-width character in " + s
		}
	}
	return ""
}
