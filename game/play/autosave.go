package play

import (
	"time"
)

// DefaultAutosaveDelay is how long a change may wait before it is written:
// a saved session is at most a second behind the game (the README
// promises it), and this leaves room for the write itself.
const DefaultAutosaveDelay = 500 * time.Millisecond

// Autosaver decides when the UI writes the session; it does no I/O and
// starts no timers itself, so Update stays non-blocking. The UI drives it:
//
//	after any change:        if saver.Changed() { return tea.Tick(saver.Delay, autosaveMsg) }
//	on autosaveMsg:          if saver.Fire() { data, err := session.Snapshot(); return writeCmd(data) }
//	                         // writeCmd runs play.SaveSnapshot(path, data) and returns savedMsg{err}
//	on savedMsg:             if saver.Written(msg.err) { return tea.Tick(saver.Delay, autosaveMsg) }
//	on quit:                 when saver.Idle(), Save synchronously, then quit.
//
// It throttles rather than debounces: the timer starts at the first change
// and is not pushed back by later ones, so steady play still saves every
// Delay. Only one write is ever in flight, so an older snapshot's rename
// can never land after a newer one's.
type Autosaver struct {
	Delay   time.Duration
	dirty   bool // changed since the last snapshot
	waiting bool // a timer is running
	writing bool // a write is in flight
}

// NewAutosaver returns an Autosaver with DefaultAutosaveDelay.
func NewAutosaver() *Autosaver { return &Autosaver{Delay: DefaultAutosaveDelay} }

// Changed notes a change; true means "start the timer now".
func (a *Autosaver) Changed() bool {
	a.dirty = true
	if a.waiting || a.writing {
		return false
	}
	a.waiting = true
	return true
}

// Fire is the timer going off; true means "snapshot and write now".
func (a *Autosaver) Fire() bool {
	a.waiting = false
	if !a.dirty || a.writing {
		return false
	}
	a.dirty, a.writing = false, true
	return true
}

// Written is the write's outcome; true means "start the timer again":
// changes came in while it was writing. A failed write keeps the session
// dirty and is retried at the next change (not in a loop on a full disk).
func (a *Autosaver) Written(err error) bool {
	a.writing = false
	if err != nil {
		a.dirty = true
		return false
	}
	if a.dirty && !a.waiting {
		a.waiting = true
		return true
	}
	return false
}

// Idle reports that no write is in flight: a final synchronous Save now
// cannot be overtaken by an older one.
func (a *Autosaver) Idle() bool { return !a.writing }

// Dirty reports changes not yet written.
func (a *Autosaver) Dirty() bool { return a.dirty || a.writing }
