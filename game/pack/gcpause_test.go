package pack

import (
	"runtime/debug"
	"testing"
)

// TestPauseGC checks the collector is off with a memory limit over what
// the process holds while any load is paused, and that the last resume
// puts back the settings found.
func TestPauseGC(t *testing.T) {
	percent := debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	limit := debug.SetMemoryLimit(-1)
	gcPercent := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }

	resume1 := pauseGC(100<<20, 1<<30)
	lim1 := debug.SetMemoryLimit(-1)
	if gcPercent() != -1 || lim1 != 1<<30 {
		t.Fatalf("paused: GC percent %d, memory limit %d; want -1 and the budget", gcPercent(), lim1)
	}
	resume2 := pauseGC(3<<30, 1<<30) // a second load at once, needing more than the budget
	if lim2 := debug.SetMemoryLimit(-1); lim2 < 3<<30+gcPauseMargin {
		t.Errorf("the second load's limit %d does not cover its need", lim2)
	}
	resume2()
	if gcPercent() != -1 {
		t.Error("the collector resumed while a load was still paused")
	}
	resume1()
	if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != percent || l != limit {
		t.Errorf("after the pause: GC percent %d, limit %d; want %d, %d", p, l, percent, limit)
	}
}

// TestTightGCWithPause: a load holding the collector tight and another
// pausing it at once leave it off while the pause lasts, tight while only
// the tight one does, and put back what was found at the end, in either
// order of ending.
func TestTightGCWithPause(t *testing.T) {
	gcPercent := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	found := debug.SetGCPercent(100)
	defer debug.SetGCPercent(found)
	limit := debug.SetMemoryLimit(-1)

	loosen := tightGC()
	if p := gcPercent(); p != gcTightPercent {
		t.Fatalf("tight: GC percent %d, want %d", p, gcTightPercent)
	}
	resume := pauseGC(100<<20, 1<<30)
	if p := gcPercent(); p != -1 {
		t.Fatalf("tight and paused: GC percent %d, want -1", p)
	}
	resume()
	if p := gcPercent(); p != gcTightPercent {
		t.Errorf("pause over, still tight: GC percent %d, want %d", p, gcTightPercent)
	}
	loosen()
	if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != 100 || l != limit {
		t.Errorf("both over: GC percent %d, limit %d; want 100, %d", p, l, limit)
	}

	resume = pauseGC(100<<20, 1<<30)
	loosen = tightGC()
	loosen()
	if p := gcPercent(); p != -1 {
		t.Errorf("tight over, still paused: GC percent %d, want -1", p)
	}
	resume()
	if p := gcPercent(); p != 100 {
		t.Errorf("both over: GC percent %d, want 100", p)
	}

	debug.SetGCPercent(10) // a player's GOGC lower than tight stays
	loosen = tightGC()
	if p := gcPercent(); p != 10 {
		t.Errorf("tight over GOGC=10: GC percent %d, want 10", p)
	}
	loosen()
}
