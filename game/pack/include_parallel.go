package pack

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"

	"firedrill/game"
)

// A big line-oriented log include (JSON Lines, logfmt, text) is parsed on
// every core: countLines, which reads the file anyway to size the line
// slice, also notes where it can be cut into one chunk per core at a line
// boundary, and the line number each chunk starts at. Each chunk gets a
// sink of its own (its own scratch and interning tables; the scenario's
// scope is only read) that fills a fork of the log store's builder; the
// forks are then joined in file order (their text is not copied), and the
// chunks' errors merged in line order under the same per-file cap, so the
// result is the one a single pass gives.

// parallelMinBytes is the smallest include worth cutting into chunks.
const parallelMinBytes = 4 << 20

// lineSplit is where a chunk starts: a byte offset just after a newline,
// and the 1-based number of the line there.
type lineSplit struct {
	off  int64
	line int
}

// splitTargets are the byte offsets to cut a file of size bytes near, one
// chunk per core; none for a small file or a single core.
func splitTargets(size int64) []int64 {
	w := runtime.GOMAXPROCS(0)
	if size < parallelMinBytes || w < 2 {
		return nil
	}
	t := make([]int64, 0, w-1)
	for i := 1; i < w; i++ {
		t = append(t, size*int64(i)/int64(w))
	}
	return t
}

// chunkResult is what one chunk's sink gave.
type chunkResult struct {
	lines     *game.LogBuilder // its lines
	firstLine int              // the file's line the chunk starts at
	kept      int
	errs      []error // in line order, at most maxErrorsPerInclude
	count     int     // errors counted, shown or not
	fatal     error   // a read error that ended the chunk (a line over MaxLineBytes)
}

// parseLinesParallel is parseLines for a file countLines cut into chunks.
// It returns false, having done nothing, when the file cannot be read at
// offsets; the caller then reads it in one pass.
func (l *loader) parseLinesParallel(file string, k *logSink, splits []lineSplit, lines int, newParse func() func([]byte, *logSink) error) bool {
	f, err := l.fsys.Open(file)
	if err != nil {
		return false
	}
	defer f.Close()
	ra, ok := f.(io.ReaderAt)
	st, serr := f.Stat()
	if !ok || serr != nil {
		return false
	}
	// chunk i covers bytes [starts[i].off, starts[i+1].off) and the lines
	// from starts[i].line.
	starts := append([]lineSplit{{0, 1}}, splits...)
	starts = append(starts, lineSplit{st.Size(), lines + 1})
	results := make([]chunkResult, len(starts)-1)
	var wg sync.WaitGroup
	for i := range results {
		from, to := starts[i], starts[i+1]
		fork := k.out.ForkWindow(from.line-1, to.line-from.line)
		wg.Go(func() {
			results[i] = l.parseChunk(file, k, io.NewSectionReader(ra, from.off, to.off-from.off), from.line, fork, newParse())
		})
	}
	wg.Wait()
	for _, r := range results {
		if k.out.Len()+r.lines.Len() > MaxLogLines {
			k.full = true
			k.errs.add(r.firstLine, "", "more than %d log lines in the scenario (MaxLogLines)", MaxLogLines)
			break
		}
		if err := k.out.Join(r.lines); err != nil {
			k.full = true
			k.errs.add(r.firstLine, "", "%v", err)
			break
		}
		k.kept += r.kept
		for _, err := range r.errs {
			if k.errs.count++; k.errs.count > maxErrorsPerInclude {
				k.errs.dropped++
			} else {
				l.errs = append(l.errs, err)
			}
		}
		k.errs.count += r.count - len(r.errs)
		k.errs.dropped += r.count - len(r.errs)
		if r.fatal != nil {
			k.errs.count++ // as parseLines: the file's own error
			l.errs = append(l.errs, r.fatal)
			break // a single pass stops at the bad line too
		}
	}
	return true
}

// parseChunk parses one chunk into window with a sink of its own.
func (l *loader) parseChunk(file string, k *logSink, r io.Reader, line int, out *game.LogBuilder, parse func([]byte, *logSink) error) chunkResult {
	own := &loader{} // collects this chunk's errors
	ck := &logSink{l: l, sc: k.sc, errs: &includeErrors{l: own, file: file}, defService: k.defService,
		out: out, strs: &stringArena{}, keys: newInterner(1 << 12),
		attrKey: map[string]string{}, levels: map[string]game.Level{}}
	fatal := eachLineFrom(r, file, line, func(b []byte, n int) {
		if len(bytes.TrimSpace(b)) == 0 || ck.full {
			return
		}
		ck.begin(n)
		if err := parse(b, ck); err != nil {
			ck.fail("", "%v", err)
			return
		}
		ck.end()
	})
	return chunkResult{lines: out, firstLine: line, kept: ck.kept, errs: own.errs, count: ck.errs.count, fatal: fatal}
}

// eachLineFrom is eachLine over r, whose first line is number first.
func eachLineFrom(rd io.Reader, file string, first int, fn func(line []byte, n int)) error {
	r := bufio.NewReaderSize(rd, 2*MaxLineBytes)
	for n := first; ; n++ {
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
			return &game.Error{File: file, Line: n, Msg: cleanOSError(err)}
		}
	}
}
