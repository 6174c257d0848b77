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
