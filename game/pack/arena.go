package pack

import (
	"sort"
	"unsafe"

	"firedrill/game"
)

// A million log lines are a few million small strings and attribute lists.
// Allocating each on its own costs more in malloc and GC headers than the
// bytes themselves, so the include readers carve them out of large chunks.
// A chunk is only ever appended to; the bytes behind a returned string are
// never written again, which is what makes unsafe.String sound here.

const arenaChunk = 1 << 20

// stringArena hands out immutable strings backed by shared chunks.
type stringArena struct {
	buf []byte
}

// string copies b into the arena and returns it as a string.
func (a *stringArena) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > arenaChunk/8 {
		return string(b) // big values get their own allocation
	}
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, arenaChunk)
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[start], len(b))
}

// copy is string for a string: s copied into the arena, so the copy pins
// nothing of what s was cut from.
func (a *stringArena) copy(s string) string {
	return a.string(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// reuse lets the arena write over every string it handed out: for a
// caller done with all of them (a log sink, once the store has copied its
// line).
func (a *stringArena) reuse() { a.buf = a.buf[:0] }

// sortAttrs sorts a handful of attributes by key; insertion sort beats
// sort.Slice for the 2–10 keys a log line carries.
func sortAttrs(a []game.Attr) {
	if len(a) > 16 {
		sort.Slice(a, func(i, j int) bool { return a[i].Key < a[j].Key })
		return
	}
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j].Key < a[j-1].Key; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// interner returns one shared string per distinct value: service names
// and attribute keys. It stops growing at limit entries, so a file whose
// keys never repeat cannot turn it into a second copy of itself.
type interner struct {
	m     map[string]string
	limit int
}

func newInterner(limit int) *interner {
	return &interner{m: make(map[string]string, 64), limit: limit}
}

// get returns the interned copy of b, or "" and false when b is new and the
// table is full. The map lookup with string(b) does not allocate.
func (in *interner) get(b []byte) (string, bool) {
	if s, ok := in.m[string(b)]; ok {
		return s, true
	}
	if len(in.m) >= in.limit {
		return "", false
	}
	s := string(b)
	in.m[s] = s
	return s, true
}

// intern returns the one shared copy of s, copying it into a when it is
// new; once the table is full a new s is copied into a and not kept.
func (in *interner) intern(s string, a *stringArena) string {
	if v, ok := in.m[s]; ok {
		return v
	}
	c := a.copy(s)
	if len(in.m) < in.limit {
		in.m[c] = c
	}
	return c
}

// attrSlabSize is how many attributes one slab holds.
const attrSlabSize = 4096

// attrSlab hands out attribute lists carved from shared slabs, each a full
// slice (its capacity is its length), so appending to one never writes
// into the next.
type attrSlab struct {
	buf []game.Attr
}

// copy copies a into the slab; an empty list is returned as it is.
func (s *attrSlab) copy(a []game.Attr) []game.Attr {
	if len(a) == 0 {
		return a
	}
	if len(a) > attrSlabSize/8 {
		own := make([]game.Attr, len(a))
		copy(own, a)
		return own
	}
	if cap(s.buf)-len(s.buf) < len(a) {
		s.buf = make([]game.Attr, 0, attrSlabSize)
	}
	from := len(s.buf)
	s.buf = append(s.buf, a...)
	return s.buf[from:len(s.buf):len(s.buf)]
}
