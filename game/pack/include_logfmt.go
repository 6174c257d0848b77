package pack

import (
	"bytes"
	"errors"
	"strconv"
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
				s, err := strconv.Unquote(string(b[i:end]))
				if err != nil {
					return logfmtErr(i, "bad escape in quoted value")
				}
				*buf = append((*buf)[:0], s...)
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
