package heuristic_test

import (
	"os"
	"strconv"
	"testing"

	"firedrill/game/heuristic"
)

// TestQuickGeneratedTable is a small version of TestShortcutTable for
// iterating on the generator: FIREDRILL_QUICK_TABLE=N scores N generated
// scenarios (no library) and logs the table. Skipped unless set.
func TestQuickGeneratedTable(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("FIREDRILL_QUICK_TABLE"))
	if n <= 0 {
		t.Skip("set FIREDRILL_QUICK_TABLE=N to score N generated scenarios")
	}
	tally := heuristic.NewTally(bucketEasy, bucketHard)
	for _, g := range runGenerated(t, n) {
		bucket := bucketHard
		if g.difficulty <= 2 {
			bucket = bucketEasy
		}
		tally.Add(bucket, g.results)
	}
	t.Log("\n" + tally.String())
}
