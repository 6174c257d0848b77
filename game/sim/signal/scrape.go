package signal

import (
	"time"

	"firedrill/game"
)

// Scrape is a metric clock: N samples, one every Step from Start. Sample i
// summarises the interval Window(i) and carries the instant Stamp(i). Both
// generators sample and stamp through it, so the convention of which
// instant a sample carries lives here and nowhere else.
//
// Today a sample carries the start of its interval. A scraper stamps the
// end (it can only report what has happened), and with the start an effect
// can show up to one step before its cause. Moving the stamp is a change to
// Offset (and to N where a generator samples up to the window's end, so the
// last stamp stays inside it); windows, series and the writers follow.
// Stamps must stay evenly spaced: Series records the first and the step.
type Scrape struct {
	Start time.Time
	Step  time.Duration
	N     int
}

// Window is the interval sample i summarises, as offsets from Start.
func (s Scrape) Window(i int) (from, to time.Duration) {
	return time.Duration(i) * s.Step, time.Duration(i+1) * s.Step
}

// Offset is the instant sample i carries, as an offset from Start.
func (s Scrape) Offset(i int) time.Duration { return time.Duration(i) * s.Step }

// Stamp is the instant sample i carries.
func (s Scrape) Stamp(i int) time.Time { return s.Start.Add(s.Offset(i)) }

// Series wraps one sample per slot (nil for a missed scrape) as a series
// stamped by this clock.
func (s Scrape) Series(name, service, unit string, samples []*float64) *game.Series {
	return game.NewSeries(name, service, unit, s.Stamp(0), s.Step, samples)
}
