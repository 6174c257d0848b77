package game

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TabWidth is how far Sanitize expands a tab.
const TabWidth = 4

// Sanitize makes untrusted pack text safe to print: it is shown, never
// obeyed. C0 controls, ESC and DEL become caret escapes (^[, ^?), C1
// controls, bidi overrides and isolates, zero-width and other invisible
// format characters become <U+XXXX>, invalid UTF-8 becomes U+FFFD, and tabs
// expand to spaces. Newlines survive: multi-line text (briefings) keeps its
// shape; single-line fields flatten them with SanitizeLine.
//
// Sanitize is idempotent: every escape it writes is printable ASCII.
func Sanitize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	col := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
			col++
		case r == '\n':
			b.WriteByte('\n')
			col = 0
		case r == '\t':
			n := TabWidth - col%TabWidth
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + '@')
			col += 2
		case r == 0x7f:
			b.WriteString("^?")
			col += 2
		case isInvisible(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
			col += 8
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// SanitizeLine is Sanitize for one-line fields (log messages, names): a
// newline becomes the visible "⏎" so that one record stays one row.
func SanitizeLine(s string) string {
	return strings.ReplaceAll(Sanitize(s), "\n", "⏎")
}

// AppendSanitizedLine appends SanitizeLine(string(b)) to dst, allocating
// nothing but dst's growth: the include readers sanitize fields line after
// line with the collector paused, where two strings per field would stay
// until the load ends.
func AppendSanitizedLine(dst, b []byte) []byte {
	col := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			dst = utf8.AppendRune(dst, utf8.RuneError)
			col++
		case r == '\n':
			dst = append(dst, "⏎"...)
			col = 0
		case r == '\t':
			n := TabWidth - col%TabWidth
			for range n {
				dst = append(dst, ' ')
			}
			col += n
		case r < 0x20:
			dst = append(dst, '^', byte(r)+'@')
			col += 2
		case r == 0x7f:
			dst = append(dst, "^?"...)
			col += 2
		case isInvisible(r):
			dst = append(dst, "<U+"...)
			for shift := max(12, (bitsLen(r)+3)/4*4-4); shift >= 0; shift -= 4 { // %04X
				dst = append(dst, "0123456789ABCDEF"[r>>shift&0xf])
			}
			dst = append(dst, '>')
			col += 8
		default:
			dst = utf8.AppendRune(dst, r)
			col++
		}
	}
	return dst
}

// bitsLen is the number of bits r needs.
func bitsLen(r rune) int {
	n := 0
	for ; r > 0; r >>= 1 {
		n++
	}
	return n
}

// SanitizeAll is Sanitize of each string, in a new slice.
func SanitizeAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = Sanitize(s)
	}
	return out
}

// isClean is the fast path: plain printable ASCII needs no work, and most
// log text is exactly that.
func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' || c >= 0x7f {
			return false
		}
	}
	return true
}

// isInvisible reports runes that change how text is shown without being
// seen: C1 controls, bidi embeddings/overrides/isolates and marks,
// zero-width characters, and the rest of Unicode's format category (Cf),
// plus the line/paragraph separators that terminals treat as breaks.
func isInvisible(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls, including CSI (0x9b) and OSC (0x9d)
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	case r == 0xfffc: // object replacement: a stand-in for nothing
		return true
	case r == 0x115f || r == 0x1160 || r == 0x3164 || r == 0xffa0: // Hangul fillers: letters that draw nothing
		return true
	case r == 0x034f: // combining grapheme joiner: invisible
		return true
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r)
}
