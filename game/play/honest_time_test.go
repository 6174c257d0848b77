package play

import (
	"os"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
)

// saveAndReload saves s under dir, lets the test change the file, and loads
// it back as a new run would.
func saveAndReload(t *testing.T, s *Session, dir string, edit func(string) string) *Session {
	t.Helper()
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		data := readBytes(t, s.Path(dir))
		if err := os.WriteFile(s.Path(dir), []byte(edit(string(data))), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := LoadSession(s.Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// Finding 1: a deadline edited in the session file (+1 h) gave the candidate
// 74 minutes. A hard timer's deadline is the start plus the limit, never
// the file's word, and the time used is bounded by the session's own clock.
func TestHardTimerIgnoresAnEditedDeadline(t *testing.T) {
	for _, mode := range []game.Mode{game.ModeInterview, game.ModeDrill} {
		t.Run(string(mode), func(t *testing.T) {
			clk := gametest.NewClock()
			s := newTestSession(t, clk, mode, false)
			s.Record(game.ActTab, "", "logs")
			clk.Advance(time.Minute)
			was := s.Deadline.Format(time.RFC3339Nano)
			later := s.Deadline.Add(time.Hour).Format(time.RFC3339Nano)
			got := saveAndReload(t, s, t.TempDir(), func(f string) string {
				return strings.Replace(f, `"deadline":"`+was+`"`, `"deadline":"`+later+`"`, 1)
			})
			if got.Deadline.Format(time.RFC3339Nano) != later {
				t.Fatalf("the edit did not take (deadline %v): the test is wrong", got.Deadline)
			}
			got.SetClock(clk.Now)
			got.Resume()
			if left := got.Remaining(clk.T); left != 14*time.Minute {
				t.Errorf("after an edited deadline %v left; want 14m0s", left)
			}
		})
	}
}

// Finding 1: setting the system clock back while the game is closed gave
// more time. The session's clock (monotonic within each run) bounds the
// time used, and the resume records that the wall clock went backwards.
func TestHardTimerClockSetBackWhileClosed(t *testing.T) {
	clk := gametest.NewClock()
	s := newTestSession(t, clk, game.ModeInterview, false)
	s.Record(game.ActTab, "", "logs")
	clk.Advance(5 * time.Minute)
	got := saveAndReload(t, s, t.TempDir(), nil)
	clk.Advance(-time.Hour) // the clock set back an hour while the game was closed
	got.SetClock(clk.Now)
	got.Resume()
	if left := got.Remaining(clk.T); left != 10*time.Minute {
		t.Errorf("after the clock went back an hour: %v left; want 10m0s", left)
	}
	var back *game.Action
	for i := range got.Actions {
		if got.Actions[i].Kind == game.ActClockBack {
			back = &got.Actions[i]
		}
	}
	if back == nil || back.Detail != "1h0m0s" {
		t.Errorf("no clock-back action of 1h0m0s in %+v", got.Actions)
	}
	clk.Advance(11 * time.Minute)
	if !got.Expired(clk.T) {
		t.Errorf("not expired after 16 minutes of play: %v left", got.Remaining(clk.T))
	}
}

// The session keeps a monotonic elapsed total (time the game was open,
// summed over runs) beside its wall-clock stamps, and every action carries
// both: its offset on the game's clock (open time plus, in hard-timer
// modes, the time closed), the open time so far and the wall clock.
func TestElapsedAccumulatesAcrossRuns(t *testing.T) {
	clk := gametest.NewClock()
	s := newTestSession(t, clk, game.ModeDrill, false)
	playFortySeconds(s, clk)
	got := saveAndReload(t, s, t.TempDir(), nil)
	if got.Elapsed != 40*time.Second {
		t.Errorf("saved elapsed %v, want 40s", got.Elapsed)
	}
	clk.Advance(5 * time.Minute) // closed
	got.SetClock(clk.Now)
	got.Resume()
	clk.Advance(20 * time.Second)
	a := got.Record(game.ActTab, "", "metrics")
	if a.Elapsed != time.Minute || a.Offset != 6*time.Minute || !a.Wall.Equal(clk.T) {
		t.Errorf("action after the resume: elapsed %v offset %v wall %v; want 1m0s, 6m0s, %v", a.Elapsed, a.Offset, a.Wall, clk.T)
	}
	if first := got.Actions[0]; first.Elapsed != 0 || !first.Wall.Equal(gametest.NewClock().T) {
		t.Errorf("first action: elapsed %v wall %v", first.Elapsed, first.Wall)
	}
}

// The action log is hash-chained: each entry commits to the one before
// and to the session's start, and survives a save and a resume.
func TestActionLogIsHashChained(t *testing.T) {
	clk := gametest.NewClock()
	s := newTestSession(t, clk, game.ModeInterview, false)
	s.PackDigest = strings.Repeat("ab", 32)
	playFortySeconds(s, clk)
	s.Record(game.ActSearch, "", "bad \xff utf-8") // JSON turns the byte into U+FFFD
	got := saveAndReload(t, s, t.TempDir(), nil)
	got.SetClock(clk.Now)
	got.Resume()
	got.Record(game.ActTab, "", "traces")
	h := got.ChainHeader()
	if at := VerifyChain(h, got.Actions); at != -1 {
		t.Fatalf("an honest log breaks at action %d: %+v", at, got.Actions)
	}
	for i, a := range got.Actions {
		if len(a.Hash) != 64 {
			t.Fatalf("action %d has hash %q", i, a.Hash)
		}
	}
	edited := append([]game.Action(nil), got.Actions...)
	edited[2].Detail = "something else"
	if at := VerifyChain(h, edited); at != 2 {
		t.Errorf("an edited action 2: chain breaks at %d", at)
	}
	dropped := append(append([]game.Action(nil), got.Actions[:1]...), got.Actions[2:]...)
	if at := VerifyChain(h, dropped); at != 1 {
		t.Errorf("a dropped action 1: chain breaks at %d", at)
	}
	moved := h
	moved.Start = moved.Start.Add(time.Hour)
	if at := VerifyChain(moved, got.Actions); at != 0 {
		t.Errorf("another start time: chain breaks at %d, want 0", at)
	}
}
