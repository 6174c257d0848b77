package pack

import (
	"bufio"
	"bytes"
	"io"
)

// JSON log records come as JSON Lines (one object a line, the common case
// and the fast one), or as one document: a pretty-printed object, objects
// one after another (jq's output, journalctl -o json-pretty), an array of
// objects, or an envelope object holding the array (CloudWatch's
// {"events": [...]}). The first line tells which.

// jsonLineMode says whether a JSON log include is JSON Lines: unless its
// first non-blank line opens a document — an array, or a lone "{" as
// pretty printers (jq, journalctl -o json-pretty) write — or the preset
// expects an envelope. A broken one-line object stays a line, so its
// error names the column.
func (l *loader) jsonLineMode(file string, opts *logOptions) bool {
	if opts != nil && opts.envelope != "" {
		return false
	}
	f, err := l.fsys.Open(file)
	if err != nil {
		return true // the line reader reports it
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		line, err := r.ReadSlice('\n')
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return t[0] != '[' && string(t) != "{"
		}
		if err != nil {
			return err != io.EOF || len(line) == 0
		}
	}
}

// readJSONRecords reads a JSON log include, in whichever shape it has.
func (l *loader) readJSONRecords(file string, k *logSink) {
	if l.jsonLineMode(file, k.opts) {
		l.readLogLines(file, FormatJSONL, k)
		return
	}
	data, ok := l.readInto(file, k.errs)
	if !ok {
		return
	}
	r := &jsonRecords{data: data, k: k, lines: lineCounter{data: data, line: 1}}
	r.document()
}

// MaxRecordBytes bounds one record of a JSON document (a pretty-printed
// object spans lines, so MaxLineBytes does not bound it).
const MaxRecordBytes = 1 << 20

// jsonRecords walks a JSON document's records, feeding each to the sink.
type jsonRecords struct {
	data  []byte
	k     *logSink
	js    jsonScanner
	lines lineCounter
}

// document reads every top-level value: an array of records, an envelope
// object, or a record.
func (r *jsonRecords) document() {
	b := r.data
	i := skipWS(b, 0)
	for i < len(b) && !r.k.full {
		var next int
		var ok bool
		switch b[i] {
		case '[':
			next, ok = r.array(i)
		case '{':
			next, ok = r.object(i)
		default:
			r.fail(i, "want a JSON object or an array of them")
			return
		}
		if !ok {
			return
		}
		i = skipWS(b, next)
	}
}

// array reads the records of the array at b[i]; it returns the offset past
// its ']'.
func (r *jsonRecords) array(i int) (int, bool) {
	b := r.data
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, true
	}
	for i < len(b) {
		if b[i] != '{' {
			r.fail(i, "want a JSON object in the array")
			return 0, false
		}
		end, ok := r.record(i)
		if !ok {
			return 0, false
		}
		i = skipWS(b, end)
		switch {
		case i < len(b) && b[i] == ',':
			i = skipWS(b, i+1)
		case i < len(b) && b[i] == ']':
			return i + 1, true
		default:
			r.fail(i, "want ',' or ']' after a record")
			return 0, false
		}
	}
	r.fail(len(b), "the array never closes")
	return 0, false
}

// object reads the object at b[i]: a record, or the envelope of an array
// of them.
func (r *jsonRecords) object(i int) (int, bool) {
	if env := r.k.opts.envelopeKey(); env != "" {
		end, err := skipNested(r.data, i)
		if err != nil {
			r.fail(i, err.Error())
			return 0, false
		}
		at := -1
		err = r.js.objectFunc(r.data[i:end], func(key, val []byte) {}, func(key, val []byte) {
			if string(key) == env && val[0] == '[' && at < 0 {
				// val is a slice of the object: its capacity gives its offset.
				at = i + cap(r.data[i:end]) - cap(val)
			}
		})
		if err == nil && at >= 0 {
			if _, ok := r.array(at); !ok {
				return 0, false
			}
			return end, true
		}
	}
	return r.record(i)
}

// record feeds the object at b[i] to the sink; it returns the offset past it.
func (r *jsonRecords) record(i int) (int, bool) {
	end, err := skipNested(r.data, i)
	if err != nil {
		r.fail(i, err.Error())
		return 0, false
	}
	if end-i > MaxRecordBytes {
		r.fail(i, "a record longer than 1 MiB (MaxRecordBytes)")
		return 0, false
	}
	k := r.k
	k.begin(r.lines.at(i))
	if err := r.js.object(r.data[i:end], k); err != nil {
		k.fail("", "%v", err)
	} else {
		k.end()
	}
	return end, true
}

func (r *jsonRecords) fail(off int, msg string) {
	r.k.n = r.lines.at(off)
	r.k.fail("", "%s", msg)
}

// envelopeKey is the name of the array that holds the records, if any.
func (o *logOptions) envelopeKey() string {
	if o == nil {
		return ""
	}
	return o.envelope
}

// lineCounter gives the line of offsets asked for in increasing order in
// linear time overall.
type lineCounter struct {
	data      []byte
	off, line int
}

func (c *lineCounter) at(off int) int {
	off = min(max(off, 0), len(c.data))
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}
