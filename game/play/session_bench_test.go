package play

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
)

// benchSession is a long play: 2,000 actions and 40 hypotheses with pins.
func benchSession(b *testing.B) *Session {
	clk := gametest.NewClock()
	s, err := newSessionClock(SessionConfig{PackID: "mini", Scenario: gametest.CacheScenario(), Mode: game.ModeDrill}, clk.Now)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 2000 {
		clk.Advance(700 * time.Millisecond)
		s.RecordAction(game.Action{Kind: game.ActCursor, Service: "checkout", At: gametest.At(time.Duration(i) * time.Second)})
	}
	for i := range 40 {
		id := s.AddHypothesis(strings.Repeat("the cache evicted hot keys ", 4), gametest.At(10*time.Minute))
		s.PinEvidence(id, game.Pin{Kind: game.PinLog, Ref: strconv.Itoa(i), Service: "cache", At: gametest.At(10 * time.Minute), Label: "evicted"})
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
