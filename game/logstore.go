package game

import (
	"encoding/binary"
	"errors"
	"iter"
	"math"
	"slices"
	"sort"
	"time"
	"unsafe"
)

// LogStore holds a scenario's log lines column by column, so that a million
// lines cost about their text and twenty bytes each, not a struct of
// strings, an attribute slice and a lower-cased copy apiece:
//
//   - time as int64 nanoseconds, service as a number into one table of
//     names, level as a byte;
//   - the text a Logs row shows (the message, then AttrText: "  k=v …
//     trace=id") in one byte arena, back to back in line order, which is
//     also what `/` searches (case is folded while scanning, so there is no
//     second, lower-cased copy);
//   - per line a few varints (message length, each attribute's key number
//     and value length, the trace id's length) that say where the message,
//     the values and the trace lie in that text.
//
// The arena is kept as a list of big blocks (it grows without copying what
// it holds); a line's text never spans two. Offsets are virtual: block k
// starts where block k-1's bytes end, so row i is [rowAt[i], rowAt[i+1]).
//
// A LogStore is immutable once built: Msg, Trace and the attribute values
// are strings that point into the arena. Small consumers read a whole
// LogLine with Line or All; the hot paths (the Logs pane, the index) use
// the accessors, which allocate nothing.
type LogStore struct {
	at     []int64 // UnixNano
	loc    *time.Location
	svc    []uint16
	level  []Level
	text   blocks
	rowAt  []uint32 // n+1 offsets into text
	meta   blocks
	metaAt []uint32 // n+1 offsets into meta
	names  *logNames
}

// NewLogStore builds a store of lines, in the order given (a scenario's
// lines must be sorted by time; LogBuilder.FinishSorted sorts). It panics
// only if the lines hold over 4 GiB of text or 65,535 services, which a
// caller building lines in memory never does; the loader uses LogBuilder
// and reports those as errors.
func NewLogStore(lines []LogLine) *LogStore {
	b := NewLogBuilder()
	for i := range lines {
		if err := b.Add(&lines[i]); err != nil {
			panic(err)
		}
	}
	return b.Finish()
}

// Len is the number of lines; 0 for a nil store.
func (s *LogStore) Len() int {
	if s == nil {
		return 0
	}
	return len(s.at)
}

// At is line i's time.
func (s *LogStore) At(i int) time.Time {
	if s.at[i] == zeroTime {
		return time.Time{}
	}
	return time.Unix(0, s.at[i]).In(s.loc)
}

// zeroTime stands for time.Time{} (a line built by hand with no time),
// which UnixNano cannot give; it sorts first, as the zero time does.
const zeroTime = math.MinInt64

// nanos is t as the store keeps it.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return zeroTime
	}
	return t.UnixNano()
}

// Service is line i's service.
func (s *LogStore) Service(i int) string { return s.names.services[s.svc[i]] }

// Level is line i's level.
func (s *LogStore) Level(i int) Level { return s.level[i] }

// Row is the text the Logs pane shows for line i: its message, then
// AttrText. It points into the store: never write to it.
func (s *LogStore) Row(i int) []byte { return s.text.slice(s.rowAt[i], s.rowAt[i+1]) }

// rowsOf sets out[j] to Row(lines[j]) for ascending lines. It walks the
// blocks forward once instead of searching them for each row, so a batch
// of rows far apart is a run of independent loads.
func (s *LogStore) rowsOf(lines []int32, out [][]byte) {
	if len(lines) == 0 {
		return
	}
	b := &s.text
	k := max(sort.Search(len(b.base), func(j int) bool { return b.base[j] > s.rowAt[lines[0]] })-1, 0)
	for j, i := range lines {
		from, to := s.rowAt[i], s.rowAt[i+1]
		for k+1 < len(b.base) && b.base[k+1] <= from {
			k++
		}
		out[j] = b.list[k][from-b.base[k] : to-b.base[k]]
	}
}

// RowString is Row as a string, without a copy.
func (s *LogStore) RowString(i int) string { return bytesString(s.Row(i)) }

// Msg is line i's message.
func (s *LogStore) Msg(i int) string {
	n, _ := binary.Uvarint(s.metaOf(i))
	return bytesString(s.Row(i)[:n])
}

// Trace is line i's trace id, "" for none.
func (s *LogStore) Trace(i int) string {
	row := s.Row(i)
	_, _, trace := s.parts(i, row, nil)
	return bytesString(row[len(row)-trace:])
}

// Attrs is line i's attributes, in the order they were stored (sorted by
// key, from the loader). The slice is new; the strings point into the store.
func (s *LogStore) Attrs(i int) Attrs {
	row := s.Row(i)
	_, attrs, _ := s.parts(i, row, func(int) Attrs { return nil })
	return attrs
}

// Line is line i as a LogLine (its strings point into the store).
func (s *LogStore) Line(i int) LogLine {
	row := s.Row(i)
	msg, attrs, trace := s.parts(i, row, func(int) Attrs { return nil })
	return LogLine{At: s.At(i), Service: s.Service(i), Level: s.level[i], Msg: bytesString(row[:msg]),
		Trace: bytesString(row[len(row)-trace:]), Attrs: attrs}
}

// All yields every line in order, as Line does. For small consumers (the
// simulator's checks, the heuristics): the Logs pane reads columns.
func (s *LogStore) All() iter.Seq2[int, LogLine] {
	return func(yield func(int, LogLine) bool) {
		for i := range s.Len() {
			if !yield(i, s.Line(i)) {
				return
			}
		}
	}
}

// Lines returns every line as a LogLine slice (tests and small consumers).
func (s *LogStore) Lines() []LogLine {
	out := make([]LogLine, 0, s.Len())
	for _, l := range s.All() {
		out = append(out, l)
	}
	return out
}

// Search returns the first line at or after t (Len() when none).
func (s *LogStore) Search(t time.Time) int {
	ns := nanos(t)
	return sort.Search(s.Len(), func(i int) bool { return s.at[i] >= ns })
}

// SearchAfter returns the first line after t (Len() when none).
func (s *LogStore) SearchAfter(t time.Time) int {
	ns := nanos(t)
	return sort.Search(s.Len(), func(i int) bool { return s.at[i] > ns })
}

// Services lists the services the lines name, in order of first sight.
func (s *LogStore) Services() []string {
	if s == nil {
		return nil
	}
	return slices.Clone(s.names.services)
}

// ServiceNumber is line i's service as an index into Services.
func (s *LogStore) ServiceNumber(i int) int { return int(s.svc[i]) }

// TextBytes is the size of the store's row text, for the memory figures.
func (s *LogStore) TextBytes() int { return int(s.text.size) }

func (s *LogStore) metaOf(i int) []byte { return s.meta.slice(s.metaAt[i], s.metaAt[i+1]) }

// parts reads line i's varints: the message length, the attributes (only
// when attrs is not nil: it makes the slice) and the trace id's length.
func (s *LogStore) parts(i int, row []byte, attrs func(int) Attrs) (msg int, out Attrs, trace int) {
	m := s.metaOf(i)
	v, k := binary.Uvarint(m)
	m, msg = m[k:], int(v)
	v, k = binary.Uvarint(m)
	m = m[k:]
	nattr := int(v)
	pos := msg + 1 // after the message and AttrText's leading space
	if attrs != nil && nattr > 0 {
		out = make(Attrs, 0, nattr)
	}
	for range nattr {
		id, k := binary.Uvarint(m)
		m = m[k:]
		vlen, k := binary.Uvarint(m)
		m = m[k:]
		key := s.names.keys[id]
		pos += 1 + len(key) + 1
		if attrs != nil {
			out = append(out, Attr{Key: key, Value: bytesString(row[pos : pos+int(vlen)])})
		}
		pos += int(vlen)
	}
	v, _ = binary.Uvarint(m)
	return msg, out, int(v)
}

func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// blocks is a byte sequence kept as a list of blocks, so it grows without
// copying; a piece reserved with grab never spans two blocks.
type blocks struct {
	list [][]byte
	base []uint32 // the virtual offset block k starts at
	size uint32
}

// Block sizes double from the first to the last, so a small scenario
// keeps small blocks and a big one few.
const (
	firstBlock = 16 << 10
	lastBlock  = 8 << 20
)

// errTooBig is what a store refuses past 4 GiB of text.
var errTooBig = errors.New("the log lines hold more than 4 GiB of text")

// grab returns room for n bytes (length 0, capacity n) at the end of the
// sequence, and its offset; the caller appends exactly n bytes to it.
func (b *blocks) grab(n int) ([]byte, uint32, error) {
	if int64(b.size)+int64(n) > math.MaxUint32 {
		return nil, 0, errTooBig
	}
	k := len(b.list) - 1
	if k < 0 || cap(b.list[k])-len(b.list[k]) < n {
		size := firstBlock
		if k >= 0 {
			size = min(2*cap(b.list[k]), lastBlock)
		}
		b.list = append(b.list, make([]byte, 0, max(size, n)))
		b.base = append(b.base, b.size)
		k++
	}
	at := b.size
	blk := b.list[k]
	b.list[k] = blk[:len(blk)+n]
	b.size += uint32(n)
	return blk[len(blk) : len(blk) : len(blk)+n], at, nil
}

// slice returns the bytes [from, to), which lie in one block.
func (b *blocks) slice(from, to uint32) []byte {
	k := len(b.base) - 1
	if k > 0 && from < b.base[k] {
		k = sort.Search(len(b.base), func(j int) bool { return b.base[j] > from }) - 1
	}
	if k < 0 {
		return nil
	}
	return b.list[k][from-b.base[k] : to-b.base[k]]
}

// join appends c's blocks after b's; c's offsets grow by the returned shift.
func (b *blocks) join(c *blocks) uint32 {
	shift := b.size
	for k, blk := range c.list {
		b.list = append(b.list, blk)
		b.base = append(b.base, c.base[k]+shift)
	}
	b.size += c.size
	return shift
}

// trim gives the last block back its unused capacity, when that is a lot.
func (b *blocks) trim() {
	k := len(b.list) - 1
	if k < 0 || cap(b.list[k])-len(b.list[k]) < 64<<10 {
		return
	}
	b.list[k] = slices.Clip(slices.Clone(b.list[k]))
}
