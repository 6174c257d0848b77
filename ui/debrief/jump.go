package debrief

import (
	"regexp"
	"strconv"
	"time"

	"firedrill/game"
)

// An evidence line is prose an author wrote ("cache_hit_ratio falls 92% ->
// 55% at +10m"). To jump from it into the signals we look for names the
// scenario knows — a metric, an event id, a trace id, a service — and a
// time, either on the incident clock (+10m, +12:03) or on the wall clock of
// the incident (14:10).

var (
	// +10m, +1h5m, +90s, +12m30.5s
	relativeDuration = regexp.MustCompile(`\+((?:\d+h)?(?:\d+m)?(?:\d+(?:\.\d+)?s)?)(?:[^\w:]|$)`)
	// +12:03
	relativeClock = regexp.MustCompile(`\+(\d{1,3}):(\d{2})\b`)
	// 14:10 or 14:10:30, not part of a longer number or a +mm:ss
	wallClock = regexp.MustCompile(`(?:^|[^\d:+])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[^\d:]|$)`)
)

// evidenceTime finds the first time an evidence line mentions.
func evidenceTime(s *game.Scenario, text string) (time.Time, bool) {
	if m := relativeClock.FindStringSubmatch(text); m != nil {
		min, _ := strconv.Atoi(m[1])
		sec, _ := strconv.Atoi(m[2])
		return s.Start.Add(time.Duration(min)*time.Minute + time.Duration(sec)*time.Second), true
	}
	for _, m := range relativeDuration.FindAllStringSubmatch(text, -1) {
		if m[1] == "" {
			continue
		}
		if d, err := time.ParseDuration(m[1]); err == nil {
			return s.Start.Add(d), true
		}
	}
	if m := wallClock.FindStringSubmatch(text); m != nil {
		h, _ := strconv.Atoi(m[1])
		min, _ := strconv.Atoi(m[2])
		sec, _ := strconv.Atoi(m[3]) // "" → 0
		y, mo, d := s.Start.Date()
		t := time.Date(y, mo, d, h, min, sec, 0, s.Start.Location())
		// Only a time inside the incident (with an hour's slack) is one; a
		// ratio like 3:1 or a time on another day is not.
		if !t.Before(s.Start.Add(-time.Hour)) && !t.After(s.End().Add(time.Hour)) {
			return t, true
		}
	}
	return time.Time{}, false
}

// evidencePin turns an evidence line into a place in the signals, most
// specific first: a metric, an event, a trace, then a service's logs at
// the time named, then any logs at that time. onset is the time a metric
// is shown at when the line names none.
func evidencePin(s *game.Scenario, text string, onset time.Time) (game.Pin, bool) {
	at, hasTime := evidenceTime(s, text)
	label := game.SanitizeLine(text)

	// The best metric: one whose service the line names too (several
	// services often export the same error_rate), then the longest name
	// (http_latency_p95 before http_latency), then file order.
	var best *game.Series
	bestService := false
	for _, m := range s.Metrics {
		if !game.Mentions(text, m.Name) {
			continue
		}
		named := game.Mentions(text, m.Service)
		if best == nil || named && !bestService || named == bestService && len(m.Name) > len(best.Name) {
			best, bestService = m, named
		}
	}
	if best != nil {
		if !hasTime {
			at = onset
		}
		return game.Pin{Kind: game.PinMetric, Ref: best.Service + "/" + best.Name, At: at, Service: best.Service, Label: label}, true
	}
	for _, e := range s.Events {
		if e.ID != "" && game.Mentions(text, e.ID) {
			return game.Pin{Kind: game.PinEvent, Ref: e.ID, At: e.At, Service: e.Service, Label: label}, true
		}
	}
	for _, t := range s.Traces {
		if len(t.Spans) > 0 && game.Mentions(text, t.ID) {
			root := t.Spans[t.Root()]
			return game.Pin{Kind: game.PinSpan, Ref: t.ID + "/" + root.ID, At: root.At, Service: root.Service, Label: label}, true
		}
	}
	if !hasTime {
		return game.Pin{}, false
	}
	service := ""
	for _, sv := range s.Services {
		if game.Mentions(text, sv.Name) && len(sv.Name) > len(service) {
			service = sv.Name
		}
	}
	i := firstLogAt(s.Logs, at, service)
	if i < 0 {
		return game.Pin{}, false
	}
	if s.Logs.Service(i) != service {
		service = "" // the service logged nothing then: land on the time alone
	}
	return game.Pin{Kind: game.PinLog, Ref: strconv.Itoa(i), At: s.Logs.At(i), Service: service, Label: label}, true
}

// firstLogAt is the index of the first log line at or after t, of service
// if one is given and it has a line then; -1 if the logs end before t.
func firstLogAt(logs *game.LogStore, t time.Time, service string) int {
	i := logs.Search(t)
	if service != "" {
		for j := i; j < logs.Len(); j++ {
			if logs.Service(j) == service {
				return j
			}
		}
	}
	if i < logs.Len() {
		return i
	}
	return -1
}
