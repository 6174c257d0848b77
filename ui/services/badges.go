package services

import (
	"sort"
	"strings"
	"time"

	"firedrill/game"
)

// errorWindow is how far back from the cursor the error rate looks.
const errorWindow = 60 * time.Second

// Error-rate thresholds: the share of requests that failed (from the
// service's error-ratio series) or, with no such series, the share of
// its lines at ERROR or FATAL.
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

// errorBadge is a service's error rate at the cursor. It reads the
// service's error-ratio series when it has one: logs are often sampled
// and a proxy may log its 502s at INFO, so a share of log lines can read
// 0 % in the middle of an outage the metric shows. Without a series it
// falls back to the share of ERROR and FATAL lines in the window before.
type errorBadge struct {
	metric        *game.Series // nil: counted from log lines
	value         float64      // the metric's ratio at the cursor
	ok            bool         // false: a gap, or the cursor outside the series
	errors, lines int
}

func (b errorBadge) rate() float64 {
	if b.metric != nil {
		return b.value
	}
	return float64(b.errors) / float64(b.lines)
}

func (b errorBadge) health() health {
	switch {
	case b.metric != nil && !b.ok, b.metric == nil && b.lines == 0:
		return healthNone
	case b.rate() >= errBad:
		return healthBad
	case b.rate() >= errWarn:
		return healthWarn
	}
	return healthOK
}

// errorLines lists, per service, the positions of its ERROR and FATAL
// lines in time order: built once, with the pane, from one pass over the
// store's levels, and as big as the error lines, not all lines.
func errorLines(s *game.Scenario) map[string][]int32 {
	out := map[string][]int32{}
	if s.Index == nil {
		return out
	}
	for _, p := range s.Index.AtLeast(game.LevelError) {
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
	lo, hi := s.Logs.Search(from), s.Logs.SearchAfter(to)
	return errorBadge{errors: countBetween(s, errLines[service], from, to),
		lines: s.Index.CountService(service, lo, hi)}
}

// errorMetric picks the service's request error ratio (the standard
// families' *_errors_ratio, or a hand-named error ratio); nil when it has
// none.
func errorMetric(s *game.Scenario, service string) *game.Series {
	for _, m := range s.Metrics {
		name := strings.ToLower(m.Name)
		if m.Service == service && (strings.HasSuffix(name, "errors_ratio") || strings.HasSuffix(name, "error_ratio")) {
			return m
		}
	}
	return nil
}

// errorsAt is a service's error badge at t: its error-ratio series when
// it has one, else its log lines in the window before t.
func errorsAt(s *game.Scenario, errLines map[string][]int32, metric *game.Series, service string, t time.Time) errorBadge {
	if metric == nil {
		return errorsBetween(s, errLines, service, t.Add(-errorWindow), t)
	}
	b := errorBadge{metric: metric}
	b.value, b.ok = metric.Value(t)
	return b
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
