package pack

import (
	"encoding/json"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON strings with escapes are unescaped into a reader's scratch buffer
// rather than through json.Unmarshal, which allocates a string for each:
// the loader runs with the collector paused (gcpause.go), so that string
// would stay until the load ends, on every line whose message holds a
// quote or a newline.

// appendUnquoted appends the text of the JSON string raw (with its quotes)
// to dst. ok is false, with dst as it was, for anything it leaves to
// encoding/json to judge or to mend: invalid UTF-8 (which encoding/json
// replaces), surrogate escapes, control characters, bad escapes.
func appendUnquoted(dst, raw []byte) (out []byte, ok bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return dst, false
	}
	s := raw[1 : len(raw)-1]
	if !utf8.Valid(s) {
		return dst, false
	}
	n := len(dst)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c < 0x20:
			return dst[:n], false
		case c != '\\':
			dst = append(dst, c)
			continue
		}
		if i++; i >= len(s) {
			return dst[:n], false
		}
		switch s[i] {
		case '"', '\\', '/':
			dst = append(dst, s[i])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(s[i+1:])
			if !ok || utf16.IsSurrogate(r) {
				return dst[:n], false
			}
			dst = utf8.AppendRune(dst, r)
			i += 4
		default:
			return dst[:n], false
		}
	}
	return dst, true
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// jsonText is jsonString into a scratch buffer: a string's text, a number
// or literal as written, anything else as its JSON text. The result is
// *buf, or a view of raw; it lives until the next call with buf.
func jsonText(raw []byte, buf *[]byte) []byte {
	if len(raw) > 0 && raw[0] == '"' {
		if out, ok := appendUnquoted((*buf)[:0], raw); ok {
			*buf = out
			return out
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return bytesOf(s)
		}
	}
	return raw
}
