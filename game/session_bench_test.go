package game

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchSession is a long play: 2,000 actions and 40 hypotheses with pins.
func benchSession(b *testing.B) *Session {
	clk := newTestClock()
	s, err := newSessionClock(SessionConfig{PackID: "mini", Scenario: cacheScenario(), Mode: ModeDrill}, clk.now)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 2000 {
		clk.advance(700 * time.Millisecond)
		s.RecordAction(Action{Kind: ActCursor, Service: "checkout", At: at(time.Duration(i) * time.Second)})
	}
	for i := range 40 {
		id := s.AddHypothesis(strings.Repeat("the cache evicted hot keys ", 4), at(10*time.Minute))
		s.PinEvidence(id, Pin{Kind: PinLog, Ref: strconv.Itoa(i), Service: "cache", At: at(10 * time.Minute), Label: "evicted"})
	}
	return s
}

// BenchmarkSessionSnapshot measures what the UI pays inside Update on each
// autosave: it must stay far below a frame (16 ms).
func BenchmarkSessionSnapshot(b *testing.B) {
	s := benchSession(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Snapshot(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCoach measures the debrief's coaching over the same long play.
func BenchmarkCoach(b *testing.B) {
	s, sc := benchSession(b), cacheScenario()
	b.ReportAllocs()
	for b.Loop() {
		Coach(sc, sc.Answer, s.Actions, s.Notebook)
	}
}

// BenchmarkReadLeaderboard reads a leaderboard of 10,000 plays.
func BenchmarkReadLeaderboard(b *testing.B) {
	dir := b.TempDir()
	var sb strings.Builder
	for i := range 10_000 {
		sb.WriteString(`{"pack":"p","scenario":"s` + strconv.Itoa(i%50) + `","tags":["cache"],"pick":"x","correct":true,` +
			`"score":{"correct":true,"base":1500,"difficulty_factor":1.5,"speed_bonus":900,"total":2400},` +
			`"time_used_ns":360000000000,"hints":0,"mode":"drill","date":"2026-11-25T10:30:00Z","trusted":true}` + "\n")
	}
	appendRawLeaderboard(b, dir, sb.String())
	b.ReportAllocs()
	for b.Loop() {
		rows, _, err := ReadLeaderboard(dir)
		if err != nil || len(rows) != 10_000 {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
}
