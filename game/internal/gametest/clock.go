package gametest

import "time"

// Clock is a settable wall clock for sessions under test: pass its Now as
// play.SessionConfig.Now.
type Clock struct{ T time.Time }

// NewClock starts a clock at a fixed instant, so saved files are stable.
func NewClock() *Clock { return &Clock{T: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)} }

// Now is the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.T = c.T.Add(d) }
