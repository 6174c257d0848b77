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
