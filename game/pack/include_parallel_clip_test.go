package pack

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// A big include with clip: true counts what it leaves out on the loader,
// so it is read in one pass: on every core the count raced and came out
// short. The lines kept and the count must match one core's.
func TestClipBigIncludeSameOnEveryCore(t *testing.T) {
	var b strings.Builder
	outside := 0
	for i := 0; b.Len() < parallelMinBytes+parallelMinBytes/2; i++ {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		if i%4 == 0 { // an hour before the window
			at = at.Add(-time.Hour)
			outside++
		}
		fmt.Fprintf(&b, `{"ts":"%s","level":"INFO","service":"api","msg":"GET /x %d"}`+"\n", at.Format(time.RFC3339Nano), i)
	}
	fsys := fstest.MapFS{
		"s.yaml":  {Data: []byte(scenarioWith("logs:\n  - include: x.jsonl\n    format: jsonl\n    clip: true\n"))},
		"x.jsonl": {Data: []byte(b.String())},
	}
	load := func(procs int) (lines, clipped int) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var sums []IncludeSummary
		budget := newBudget()
		budget.summaries = &sums
		s, _, errs := loadScenario(regularFS{fsys}, "s.yaml", budget)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if len(sums) != 1 {
			t.Fatalf("%d summaries; want 1", len(sums))
		}
		return s.Logs.Len(), sums[0].Clipped
	}
	oneLines, oneClipped := load(1)
	fourLines, fourClipped := load(4)
	if oneClipped != outside || fourClipped != outside || oneLines != fourLines {
		t.Fatalf("one core: %d lines, %d clipped; four cores: %d lines, %d clipped; want %d clipped", oneLines, oneClipped, fourLines, fourClipped, outside)
	}
}
