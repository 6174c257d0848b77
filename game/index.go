package game

import (
	"bytes"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// LogIndex holds positions into Scenario.Logs, built once at load so that
// filters never rescan a million lines to answer "which are ERROR".
type LogIndex struct {
	// ByLevel[l] lists the positions of lines at level l, ascending.
	ByLevel [NumLevels][]int32
	// ByService lists the positions of each service's lines, ascending.
	ByService map[string][]int32

	// The search text is built on first use, not at load (pack validate
	// never searches, and a player reads the briefing first: Prepare
	// builds it then, in the background), on every core.
	logs     []LogLine
	textOnce sync.Once
	// haystack is every line's searchable text (its message and AttrText,
	// as the Logs pane shows them), lower-cased, each followed by '\n';
	// starts[i] is where line i begins. One buffer searched with
	// bytes.Index beats a million small strings.ToLower calls.
	haystack []byte
	starts   []int
	// nonASCII has bit i set when line i's text holds a byte ≥ 0x80: its
	// case folding is Unicode's, which MaySubsequence cannot rule out.
	nonASCII []uint64
	// freq counts the bytes of a sample of haystack: a search looks for
	// the needle's rarest byte first (in logs, 't' and 'e' are everywhere).
	freq [256]uint32
}

// buildIndex indexes logs, which must already be sorted. A first pass
// counts lines per level and service so every position list is allocated
// once at its final size: a million appends that double as they grow
// would allocate each list about twice over.
func buildIndex(logs []LogLine) *LogIndex {
	ix := &LogIndex{ByService: map[string][]int32{}, logs: logs}
	// Services are numbered in order of first sight; svc[i] is line i's.
	number := map[string]int32{}
	svc := make([]int32, len(logs))
	var perService []int
	var perLevel [NumLevels]int
	last, lastNum := "", int32(-1)
	for i := range logs {
		l := &logs[i]
		perLevel[l.Level]++
		if lastNum < 0 || l.Service != last {
			n, ok := number[l.Service]
			if !ok {
				n = int32(len(perService))
				number[l.Service] = n
				perService = append(perService, 0)
			}
			last, lastNum = l.Service, n
		}
		svc[i] = lastNum
		perService[lastNum]++
	}
	for lv, n := range perLevel {
		ix.ByLevel[lv] = make([]int32, 0, n)
	}
	lists := make([][]int32, len(perService))
	for i, n := range perService {
		lists[i] = make([]int32, 0, n)
	}
	for i := range logs {
		l := &logs[i]
		ix.ByLevel[l.Level] = append(ix.ByLevel[l.Level], int32(i))
		lists[svc[i]] = append(lists[svc[i]], int32(i))
	}
	for name, n := range number {
		ix.ByService[name] = lists[n]
	}
	return ix
}

// Prepare builds the search text now, if it is not built yet; searches
// build it themselves otherwise. Safe to call from any goroutine.
func (ix *LogIndex) Prepare() { ix.textOnce.Do(ix.buildText) }

// textLinesPerWorker is the fewest lines worth a goroutine when building
// the search text; a multiple of 64, so no two workers share a word of
// nonASCII.
const textLinesPerWorker = 64 << 10

// buildText fills haystack, starts and nonASCII: first every line's exact
// lower-cased length (so each worker writes its lines straight into its
// own part of one buffer), then the text, each pass split across cores.
func (ix *LogIndex) buildText() {
	logs := ix.logs
	n := len(logs)
	ix.starts = make([]int, n+1)
	ix.nonASCII = make([]uint64, (n+63)/64)
	parts := min(runtime.GOMAXPROCS(0), n/textLinesPerWorker+1)
	each := func(fn func(from, to int)) {
		if parts <= 1 {
			fn(0, n)
			return
		}
		per := (n/parts + 63) &^ 63
		var wg sync.WaitGroup
		for from := 0; from < n; from += per {
			to := min(from+per, n)
			wg.Go(func() { fn(from, to) })
		}
		wg.Wait()
	}
	each(func(from, to int) { // starts[i+1] holds line i's length for now
		var scratch []byte
		for i := from; i < to; i++ {
			l := &logs[i]
			if isASCII(l.Msg) && attrsASCII(l) {
				ix.starts[i+1] = len(l.Msg) + attrTextLen(l) + 1
				continue
			}
			ix.nonASCII[i/64] |= 1 << (i % 64)
			scratch = appendAttrText(appendLower(scratch[:0], l.Msg), l, true)
			ix.starts[i+1] = len(scratch) + 1
		}
	})
	for i := 1; i <= n; i++ {
		ix.starts[i] += ix.starts[i-1]
	}
	ix.haystack = make([]byte, ix.starts[n])
	each(func(from, to int) {
		dst := ix.haystack[ix.starts[from]:ix.starts[from]:ix.starts[to]]
		for i := from; i < to; i++ {
			dst = appendLower(dst, logs[i].Msg)
			dst = appendAttrText(dst, &logs[i], true)
			dst = append(dst, '\n')
		}
	})
	// A sample of 64 stretches of 4 KiB is enough to rank bytes.
	h := ix.haystack
	for k := range 64 {
		at := len(h) / 64 * k
		for _, c := range h[at:min(at+4096, len(h))] {
			ix.freq[c]++
		}
	}
}

// appendLower appends s lower-cased; ASCII fast path, and newlines are
// flattened so that a match never spans two lines.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			lower := strings.ToLower(s[i:])
			return append(dst, strings.ReplaceAll(lower, "\n", " ")...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		} else if c == '\n' {
			c = ' '
		}
		dst = append(dst, c)
	}
	return dst
}

// Lines is the number of indexed lines.
func (ix *LogIndex) Lines() int { return len(ix.logs) }

// Contains returns, ascending, the positions of lines whose message or
// AttrText contains needle, ignoring case. An empty needle matches nothing.
// A big index is scanned in one slice of whole lines per core.
func (ix *LogIndex) Contains(needle string) []int32 {
	if needle == "" {
		return nil
	}
	ix.Prepare()
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

// contains appends to out the lines in [from, to) that contain n: it
// looks for n's rarest byte with IndexByte and checks n around each one,
// so the scan goes at IndexByte's speed over a common first letter.
func (ix *LogIndex) contains(n []byte, from, to int, out []int32) []int32 {
	h := ix.haystack[:ix.starts[to]]
	rare := 0
	for k := range n {
		if ix.freq[n[k]] < ix.freq[n[rare]] {
			rare = k
		}
	}
	c := n[rare]
	at := ix.starts[from] // the earliest place a match may start
	line := from          // the line at holds
	for at+len(n) <= len(h) {
		j := bytes.IndexByte(h[at+rare:len(h)-len(n)+rare+1], c)
		if j < 0 {
			break
		}
		pos := at + j // where n would start
		if !bytes.Equal(h[pos:pos+len(n)], n) {
			at = pos + 1
			continue
		}
		line = ix.lineAt(pos, line)
		out = append(out, int32(line))
		at = ix.starts[line+1] // next line: one hit per line is enough
		line++
	}
	return out
}

// lineAt is the line holding byte pos of the text, at or after line from:
// hits come in order and mostly a few lines apart, so it gallops forward
// from the last one instead of bisecting a million starts for each.
func (ix *LogIndex) lineAt(pos, from int) int {
	lo, step := from, 1
	for lo+step < len(ix.starts) && ix.starts[lo+step] <= pos {
		lo += step
		step *= 2
	}
	hi := min(lo+step, len(ix.starts)-1) // starts[hi] > pos, or hi is the end
	return lo + sort.SearchInts(ix.starts[lo:hi+1], pos+1) - 1
}

// MaySubsequence reports whether line i may hold the characters of q in
// order, ignoring case: false only when it certainly does not. q must be
// lower-case ASCII. A line with non-ASCII text always may (Unicode folds
// 'ſ' to 's', which lower-casing does not), so this is a cheap, exact
// pre-filter for a fuzzy matcher, never a matcher itself.
func (ix *LogIndex) MaySubsequence(i int, q string) bool {
	ix.Prepare()
	if ix.nonASCII[i/64]&(1<<(i%64)) != 0 {
		return true
	}
	line := ix.haystack[ix.starts[i] : ix.starts[i+1]-1]
	for k := 0; k < len(q); k++ {
		j := bytes.IndexByte(line, q[k])
		if j < 0 {
			return false
		}
		line = line[j+1:]
	}
	return true
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

func attrsASCII(l *LogLine) bool {
	for _, a := range l.Attrs {
		if !isASCII(a.Key) || !isASCII(a.Value) {
			return false
		}
	}
	return isASCII(l.Trace)
}

// Lower returns line i's lower-cased searchable text.
func (ix *LogIndex) Lower(i int) string {
	ix.Prepare()
	return string(ix.haystack[ix.starts[i] : ix.starts[i+1]-1])
}
