package game

import (
	"bytes"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// LogIndex answers the Logs pane's questions about Scenario.Logs: which
// lines are at a level or above, which are a service's, and the `/`
// search, straight from the store's columns and row text.
//
// It keeps no list of positions per level or service: those cost 8 bytes
// a line (a million lines: 8 MB, a twentieth of the JSONL), and reading
// the store's level bytes or service numbers to answer is about a
// millisecond a million lines, on the filter's own goroutine.
type LogIndex struct {
	// What a search needs beyond the store is built on first use, not at
	// load (pack validate never searches, and a player reads the briefing
	// first: Prepare builds it then, in the background), on every core.
	logs     *LogStore
	textOnce sync.Once
	// nonASCII has bit i set when line i's text holds a byte ≥ 0x80: its
	// case folding is Unicode's, which the byte scan does not do, so such
	// lines are lower-cased one by one (they are rare in logs).
	nonASCII []uint64
	// freq counts the (folded) bytes of a sample of the text: a search
	// looks for the needle's rarest byte first (in logs, 't' and 'e' are
	// everywhere).
	freq      [256]uint32
	freqTotal uint64 // the bytes sampled
	// grams holds each line's trigram filter (index_grams.go) once built.
	grams     atomic.Pointer[gramIndex]
	gramsOnce sync.Once
}

// buildIndex indexes logs, which must already be sorted.
func buildIndex(logs *LogStore) *LogIndex { return &LogIndex{logs: logs} }

// AtLeast returns, ascending, the positions of the lines at level lv or
// above. The slice is new.
func (ix *LogIndex) AtLeast(lv Level) []int32 {
	levels := ix.logs.level
	n := 0
	for _, l := range levels {
		if l >= lv {
			n++
		}
	}
	out := make([]int32, 0, n)
	for i, l := range levels {
		if l >= lv {
			out = append(out, int32(i))
		}
	}
	return out
}

// OfServices returns, ascending, the positions of the lines of the named
// services. The slice is new.
func (ix *LogIndex) OfServices(names ...string) []int32 {
	want := ix.serviceSet(names)
	svc := ix.logs.svc
	n := 0
	for _, k := range svc {
		if want[k] {
			n++
		}
	}
	out := make([]int32, 0, n)
	for i, k := range svc {
		if want[k] {
			out = append(out, int32(i))
		}
	}
	return out
}

// CountService counts the lines of service name among lines [lo, hi).
func (ix *LogIndex) CountService(name string, lo, hi int) int {
	want := ix.serviceSet([]string{name})
	n := 0
	for _, k := range ix.logs.svc[max(lo, 0):min(hi, len(ix.logs.svc))] {
		if want[k] {
			n++
		}
	}
	return n
}

// serviceSet marks the store's numbers of the named services.
func (ix *LogIndex) serviceSet(names []string) []bool {
	all := ix.logs.Services()
	want := make([]bool, len(all))
	for k, name := range all {
		want[k] = slices.Contains(names, name)
	}
	return want
}

// Services lists the services that have lines, in the store's order.
func (ix *LogIndex) Services() []string {
	all := ix.logs.Services()
	has := make([]bool, len(all))
	for _, k := range ix.logs.svc {
		has[k] = true
	}
	var out []string
	for k, name := range all {
		if has[k] {
			out = append(out, name)
		}
	}
	return out
}

// Prepare builds what a search needs now, if it is not built yet: the
// tables every search needs (searches build those themselves otherwise)
// and the trigram filters that let a search skip most lines (a search
// does without them until they are built). Safe to call from any
// goroutine; the game calls it in the background.
func (ix *LogIndex) Prepare() {
	ix.prepareText()
	ix.gramsOnce.Do(ix.buildGrams)
}

// prepareText builds the tables every search needs.
func (ix *LogIndex) prepareText() { ix.textOnce.Do(ix.buildText) }

// textLinesPerWorker is the fewest lines worth a goroutine when building
// the search tables; a multiple of 64, so no two workers share a word of
// nonASCII.
const textLinesPerWorker = 64 << 10

// buildText fills nonASCII and freq, the lines split across cores.
func (ix *LogIndex) buildText() {
	logs := ix.logs
	n := logs.Len()
	ix.nonASCII = make([]uint64, (n+63)/64)
	parts := min(runtime.GOMAXPROCS(0), n/textLinesPerWorker+1)
	per := (n/parts + 63) &^ 63
	var wg sync.WaitGroup
	for from := 0; from < n; from += max(per, 64) {
		to := min(from+max(per, 64), n)
		wg.Go(func() {
			for i := from; i < to; i++ {
				if !isASCIIBytes(logs.Row(i)) {
					ix.nonASCII[i/64] |= 1 << (i % 64)
				}
			}
		})
	}
	wg.Wait()
	// A sample of 64 stretches of 4 KiB is enough to rank bytes.
	for _, blk := range logs.text.list {
		step := max(len(blk)/8, 4096)
		for at := 0; at < len(blk); at += step {
			for _, c := range blk[at:min(at+4096, len(blk))] {
				ix.freq[fold[c]]++
			}
			ix.freqTotal += uint64(min(at+4096, len(blk)) - at)
		}
	}
}

// fold is ASCII lower-casing as the search sees it: newlines read as
// spaces, so that a match never depends on how a message was wrapped.
var fold = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c + 'a' - 'A')
	}
	t['\n'] = ' '
	return t
}()

// appendLower appends s lower-cased; ASCII fast path, and newlines are
// flattened so that a match never spans two lines.
func appendLower[S string | []byte](dst []byte, s S) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			lower := strings.ToLower(string(s[i:]))
			return append(dst, strings.ReplaceAll(lower, "\n", " ")...)
		}
		dst = append(dst, fold[c])
	}
	return dst
}

// Lines is the number of indexed lines.
func (ix *LogIndex) Lines() int { return ix.logs.Len() }

// Contains returns, ascending, the positions of lines whose message or
// AttrText contains needle, ignoring case. An empty needle matches nothing.
// A big index is scanned in one slice of whole lines per core.
func (ix *LogIndex) Contains(needle string) []int32 {
	if needle == "" {
		return nil
	}
	ix.prepareText()
	n := appendLower(nil, needle)
	lines := ix.Lines()
	workers := min(runtime.GOMAXPROCS(0), lines/containsPerWorker+1)
	if workers <= 1 {
		return ix.contains(n, 0, lines, nil)
	}
	parts := make([][]int32, workers)
	var wg sync.WaitGroup
	for w := range workers {
		from, to := lines*w/workers, lines*(w+1)/workers
		wg.Go(func() { parts[w] = ix.contains(n, from, to, nil) })
	}
	wg.Wait()
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	out := make([]int32, 0, total)
	for _, p := range parts {
		out = append(out, p...)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// containsPerWorker is the fewest lines worth a goroutine of their own.
const containsPerWorker = 64 << 10

// contains appends to out the lines in [from, to) whose lower-cased text
// holds n (lower-cased). ASCII lines are scanned in place, a block of the
// store at a time, for n's rarest byte in either case; the few lines with
// other bytes are lower-cased one by one, as Unicode folds them.
func (ix *LogIndex) contains(n []byte, from, to int, out []int32) []int32 {
	var slow []int32
	if isASCIIBytes(n) {
		out = ix.scanASCII(n, from, to, out)
		slow = ix.slowLines(n, from, to, nil)
	} else {
		// Lower-cased ASCII is ASCII: only other lines can hold n.
		return ix.slowLines(n, from, to, out)
	}
	if len(slow) == 0 {
		return out
	}
	merged := make([]int32, 0, len(out)+len(slow))
	i, j := 0, 0
	for i < len(out) || j < len(slow) {
		if j == len(slow) || (i < len(out) && out[i] < slow[j]) {
			merged = append(merged, out[i])
			i++
		} else {
			merged = append(merged, slow[j])
			j++
		}
	}
	return merged
}

// slowLines appends the non-ASCII lines in [from, to) that hold n.
func (ix *LogIndex) slowLines(n []byte, from, to int, out []int32) []int32 {
	var buf []byte
	for w := from / 64; w*64 < to; w++ {
		bits := ix.nonASCII[w]
		for bits != 0 {
			i := w*64 + trailingZeros(bits)
			bits &= bits - 1
			if i < from || i >= to {
				continue
			}
			buf = appendLower(buf[:0], ix.logs.Row(i))
			if bytes.Contains(buf, n) {
				out = append(out, int32(i))
			}
		}
	}
	return out
}

// scanASCII appends the ASCII lines in [from, to) that hold n, itself
// lower-case ASCII. It finds n's rarest byte with IndexByte (both cases
// of a letter, and a newline for a space, each with its own cursor) and
// checks n around each one, so the scan goes at IndexByte's speed.
func (ix *LogIndex) scanASCII(n []byte, from, to int, out []int32) []int32 {
	if from >= to {
		return out
	}
	rare := 0
	for k := range n {
		if ix.freq[n[k]] < ix.freq[n[rare]] {
			rare = k
		}
	}
	if g := ix.grams.Load(); g != nil && len(n) >= 3 {
		if q := g.needle(n); g.pays(&q, ix.finds(n[rare])) {
			return ix.scanGrams(g.lines, &q, n, rare, from, to, out)
		}
	}
	s := ix.logs
	lo, hi := s.rowAt[from], s.rowAt[to]
	line := from
	for k, blk := range s.text.list {
		base := s.text.base[k]
		end := base + uint32(len(blk))
		if end <= lo || base >= hi {
			continue
		}
		// this block's part of [lo, hi), as offsets into blk
		a, b := int(max(lo, base)-base), int(min(hi, end)-base)
		if a+len(n) > b {
			continue // too short to hold n (a block may hold one short row)
		}
		out = ix.scanBlock(blk[:b], a, base, n, rare, &line, out)
	}
	return out
}

// scanBlock appends the lines of h, from offset a on, that hold n: it
// finds n's rare byte in either case with IndexByte, a cursor for each,
// and checks n around each find. *line is a line at or before the next
// match (lineAt gallops from it).
func (ix *LogIndex) scanBlock(h []byte, a int, base uint32, n []byte, rare int, line *int, out []int32) []int32 {
	c := n[rare]
	alt := otherCase(c)
	at := a                            // the earliest place a match may start
	window := h[:len(h)-len(n)+rare+1] // where n's rare byte may lie
	next := [2]int{-1, -1}             // each cursor's last find; -1: look again
	for at+len(n) <= len(h) {
		pos := noMatch
		for p, want := range [2]byte{c, alt} {
			if p == 1 && alt == c {
				break
			}
			if next[p] != noMatch && next[p] < at+rare {
				if j := bytes.IndexByte(window[at+rare:], want); j < 0 {
					next[p] = noMatch
				} else {
					next[p] = at + rare + j
				}
			}
			pos = min(pos, next[p])
		}
		if pos == noMatch {
			break
		}
		pos -= rare // where n would start
		if !equalFold(h[pos:pos+len(n)], n) {
			at = pos + 1
			continue
		}
		out, at = ix.hit(base, pos, len(n), line, out)
	}
	return out
}

// hit records the match of a needle n bytes long at offset pos of the
// block that starts at base, and returns where the next match may start:
// the next line, since one hit per line is enough.
func (ix *LogIndex) hit(base uint32, pos, n int, line *int, out []int32) ([]int32, int) {
	s := ix.logs
	l := ix.lineAt(base+uint32(pos), *line)
	// A match that runs into the next line, or lies in a line slowLines
	// reads, does not count; nor can another in it.
	if base+uint32(pos+n) <= s.rowAt[l+1] && ix.nonASCII[l/64]&(1<<(l%64)) == 0 {
		out = append(out, int32(l))
	}
	*line = l + 1
	return out, int(s.rowAt[l+1] - base)
}

// finds is how many times a line the scan is expected to find c (folded).
func (ix *LogIndex) finds(c byte) float64 {
	n := ix.logs.Len()
	if ix.freqTotal == 0 || n == 0 {
		return 0
	}
	perLine := float64(ix.logs.rowAt[n]) / float64(n)
	return perLine * float64(ix.freq[c]) / float64(ix.freqTotal)
}

// noMatch is a cursor that has run out.
const noMatch = math.MaxInt

// otherCase is the other byte that folds to c (a folded byte), or c when
// there is none: the upper-case letter, or a newline for a space.
func otherCase(c byte) byte {
	switch {
	case 'a' <= c && c <= 'z':
		return c - ('a' - 'A')
	case c == ' ':
		return '\n'
	}
	return c
}

// equalFold reports whether h, folded, is n (lower-case ASCII).
func equalFold(h, n []byte) bool {
	for i := range n {
		if fold[h[i]] != n[i] {
			return false
		}
	}
	return true
}

func trailingZeros(x uint64) int { return bits.TrailingZeros64(x) }

// lineAt is the line holding byte pos of the text, at or after line from:
// hits come in order and mostly a few lines apart, so it gallops forward
// from the last one instead of bisecting a million offsets for each.
func (ix *LogIndex) lineAt(pos uint32, from int) int {
	starts := ix.logs.rowAt
	lo, step := from, 1
	for lo+step < len(starts) && starts[lo+step] <= pos {
		lo += step
		step *= 2
	}
	hi := min(lo+step, len(starts)-1) // starts[hi] > pos, or hi is the end
	// the last line starting at or before pos (an empty line shares its
	// start with the next one, and holds nothing)
	return lo + sort.Search(hi-lo+1, func(k int) bool { return starts[lo+k] > pos }) - 1
}

// MaySubsequence reports whether line i may hold the characters of q in
// order, ignoring case: false only when it certainly does not. q must be
// lower-case ASCII. A line with non-ASCII text always may (Unicode folds
// 'ſ' to 's', which lower-casing does not), so this is a cheap, exact
// pre-filter for a fuzzy matcher, never a matcher itself.
func (ix *LogIndex) MaySubsequence(i int, q string) bool {
	ix.prepareText()
	if ix.nonASCII[i/64]&(1<<(i%64)) != 0 {
		return true
	}
	line := ix.logs.Row(i)
	for k := 0; k < len(q); k++ {
		j := indexFold(line, q[k])
		if j < 0 {
			return false
		}
		line = line[j+1:]
	}
	return true
}

// indexFold is the index of the first byte of h that folds to c, or -1.
func indexFold(h []byte, c byte) int {
	j := bytes.IndexByte(h, c)
	alt := otherCase(c)
	if alt != c {
		end := len(h)
		if j >= 0 {
			end = j
		}
		if k := bytes.IndexByte(h[:end], alt); k >= 0 {
			return k
		}
	}
	return j
}

// isASCII reports whether s is all ASCII, eight bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if x&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isASCIIBytes is isASCII for bytes.
func isASCIIBytes(b []byte) bool { return isASCII(bytesString(b)) }

// Lower returns line i's lower-cased searchable text.
func (ix *LogIndex) Lower(i int) string { return string(appendLower(nil, ix.logs.Row(i))) }
