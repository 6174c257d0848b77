package game

import (
	"bytes"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// A search for a common word ("timeout" in one line of ten) cannot skip
// much of the text by blocks: it is in every block. So the index keeps, per
// line, a 64-bit Bloom filter of the line's word trigrams (lineGrams): a
// line whose filter lacks one of the needle's trigrams cannot hold the
// needle, and only the rest are read. That costs 8 bytes a line, built
// in the background while the briefing is read (Prepare); until it is
// ready a search scans the whole text, as it would anyway.
//
// Trigrams found in most lines (attribute keys, a deployment's pod hash,
// "request") are left out of every filter and every needle: they would
// set the same bits in every filter, which then tell lines apart by less,
// and a needle gains nothing by asking for them.
//
// A filter only pays when it rules out most lines: each line that passes
// is read on its own, far from the last one, which costs a wait on memory,
// while the scan reads the whole text in order at IndexByte's speed and
// pays only where the needle's rarest byte turns up. So a search reads
// the filters only when that is cheaper by the costs below, with the
// share of lines that pass estimated on a sample (pays).

// The costs per line, in nanoseconds, measured on the make perf pack on
// two cores: reading a filter; reading a line that passes it; the scan's
// pass over a line; and the scan's check at each find of the rare byte.
const (
	filterLineNs = 3
	passLineNs   = 150
	scanLineNs   = 11
	scanFindNs   = 27
)

// gramSample is how many lines, spread evenly, passShare tries.
const gramSample = 1024

// gramIndex is the built filters and the trigrams they leave out.
type gramIndex struct {
	lines []gramFilter
	stop  *gramSet
}

// passShare estimates the share of lines whose filter covers q.
func (g *gramIndex) passShare(q *gramFilter) float64 {
	n := len(g.lines)
	step := max(n/gramSample, 1)
	pass, tried := 0, 0
	for i := 0; i < n; i += step {
		if g.lines[i]&*q == *q {
			pass++
		}
		tried++
	}
	return float64(pass) / float64(max(tried, 1))
}

// pays reports whether a search for a needle whose filter is q, and whose
// rarest byte the scan finds finds times a line, should read the filters.
func (g *gramIndex) pays(q *gramFilter, finds float64) bool {
	if *q == 0 {
		return false // every line passes
	}
	return filterLineNs+passLineNs*g.passShare(q) < scanLineNs+scanFindNs*finds
}

// gramBits is the filter's size per line. With word trigrams only and the
// common ones left out, a line of the make perf pack sets a third of 64
// bits, and a five-trigram word passes one line in fifty besides its own;
// 96 bits passed one in a hundred and fifty, for 4 bytes more a line,
// which a session's memory (held to the JSONL's size) could not spare.
const gramBits = 64

// gramFilter is one line's filter.
type gramFilter = uint64

// gramBit is the bit of a trigram, packed as its three folded bytes: a
// multiplicative hash, mapped onto [0, gramBits) by its top bits.
func gramBit(v uint32) uint32 { return uint32(uint64(v*0x9E3779B1) * gramBits >> 32) }

// lineGrams sets the word trigrams of row in m, but those in stop: three
// bytes in a row that are all letters, digits or '_', folded. Only those
// are kept because what people search logs for is words and identifiers,
// and a row's other trigrams (" = ", "s p", "=12") would fill the filter:
// with every trigram of a 90-byte row set, 60% of a filter's bits are on
// and a five-trigram word like "timeout" passes one line in thirteen. A
// needle's word trigrams are word trigrams of every line that holds it,
// so the filter still never drops a match.
func lineGrams(row []byte, stop *gramSet, m *gramFilter) {
	for v := range wordGrams(row) {
		if !stop.has(v) {
			*m |= 1 << gramBit(v)
		}
	}
}

// wordGrams yields the word trigrams of row, folded, each packed into 24
// bits, in order (a trigram that recurs is yielded again).
func wordGrams(row []byte) iter.Seq[uint32] {
	return func(yield func(uint32) bool) {
		var v uint32
		run := 0 // word bytes in a row, ending here
		for _, c := range row {
			f := fold[c]
			if !gramByte[f] {
				run = 0
				continue
			}
			v = (v<<8 | uint32(f)) & 0xFFFFFF
			if run++; run >= 3 && !yield(v) {
				return
			}
		}
	}
}

// gramByte marks the folded bytes a word trigram is made of.
var gramByte = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_'
	}
	return t
}()

// gramSet is a set of trigrams, packed as lineGrams packs them: a bit for
// each of the 2^24 (2 MiB).
type gramSet [1 << 24 / 64]uint64

// has reports whether v is in the set; a nil set holds nothing.
func (s *gramSet) has(v uint32) bool { return s != nil && s[v>>6]&(1<<(v&63)) != 0 }

// needle is the filter a line must cover to hold n (lower-case ASCII). A
// needle with no word trigram, or only common ones, has an empty filter,
// which every line covers, so pays sends it to the scan.
func (g *gramIndex) needle(n []byte) (m gramFilter) {
	lineGrams(n, g.stop, &m) // n is already folded; fold leaves it as it is
	return m
}

// stopSample is how many lines, spread evenly, commonGrams reads, and
// stopShare the share of them a trigram must be in to be left out.
const (
	stopSample = 4096
	stopShare  = 0.25
)

// commonGrams is the set of word trigrams found in more than stopShare of
// a sample of the lines.
func commonGrams(logs *LogStore) *gramSet {
	n := logs.Len()
	step := max(n/stopSample, 1)
	count := map[uint32]int{}
	var seen []uint32
	sampled := 0
	for i := 0; i < n; i += step {
		seen = slices.AppendSeq(seen[:0], wordGrams(logs.Row(i)))
		slices.Sort(seen)
		for _, v := range slices.Compact(seen) {
			count[v]++
		}
		sampled++
	}
	stop := new(gramSet)
	for v, c := range count {
		if float64(c) > stopShare*float64(sampled) {
			stop[v>>6] |= 1 << (v & 63)
		}
	}
	return stop
}

// buildGrams fills the filters, the lines split across cores, and only
// then publishes them.
func (ix *LogIndex) buildGrams() {
	logs := ix.logs
	n := logs.Len()
	stop := commonGrams(logs)
	grams := make([]gramFilter, n)
	parts := min(runtime.GOMAXPROCS(0), n/textLinesPerWorker+1)
	per := max((n+parts-1)/parts, 1)
	var wg sync.WaitGroup
	for from := 0; from < n; from += per {
		to := min(from+per, n)
		wg.Go(func() {
			for i := from; i < to; i++ {
				lineGrams(logs.Row(i), stop, &grams[i])
			}
		})
	}
	wg.Wait()
	ix.grams.Store(&gramIndex{lines: grams, stop: stop})
}

// scanGrams is scanASCII for a needle of three bytes or more once the
// filters are built: only the ASCII lines whose filter covers the
// needle's are read.
//
// Those lines lie far apart in the text, so reading each waits on memory
// (about 100 ns, longer than the check itself). They are taken in
// batches: the first byte of every row in a batch is loaded before any is
// checked, so the waits overlap instead of following one another.
func (ix *LogIndex) scanGrams(grams []gramFilter, q *gramFilter, n []byte, rare, from, to int, out []int32) []int32 {
	var batch [gramBatch]int32
	var rows [gramBatch][]byte
	k := 0
	for i := from; i < to; i++ {
		// one branch, not three: most lines fail, at any of the words
		if *q&^grams[i] != 0 || ix.nonASCII[i/64]&(1<<(i%64)) != 0 {
			continue
		}
		batch[k] = int32(i)
		if k++; k == gramBatch || i == to-1 {
			out = ix.checkBatch(batch[:k], &rows, n, rare, out)
			k = 0
		}
	}
	return ix.checkBatch(batch[:k], &rows, n, rare, out)
}

// gramBatch is how many rows scanGrams loads before checking them.
const gramBatch = 16

// checkBatch appends the lines of batch whose rows hold n. The loads'
// sum is kept in touched so the compiler cannot drop them.
func (ix *LogIndex) checkBatch(batch []int32, rows *[gramBatch][]byte, n []byte, rare int, out []int32) []int32 {
	var sum byte
	ix.logs.rowsOf(batch, rows[:len(batch)])
	for _, r := range rows[:len(batch)] {
		if len(r) > 0 {
			sum ^= r[0] ^ r[len(r)-1] // a row may span two cache lines
		}
	}
	touched.Add(uint32(sum))
	for j, i := range batch {
		if containsFold(rows[j], n, rare) {
			out = append(out, i)
		}
	}
	return out
}

// touched receives checkBatch's loads (see there); nothing reads it.
var touched atomic.Uint32

// containsFold reports whether row, folded, holds n (lower-case ASCII),
// whose rarest byte is n[rare]. A match has that byte, in one case or the
// other, rare bytes into it: IndexByte finds each at assembly speed and
// the needle is checked around it.
func containsFold(row, n []byte, rare int) bool {
	c := n[rare]
	if foldsAround(row, n, rare, c) {
		return true
	}
	alt := otherCase(c)
	return alt != c && foldsAround(row, n, rare, alt)
}

// foldsAround reports whether row holds n, folded, with byte b at n's
// position rare.
func foldsAround(row, n []byte, rare int, b byte) bool {
	last := len(row) - len(n) + rare // the last place b may lie
	for at := rare; at <= last; at++ {
		j := bytes.IndexByte(row[at:last+1], b)
		if j < 0 {
			return false
		}
		at += j
		if equalFold(row[at-rare:at-rare+len(n)], n) {
			return true
		}
	}
	return false
}
