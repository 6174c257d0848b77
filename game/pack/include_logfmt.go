package pack

import (
	"bytes"
	"errors"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// logfmt is key=value pairs separated by spaces, values optionally
// double-quoted with Go-style escapes (time=2025-08-20T14:00:01Z level=warn
// msg="pool exhausted" pod=checkout-7d9f). A bare key counts as key=true.

// logfmtParser keeps the scratch buffer for unquoted values.
type logfmtParser struct{ buf []byte }

func (lp *logfmtParser) line(b []byte, k *logSink) error {
	buf := &lp.buf
	i := 0
	for {
		i = skipWS(b, i)
		if i >= len(b) {
			return nil
		}
		start := i
		for i < len(b) && b[i] != '=' && b[i] != ' ' && b[i] != '\t' {
			if b[i] == '"' {
				return logfmtErr(i, "a quote inside a key")
			}
			i++
		}
		key := b[start:i]
		if i >= len(b) || b[i] != '=' {
			k.field(key, []byte("true"))
			continue
		}
		i++ // '='
		if i < len(b) && b[i] == '"' {
			end := stringEnd(b, i)
			if end < 0 {
				return logfmtErr(i, "unterminated quoted value")
			}
			val := b[i+1 : end-1]
			if bytes.IndexByte(val, '\\') >= 0 {
				unquoted, ok := appendGoUnquoted((*buf)[:0], b[i:end])
				if !ok {
					return logfmtErr(i, "bad escape in quoted value")
				}
				*buf = unquoted
				val = *buf
			}
			k.field(key, val)
			i = end
			continue
		}
		start = i
		for i < len(b) && b[i] != ' ' && b[i] != '\t' {
			i++
		}
		if len(b[start:i]) > 0 {
			k.field(key, b[start:i])
		}
	}
}

func logfmtErr(i int, msg string) error {
	return errors.New("invalid logfmt at column " + strconv.Itoa(i+1) + ": " + msg)
}

// appendGoUnquoted appends the text of the Go-quoted string q (with its
// quotes, and a backslash in it) to dst, as strconv.Unquote would return
// it, but without the two strings Unquote makes: a line's garbage stays
// until the load ends (the collector is paused, gcpause.go). ok is false
// where Unquote fails.
func appendGoUnquoted(dst, q []byte) (out []byte, ok bool) {
	if len(q) < 2 || q[0] != '"' {
		return dst, false
	}
	in := unsafe.String(&q[1], len(q)-1) // only read, while q is alive
	for len(in) > 0 && in[0] != '"' {
		r, multibyte, rest, err := strconv.UnquoteChar(in, '"')
		if in[0] == '\n' || err != nil {
			return dst, false
		}
		in = rest
		if r < utf8.RuneSelf || !multibyte {
			dst = append(dst, byte(r))
		} else {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst, in == `"`
}
