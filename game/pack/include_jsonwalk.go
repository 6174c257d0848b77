package pack

import (
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
	src  *jsonSource
	dec  *json.Decoder
	errs *includeErrors

	// The line of an offset is counted from the last one asked for, so
	// asking in file order (as readers do) stays linear in the file.
	lastOff, lastLine int
	// decodeAt is the decoder's offset when the last Decode began: a type
	// error's offset counts from the value that Decode read, not from the
	// start of the file.
	decodeAt int
}

// newJSONWalk walks a file already in memory.
func newJSONWalk(data []byte, errs *includeErrors) *jsonWalk {
	return walkSource(wholeSource(data), errs)
}

// newJSONStream walks a file as it is read (streamData), holding only a
// window of it (jsonSource).
func newJSONStream(r io.Reader, errs *includeErrors) *jsonWalk {
	return walkSource(streamSource(r), errs)
}

// jsonInclude opens a JSON include for a walk as it is read: the walk
// holds a window of the file, never the whole (streamData, jsonSource).
func (l *loader) jsonInclude(file string) (w *jsonWalk, done func(), errs *includeErrors) {
	if !streamJSON {
		data, errs := l.readData(file)
		return newJSONWalk(data, errs), func() {}, errs
	}
	in, done, errs := l.streamData(file)
	return newJSONStream(in, errs), done, errs
}

// streamJSON is false only in the test that checks a streamed walk finds
// what a walk of the whole file does.
var streamJSON = true

func walkSource(src *jsonSource, errs *includeErrors) *jsonWalk {
	dec := json.NewDecoder(src)
	dec.UseNumber()
	return &jsonWalk{src: src, dec: dec, errs: errs, lastLine: 1}
}

// head is the file's first DetectHead bytes, for wrongShape.
func (w *jsonWalk) head() []byte { return w.src.head }

// noSignals is noSignals for the walk's file.
func (w *jsonWalk) noSignals(seen bool, section, format, key, what string) {
	noSignalsAt(w.errs, w.src.headLine(), w.src.head, seen, section, format, key, what)
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
	i := w.skipSpace(off)
	for c, ok := w.src.byteAt(i); ok && c == ','; c, ok = w.src.byteAt(i) {
		i = w.skipSpace(i + 1)
	}
	c, _ := w.src.byteAt(i)
	return c
}

// skipSpace is the offset of the first byte at or after off that is not
// white space (or the end of the file).
func (w *jsonWalk) skipSpace(off int) int {
	for {
		switch c, _ := w.src.byteAt(off); c {
		case ' ', '\t', '\r', '\n':
			off++
		default:
			return off
		}
	}
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
func (w *jsonWalk) skip() error { return w.decode(&skipValue{}) }

// skipValue keeps nothing of the value it is decoded from. The decoder has
// checked the value's syntax before it calls UnmarshalJSON, so skipping
// costs no copy (a json.RawMessage would copy every skipped value, and for
// a log include the copies stay until the load ends: the collector is
// paused, gcpause.go).
type skipValue struct{}

func (skipValue) UnmarshalJSON([]byte) error { return nil }

// decode reads one value into v.
func (w *jsonWalk) decode(v any) error {
	w.decodeAt = w.offset()
	return w.dec.Decode(v)
}

// valueOffset is the file offset of offset off within the value the last
// Decode read. Decode reads the value from past the separator (',' or
// ':') that follows the white space at decodeAt.
func (w *jsonWalk) valueOffset(off int) int {
	at := w.skipSpace(w.decodeAt)
	if c, _ := w.src.byteAt(at); c == ',' || c == ':' {
		at++
	}
	return at + off
}

// line is the 1-based line of byte offset off, skipping the separator
// before a value.
func (w *jsonWalk) line(off int) int {
	off = w.peekOffset(off)
	if off < w.lastOff {
		w.lastOff, w.lastLine = w.src.base, w.src.baseLine
	}
	w.lastLine += w.src.count(w.lastOff, off)
	w.lastOff = off
	// Nothing before the line last asked for, the last Decode or the
	// decoder is asked for again: a stream's window may let it go.
	w.src.trim(min(w.lastOff, w.decodeAt, w.offset()))
	return w.lastLine
}

// lineAt is the 1-based line of byte offset off (lineAt for the walk's
// file, which a stream does not hold whole).
func (w *jsonWalk) lineAt(off int) int {
	if off >= w.lastOff {
		return w.lastLine + w.src.count(w.lastOff, off)
	}
	return w.src.lineOf(off)
}

func (w *jsonWalk) peekOffset(off int) int {
	off = max(off, 0)
	for {
		switch c, _ := w.src.byteAt(off); c {
		case ',', ' ', '\t', '\r', '\n':
			off++
		default:
			return off
		}
	}
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
		return w.lineAt(int(se.Offset) - 1)
	case errors.As(err, &te):
		return w.lineAt(w.valueOffset(int(te.Offset)) - 1)
	}
	return w.lineAt(w.peekOffset(w.offset()))
}

// jsonString reads a JSON value that should be text: a string as is, a
// number or literal as written, anything else as its JSON text.
func jsonString(raw json.RawMessage) string {
	if plainJSONString(raw) {
		return string(raw[1 : len(raw)-1]) // what Unmarshal gives, without its decoder
	}
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// plainJSONString says whether raw is a JSON string of printable ASCII
// with no escapes: its text between the quotes is its value.
func plainJSONString(raw []byte) bool {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return false
	}
	for _, c := range raw[1 : len(raw)-1] {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
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
