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

// The trace and metric readers are the other way round: they decode JSON
// records and drop most of what they decode, and Go's default collector
// lets that garbage grow to the size of what the spans and series keep
// before it runs. While a big scenario's traces and metrics load, the
// collector runs at gcTightPercent of garbage instead (tightGC).

var gcPause struct {
	sync.Mutex
	n                int   // loads in a pause
	tight            int   // loads holding the collector tight
	percent          int   // the GC percent found before the first of either
	limit, prevLimit int64 // the pause's memory limit, and the one before
}

// gcTightPercent is the collector's target while tight.
const gcTightPercent = 25

// gcPauseMargin is the room left above the estimate.
const gcPauseMargin = 64 << 20

// gcPauseMin is the smallest estimated need worth a pause.
const gcPauseMin = 32 << 20

// setGCPercent applies what the loads in progress ask for: off while any
// is paused, else tight while any is, else what was found. A player's own
// GOGC=off stays off.
func setGCPercent() {
	switch p := gcPause.percent; {
	case gcPause.n > 0:
		debug.SetGCPercent(-1)
	case gcPause.tight > 0 && p >= 0:
		debug.SetGCPercent(min(p, gcTightPercent))
	default:
		debug.SetGCPercent(p)
	}
}

// pauseGC pauses the collector for a load estimated to need need bytes,
// within budget, and returns the function that resumes it.
func pauseGC(need, budget int64) (resume func()) {
	gcPause.Lock()
	defer gcPause.Unlock()
	if gcPause.n == 0 && gcPause.tight == 0 {
		gcPause.percent = debug.SetGCPercent(-1)
	}
	if gcPause.n == 0 {
		gcPause.prevLimit = debug.SetMemoryLimit(-1) // -1 reads it
		gcPause.limit = 0
	}
	gcPause.n++
	setGCPercent()
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
			debug.SetMemoryLimit(gcPause.prevLimit)
		}
		setGCPercent()
	}
}

// tightGC holds the collector to gcTightPercent of garbage until the
// returned function is called.
func tightGC() (loosen func()) {
	gcPause.Lock()
	defer gcPause.Unlock()
	if gcPause.n == 0 && gcPause.tight == 0 {
		gcPause.percent = debug.SetGCPercent(-1)
	}
	gcPause.tight++
	setGCPercent()
	return func() {
		gcPause.Lock()
		defer gcPause.Unlock()
		gcPause.tight--
		setGCPercent()
	}
}
