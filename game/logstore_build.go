package game

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"sync"
	"time"
)

// logNames numbers services and attribute keys; the builders of one store
// (one per chunk of a file parsed on every core) share it.
type logNames struct {
	mu       sync.Mutex
	services []string
	svcID    map[string]uint16
	keys     []string
	keyID    map[string]uint32
}

func newLogNames() *logNames {
	return &logNames{svcID: map[string]uint16{}, keyID: map[string]uint32{}}
}

// ErrLogTime is what Add refuses for a line whose time the store cannot
// keep: times are int64 nanoseconds since 1970, which reach from 1678 to
// 2262.
var ErrLogTime = errors.New("the time is outside the years 1678 to 2261 a log line may have")

// errTooManyServices is what a store refuses past 65,535 service names.
var errTooManyServices = errors.New("the log lines name more than 65535 services")

func (n *logNames) service(name string) (uint16, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if id, ok := n.svcID[name]; ok {
		return id, nil
	}
	if len(n.services) > math.MaxUint16 {
		return 0, errTooManyServices
	}
	id := uint16(len(n.services))
	n.services = append(n.services, name)
	n.svcID[name] = id
	return id, nil
}

func (n *logNames) key(name string) uint32 {
	n.mu.Lock()
	defer n.mu.Unlock()
	if id, ok := n.keyID[name]; ok {
		return id
	}
	id := uint32(len(n.keys))
	n.keys = append(n.keys, name)
	n.keyID[name] = id
	return id
}

// LogBuilder fills a LogStore a line at a time. Add copies what it keeps,
// so the caller may reuse the memory behind a line's strings at once.
// Fork and Join build one store from chunks parsed in parallel.
type LogBuilder struct {
	s LogStore // rowAt and metaAt hold each line's start; Finish closes them

	// Consecutive lines mostly repeat their service and their keys in the
	// same order: comparing with the last line's saves a lookup.
	lastSvc   string
	lastSvcID uint16
	hasSvc    bool
	posKeys   []posKey
	keyCache  map[string]uint32
	svcCache  map[string]uint16 // what this builder has seen, read without the shared lock
	meta      []byte
}

type posKey struct {
	name string
	id   uint32
}

// NewLogBuilder starts an empty store.
func NewLogBuilder() *LogBuilder {
	return &LogBuilder{s: LogStore{names: newLogNames(), loc: time.UTC}, keyCache: map[string]uint32{}, svcCache: map[string]uint16{}}
}

// Fork starts a builder whose lines will be joined to b's: it shares b's
// table of names. Builders of one family may be filled concurrently.
func (b *LogBuilder) Fork() *LogBuilder {
	return &LogBuilder{s: LogStore{names: b.s.names, loc: b.s.loc}, keyCache: map[string]uint32{}, svcCache: map[string]uint16{}}
}

// ForkWindow is Fork for a chunk of about n lines that will be joined
// after the lines of the chunks before it, which take at most skip lines
// between them: the fork fills that window of b's own spare room (Grow),
// so Join moves its columns down instead of copying them from a second
// allocation. Without the room it is a plain Fork.
func (b *LogBuilder) ForkWindow(skip, n int) *LogBuilder {
	c := b.Fork()
	from, to := len(b.s.at)+skip, len(b.s.at)+skip+n
	if to > cap(b.s.at) || to+1 > cap(b.s.rowAt) || to+1 > cap(b.s.metaAt) {
		c.Grow(n)
		return c
	}
	c.s.at = b.s.at[from:from:to]
	c.s.svc = b.s.svc[from:from:to]
	c.s.level = b.s.level[from:from:to]
	c.s.rowAt = b.s.rowAt[from:from:to]
	c.s.metaAt = b.s.metaAt[from:from:to]
	return c
}

// Grow makes room for n more lines, so that a caller who knows how many
// lines are coming (the loader counts them) allocates each column once.
func (b *LogBuilder) Grow(n int) {
	b.s.at = slices.Grow(b.s.at, n)
	b.s.svc = slices.Grow(b.s.svc, n)
	b.s.level = slices.Grow(b.s.level, n)
	b.s.rowAt = slices.Grow(b.s.rowAt, n+1)
	b.s.metaAt = slices.Grow(b.s.metaAt, n+1)
}

// Len is the number of lines added so far.
func (b *LogBuilder) Len() int { return len(b.s.at) }

// Add keeps a copy of l. It fails for a line whose time is out of range
// (ErrLogTime: that line is left out) and past the store's limits (4 GiB
// of text, 65,535 services), and then keeps nothing.
func (b *LogBuilder) Add(l *LogLine) error {
	if y := l.At.Year(); !l.At.IsZero() && (y < 1678 || y > 2261) {
		return ErrLogTime
	}
	svc, err := b.serviceID(l.Service)
	if err != nil {
		return err
	}
	m := binary.AppendUvarint(b.meta[:0], uint64(len(l.Msg)))
	m = binary.AppendUvarint(m, uint64(len(l.Attrs)))
	for j := range l.Attrs {
		m = binary.AppendUvarint(m, uint64(b.keyID(j, l.Attrs[j].Key)))
		m = binary.AppendUvarint(m, uint64(len(l.Attrs[j].Value)))
	}
	m = binary.AppendUvarint(m, uint64(len(l.Trace)))
	b.meta = m
	row, rowAt, err := b.s.text.grab(len(l.Msg) + attrTextLen(l))
	if err != nil {
		return err
	}
	AppendRowText(row, l)
	meta, metaAt, err := b.s.meta.grab(len(m))
	if err != nil {
		return err
	}
	_ = append(meta, m...)
	if len(b.s.at) == 0 && l.At.Location() != time.UTC && l.At.Location() != nil {
		b.s.loc = l.At.Location()
	}
	b.s.at = append(b.s.at, nanos(l.At))
	b.s.svc = append(b.s.svc, svc)
	b.s.level = append(b.s.level, l.Level)
	b.s.rowAt = append(b.s.rowAt, rowAt)
	b.s.metaAt = append(b.s.metaAt, metaAt)
	return nil
}

func (b *LogBuilder) serviceID(name string) (uint16, error) {
	if b.hasSvc && name == b.lastSvc {
		return b.lastSvcID, nil
	}
	id, ok := b.svcCache[name]
	if !ok {
		var err error
		if id, err = b.s.names.service(name); err != nil {
			return 0, err
		}
		if len(b.svcCache) < 1<<12 {
			b.svcCache[name] = id
		}
	}
	b.lastSvc, b.lastSvcID, b.hasSvc = name, id, true
	return id, nil
}

// keyID numbers the key of a line's j-th attribute.
func (b *LogBuilder) keyID(j int, name string) uint32 {
	if j < len(b.posKeys) && b.posKeys[j].name == name {
		return b.posKeys[j].id
	}
	id, ok := b.keyCache[name]
	if !ok {
		id = b.s.names.key(name)
		if len(b.keyCache) < 1<<12 {
			b.keyCache[name] = id
		}
	}
	for len(b.posKeys) <= j {
		b.posKeys = append(b.posKeys, posKey{})
	}
	b.posKeys[j] = posKey{name, id}
	return id
}

// Join appends the lines of c, a Fork of b, after b's. c is spent.
func (b *LogBuilder) Join(c *LogBuilder) error {
	if int64(b.s.text.size)+int64(c.s.text.size) > math.MaxUint32 ||
		int64(b.s.meta.size)+int64(c.s.meta.size) > math.MaxUint32 {
		return errTooBig
	}
	textShift, metaShift := b.s.text.join(&c.s.text), b.s.meta.join(&c.s.meta)
	// c's columns may lie further along in b's own arrays (ForkWindow):
	// each is moved down, never up, so reading ahead of the writes is safe.
	for i := range c.s.rowAt {
		b.s.rowAt = append(b.s.rowAt, c.s.rowAt[i]+textShift)
		b.s.metaAt = append(b.s.metaAt, c.s.metaAt[i]+metaShift)
	}
	b.s.at = append(b.s.at, c.s.at...)
	b.s.svc = append(b.s.svc, c.s.svc...)
	b.s.level = append(b.s.level, c.s.level...)
	*c = LogBuilder{}
	return nil
}

// Finish returns the store, lines in the order they were added.
func (b *LogBuilder) Finish() *LogStore {
	s := b.s
	b.s = LogStore{}
	s.rowAt = append(s.rowAt, s.text.size)
	s.metaAt = append(s.metaAt, s.meta.size)
	s.text.trim()
	s.meta.trim()
	s.at, s.svc, s.level = slices.Clip(s.at), slices.Clip(s.svc), slices.Clip(s.level)
	s.rowAt, s.metaAt = slices.Clip(s.rowAt), slices.Clip(s.metaAt)
	return &s
}

// FinishSorted returns the store with its lines sorted by time, the order
// they were added breaking ties. Lines that came in order (one include
// written as it happened) are not moved; otherwise the text is laid out
// again in the new order, so that rows stay back to back.
func (b *LogBuilder) FinishSorted() *LogStore {
	s := b.Finish()
	if slices.IsSorted(s.at) {
		return s
	}
	order := make([]int32, s.Len())
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int {
		switch a, c := s.at[x], s.at[y]; {
		case a < c:
			return -1
		case a > c:
			return 1
		}
		return 0
	})
	out := &LogBuilder{s: LogStore{names: s.names, loc: s.loc}}
	out.s.at = make([]int64, 0, len(order))
	out.s.svc = make([]uint16, 0, len(order))
	out.s.level = make([]Level, 0, len(order))
	out.s.rowAt = make([]uint32, 0, len(order)+1)
	out.s.metaAt = make([]uint32, 0, len(order)+1)
	for _, i := range order {
		row, meta := s.Row(int(i)), s.metaOf(int(i))
		dst, at, _ := out.s.text.grab(len(row)) // no more bytes than s holds
		_ = append(dst, row...)
		mdst, mat, _ := out.s.meta.grab(len(meta))
		_ = append(mdst, meta...)
		out.s.at = append(out.s.at, s.at[i])
		out.s.svc = append(out.s.svc, s.svc[i])
		out.s.level = append(out.s.level, s.level[i])
		out.s.rowAt = append(out.s.rowAt, at)
		out.s.metaAt = append(out.s.metaAt, mat)
	}
	return out.Finish()
}
