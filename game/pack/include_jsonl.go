package pack

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// JSON Lines logs are the big includes (a million lines is a normal day),
// so they get a small hand-rolled reader for the one shape they have: a
// flat object per line. It finds string ends with bytes.IndexByte, keeps
// unescaped strings as slices of the line, and falls back to encoding/json
// only for strings with escapes. Nested objects and arrays are kept as
// their JSON text in an attribute.

// jsonScanner holds the scratch buffers for unescaped keys and values.
type jsonScanner struct {
	keyBuf, valBuf []byte
	// noEscapes is set per line when it holds no backslash at all, which
	// spares a second scan of every string for one.
	noEscapes bool
}

type jsonSyntaxError struct {
	col int
	msg string
}

func (e *jsonSyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at column %d: %s", e.col, e.msg)
}

func jsonErr(i int, msg string) error { return &jsonSyntaxError{col: i + 1, msg: msg} }

// object feeds every field of the JSON object in line to k.
func (js *jsonScanner) object(b []byte, k *logSink) error {
	return js.objectFunc(b, k.field, k.nested)
}

// objectFunc calls field for every non-null field of the JSON object in b,
// with values unescaped, and nested (when not nil) instead for a value
// that is an object or an array, with its raw JSON text.
func (js *jsonScanner) objectFunc(b []byte, field, nested func(key, val []byte)) error {
	js.noEscapes = bytes.IndexByte(b, '\\') < 0
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return jsonErr(i, "a line must be one JSON object")
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return js.trailing(b, i+1)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return jsonErr(i, "want a quoted field name")
		}
		key, next, err := js.str(b, i, &js.keyBuf)
		if err != nil {
			return err
		}
		i = skipWS(b, next)
		if i >= len(b) || b[i] != ':' {
			return jsonErr(i, "want ':' after a field name")
		}
		i = skipWS(b, i+1)
		val, null, next, err := js.value(b, i)
		if err != nil {
			return err
		}
		switch {
		case null:
		case nested != nil && (b[i] == '{' || b[i] == '['):
			nested(key, val)
		default:
			field(key, val)
		}
		i = skipWS(b, next)
		switch {
		case i < len(b) && b[i] == ',':
			i = skipWS(b, i+1)
		case i < len(b) && b[i] == '}':
			return js.trailing(b, i+1)
		default:
			return jsonErr(i, "want ',' or '}'")
		}
	}
}

func (js *jsonScanner) trailing(b []byte, i int) error {
	if i = skipWS(b, i); i < len(b) {
		return jsonErr(i, "text after the object")
	}
	return nil
}

// value scans one JSON value at b[i]: strings come back unescaped, numbers
// and literals as written, objects and arrays as their raw text.
func (js *jsonScanner) value(b []byte, i int) (val []byte, null bool, next int, err error) {
	if i >= len(b) {
		return nil, false, i, jsonErr(i, "want a value")
	}
	switch c := b[i]; {
	case c == '"':
		val, next, err = js.str(b, i, &js.valBuf)
		return val, false, next, err
	case c == '{' || c == '[':
		end, err := skipNested(b, i)
		if err != nil {
			return nil, false, i, err
		}
		if !json.Valid(b[i:end]) {
			return nil, false, i, jsonErr(i, "malformed nested value")
		}
		return b[i:end], false, end, nil
	case c == 't' && bytes.HasPrefix(b[i:], []byte("true")):
		return b[i : i+4], false, i + 4, nil
	case c == 'f' && bytes.HasPrefix(b[i:], []byte("false")):
		return b[i : i+5], false, i + 5, nil
	case c == 'n' && bytes.HasPrefix(b[i:], []byte("null")):
		return nil, true, i + 4, nil
	case c == '-' || c >= '0' && c <= '9':
		j := i + 1
		for j < len(b) && isNumberByte(b[j]) {
			j++
		}
		return b[i:j], false, j, nil
	}
	return nil, false, i, jsonErr(i, "want a value")
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}

// str scans the string starting at the quote b[i]. Without escapes it is a
// slice of b; with them it is decoded into *buf.
func (js *jsonScanner) str(b []byte, i int, buf *[]byte) ([]byte, int, error) {
	body := b[i+1:]
	q := bytes.IndexByte(body, '"')
	if q < 0 {
		return nil, i, jsonErr(i, "unterminated string")
	}
	if js.noEscapes || bytes.IndexByte(body[:q], '\\') < 0 {
		return body[:q], i + 1 + q + 1, nil
	}
	end := stringEnd(b, i)
	if end < 0 {
		return nil, i, jsonErr(i, "unterminated string")
	}
	if out, ok := appendUnquoted((*buf)[:0], b[i:end]); ok {
		*buf = out
		return out, end, nil
	}
	var s string
	if err := json.Unmarshal(b[i:end], &s); err != nil {
		return nil, i, jsonErr(i, "bad escape in string")
	}
	*buf = append((*buf)[:0], s...)
	return *buf, end, nil
}

// stringEnd returns the index just past the closing quote of the string
// that starts at b[i], honouring backslash escapes; -1 if it never closes.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipNested returns the index just past the object or array at b[i].
// Depth is bounded by the line length, so this cannot recurse away.
func skipNested(b []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		case '"':
			end := stringEnd(b, j)
			if end < 0 {
				return 0, jsonErr(j, "unterminated string")
			}
			j = end - 1
		}
	}
	return 0, jsonErr(i, "unterminated object or array")
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}
