package heuristic

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"firedrill/game"
	"firedrill/game/pack"
)

// fixture builds a scenario in which every strategy's cue points at a
// different choice, so each test below can tell the strategies apart.
func fixture(t *testing.T) *game.Scenario {
	t.Helper()
	series := func(f func(i int) float64) string {
		var vs []string
		for i := range 41 { // 20m at 30s
			vs = append(vs, fmt.Sprint(f(i)))
		}
		return "[" + strings.Join(vs, ", ") + "]"
	}
	jitter := func(i int) float64 { return float64(i%3) - 1 }
	y := `format: firedrill/v1
id: fixture
title: Ledger balance mismatch
difficulty: 3
time_limit: 10m
tags: [ledger]
start: 2025-08-20T14:00:00Z
duration: 20m
briefing: Customers report a ledger balance mismatch.
services:
  - {name: gateway, calls: [orders, billing, search, ledger, mailer]}
  - {name: orders}
  - {name: billing}
  - {name: search}
  - {name: ledger}
  - {name: mailer}
events:
  - {at: +5m, kind: deploy, service: orders, text: orders v2 rolled out}
  - {at: +10m, kind: config, service: billing, text: billing retries 3 -> 5}
  - {at: +12m, kind: alert, service: gateway, text: gateway 5xx}
  - {at: +15m, kind: deploy, service: search, text: search v9 rolled out}
logs:
  - {at: +1m, service: gateway, level: ERROR, msg: a}
  - {at: +2m, service: gateway, level: FATAL, msg: b}
  - {at: +3m, service: gateway, level: ERROR, msg: c}
  - {at: +4m, service: orders, level: ERROR, msg: d}
  - {at: +5m, service: billing, level: ERROR, msg: e}
  - {at: +6m, service: billing, level: INFO, msg: f}
metrics:
  - {name: orders_latency, service: orders, unit: ms, step: 30s, values: ` + series(func(i int) float64 {
		if i >= 28 {
			return 1000 + jitter(i)
		}
		return 100 + jitter(i)
	}) + `}
  - {name: search_cpu, service: search, unit: "%", step: 30s, values: ` + series(func(i int) float64 {
		if i == 16 {
			return 90
		}
		return 40 + jitter(i)
	}) + `}
choices:
  - {id: gateway-drops, text: gateway drops requests}
  - {id: orders-leak, text: orders leaks connections}
  - {id: billing-retries, text: billing retries amplify load}
  - {id: search-index, text: search rebuilt its index}
  - {id: ledger-mismatch, text: ledger balance mismatch}
  - {id: mailer-queue, text: mailer backs up its queue for a very long time indeed}
`
	s, errs := pack.LoadScenario(fstest.MapFS{"f.yaml": {Data: []byte(y)}}, "f.yaml")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return s
}

func TestEachStrategyFollowsItsCue(t *testing.T) {
	s := fixture(t)
	want := map[string]string{
		"loudest-service":  "gateway-drops",   // 3 ERROR+FATAL lines
		"latest-change":    "billing-retries", // the search deploy comes after the first alert
		"biggest-mover":    "orders-leak",     // x10; the search spike returns to baseline
		"briefing-overlap": "ledger-mismatch",
		"first-anomaly":    "search-index", // leaves its band at 8m, orders at 14m
		"longest-choice":   "mailer-queue",
	}
	for _, st := range Strategies() {
		if got := st.Pick(s); got != want[st.Name] {
			t.Errorf("%s picked %q; want %q", st.Name, got, want[st.Name])
		}
	}
	if len(Strategies()) != len(want) {
		t.Errorf("%d strategies; want %d", len(Strategies()), len(want))
	}
}

func TestVote(t *testing.T) {
	s := fixture(t)
	// Six different picks: the tie goes to the first strategy's pick.
	if got := Vote(s); got != "gateway-drops" {
		t.Errorf("Vote with all picks tied = %q; want gateway-drops", got)
	}
	// Making the orders choice the longest gives it two votes, which beats
	// the first strategy's single one.
	s.Choices[1].Text = "orders leaks connections for a very long time indeed, twice over"
	if got := Vote(s); got != "orders-leak" {
		t.Errorf("Vote = %q; want orders-leak (biggest-mover and longest-choice)", got)
	}
}

func TestMapCue(t *testing.T) {
	s := &game.Scenario{Choices: []game.Choice{
		{ID: "a", Text: "postgres is slow"},
		{ID: "b", Text: "postgres and postgres replicas lag"},
		{ID: "c", Text: "a config push broke checkout"},
	}}
	for _, tc := range []struct {
		svc      string
		keywords string
		want     string
	}{
		{"postgres", "", "b"},            // names it most
		{"checkout", "config push", "c"}, // names it once
		{"redis", "", ""},                // nobody names it
		{"redis", "config", "c"},         // keywords alone
		{"", "slow", "a"},                // keywords, first wins a tie
		{"POSTGRES", "", "b"},            // case-insensitive
	} {
		if got := mapCue(s, tc.svc, Tokens(tc.keywords)); got != tc.want {
			t.Errorf("mapCue(%q, %q) = %q; want %q", tc.svc, tc.keywords, got, tc.want)
		}
	}
}

func TestTokens(t *testing.T) {
	got := Tokens("api-gateway p95 > 2s; HikariPool-1 DB é déjà")
	for _, w := range []string{"gateway", "hikaripool", "déjà"} {
		if !got[w] {
			t.Errorf("Tokens lack %q: %v", w, got)
		}
	}
	for _, w := range []string{"api", "p95", "2s", "db"} {
		if got[w] {
			t.Errorf("Tokens hold %q, shorter than 4: %v", w, got)
		}
	}
}
