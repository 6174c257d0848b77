package logs

import (
	"runtime"

	"firedrill/game"
)

// The two searches the pane runs off the UI goroutine, callable on their
// own so that make perf (internal/tools/perf) times exactly the code a
// player waits for, without a terminal.

// SearchHits runs the "/ needle, f" filter: the rows whose message or
// attrs contain needle, ignoring case. It returns how many there are.
func SearchHits(s *game.Scenario, needle string) int {
	return apply(s, filter{search: needle, onlyHits: true}).n()
}

// FuzzyFirst runs the first step of ctrl+f's ranking, the one whose
// results the pane shows first, and returns how many lines it matched.
func FuzzyFirst(s *game.Scenario, query string) int {
	res := apply(s, filter{})
	_, n := fuzzyRange(query, s, res, 0, min(fuzzySegment, res.n()), runtime.GOMAXPROCS(0), nil)
	return n
}

// FuzzyMatches runs ctrl+f's ranking of every line against query on
// every core and returns how many lines matched and the best line (-1
// when none did).
func FuzzyMatches(s *game.Scenario, query string) (matches, best int) {
	hits, n := fuzzyFind(query, s, apply(s, filter{}), runtime.GOMAXPROCS(0), nil)
	if len(hits) == 0 {
		return n, -1
	}
	return n, int(hits[0].line)
}
