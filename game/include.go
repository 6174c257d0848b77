package game

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// Includes are the bulk of a pack: log, metric and trace files next to the
// scenario. They are opened through the pack's fs.FS (an os.Root on disk),
// relative to the file that names them, so nothing outside the pack can be
// read. Their problems are reported at "file:line" of the include itself.

// Include formats, as PACK_FORMAT.md names them.
const (
	FormatJSONL    = "jsonl"
	FormatLogfmt   = "logfmt"
	FormatText     = "text"
	FormatCSV      = "csv"
	FormatOTLPJSON = "otlp-json"
)

// maxErrorsPerInclude stops a broken million-line file from producing a
// million messages; the rest are counted in one closing line.
const maxErrorsPerInclude = 20

// packBudget is what one pack may still read, shared by all its files.
type packBudget struct {
	left int64
}

func newBudget() *packBudget { return &packBudget{left: MaxPackBytes} }

// charge takes n bytes from the budget; false when the pack is over it.
func (b *packBudget) charge(n int64) bool {
	b.left -= n
	return b.left >= 0
}

// includePath resolves an include named in l.file; an error is recorded at
// the include field and "" returned when it leaves the pack.
func (l *loader) includePath(rel string, keys ...any) string {
	p, err := joinInPack(path.Dir(l.file), rel)
	if err != nil {
		l.fail("include", keys, "%v", err)
		return ""
	}
	return p
}

// include resolves entry i of section (metrics, traces), whose only
// format is want; "" when the path or the format is wrong.
func (l *loader) include(rel, format, want, section string, i int) string {
	file := l.includePath(rel, section, i, "include")
	if format != want {
		l.fail("format", []any{section, i, "format"}, "%q: %s includes are %s", format, strings.TrimSuffix(section, "s"), want)
		return ""
	}
	return file
}

// readData reads a whole include and starts its error list; nil errs
// means the file could not be read (the error is already recorded).
func (l *loader) readData(file string) ([]byte, *includeErrors) {
	data, err := l.readInclude(file)
	if err != nil {
		l.errs = append(l.errs, err)
		return nil, nil
	}
	return data, &includeErrors{l: l, file: file}
}

// readInclude reads a whole include file, charging the pack budget.
func (l *loader) readInclude(file string) ([]byte, error) {
	f, err := l.fsys.Open(file)
	if err != nil {
		return nil, &Error{File: file, Msg: cleanOSError(err)}
	}
	defer f.Close()
	var buf bytes.Buffer
	if st, err := f.Stat(); err == nil && st.Size() > 0 && st.Size() <= l.budget.left {
		buf.Grow(int(st.Size()) + 1)
	}
	n, err := buf.ReadFrom(io.LimitReader(f, l.budget.left+1))
	if err != nil {
		return nil, &Error{File: file, Msg: cleanOSError(err)}
	}
	if !l.budget.charge(n) {
		return nil, l.overBudget(file)
	}
	return buf.Bytes(), nil
}

func (l *loader) overBudget(file string) error {
	return errorf(file, 0, "", "the pack is over its %d MiB limit (MaxPackBytes)", MaxPackBytes>>20)
}

// countLines counts the lines of a line-oriented include without keeping
// it, so the log slice can be allocated once at its final size, and
// charges the file to the pack budget.
func (l *loader) countLines(file string) (int, error) {
	f, err := l.fsys.Open(file)
	if err != nil {
		return 0, &Error{File: file, Msg: cleanOSError(err)}
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	lines, size := 0, int64(0)
	var last byte = '\n'
	for {
		n, err := f.Read(buf)
		if n > 0 {
			lines += bytes.Count(buf[:n], []byte{'\n'})
			last = buf[n-1]
			size += int64(n)
			if size > l.budget.left {
				return 0, l.overBudget(file)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, &Error{File: file, Msg: cleanOSError(err)}
		}
	}
	l.budget.charge(size)
	if last != '\n' {
		lines++
	}
	return lines, nil
}

// eachLine calls fn with every line of file (without its line ending) and
// its 1-based number. A line over MaxLineBytes ends the file with an error.
func eachLine(fsys fs.FS, file string, fn func(line []byte, n int)) error {
	f, err := fsys.Open(file)
	if err != nil {
		return &Error{File: file, Msg: cleanOSError(err)}
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 2*MaxLineBytes)
	for n := 1; ; n++ {
		line, err := r.ReadSlice('\n')
		if len(line) > MaxLineBytes || errors.Is(err, bufio.ErrBufferFull) {
			return errorf(file, n, "", "line is longer than %d bytes (MaxLineBytes)", MaxLineBytes)
		}
		if len(line) > 0 {
			fn(trimEOL(line), n)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &Error{File: file, Line: n, Msg: cleanOSError(err)}
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// includeErrors collects the errors of one include file, up to a cap.
type includeErrors struct {
	l       *loader
	file    string
	count   int
	dropped int
}

func (e *includeErrors) add(line int, field, format string, args ...any) {
	e.count++
	if e.count > maxErrorsPerInclude {
		e.dropped++
		return
	}
	e.l.errs = append(e.l.errs, errorf(e.file, line, field, format, args...))
}

// full reports whether further errors will only be counted.
func (e *includeErrors) full() bool { return e.count >= maxErrorsPerInclude }

// close reports how many errors were left out.
func (e *includeErrors) close() {
	if e.dropped > 0 {
		e.l.errs = append(e.l.errs, errorf(e.file, 0, "", "%d more errors in this file not shown", e.dropped))
	}
}

// scope is what an include line is checked against: the scenario's window,
// its declared services and its traces.
type scope struct {
	start, end time.Time
	services   map[string]bool
	traces     map[string]bool
	sampled    bool
}

func (sc *scope) checkTime(t time.Time) error {
	if t.Before(sc.start) || t.After(sc.end) {
		return fmt.Errorf("%s is outside the scenario window [%s, %s]",
			t.Format(time.RFC3339Nano), sc.start.Format(time.RFC3339), sc.end.Format(time.RFC3339))
	}
	return nil
}
