package heuristic

import (
	"maps"
	"slices"
	"testing"
)

// The scenarios below are built so that one shortcut's cue points at one
// choice: each shortcut must follow it (it works at all), and moving the
// cue must move the pick (it reads the cue, not the answer, which Analyze
// hides from it anyway).

var fourChoices = []string{
	"alpha-config: alpha's config push cut its pool and its requests queue",
	"beta-release: beta's new release regressed its handlers under load",
	"gateway-limit: gateway's rate limiter drops requests at the edge",
	"db-saturated: db is saturated and slows every query it serves",
}

var topology = []string{
	"{name: gateway, calls: [alpha, beta]}",
	"{name: alpha, calls: [db]}",
	"{name: beta}",
	"{name: db}",
	"{name: worker, calls: [db]}",
}

// twoChanges: beta deploys at +12m, alpha's config is pushed at +20m, and
// the gateway pages at +25m.
var twoChanges = []string{
	"{at: +12m, id: beta-deploy, kind: deploy, service: beta, text: beta v2.4.1 rolled out}",
	"{at: +20m, id: alpha-push, kind: config, service: alpha, text: 'alpha config push: pool size 50 -> 5'}",
	"{at: +25m, kind: alert, service: gateway, text: gateway p95 above 1s}",
}

func withSeries(series ...tinySeries) tiny {
	return tiny{services: topology, briefing: "The gateway is slow.", events: twoChanges, series: series,
		choices: fourChoices, answer: "alpha-config"}
}

type shortcutCase struct {
	name     string
	shortcut string
	mode     Mode
	scenario tiny
	want     string // the choice picked with certainty
}

func shortcutCases() []shortcutCase {
	alphaShifts := withSeries(
		tinySeries{"alpha", "latency", step(20.5, 50)},
		tinySeries{"gateway", "latency", step(21, 30)},
		tinySeries{"beta", "latency", flat})
	betaShifts := withSeries(
		tinySeries{"beta", "latency", step(12.5, 50)},
		tinySeries{"gateway", "latency", step(13, 30)})
	// beta moves first, but only alpha is paged.
	betaFirstAlphaPaged := withSeries(
		tinySeries{"beta", "latency", step(12.5, 50)},
		tinySeries{"alpha", "latency", step(20.5, 50)})
	betaFirstAlphaPaged.events = append(twoChanges[:2:2], "{at: +25m, kind: alert, service: alpha, text: alpha p95 above 1s}")
	betaFirstAlphaPaged.briefing = "Requests to alpha are slow."
	// beta blips for a minute as its deploy lands; alpha shifts for good.
	blipThenShift := withSeries(
		tinySeries{"beta", "latency", blip(12, 1, 50)},
		tinySeries{"alpha", "latency", step(20.5, 50)})
	// a single bad scrape on alpha, then beta shifts for good.
	spikeThenShift := withSeries(
		tinySeries{"alpha", "latency", blip(12, 0.5, 50)},
		tinySeries{"beta", "latency", step(20, 50)})
	poolWords := withSeries(tinySeries{"gateway", "latency", flat})
	poolWords.events = []string{
		"{at: +12m, id: beta-deploy, kind: deploy, service: beta, text: beta v2.4.1 rolled out}",
		"{at: +20m, id: alpha-push, kind: config, service: alpha, text: 'alpha connection pool maxsize 50 -> 5'}"}
	poolWords.choices = []string{
		"alpha-pool: a pool maxsize cut starves alpha of connections",
		"beta-release: beta's handlers regressed under the evening load",
		"gateway-limit: gateway's rate limiter drops requests at the edge"}
	poolWords.answer = "alpha-pool"
	certLogs := withSeries(tinySeries{"gateway", "latency", flat})
	certLogs.logs = logLines(30, 21, "gateway", "ERROR", "tls handshake failed: x509: certificate has expired")
	certLogs.choices = append(fourChoices[1:4:4], "alpha-cert: alpha's certificate expired and every handshake fails")
	certLogs.answer = "alpha-cert"
	deepChain := withSeries(
		tinySeries{"gateway", "latency", step(20, 30)},
		tinySeries{"alpha", "latency", step(20, 30)},
		tinySeries{"db", "latency", step(20, 30)},
		tinySeries{"worker", "latency", step(15, 30)}) // moves first, but nothing paged calls it
	stopsAtAlpha := withSeries(
		tinySeries{"gateway", "latency", step(20, 30)},
		tinySeries{"alpha", "latency", step(20, 30)},
		tinySeries{"db", "latency", flat})
	loudBeta := withSeries(tinySeries{"gateway", "latency", flat})
	loudBeta.logs = append(logLines(5, 20, "gateway", "ERROR", "upstream failed"),
		logLines(20, 21, "beta", "ERROR", "handler panicked")...)
	latest := withSeries(tinySeries{"gateway", "latency", flat})
	latest.events = append(slices.Clone(twoChanges),
		"{at: +30m, id: db-push, kind: config, service: db, text: 'db config push: work_mem raised'}")
	dbMovesMost := withSeries(
		tinySeries{"alpha", "latency", step(15, 50)},
		tinySeries{"db", "latency", step(15, 400)})
	queryBriefing := withSeries(tinySeries{"gateway", "latency", flat})
	queryBriefing.briefing = "Every query is slow and the database looks saturated."
	longBeta := withSeries(tinySeries{"gateway", "latency", flat})
	longBeta.choices = slices.Clone(fourChoices)
	longBeta.choices[1] = "beta-release: beta's new release regressed its handlers under the evening's heavy load"
	return []shortcutCase{
		{"shift after alpha's change", "nearest-change", BlipsFiltered, alphaShifts, "alpha-config"},
		{"shift after beta's change", "nearest-change", BlipsFiltered, betaShifts, "beta-release"},
		{"a one-minute blip counts as is", "nearest-change", AsIs, blipThenShift, "beta-release"},
		{"but not with blips filtered", "nearest-change", BlipsFiltered, blipThenShift, "alpha-config"},
		{"the unpaged service moves first", "nearest-change", BlipsFiltered, betaFirstAlphaPaged, "beta-release"},
		{"only the paged service counts", "paged-nearest-change", BlipsFiltered, betaFirstAlphaPaged, "alpha-config"},
		{"pool and maxsize are rare words", "change-words", AsIs, poolWords, "alpha-pool"},
		{"the logs say certificate", "log-words", AsIs, certLogs, "alpha-cert"},
		{"the deepest dependency that moved", "upstream-anomaly", BlipsFiltered, deepChain, "db-saturated"},
		{"db stayed flat", "upstream-anomaly", BlipsFiltered, stopsAtAlpha, "alpha-config"},
		{"beta logs the most errors", "loudest-service", AsIs, loudBeta, "beta-release"},
		{"the db push comes after the alert", "latest-change", AsIs, latest, "alpha-config"},
		{"db moves fivefold", "biggest-mover", AsIs, dbMovesMost, "db-saturated"},
		{"the page's words", "briefing-overlap", AsIs, queryBriefing, "db-saturated"},
		{"one bad scrape counts as is", "first-anomaly", AsIs, spikeThenShift, "alpha-config"},
		{"the first exit that holds", "first-anomaly", BlipsFiltered, spikeThenShift, "beta-release"},
		{"the longest text", "longest-choice", AsIs, longBeta, "beta-release"},
	}
}

func TestEachShortcutFollowsItsCue(t *testing.T) {
	tested := map[string]bool{}
	for _, tc := range shortcutCases() {
		t.Run(tc.shortcut+"/"+tc.name, func(t *testing.T) {
			a := Analyze(tc.scenario.load(t))
			i := slices.IndexFunc(Shortcuts(), func(sc Shortcut) bool { return sc.Name == tc.shortcut })
			if i < 0 {
				t.Fatalf("no shortcut %q", tc.shortcut)
			}
			g := a.Guess(Shortcuts()[i], tc.mode)
			if g.Chance(tc.want) != 1 {
				t.Errorf("%s (%s) picks %v (%s); want %s for sure", tc.shortcut, tc.mode.Name, g.Odds, g.Why, tc.want)
			}
		})
		tested[tc.shortcut] = true
	}
	for _, sc := range Shortcuts() {
		if !tested[sc.Name] {
			t.Errorf("no case shows %s working", sc.Name)
		}
	}
}

func TestVoteFollowsTheMajority(t *testing.T) {
	// alpha's change, its shift, its logs and the page all point at
	// alpha-config; only longest-choice and a few abstainers do not.
	ty := withSeries(
		tinySeries{"alpha", "latency", step(20.5, 400)},
		tinySeries{"gateway", "latency", step(21, 30)})
	ty.logs = logLines(20, 21, "alpha", "ERROR", "pool exhausted: 5 of 5 connections busy")
	ty.briefing = "alpha's requests queue behind its pool."
	a := Analyze(ty.load(t))
	for _, m := range Modes() {
		if g := a.Vote(m); g.Chance("alpha-config") != 1 {
			t.Errorf("vote (%s) = %v; want alpha-config (%s)", m.Name, g.Odds, g.Why)
		}
	}
}

// TestShortcutsCannotSeeTheAnswer: the same scenario with another answer,
// no answer at all, or hints that give it away gets the same guesses.
func TestShortcutsCannotSeeTheAnswer(t *testing.T) {
	for _, tc := range shortcutCases() {
		s := tc.scenario.load(t)
		want := Analyze(s).Guesses(tc.mode)
		other := *s
		other.Answer = nil
		other.Hints = []string{"It is " + tc.want + ": " + tc.want}
		got := Analyze(&other).Guesses(tc.mode)
		for i := range want {
			if !maps.Equal(want[i].Odds, got[i].Odds) {
				t.Errorf("%s: %s guesses %v with the answer and %v without", tc.name, Shortcuts()[i].Name, want[i].Odds, got[i].Odds)
			}
		}
		if s.Answer == nil || len(s.Hints) != 0 {
			t.Errorf("%s: Analyze changed the scenario it was given", tc.name)
		}
	}
}
