package services

import (
	"sort"
	"strings"
	"time"

	"firedrill/game"
)

// errorWindow is how far back from the cursor the error rate looks.
const errorWindow = 60 * time.Second

// Error-rate thresholds (share of a service's lines at ERROR or FATAL).
const (
	errWarn = 0.01
	errBad  = 0.10
)

// Latency thresholds: the value at the cursor over the series' baseline.
const (
	latWarn = 2.0
	latBad  = 5.0
)

// health grades a badge.
type health int

const (
	healthNone health = iota // no signal
	healthOK
	healthWarn
	healthBad
)

// errorBadge is a service's error rate in the window before the cursor.
type errorBadge struct {
	errors, lines int
}

func (b errorBadge) rate() float64 { return float64(b.errors) / float64(b.lines) }

func (b errorBadge) health() health {
	switch {
	case b.lines == 0:
		return healthNone
	case b.rate() >= errBad:
		return healthBad
	case b.rate() >= errWarn:
		return healthWarn
	}
	return healthOK
}

// errorLines lists, per service, the positions of its ERROR and FATAL
// lines in time order. It is built from the index's level lists, so it
// costs the number of error lines, not of all lines.
func errorLines(s *game.Scenario) map[string][]int32 {
	out := map[string][]int32{}
	if s.Index == nil {
		return out
	}
	errs, fatal := s.Index.ByLevel[game.LevelError], s.Index.ByLevel[game.LevelFatal]
	for len(errs) > 0 || len(fatal) > 0 {
		var p int32
		if len(fatal) == 0 || (len(errs) > 0 && errs[0] < fatal[0]) {
			p, errs = errs[0], errs[1:]
		} else {
			p, fatal = fatal[0], fatal[1:]
		}
		svc := s.Logs.Service(int(p))
		out[svc] = append(out[svc], p)
	}
	return out
}

// countBetween counts the positions in pos (ascending, into s.Logs)
// whose lines fall in [from, to]: two binary searches, no scan.
func countBetween(s *game.Scenario, pos []int32, from, to time.Time) int {
	lo := sort.Search(len(pos), func(i int) bool { return !s.Logs.At(int(pos[i])).Before(from) })
	hi := sort.Search(len(pos), func(i int) bool { return s.Logs.At(int(pos[i])).After(to) })
	return max(0, hi-lo)
}

// errorsBetween is a service's error badge over [from, to].
func errorsBetween(s *game.Scenario, errLines map[string][]int32, service string, from, to time.Time) errorBadge {
	if s.Index == nil {
		return errorBadge{}
	}
	return errorBadge{errors: countBetween(s, errLines[service], from, to),
		lines: countBetween(s, s.Index.ByService[service], from, to)}
}

// latencyWords rank the metric names that measure a service's latency.
var latencyWords = []string{"p95", "p99", "latency", "duration"}

// latencyMetric picks the service's latency series: the first whose name
// holds the best-ranked word; nil when it has none.
func latencyMetric(s *game.Scenario, service string) *game.Series {
	for _, w := range latencyWords {
		for _, m := range s.Metrics {
			if m.Service == service && strings.Contains(strings.ToLower(m.Name), w) {
				return m
			}
		}
	}
	return nil
}

// baseline is a series' normal level: its lower quartile, which an
// incident that lasts half the window does not drag up (a median would).
func baseline(m *game.Series) float64 {
	var vs []float64
	for i := 0; i < m.Len(); i++ {
		if v, ok := m.At(i); ok {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return 0
	}
	sort.Float64s(vs)
	return vs[len(vs)/4]
}

// latencyBadge is a latency value at the cursor against its baseline.
type latencyBadge struct {
	metric   *game.Series
	value    float64
	ok       bool // false: no metric, a gap, or outside the series
	baseline float64
}

func (b latencyBadge) ratio() float64 {
	if b.baseline <= 0 {
		return 1
	}
	return b.value / b.baseline
}

func (b latencyBadge) health() health {
	switch {
	case !b.ok:
		return healthNone
	case b.ratio() >= latBad:
		return healthBad
	case b.ratio() >= latWarn:
		return healthWarn
	}
	return healthOK
}
