package heuristic

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"firedrill/game"
	"firedrill/game/pack"
)

// tiny describes a hand-built scenario small enough to read at a glance:
// a 40-minute window, series sampled every 30 s around 100 (± 1 of
// jitter) plus whatever their shift adds, and choices as "id: text".
type tiny struct {
	services []string // flow maps: "{name: api, calls: [db]}"
	briefing string
	events   []string // flow maps: "{at: +12m, kind: deploy, service: api, text: ...}"
	logs     []string // flow maps
	series   []tinySeries
	choices  []string // "id: text"
	answer   string
}

// tinySeries adds shift(minute) to a quiet baseline.
type tinySeries struct {
	service, name string
	shift         func(minute float64) float64
}

// step is a lasting shift of size from minute at on.
func step(at, size float64) func(float64) float64 {
	return func(m float64) float64 {
		if m >= at {
			return size
		}
		return 0
	}
}

// blip is a shift of size over [at, at+length) minutes.
func blip(at, length, size float64) func(float64) float64 {
	return func(m float64) float64 {
		if m >= at && m < at+length {
			return size
		}
		return 0
	}
}

func flat(float64) float64 { return 0 }

func (ty tiny) yaml() string {
	var b strings.Builder
	b.WriteString(`format: firedrill/v1
id: tiny
title: Something is wrong
difficulty: 3
time_limit: 10m
start: 2025-08-20T14:00:00Z
duration: 40m
`)
	fmt.Fprintf(&b, "briefing: %q\nservices:\n", ty.briefing)
	for _, s := range ty.services {
		b.WriteString("  - " + s + "\n")
	}
	section := func(name string, items []string) {
		if len(items) == 0 {
			return
		}
		b.WriteString(name + ":\n")
		for _, it := range items {
			b.WriteString("  - " + it + "\n")
		}
	}
	section("events", ty.events)
	section("logs", ty.logs)
	if len(ty.series) > 0 {
		b.WriteString("metrics:\n")
	}
	for _, sr := range ty.series {
		var vs []string
		for i := range 81 {
			vs = append(vs, fmt.Sprint(100+float64(i%3-1)+sr.shift(float64(i)/2)))
		}
		fmt.Fprintf(&b, "  - {name: %s, service: %s, unit: ms, step: 30s, values: [%s]}\n", sr.name, sr.service, strings.Join(vs, ", "))
	}
	b.WriteString("choices:\n")
	for _, c := range ty.choices {
		id, text, _ := strings.Cut(c, ": ")
		fmt.Fprintf(&b, "  - {id: %s, text: %q}\n", id, text)
	}
	fmt.Fprintf(&b, "answer:\n  choice: %s\n", ty.answer)
	return b.String()
}

func (ty tiny) load(t *testing.T) *game.Scenario {
	t.Helper()
	y := ty.yaml()
	s, errs := pack.LoadScenario(fstest.MapFS{"tiny.yaml": {Data: []byte(y)}}, "tiny.yaml")
	if len(errs) > 0 {
		t.Fatalf("%v\n%s", errs, y)
	}
	return s
}

// logLines repeats one flow-map log line n times, a second apart from at
// (a whole minute, as "+12m").
func logLines(n int, at int, service, level, msg string) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("{at: +%dm%ds, service: %s, level: %s, msg: %q}", at, i, service, level, msg))
	}
	return out
}
