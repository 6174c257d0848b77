package ui

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// A big incident's scenario is most of the game's heap, and it lives until
// the game ends. Go's collector lets garbage grow to the size of the live
// heap before it runs (GOGC=100), so every search, filter and fuzzy find
// on a 1M-line incident, each of which makes a few bytes of garbage a
// line, would take the process to twice the scenario's memory: 1.85× the
// JSONL's bytes, measured, typing a fuzzy query key by key. With a big
// scenario loaded, the collector runs when garbage reaches a quarter of
// the live heap instead. The scenario is mostly pointer-free (byte arenas,
// arrays of numbers), so a collection has little to mark and costs little.

// bigLiveHeap is the heap above which the collector is tuned.
const bigLiveHeap = 64 << 20

// sessionGCPercent is the collector's target then: garbage up to this
// percent of the live heap.
const sessionGCPercent = 5

// TuneCollector sets the collector for the session, unless the player set
// GOGC themselves. Run calls it once the scenario is loaded; make perf's
// session calls it too, so it measures the game's setting.
func TuneCollector() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() >= bigLiveHeap {
		debug.SetGCPercent(sessionGCPercent)
	}
}
