package heuristic

import (
	"math"
	"time"

	"firedrill/game"
)

// Stats are a series' first-quarter baseline and last-quarter level.
type Stats struct {
	Mean, SD float64 // over the window's first quarter
	Last     float64 // mean over the last quarter
	OK       bool    // both quarters hold samples
}

// QuarterStats measures s over the scenario window [start, end).
func QuarterStats(sr *game.Series, start, end time.Time) Stats {
	q := end.Sub(start) / 4
	var first, last []float64
	for i := range sr.Len() {
		v, ok := sr.At(i)
		if !ok {
			continue
		}
		switch t := sr.TimeAt(i); {
		case t.Before(start.Add(q)):
			first = append(first, v)
		case !t.Before(end.Add(-q)):
			last = append(last, v)
		}
	}
	if len(first) == 0 || len(last) == 0 {
		return Stats{}
	}
	m, sd := meanSD(first)
	lm, _ := meanSD(last)
	return Stats{Mean: m, SD: sd, Last: lm, OK: true}
}

func meanSD(xs []float64) (float64, float64) {
	var sum, sq float64
	for _, x := range xs {
		sum += x
	}
	m := sum / float64(len(xs))
	for _, x := range xs {
		sq += (x - m) * (x - m)
	}
	return m, math.Sqrt(sq / float64(len(xs)))
}

// FirstExit is the time the series first leaves its band (first-quarter
// mean ± max(4 sd, 5 % of the mean)) after the first quarter; false if it
// never does.
func FirstExit(sr *game.Series, start, end time.Time) (time.Time, bool) {
	st := QuarterStats(sr, start, end)
	if !st.OK {
		return time.Time{}, false
	}
	band := math.Max(4*st.SD, 0.05*math.Abs(st.Mean))
	q := start.Add(end.Sub(start) / 4)
	for i := range sr.Len() {
		v, ok := sr.At(i)
		if t := sr.TimeAt(i); ok && !t.Before(q) && math.Abs(v-st.Mean) > band {
			return t, true
		}
	}
	return time.Time{}, false
}

func biggestMover(s *game.Scenario) string {
	movers := biggestMovers(s)
	if len(movers) == 0 {
		return ""
	}
	return mapCue(s, movers[0].Service, Tokens(movers[0].Name))
}

// biggestMovers lists the series with the largest relative change from the
// first quarter's mean to the last quarter's (several when tied).
func biggestMovers(s *game.Scenario) []*game.Series {
	var movers []*game.Series
	bestRel := -1.0
	for _, sr := range s.Metrics {
		st := QuarterStats(sr, s.Start, s.End())
		if !st.OK {
			continue
		}
		switch rel := math.Abs(st.Last-st.Mean) / math.Max(math.Abs(st.Mean), 1e-9); {
		case rel > bestRel:
			movers, bestRel = []*game.Series{sr}, rel
		case rel == bestRel:
			movers = append(movers, sr)
		}
	}
	return movers
}

func firstAnomaly(s *game.Scenario) string {
	var best *game.Series
	var bestAt time.Time
	for _, sr := range s.Metrics {
		if t, ok := FirstExit(sr, s.Start, s.End()); ok && (best == nil || t.Before(bestAt)) {
			best, bestAt = sr, t
		}
	}
	if best == nil {
		return ""
	}
	return mapCue(s, best.Service, Tokens(best.Name))
}

// Baseline is the band a series moves out of: its first quarter's mean ±
// max(4 sd, 5 % of the mean). A series born later (a pod started by a
// rollout) has no first quarter of its own; it takes the pooled first
// quarter of its siblings in all, the series of the same service and
// family (the name before its labels). ok is false when neither has one.
func Baseline(all []*game.Series, sr *game.Series, start, end time.Time) (mean, band float64, ok bool) {
	st := QuarterStats(sr, start, end)
	if !st.OK {
		q := end.Sub(start) / 4
		var first []float64
		for _, x := range all {
			if x.Service != sr.Service || Family(x.Name) != Family(sr.Name) {
				continue
			}
			for i := range x.Len() {
				if v, ok := x.At(i); ok && x.TimeAt(i).Before(start.Add(q)) {
					first = append(first, v)
				}
			}
		}
		if len(first) == 0 {
			return 0, 0, false
		}
		st.Mean, st.SD = meanSD(first)
	}
	return st.Mean, math.Max(4*st.SD, 0.05*math.Abs(st.Mean)), true
}

// Family is a series name without its labels: workers_busy_ratio for
// workers_busy_ratio{pod="x2k4q"}.
func Family(name string) string {
	for i := range len(name) {
		if name[i] == '{' {
			return name[:i]
		}
	}
	return name
}

// MoveWindow is the period in which sr shows its move, from the first
// sample at or after from that lies outside its band (Baseline, with a
// tenth to spare for the rounding of a CSV) to the last one before it
// recovers (two samples in a row back inside the band) or the data ends.
// A lone sample back in the band does not end it: noise, not recovery.
// ok is false when sr never leaves its band after from.
func MoveWindow(all []*game.Series, sr *game.Series, start, end, from time.Time) (first, last time.Time, ok bool) {
	mean, band, ok := Baseline(all, sr, start, end)
	if !ok {
		return first, last, false
	}
	band *= 1.1
	inside := 0
	for i := max(0, sr.Index(from)); i < sr.Len(); i++ {
		v, valid := sr.At(i)
		at := sr.TimeAt(i)
		if !valid || at.Before(from) {
			continue
		}
		switch moved := math.Abs(v-mean) > band; {
		case moved && first.IsZero():
			first, last = at, at
		case moved:
			last, inside = at, 0
		case !first.IsZero():
			if inside++; inside >= 2 {
				return first, last, true
			}
		}
	}
	return first, last, !first.IsZero()
}
