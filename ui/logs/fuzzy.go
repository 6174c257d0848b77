package logs

import (
	"cmp"
	"runtime"
	"slices"
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

// fuzzyResultMsg carries the answer of one fuzzy request; id lets the pane
// drop answers to queries the player has already typed past.
type fuzzyResultMsg struct {
	id      int
	query   string
	hits    []fuzzyHit
	matches int // how many lines matched before capping
}

// rowSource lets sahilm/fuzzy read the row text (message and attrs) of a
// slice of rows without building a []string of a million of them.
type rowSource struct {
	logs  []game.LogLine
	res   result
	first int // row offset of this chunk
	n     int
}

func (s rowSource) String(i int) string { return rowText(&s.logs[s.res.line(s.first+i)]) }
func (s rowSource) Len() int            { return s.n }

// fuzzyCmd ranks the visible rows against query off the UI goroutine.
// latest holds the newest request id: when the player types on, the old
// request sees it change and stops early instead of burning the cores.
func fuzzyCmd(id int, query string, s *game.Scenario, res result, latest *atomic.Int64) tea.Cmd {
	return func() tea.Msg {
		stale := func() bool { return latest.Load() != int64(id) }
		hits, matches := fuzzyFind(query, s.Logs, res, runtime.GOMAXPROCS(0), stale)
		return fuzzyResultMsg{id: id, query: query, hits: hits, matches: matches}
	}
}

// fuzzyBlock is how many rows a worker matches between checks for a newer
// request.
const fuzzyBlock = 16384

// fuzzyFind splits the rows into one chunk per worker, matches the chunks in
// parallel and merges them by score (ties: earlier line first). It returns
// the best maxFuzzyResults hits and the number of lines that matched.
func fuzzyFind(query string, logs []game.LogLine, res result, workers int, stale func() bool) ([]fuzzyHit, int) {
	n := res.n()
	if query == "" || n == 0 {
		return nil, 0
	}
	workers = max(1, min(workers, n/4096+1))
	chunk := (n + workers - 1) / workers
	parts := make([][]fuzzyHit, workers)
	counts := make([]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		first := w * chunk
		size := min(chunk, n-first)
		if size <= 0 {
			continue
		}
		wg.Go(func() {
			var hits []fuzzyHit
			for from := first; from < first+size; from += fuzzyBlock {
				if stale != nil && stale() {
					return
				}
				n := min(fuzzyBlock, first+size-from)
				for _, m := range fuzzy.FindFromNoSort(query, rowSource{logs: logs, res: res, first: from, n: n}) {
					hits = append(hits, fuzzyHit{line: int32(res.line(from + m.Index)), score: m.Score, matched: m.MatchedIndexes})
				}
			}
			counts[w] = len(hits)
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
