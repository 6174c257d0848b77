package game

import (
	"math"
	"math/bits"
	"runtime"
	"sync"
)

// A search for a common word ("timeout" in one line of ten) cannot skip
// much of the text by blocks: it is in every block. So the index keeps, per
// line, a 96-bit Bloom filter of the line's trigrams (its text folded as
// the search folds it): a line whose filter lacks one of the needle's
// trigrams cannot hold the needle, and only the rest are read (one line
// in twenty for "connection reset", one in a hundred for a request id). That costs 12 bytes
// a line, built in the background while the briefing is read (Prepare);
// until it is ready a search scans the whole text, as it would anyway.
//
// A filter only pays when it rules out nearly every line: a short needle
// has few trigrams, each set in about half the filters by other trigrams,
// and reading the half that pass one by one costs more than the scan of
// the whole text, which IndexByte does at memory speed. So a search uses
// the filters only when the share of lines expected to pass, the filters'
// fill to the power of the needle's bits, is at most gramPassMax.

// gramPassMax is the largest expected share of lines passing the filters
// for which they are used (measured on the make perf pack: at 1/16 the
// two ways cost about the same).
const gramPassMax = 1.0 / 16

// gramIndex is the built filters and how full they are.
type gramIndex struct {
	lines []gramFilter
	fill  float64 // the share of bits set, over every filter
}

// worth reports whether a search for a needle whose filter is q should
// read the filters.
func (g *gramIndex) worth(q *gramFilter) bool {
	k := 0
	for _, w := range q {
		k += bits.OnesCount32(w)
	}
	return math.Pow(g.fill, float64(k)) <= gramPassMax
}

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
	per := max((n+parts-1)/parts, 1)
	set := make([]int, (n+per-1)/per)
	var wg sync.WaitGroup
	for from := 0; from < n; from += per {
		to := min(from+per, n)
		wg.Go(func() {
			ones := 0
			for i := from; i < to; i++ {
				lineGrams(logs.Row(i), &grams[i])
				for _, w := range grams[i] {
					ones += bits.OnesCount32(w)
				}
			}
			set[from/per] = ones
		})
	}
	wg.Wait()
	total := 0
	for _, ones := range set {
		total += ones
	}
	g := &gramIndex{lines: grams, fill: float64(total) / float64(max(n, 1)*gramBits)}
	ix.grams.Store(g)
}

// scanGrams is scanASCII for a needle of three bytes or more once the
// filters are built: only the ASCII lines whose filter covers the
// needle's are read.
func (ix *LogIndex) scanGrams(grams []gramFilter, q *gramFilter, n []byte, from, to int, out []int32) []int32 {
	for i := from; i < to; i++ {
		m := &grams[i]
		if m[0]&q[0] != q[0] || m[1]&q[1] != q[1] || m[2]&q[2] != q[2] || ix.nonASCII[i/64]&(1<<(i%64)) != 0 {
			continue
		}
		if containsFold(ix.logs.Row(i), n) {
			out = append(out, int32(i))
		}
	}
	return out
}

// containsFold reports whether row, folded, holds n (lower-case ASCII).
// Rows are short: a plain loop over them beats setting up IndexByte for
// each byte that might start n, in either case.
func containsFold(row, n []byte) bool {
	first := n[0]
	for k := 0; k+len(n) <= len(row); k++ {
		if fold[row[k]] == first && equalFold(row[k:k+len(n)], n) {
			return true
		}
	}
	return false
}
