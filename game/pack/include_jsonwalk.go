package pack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"firedrill/game"
)

// jsonWalk steps a json.Decoder through a structured export (OTLP, Jaeger,
// Zipkin, Prometheus, Loki, Kubernetes) token by token, decoding only
// single records into structs and skipping every other field, so memory
// follows the records kept, not the size of the file's JSON tree. The
// decoder refuses nesting deeper than encoding/json's limit, so a hostile
// file cannot recurse the reader away.
type jsonWalk struct {
	data []byte
	dec  *json.Decoder
	errs *includeErrors

	// The line of an offset is counted from the last one asked for, so
	// asking in file order (as readers do) stays linear in the file.
	lastOff, lastLine int
}

func newJSONWalk(data []byte, errs *includeErrors) *jsonWalk {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return &jsonWalk{data: data, dec: dec, errs: errs, lastLine: 1}
}

// errShape is well-formed JSON in the wrong shape for the format; line,
// when set, is where the value at fault starts.
type errShape struct {
	msg  string
	line int
}

func (e *errShape) Error() string { return e.msg }

func shapeErr(format string, args ...any) error { return &errShape{msg: fmt.Sprintf(format, args...)} }

// shapeErrAt is shapeErr for the value that starts at line.
func shapeErrAt(line int, format string, args ...any) error {
	return &errShape{msg: fmt.Sprintf(format, args...), line: line}
}

// errStop ends a walk whose reason is already recorded (a limit reached).
var errStop = errors.New("stop")

// documents calls doc for every top-level JSON value of the file, with the
// decoder before it: one export, JSON Lines or concatenated exports
// (pretty-printed or not), and the elements of a top-level array. doc
// reports each value's problems itself; documents stops at the first
// error doc returns, records it, and returns false.
func (w *jsonWalk) documents(doc func() error) bool {
	for {
		if !w.dec.More() {
			if _, err := w.dec.Token(); err != io.EOF {
				return w.fail(err)
			}
			return true
		}
		off := w.offset()
		if w.peek(off) == '[' {
			if err := w.array(doc); err != nil {
				return w.fail(err)
			}
			continue
		}
		if err := doc(); err != nil {
			return w.fail(err)
		}
	}
}

// peek is the first byte of the next value at or after off.
func (w *jsonWalk) peek(off int) byte {
	i := skipWS(w.data, off)
	for i < len(w.data) && w.data[i] == ',' {
		i = skipWS(w.data, i+1)
	}
	if i < len(w.data) {
		return w.data[i]
	}
	return 0
}

// next is the first byte of the next value at the decoder.
func (w *jsonWalk) next() byte { return w.peek(w.offset()) }

func (w *jsonWalk) offset() int { return int(w.dec.InputOffset()) }

// object calls field for each key of the object at the decoder, with the
// decoder at the key's value, and reads past its '}'.
func (w *jsonWalk) object(field func(key string) error) error {
	if err := w.expectDelim('{'); err != nil {
		return err
	}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return shapeErr("want a field name")
		}
		if err := field(key); err != nil {
			return err
		}
	}
	_, err := w.dec.Token() // '}'
	return err
}

// array calls each for every element of the array at the decoder; null
// counts as an empty array.
func (w *jsonWalk) array(each func() error) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return shapeErr("want an array, got %s", tokenText(tok))
	}
	for w.dec.More() {
		if err := each(); err != nil {
			return err
		}
	}
	_, err = w.dec.Token() // ']'
	return err
}

func (w *jsonWalk) expectDelim(want json.Delim) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return shapeErr("want %q, got %s", string(want), tokenText(tok))
	}
	return nil
}

// tokenText names a token for a message.
func tokenText(tok json.Token) string {
	switch t := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		return string(t)
	case string:
		return quote(t)
	}
	return short(fmt.Sprint(tok))
}

// skip reads past one value of any kind.
func (w *jsonWalk) skip() error { return w.dec.Decode(&skipValue{}) }

// skipValue keeps nothing of the value it is decoded from. The decoder has
// checked the value's syntax before it calls UnmarshalJSON, so skipping
// costs no copy (a json.RawMessage would copy every skipped value, and the
// copies stay until the load ends: the collector is paused, gcpause.go).
type skipValue struct{}

func (skipValue) UnmarshalJSON([]byte) error { return nil }

// decode reads one value into v.
func (w *jsonWalk) decode(v any) error { return w.dec.Decode(v) }

// line is the 1-based line of byte offset off, skipping the separator
// before a value.
func (w *jsonWalk) line(off int) int {
	off = w.peekOffset(off)
	if off < w.lastOff {
		w.lastOff, w.lastLine = 0, 1
	}
	w.lastLine += bytes.Count(w.data[w.lastOff:off], []byte{'\n'})
	w.lastOff = off
	return w.lastLine
}

func (w *jsonWalk) peekOffset(off int) int {
	off = min(max(off, 0), len(w.data))
	for off < len(w.data) && (w.data[off] == ',' || w.data[off] == ' ' || w.data[off] == '\t' ||
		w.data[off] == '\r' || w.data[off] == '\n') {
		off++
	}
	return off
}

// fail records err at its line; it returns false for documents.
func (w *jsonWalk) fail(err error) bool {
	if errors.Is(err, errStop) {
		return false
	}
	w.errs.add(w.errorLine(err), "", "%s", game.SanitizeLine(cleanJSONError(err)))
	return false
}

func (w *jsonWalk) errorLine(err error) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var sh *errShape
	switch {
	case errors.As(err, &sh) && sh.line > 0:
		return sh.line
	case errors.As(err, &se):
		return lineAt(w.data, int(se.Offset)-1)
	case errors.As(err, &te):
		return lineAt(w.data, int(te.Offset)-1)
	}
	return lineAt(w.data, w.peekOffset(w.offset()))
}

// jsonString reads a JSON value that should be text: a string as is, a
// number or literal as written, anything else as its JSON text.
func jsonString(raw json.RawMessage) string {
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// queryResponses reads the query responses of Prometheus's HTTP API and of
// the APIs that copy it (Loki): {"status", "data": {"resultType",
// "result": [...]}}, or {"status": "error", "error"}. check vets the
// result type; each reads one result at the decoder, given its line. It
// says whether any response had data.
func (w *jsonWalk) queryResponses(check func(resultType string) error, each func(line int) error) bool {
	seen := false
	w.documents(func() error {
		line := w.line(w.offset())
		var status, errType, errMsg string
		err := w.object(func(key string) error {
			switch key {
			case "status":
				return w.decode(&status)
			case "errorType":
				return w.decode(&errType)
			case "error":
				return w.decode(&errMsg)
			case "data":
				seen = true
				return w.object(func(key string) error {
					switch key {
					case "resultType":
						var t string
						if err := w.decode(&t); err != nil {
							return err
						}
						return check(t)
					case "result":
						return w.array(func() error { return each(w.line(w.offset())) })
					}
					return w.skip()
				})
			}
			return w.skip()
		})
		if status == "error" {
			w.errs.add(line, "", "the export is an error response: %s: %s", short(errType), short(errMsg))
		}
		return err
	})
	return seen
}
