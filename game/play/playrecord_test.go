package play

import (
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
)

// A solo play's record checks its chain against its own mode: an intact
// drill log is intact, its head is the last action's hash, and an edit
// breaks it.
func TestPlayRecordChecksTheSessionsChain(t *testing.T) {
	clk := gametest.NewClock()
	s := newTestSession(t, clk, game.ModeDrill, false)
	if _, err := PlayRecord(s); err == nil {
		t.Fatal("a running session made a record")
	}
	clk.Advance(time.Minute)
	s.Record(game.ActTab, "", "logs")
	clk.Advance(time.Minute)
	s.Submit("cache-invalidation", "", clk.Now())
	r, err := PlayRecord(s)
	if err != nil {
		t.Fatal(err)
	}
	if at := r.ChainBrokenAt(); at != -1 {
		t.Fatalf("an untouched drill log breaks at %d", at)
	}
	if head := r.ChainHead(); head != s.Actions[len(s.Actions)-1].Hash {
		t.Errorf("head %s; want the last action's hash %s", head, s.Actions[len(s.Actions)-1].Hash)
	}
	r.Actions[0].Detail = "metrics"
	if at := r.ChainBrokenAt(); at != 0 {
		t.Errorf("an edited first action: breaks at %d; want 0", at)
	}
}
