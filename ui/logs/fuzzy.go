package logs

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"

	"firedrill/game"
)

// maxFuzzyResults caps the ranked list: nobody reads past the first few
// thousand, and keeping every match of a million lines costs memory.
const maxFuzzyResults = 5000

// fuzzyHit is one ranked fuzzy match: the line and the byte offsets of the
// matched characters in its row text (for highlighting).
type fuzzyHit struct {
	line    int32
	score   int
	matched []int
}

// fuzzyResultMsg carries the answer of one step of a fuzzy request; id
// lets the pane drop answers to queries the player has already typed past.
// A step ranks the rows [from, next); next is 0 once every row is ranked,
// else the pane asks for the next step (over res, the rows the request
// started on).
type fuzzyResultMsg struct {
	id      int
	query   string
	hits    []fuzzyHit
	matches int // how many lines matched before capping
	from    int
	next    int
	res     result
}

// rowSource lets sahilm/fuzzy read the row text (message and attrs) of
// some lines without building a []string of a million of them: the store
// keeps each row whole, and hands it out as a string over its own bytes.
type rowSource struct {
	logs  *game.LogStore
	lines []int32
}

func (s rowSource) String(i int) string { return s.logs.RowString(int(s.lines[i])) }
func (s rowSource) Len() int            { return len(s.lines) }

// fuzzyCmd ranks one segment of the visible rows, from row from, against
// query off the UI goroutine. latest holds the newest request id: when the
// player types on, the old request sees it change and stops early instead
// of burning the cores.
func fuzzyCmd(id int, query string, s *game.Scenario, res result, from int, latest *atomic.Int64) tea.Cmd {
	return func() tea.Msg {
		stale := func() bool { return latest.Load() != int64(id) }
		to := min(from+fuzzySegment, res.n())
		hits, matches := fuzzyRange(query, s, res, from, to, runtime.GOMAXPROCS(0), stale)
		next := to
		if to >= res.n() {
			next = 0
		}
		return fuzzyResultMsg{id: id, query: query, hits: hits, matches: matches, from: from, next: next, res: res}
	}
}

// fuzzySegment is how many rows one step of a fuzzy find ranks before its
// results are shown: on a big incident the first ranked results are on
// screen after one step, and each later step refines them.
var fuzzySegment = 256 << 10 // a variable only so tests can make it small

// mergeHits is the best maxFuzzyResults of two ranked lists, in a new
// slice (a list may be shared with an older copy of the model).
func mergeHits(a, b []fuzzyHit) []fuzzyHit {
	merged := make([]fuzzyHit, 0, len(a)+len(b))
	return topHits(append(append(merged, a...), b...))
}

// fuzzyBlock is how many rows a worker matches between checks for a newer
// request.
const fuzzyBlock = 16384

// fuzzyFind splits the rows into one chunk per worker, matches the chunks in
// parallel and merges them by score (ties: earlier line first). It returns
// the best maxFuzzyResults hits and the number of lines that matched. For
// an ASCII query the index first drops the lines that do not hold the
// query's characters in order (most of them), so only the rest have their
// row text built and scored.
func fuzzyFind(query string, s *game.Scenario, res result, workers int, stale func() bool) ([]fuzzyHit, int) {
	return fuzzyRange(query, s, res, 0, res.n(), workers, stale)
}

// fuzzyRange is fuzzyFind over the rows [lo, hi).
func fuzzyRange(query string, s *game.Scenario, res result, lo, hi, workers int, stale func() bool) ([]fuzzyHit, int) {
	n := hi - lo
	if query == "" || n <= 0 {
		return nil, 0
	}
	lower, prefilter := strings.ToLower(query), s.Index != nil && isASCII(query) && !strings.Contains(query, "\n")
	workers = max(1, min(workers, n/4096+1))
	chunk := (n + workers - 1) / workers
	parts := make([][]fuzzyHit, workers)
	counts := make([]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		first := lo + w*chunk
		size := min(chunk, hi-first)
		if size <= 0 {
			continue
		}
		wg.Go(func() {
			var hits []fuzzyHit
			var lines []int32
			var buf []byte
			for from := first; from < first+size; from += fuzzyBlock {
				if stale != nil && stale() {
					return
				}
				lines, buf = lines[:0], buf[:0]
				for row := from; row < min(from+fuzzyBlock, first+size); row++ {
					line := res.line(row)
					if !prefilter || s.Index.MaySubsequence(line, lower) {
						lines = append(lines, int32(line))
					}
				}
				for _, m := range fuzzy.FindFromNoSort(query, rowSource{logs: s.Logs, lines: lines}) {
					hits = append(hits, fuzzyHit{line: lines[m.Index], score: m.Score, matched: m.MatchedIndexes})
				}
				// Only the best maxFuzzyResults can be shown: keeping
				// every match of a million lines until the end would
				// hold (and drop) megabytes of them.
				if len(hits) >= 2*maxFuzzyResults {
					counts[w] += len(hits) - maxFuzzyResults
					hits = hits[:len(topHits(hits))] // the best, sorted to the front; the room is kept
				}
			}
			counts[w] += len(hits)
			parts[w] = topHits(hits)
		})
	}
	wg.Wait()
	var merged []fuzzyHit
	total := 0
	for w := range parts {
		merged = append(merged, parts[w]...)
		total += counts[w]
	}
	return topHits(merged), total
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// topHits sorts by score (best first, then by line) and keeps the cap.
func topHits(h []fuzzyHit) []fuzzyHit {
	slices.SortFunc(h, func(a, b fuzzyHit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.line, b.line)
	})
	if len(h) > maxFuzzyResults {
		h = h[:maxFuzzyResults:maxFuzzyResults]
	}
	return h
}
