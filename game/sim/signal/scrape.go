package signal

import (
	"time"

	"firedrill/game"
)

// Scrape is a metric clock: N samples, one every Step from Start. Sample i
// summarises the interval Window(i) and carries the instant Stamp(i), the
// END of that interval, as a Prometheus-style scraper does: it can only
// report what has already happened, so an effect never shows before its
// cause. Both generators sample and stamp through it, so the convention
// lives here and nowhere else.
//
// The first sample therefore carries Start+Step and the last Start+N·Step:
// a generator covering a window of length D uses N = D/Step, so the last
// stamp is the window's end. Stamps are evenly spaced (Series records the
// first and the step).
type Scrape struct {
	Start time.Time
	Step  time.Duration
	N     int
}

// Window is the interval sample i summarises, as offsets from Start.
func (s Scrape) Window(i int) (from, to time.Duration) {
	return time.Duration(i) * s.Step, time.Duration(i+1) * s.Step
}

// Offset is the instant sample i carries, as an offset from Start: the
// end of its window.
func (s Scrape) Offset(i int) time.Duration { return time.Duration(i+1) * s.Step }

// Stamp is the instant sample i carries.
func (s Scrape) Stamp(i int) time.Time { return s.Start.Add(s.Offset(i)) }

// Covering is the number of samples that fit a window of length d: the
// last one is stamped at or before Start+d.
func (s Scrape) Covering(d time.Duration) int { return int(d / s.Step) }

// Series wraps one sample per slot (nil for a missed scrape) as a series
// stamped by this clock.
func (s Scrape) Series(name, service, unit string, samples []*float64) *game.Series {
	return game.NewSeries(name, service, unit, s.Stamp(0), s.Step, samples)
}
