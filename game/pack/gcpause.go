package pack

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Reading a big pack's logs allocates what it keeps (the lines, their text
// and attributes) and next to no garbage, so a collection during it marks
// the growing heap for nothing: at a million lines that was a fifth of the
// load's CPU. The collector is paused while a big scenario's logs load
// (not its traces and metrics, whose JSON readers do make garbage, nor
// OTLP logs: memoryChurns in memory.go), with a
// memory limit as the backstop: the memory budget (memory.go), or what the
// process holds plus the scenario's estimated need if that is more. Input
// that does make garbage still cannot grow the process past the budget the
// player allows a pack; a tighter limit would make the collector run again
// and again on a dense file whose lines cost more than the estimate.
// Concurrent loads share one pause; the last to finish puts back the
// settings it found.

var gcPause struct {
	sync.Mutex
	n                int   // loads in a pause
	percent          int   // the GC percent before the pause
	limit, prevLimit int64 // the pause's memory limit, and the one before
}

// gcPauseMargin is the room left above the estimate.
const gcPauseMargin = 64 << 20

// gcPauseMin is the smallest estimated need worth a pause.
const gcPauseMin = 32 << 20

// pauseGC pauses the collector for a load estimated to need need bytes,
// within budget, and returns the function that resumes it.
func pauseGC(need, budget int64) (resume func()) {
	gcPause.Lock()
	defer gcPause.Unlock()
	if gcPause.n == 0 {
		gcPause.prevLimit = debug.SetMemoryLimit(-1) // -1 reads it
		gcPause.percent = debug.SetGCPercent(-1)
		gcPause.limit = 0
	}
	gcPause.n++
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	metrics.Read(sample)
	if limit := max(budget, int64(sample[0].Value.Uint64())+need+gcPauseMargin); limit > gcPause.limit {
		gcPause.limit = limit
		debug.SetMemoryLimit(min(limit, gcPause.prevLimit))
	}
	return func() {
		gcPause.Lock()
		defer gcPause.Unlock()
		if gcPause.n--; gcPause.n == 0 {
			debug.SetGCPercent(gcPause.percent)
			debug.SetMemoryLimit(gcPause.prevLimit)
		}
	}
}
