package pack

import (
	"bytes"
	"io"
	"slices"
)

// jsonSource is the bytes a jsonWalk reads: a whole file already in
// memory, or a stream of one, of which it holds only a window from a
// little before the walk's position to as far as the decoder (or a peek)
// has read. A streamed export is never held whole beside the records
// parsed from it; the walk still finds any line it is asked for, since it
// asks in file order (see jsonWalk.line), and the window keeps the lines
// behind it counted.
type jsonSource struct {
	r        io.Reader // nil: buf is the whole file
	buf      []byte    // the file's bytes from base on
	base     int       // the file offset of buf[0]
	baseLine int       // the 1-based line base is on
	served   int       // the bytes given to the decoder
	err      error     // the stream's error once it has one (io.EOF at its end)

	// head is the file's first DetectHead bytes, and firstLine the line
	// of its first byte that is not white space (0 until found): what a
	// message about a file that holds nothing needs (noSignals).
	head      []byte
	firstLine int
	scanned   int // bytes looked at for firstLine
}

// sourceChunk is how much a stream is read at a time; sourceSlack is how
// far behind the walk's position the window keeps bytes.
const (
	sourceChunk = 64 << 10
	sourceSlack = 64 << 10
)

func wholeSource(data []byte) *jsonSource {
	s := &jsonSource{buf: data, baseLine: 1, err: io.EOF}
	s.head = data[:min(len(data), DetectHead)]
	s.findFirst()
	return s
}

func streamSource(r io.Reader) *jsonSource { return &jsonSource{r: r, baseLine: 1} }

// end is the file offset just past the bytes read so far.
func (s *jsonSource) end() int { return s.base + len(s.buf) }

// Read gives the decoder the bytes after those it has had.
func (s *jsonSource) Read(p []byte) (int, error) {
	if s.served >= s.end() && !s.more() {
		return 0, s.err
	}
	n := copy(p, s.buf[s.served-s.base:])
	s.served += n
	return n, nil
}

// more reads the next chunk of the stream into the window; false at its
// end or on an error (s.err).
func (s *jsonSource) more() bool {
	for s.err == nil {
		s.buf = slices.Grow(s.buf, sourceChunk)
		n, err := s.r.Read(s.buf[len(s.buf) : len(s.buf)+sourceChunk])
		s.buf = s.buf[:len(s.buf)+n]
		if err != nil {
			s.err = err
		}
		if n > 0 {
			s.noteHead()
			return true
		}
	}
	return false
}

// noteHead copies the head and looks for the first byte that is not white
// space in what was just read.
func (s *jsonSource) noteHead() {
	if len(s.head) < DetectHead && s.base == 0 {
		s.head = append(s.head, s.buf[len(s.head):min(len(s.buf), DetectHead)]...)
	}
	s.findFirst()
}

func (s *jsonSource) findFirst() {
	for s.firstLine == 0 && s.scanned < s.end() {
		switch s.buf[s.scanned-s.base] {
		case ' ', '\t', '\r', '\n':
			s.scanned++
		default:
			s.firstLine = s.baseLine + bytes.Count(s.buf[:s.scanned-s.base], []byte{'\n'})
		}
	}
}

// headLine is the line of the file's first byte that is not white space
// (its last line when there is none), reading on until it is found.
func (s *jsonSource) headLine() int {
	for s.firstLine == 0 && s.more() {
	}
	if s.firstLine == 0 {
		return s.lineOf(s.end())
	}
	return s.firstLine
}

// byteAt is the byte at file offset off, reading on as far as it lies;
// false past the end of the file (or before the window).
func (s *jsonSource) byteAt(off int) (byte, bool) {
	for off >= s.end() {
		if !s.more() {
			return 0, false
		}
	}
	if off < s.base {
		return 0, false
	}
	return s.buf[off-s.base], true
}

// count is the number of newlines in [from, to) of the file, both within
// the window (to is cut at the end of the file).
func (s *jsonSource) count(from, to int) int {
	for to > s.end() && s.more() {
	}
	from, to = max(from, s.base), min(to, s.end())
	if from >= to {
		return 0
	}
	return bytes.Count(s.buf[from-s.base:to-s.base], []byte{'\n'})
}

// lineOf is the 1-based line of file offset off, counted from the start
// of the window (offsets before it are not asked for: see trim).
func (s *jsonSource) lineOf(off int) int {
	return s.baseLine + s.count(s.base, max(off, 0))
}

// trim lets go of the window's bytes before keep, less the slack, once
// they are a good part of it. A whole file in memory is left as it is.
func (s *jsonSource) trim(keep int) {
	if s.r == nil {
		return
	}
	keep = min(keep-sourceSlack, s.served)
	if drop := keep - s.base; drop < sourceChunk || drop < len(s.buf)/2 {
		return
	}
	s.baseLine += s.count(s.base, keep)
	n := copy(s.buf, s.buf[keep-s.base:])
	s.buf = s.buf[:n]
	s.base = keep
}
