package game

import (
	"runtime"
	"sync"
)

// A search for a common word ("timeout" in one line of ten) cannot skip
// much of the text by blocks: it is in every block. So the index keeps, per
// line, a 96-bit Bloom filter of the line's trigrams (its text folded as
// the search folds it): a line whose filter lacks one of the needle's
// trigrams cannot hold the needle, and only the rest (about one line in
// five for such a word, far fewer for an id) are read. That costs 12 bytes
// a line, built in the background while the briefing is read (Prepare);
// until it is ready a search scans the whole text, as it would anyway.

// gramWords is the filter's size per line, in uint32 words; gramBits is
// its bits. (128 bits would keep a third fewer lines to read, and push a
// session's memory past the size of its JSONL.)
const (
	gramWords = 3
	gramBits  = 32 * gramWords
)

// gramFilter is one line's filter.
type gramFilter = [gramWords]uint32

// gramBit is the bit of a trigram, packed as its three folded bytes: a
// multiplicative hash, mapped onto [0, gramBits) by its top bits.
func gramBit(v uint32) uint32 { return uint32(uint64(v*0x9E3779B1) * gramBits >> 32) }

// lineGrams sets the trigrams of row in m.
func lineGrams(row []byte, m *gramFilter) {
	var v uint32
	for k, c := range row {
		v = (v<<8 | uint32(fold[c])) & 0xFFFFFF
		if k >= 2 {
			b := gramBit(v)
			m[b>>5] |= 1 << (b & 31)
		}
	}
}

// needleGrams is the filter a line must cover to hold n (lower-case
// ASCII, at least three bytes long).
func needleGrams(n []byte) (m gramFilter) {
	lineGrams(n, &m) // n is already folded; fold leaves it as it is
	return m
}

// buildGrams fills the filters, the lines split across cores, and only
// then publishes them.
func (ix *LogIndex) buildGrams() {
	logs := ix.logs
	n := logs.Len()
	grams := make([]gramFilter, n)
	parts := min(runtime.GOMAXPROCS(0), n/textLinesPerWorker+1)
	per := (n + parts - 1) / parts
	var wg sync.WaitGroup
	for from := 0; from < n; from += max(per, 1) {
		to := min(from+max(per, 1), n)
		wg.Go(func() {
			for i := from; i < to; i++ {
				lineGrams(logs.Row(i), &grams[i])
			}
		})
	}
	wg.Wait()
	ix.grams.Store(&grams)
}

// scanGrams is scanASCII for a needle of three bytes or more once the
// filters are built: only the ASCII lines whose filter covers the
// needle's are read.
func (ix *LogIndex) scanGrams(grams []gramFilter, n []byte, rare, from, to int, out []int32) []int32 {
	q := needleGrams(n)
	for i := from; i < to; i++ {
		m := &grams[i]
		if m[0]&q[0] != q[0] || m[1]&q[1] != q[1] || m[2]&q[2] != q[2] || ix.nonASCII[i/64]&(1<<(i%64)) != 0 {
			continue
		}
		if containsFold(ix.logs.Row(i), n, rare) {
			out = append(out, int32(i))
		}
	}
	return out
}

// containsFold reports whether row, folded, holds n (lower-case ASCII),
// looking for n's byte at rare first.
func containsFold(row, n []byte, rare int) bool {
	for at := 0; at+len(n) <= len(row); {
		j := indexFold(row[at+rare:len(row)-len(n)+rare+1], n[rare])
		if j < 0 {
			return false
		}
		if pos := at + j; equalFold(row[pos:pos+len(n)], n) {
			return true
		} else {
			at = pos + 1
		}
	}
	return false
}
