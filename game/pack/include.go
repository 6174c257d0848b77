package pack

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sync"
	"time"

	"firedrill/game"
)

// Includes are the bulk of a pack: log, metric, trace and event files next
// to the scenario, in the formats real tools export (include_formats.go
// lists them; docs/FORMAT_NOTES.md describes each for authors). They are
// opened through the pack's fs.FS (an os.Root on disk), relative to the
// file that names them, so nothing outside the pack can be read. Each
// reader feeds its signal type's one sink (logSink, spanSink, seriesSink),
// and their problems are reported at "file:line" of the include itself.

// maxErrorsPerInclude stops a broken million-line file from producing a
// million messages; the rest are counted in one closing line.
const maxErrorsPerInclude = 20

// packBudget is what one pack may still read, shared by all its files;
// it also carries, when asked for (OpenReport), what each include gave.
type packBudget struct {
	left      int64
	summaries *[]IncludeSummary
	// memLimit is the memory budget (MaxMemory when 0); memUsed is what
	// the scenarios loaded so far are estimated to take (memory.go).
	memLimit, memUsed int64
}

func newBudget() *packBudget { return &packBudget{left: MaxPackBytes} }

func (b *packBudget) memory() int64 {
	if b.memLimit > 0 {
		return b.memLimit
	}
	return MaxMemory()
}

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

// readInto reads a whole include for a reader that has its error list;
// false when it could not be read (the error is recorded and counted).
func (l *loader) readInto(file string, errs *includeErrors) ([]byte, bool) {
	data, err := l.readInclude(file)
	if err != nil {
		errs.count++
		l.errs = append(l.errs, err)
		return nil, false
	}
	return data, true
}

// readInclude reads a whole include file, charging the pack budget.
func (l *loader) readInclude(file string) ([]byte, error) {
	f, err := l.fsys.Open(file)
	if err != nil {
		return nil, &game.Error{File: file, Msg: cleanOSError(err)}
	}
	defer f.Close()
	var buf bytes.Buffer
	if st, err := f.Stat(); err == nil && st.Size() > 0 && st.Size() <= l.budget.left {
		// ReadFrom wants MinRead bytes free before each read, the last one
		// (which finds the end) too. With one byte to spare, a file whose
		// size leaves less than that free in its allocation's last page was
		// copied into a buffer twice its size: three times its bytes in
		// memory, the first copy until the load ends (the collector is
		// paused, gcpause.go).
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(io.LimitReader(f, l.budget.left+1))
	if err != nil {
		return nil, &game.Error{File: file, Msg: cleanOSError(err)}
	}
	if !l.budget.charge(n) {
		return nil, l.overBudget(file)
	}
	return buf.Bytes(), nil
}

// streamData opens an include to be read once, front to back, by a reader
// that needs none of it twice (CSV), so that the file is never held whole
// beside what is parsed from it. It is charged to the pack budget by done,
// as readInclude charges it. A file that is not a regular one, or whose
// size is over what the budget has left, is read whole by readData
// instead, so it is refused as before, before any of it is parsed. errs
// is nil when the file could not be opened (the error is recorded).
func (l *loader) streamData(file string) (r io.Reader, done func(), errs *includeErrors) {
	f, err := l.fsys.Open(file)
	if err != nil {
		l.errs = append(l.errs, &game.Error{File: file, Msg: cleanOSError(err)})
		return nil, nil, nil
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || st.Size() > l.budget.left {
		f.Close()
		data, errs := l.readData(file)
		return bytes.NewReader(data), func() {}, errs
	}
	c := &countingReader{r: io.LimitReader(f, l.budget.left+1)}
	return c, func() {
		f.Close()
		if !l.budget.charge(c.n) {
			l.errs = append(l.errs, l.overBudget(file))
		}
	}, &includeErrors{l: l, file: file}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (l *loader) overBudget(file string) error {
	return errorf(file, 0, "", "the pack is over its %d MiB limit (MaxPackBytes)", MaxPackBytes>>20)
}

// countLines counts the lines of a line-oriented include without keeping
// it, so the log slice can be allocated once at its final size, and
// charges the file to the pack budget. For a big file it also notes where
// to cut it into one chunk per core (include_parallel.go).
func (l *loader) countLines(file string) (int, error) {
	f, err := l.fsys.Open(file)
	if err != nil {
		return 0, &game.Error{File: file, Msg: cleanOSError(err)}
	}
	defer f.Close()
	var (
		targets []int64
		lines   int
		size    int64
		splits  []lineSplit
	)
	st, err := f.Stat()
	if err == nil {
		targets = splitTargets(st.Size())
	}
	if ra, ok := f.(io.ReaderAt); ok && targets != nil && st.Size() <= l.budget.left {
		lines, splits, size, err = countLinesAt(ra, st.Size(), targets)
	} else {
		lines, splits, size, err = countLinesSeq(f, targets, l.budget.left)
	}
	switch {
	case errors.Is(err, errOverBudget):
		return 0, l.overBudget(file)
	case err != nil:
		return 0, &game.Error{File: file, Msg: cleanOSError(err)}
	}
	l.budget.charge(size)
	if len(splits) > 0 {
		if l.splits == nil {
			l.splits = map[string]fileSplits{}
		}
		l.splits[file] = fileSplits{at: splits, lines: lines}
	}
	return lines, nil
}

var errOverBudget = errors.New("over the pack budget")

// countLinesSeq reads r to its end: its lines (a last one without a
// newline counts), where to cut it near each target (see lineSplit), and
// its size; errOverBudget past limit bytes.
func countLinesSeq(r io.Reader, targets []int64, limit int64) (int, []lineSplit, int64, error) {
	var splits []lineSplit
	buf := make([]byte, 256<<10)
	lines, size := 0, int64(0)
	var last byte = '\n'
	for {
		n, err := r.Read(buf)
		if n > 0 {
			// cut at the first line start at or after each target
			for len(targets) > 0 && targets[0] < size+int64(n) {
				if k := len(splits); k > 0 && splits[k-1].off > targets[0] {
					targets = targets[1:] // the cut for an earlier target is past this one
					continue
				}
				from := max(0, int(targets[0]-size))
				j := bytes.IndexByte(buf[from:n], '\n')
				if j < 0 {
					targets[0] = size + int64(n) // look on in the next read
					break
				}
				cut := from + j + 1
				splits = append(splits, lineSplit{off: size + int64(cut), line: lines + bytes.Count(buf[:cut], []byte{'\n'}) + 1})
				targets = targets[1:]
			}
			lines += bytes.Count(buf[:n], []byte{'\n'})
			last = buf[n-1]
			size += int64(n)
			if size > limit {
				return 0, nil, 0, errOverBudget
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, nil, 0, err
		}
	}
	if last != '\n' {
		lines++
	}
	// a cut at the very end would leave an empty chunk
	for len(splits) > 0 && splits[len(splits)-1].off >= size {
		splits = splits[:len(splits)-1]
	}
	if len(splits) == 0 {
		splits = nil
	}
	return lines, splits, size, nil
}

// countLinesAt is countLinesSeq for a file of size bytes read at offsets:
// it finds the cuts first (the newline after each target), then counts
// each chunk's newlines on a core of its own.
func countLinesAt(ra io.ReaderAt, size int64, targets []int64) (int, []lineSplit, int64, error) {
	buf := make([]byte, 64<<10)
	var cuts []int64
	for _, t := range targets {
		if len(cuts) > 0 && cuts[len(cuts)-1] > t {
			continue // the newline after an earlier target is past this one
		}
		for at := t; at < size; {
			n, err := ra.ReadAt(buf[:min(int64(len(buf)), size-at)], at)
			if j := bytes.IndexByte(buf[:n], '\n'); j >= 0 {
				if cut := at + int64(j) + 1; cut < size {
					cuts = append(cuts, cut)
				}
				break
			}
			if err != nil && err != io.EOF {
				return 0, nil, 0, err
			}
			if n == 0 {
				break
			}
			at += int64(n)
		}
	}
	bounds := append(append([]int64{0}, cuts...), size)
	counts := make([]int, len(bounds)-1)
	errs := make([]error, len(counts))
	var last [1]byte
	var wg sync.WaitGroup
	for i := range counts {
		wg.Go(func() {
			b := make([]byte, 256<<10)
			for at := bounds[i]; at < bounds[i+1]; {
				n, err := ra.ReadAt(b[:min(int64(len(b)), bounds[i+1]-at)], at)
				counts[i] += bytes.Count(b[:n], []byte{'\n'})
				if i == len(counts)-1 && at+int64(n) == size && n > 0 {
					last[0] = b[n-1]
				}
				if n == 0 || err != nil && err != io.EOF {
					errs[i] = err
					if err == nil || err == io.EOF {
						errs[i] = io.ErrUnexpectedEOF // the file shrank under us
					}
					return
				}
				at += int64(n)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, nil, 0, err
	}
	var splits []lineSplit
	lines := counts[0]
	for i, cut := range cuts {
		splits = append(splits, lineSplit{off: cut, line: lines + 1})
		lines += counts[i+1]
	}
	if size > 0 && last[0] != '\n' {
		lines++
	}
	return lines, splits, size, nil
}

// fileSplits is where countLines cut a big include, and its line count.
type fileSplits struct {
	at    []lineSplit
	lines int
}

// eachLine calls fn with every line of file (without its line ending) and
// its 1-based number. A line over MaxLineBytes ends the file with an error.
func eachLine(fsys fs.FS, file string, fn func(line []byte, n int)) error {
	f, err := fsys.Open(file)
	if err != nil {
		return &game.Error{File: file, Msg: cleanOSError(err)}
	}
	defer f.Close()
	return eachLineFrom(f, file, 1, fn)
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
	services   map[string]string // declared names and aliases -> the declared name
	traces     map[string]bool
	sampled    bool
	// open is a survey's scope (Survey): no window, and every service
	// name a signal gives is taken as declared.
	open bool
}

// service resolves a name written in a signal to the declared service it
// stands for: the name itself or one of its aliases.
func (sc *scope) service(name string) (string, bool) {
	if sc.open && name != "" {
		return name, true
	}
	s, ok := sc.services[name]
	return s, ok
}

func (sc *scope) checkTime(t time.Time) error {
	if sc.open {
		return nil
	}
	if t.Before(sc.start) || t.After(sc.end) {
		return fmt.Errorf("%s is outside the scenario window [%s, %s]",
			t.Format(time.RFC3339Nano), sc.start.Format(time.RFC3339), sc.end.Format(time.RFC3339))
	}
	return nil
}

// inWindow checks a signal's time against the scenario window: keep is
// false (and err nil) for a time outside it when the include being read
// sets clip, which counts it in l.clipped instead of reporting it.
func (l *loader) inWindow(t time.Time) (keep bool, err error) {
	err = l.scope.checkTime(t)
	if err != nil && l.clip {
		l.clipped++
		return false, nil
	}
	return err == nil, err
}
