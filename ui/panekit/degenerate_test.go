package panekit_test

import (
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/ui/debrief"
	"firedrill/ui/events"
	"firedrill/ui/logs"
	"firedrill/ui/metrics"
	"firedrill/ui/notebook"
	"firedrill/ui/overlay"
	"firedrill/ui/replay"
	"firedrill/ui/services"
	"firedrill/ui/styles"
	"firedrill/ui/submit"
	"firedrill/ui/traces"
	"firedrill/ui/uitest"
)

// degenerateHead is a valid scenario with one service and nothing else;
// each case appends the one odd signal it is about.
const degenerateHead = `format: firedrill/v1
id: odd
title: Odd
difficulty: 1
time_limit: 5m
start: 2025-08-20T14:00:00Z
duration: 10m
briefing: odd
services:
  - name: solo
choices:
  - id: a
    text: A
  - id: b
    text: B
  - id: c
    text: C
answer:
  choice: a
  onset: +1m
  chain: [x]
  evidence: [solo]
`

// degenerateCases are the scenario shapes the fixtures never have: no
// signals at all, a trace of orphans only, zero-length spans, a metric
// that is all gaps or a single sample.
var degenerateCases = map[string]string{
	"empty": "",
	"orphans-only": `traces:
  - id: t1
    spans:
      - {id: s1, parent: gone, service: solo, name: a, at: +1m, dur: 0ms, status: ok}
      - {id: s2, parent: gone2, service: solo, name: b, at: +1m, dur: 0ms, status: ok}
logs:
  - {at: +1m, service: solo, level: ERROR, msg: x, trace: t1}
`,
	"zero-spans": `traces:
  - id: t1
    spans:
      - {id: s1, service: solo, name: a, at: +1m, dur: 0ms, status: ok}
      - {id: s2, parent: s1, service: solo, name: b, at: +1m, dur: 0ms, status: ok}
`,
	"all-gaps": `metrics:
  - {name: m, service: solo, step: 1m, values: [~, ~, ~]}
`,
	"extreme-values": `metrics:
  - {name: m, service: solo, step: 1m, values: [1e308, -1e308, 0, ~, 5e-324]}
`,
	"one-sample": `metrics:
  - {name: m, service: solo, step: 1m, values: [5]}
events:
  - {at: +0s, kind: note, text: n}
`,
}

// degenerateKeys is every binding of every pane, and some that are none.
var degenerateKeys = []string{"j", "k", "down", "up", "g", "G", "home", "end", "pgdown", "pgup",
	"left", "right", "shift+left", "shift+right", "h", "l", "H", "L", "enter", "space", "tab",
	"shift+tab", "e", "n", "N", "w", "z", "Z", "+", "-", "<", ">", "[", "]", "1", "2", "0", "$", "c", "C",
	"f", "o", ".", "t", "s", "ctrl+u", "ctrl+d", "b",
	"a", "p", "r", "?", "/", "x", "backspace", "esc", "ctrl+s", "esc", "q"}

// degenerateSizes includes a zero size: panes are built before the first
// WindowSizeMsg arrives.
var degenerateSizes = [][2]int{{0, 0}, {20, 5}, {60, 13}, {120, 40}}

// pump feeds keys to a pane one at a time, runs each command (uitest.Run
// leaves ticks and blinks behind) and feeds its messages back, and renders
// after every step: a panic anywhere fails the case.
func pump[M uitest.Viewer[M]](t *testing.T, m M, keys []string) {
	t.Helper()
	_ = m.View()
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(uitest.Key(k))
		_ = m.View()
		for _, msg := range uitest.Run(cmd) {
			m, _ = m.Update(msg)
			_ = m.View()
		}
	}
}

// TestDegenerateScenariosDriveEveryPane builds each odd scenario and drives
// every pane over it at several sizes with every key, one key per fresh
// pane and all keys in a row.
func TestDegenerateScenariosDriveEveryPane(t *testing.T) {
	st := styles.New(true, false)
	for name, body := range degenerateCases {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{"s.yaml": {Data: []byte(degenerateHead + body)}}
			s, errs := pack.LoadScenario(fsys, "s.yaml")
			if len(errs) > 0 {
				t.Fatalf("load: %v", errs)
			}
			res := &play.InterviewResult{Version: play.ResultVersion, PackID: "p", ScenarioID: s.ID,
				Actions: []game.Action{{Offset: time.Second}, {Offset: 2 * time.Second}}}
			// Every key in a row at every size; each key alone on a fresh
			// pane at one size (a key's first press is the likeliest to meet
			// an empty list).
			type run struct {
				w, h int
				keys []string
			}
			var runs []run
			for _, sz := range degenerateSizes {
				runs = append(runs, run{sz[0], sz[1], degenerateKeys})
			}
			for i := range degenerateKeys {
				runs = append(runs, run{60, 13, degenerateKeys[i : i+1]})
			}
			for _, r := range runs {
				{
					w, h, keys := r.w, r.h, r.keys
					where := fmt.Sprintf("%dx%d keys %v", w, h, keys)
					t.Run(where, func(t *testing.T) {
						cur := s.Start.Add(s.Duration / 2)
						pump(t, logs.New(s, st).SetSize(w, h).SetCursor(cur), keys)
						pump(t, metrics.New(s, st).SetSize(w, h).SetCursor(cur), keys)
						pump(t, traces.New(s, st).SetSize(w, h).SetCursor(cur), keys)
						pump(t, events.New(s, st).SetSize(w, h).SetCursor(cur), keys)
						pump(t, services.New(s, st).SetSize(w, h).SetCursor(cur), keys)
						pump(t, notebook.New(s, st).SetSize(w, h).SetCursor(cur), keys)
						pump(t, uitest.NewOverlay(overlay.Of(submit.New(s, st)), w, h), keys)
						pump(t, debrief.New(s, st, debrief.DebriefData{Answer: s.Answer}).SetSize(w, h), keys)
						rp := tea.Model(replay.New(replay.Input{Result: res, Scenario: s}))
						rp, _ = rp.Update(tea.WindowSizeMsg{Width: w, Height: h})
						for _, k := range keys {
							rp, _ = rp.Update(uitest.Key(k))
							_ = rp.View()
						}
					})
				}
			}
		})
	}
}
