package scenarios_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
)

// brokenScenario breaks most of the library's rules at once: the checker
// must name each of them.
const brokenScenario = `format: firedrill/v1
id: broken
title: Slow checkout caused by postgres
difficulty: 3
time_limit: 10m
tags: [postgres]
start: 2025-08-20T14:00:00Z
duration: 20m
briefing: checkout is slow
hints: [postgres did it]
services:
  - name: checkout
    calls: [postgres]
  - name: postgres
events:
  - at: +2m
    id: checkout-deploy
    kind: deploy
    service: checkout
    text: checkout v1 rolled out
logs:
  - {at: +1m, service: checkout, level: INFO, msg: ok}
  - {at: +9m, service: checkout, level: ERROR, msg: timeout}
metrics:
  - name: latency
    service: checkout
    unit: ms
    step: 5m
    values: [100, 100, 100, 100, 100]
choices:
  - id: postgres-slow
    text: postgres became much slower than it ever was before today, broken
  - id: checkout-bug
    text: a checkout bug
  - id: network
    text: the network
answer:
  choice: postgres-slow
  onset: +1m
  chain: [postgres slowed]
  evidence: [checkout got slow]
  wrong: {}
  red_herrings: [network]
  debrief: ""
`

func loadBroken(t *testing.T) *game.Scenario {
	t.Helper()
	fsys := fstest.MapFS{"broken.yaml": {Data: []byte(brokenScenario)}}
	s, errs := pack.LoadScenario(fsys, "broken.yaml")
	if len(errs) > 0 {
		t.Fatalf("the broken fixture must still load: %v", errs)
	}
	return s
}

func TestCheckerRejectsABrokenScenario(t *testing.T) {
	got := strings.Join(scenarioProblems(loadBroken(t)), "\n")
	for _, want := range []string{
		"2 services; want 4-9",
		"3 choices; want 5-10",
		"chain has 1 links",
		"1 hints; want 2-3",
		"answer needs evidence and a debrief",
		`wrong choice "checkout-bug" has no answer.wrong note`,
		`choice "postgres-slow" is 4.64x the median length`,
		"1 red herrings; want >= 2",
		"no red-herring change event",
		"2 log lines; want >= 1500",
		"no ERROR lines before onset",
		"step 5m0s; want 10-30s",
		"no metric has a scrape gap",
		"0 traces; want >= 8",
		"no missing span and no traces_sampled",
		"onset 1m0s is not after the window's first quarter",
		"no alert event",
		"the evidence names no metric",
		`leak "postgres"`,
		`leak "broken"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
}

func TestCheckerWantsAlertsToTrailOnsetAndSharedServices(t *testing.T) {
	s := loadBroken(t)
	s.Answer.Onset = s.Start.Add(6 * time.Minute)
	s.Events = append(s.Events, game.Event{At: s.Start.Add(19 * time.Minute), Kind: game.EventAlert, Text: "late"})
	s.Choices[1].Text = "a bug"
	got := strings.Join(scenarioProblems(s), "\n")
	for _, want := range []string{
		"the first alert trails onset by 13m0s; want 2m-10m",
		`only the correct choice names service "postgres"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
	s.Events[len(s.Events)-1].At = s.Start.Add(9 * time.Minute)
	s.Choices[1].Text = "postgres ran out of disk"
	got = strings.Join(scenarioProblems(s), "\n")
	for _, unwanted := range []string{"trails onset", "only the correct choice names"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("problems hold %q once fixed; got:\n%s", unwanted, got)
		}
	}
}

func TestCheckerWantsBriefingDecoysAndDecoyIDs(t *testing.T) {
	s := loadBroken(t)
	s.Choices[1] = game.Choice{ID: "bug", Text: "a bug"}
	s.Events = append(s.Events, game.Event{At: s.Start.Add(3 * time.Minute), Kind: game.EventFlag, Text: "flag x on"})
	got := strings.Join(scenarioProblems(s), "\n")
	for _, want := range []string{
		"the correct choice shares 2 briefing words, more than any wrong choice (0)",
		"1 change events carry ids and 1 do not",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
}

func TestPackCheckerRejectsAPredictablePack(t *testing.T) {
	s := loadBroken(t)
	got := strings.Join(packProblems([]*game.Scenario{s, s, s}), "\n")
	for _, want := range []string{
		"answer index 0 holds 3 of 3 answers",
		"the correct choice is the longest in 3 of 3",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
}

func TestLibraryCheckerRejectsAPredictableLibrary(t *testing.T) {
	s := loadBroken(t)
	lib := []*game.Scenario{s, s, s, s, s, s, s, s, s, s}
	got := strings.Join(libraryProblems(lib), "\n")
	for _, want := range []string{
		"answer index 0 holds 10 of 10 answers",
		"answer index 0 holds 10 answers; a uniform spread allows 8.0",
		"the correct choice is the longest in 10 of 10",
		"heuristic longest-choice solves 10 of 10",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
}

func TestMovesByOnsetNeedsAMoveNearOnset(t *testing.T) {
	s := loadBroken(t)
	// A 20m window with 1m steps: a flat first quarter, then a jump at 12m.
	vals := make([]*float64, 21)
	for i := range vals {
		v := 100 + float64(i%2)
		if i >= 12 {
			v = 300
		}
		vals[i] = &v
	}
	sr := game.NewSeries("latency", "checkout", "ms", s.Start, 60e9, vals)
	for _, tc := range []struct {
		onsetMin int
		want     bool
	}{{11, true}, {12, true}, {9, false}} {
		s.Answer.Onset = s.Start.Add(minutes(tc.onsetMin))
		if got := movesByOnset(s, sr); got != tc.want {
			t.Errorf("onset +%dm: movesByOnset = %v; want %v", tc.onsetMin, got, tc.want)
		}
	}
}

func minutes(min int) time.Duration { return time.Duration(min) * time.Minute }
