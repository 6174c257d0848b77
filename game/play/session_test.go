package play

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
)

func newTestSession(t *testing.T, clk *gametest.Clock, mode game.Mode, untimed bool) *Session {
	t.Helper()
	s, err := newSessionClock(SessionConfig{PackID: "mini", PackSource: "testdata/packs/mini",
		Scenario: gametest.CacheScenario(), Mode: mode, Untimed: untimed}, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// playFortySeconds records a tab, a search and a hypothesis over 40 s.
func playFortySeconds(s *Session, clk *gametest.Clock) {
	s.Record(game.ActTab, "", "logs")
	clk.Advance(30 * time.Second)
	s.Record(game.ActSearch, "", "timeout")
	clk.Advance(10 * time.Second)
	s.AddHypothesis("cache evicted hot keys", gametest.At(10*time.Minute))
}

func TestSessionSaveResume(t *testing.T) {
	for _, tc := range []struct {
		mode       game.Mode
		wantResume time.Duration // offset of the ActResume after 5 minutes closed
		wantLeft   time.Duration // on the timer after the resume
	}{
		// A hard timer ran while the game was closed, and so did the log's clock.
		{game.ModeDrill, 40*time.Second + 5*time.Minute, 15*time.Minute - 40*time.Second - 5*time.Minute},
		// Practice paused while closed.
		{game.ModePractice, 40 * time.Second, 15*time.Minute - 40*time.Second},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			clk, dir := gametest.NewClock(), t.TempDir()
			s := newTestSession(t, clk, tc.mode, false)
			playFortySeconds(s, clk)
			if err := s.Save(dir); err != nil {
				t.Fatal(err)
			}
			if s.Paused || s.Deadline.IsZero() {
				t.Fatalf("saving paused the live session: paused %v deadline %v", s.Paused, s.Deadline)
			}

			clk.Advance(5 * time.Minute) // the game is closed
			got, err := FindUnfinished(dir, "mini", "cache-stampede", tc.mode)
			if err != nil || got == nil {
				t.Fatalf("FindUnfinished = %v, %v", got, err)
			}
			if !reflect.DeepEqual(got.Actions, s.Actions) || !reflect.DeepEqual(got.Notebook, s.Notebook) {
				t.Errorf("round trip changed the log or notebook:\n%+v\n%+v", got.Actions, s.Actions)
			}
			if got.Mode != tc.mode || got.PackSource != "testdata/packs/mini" || got.Limit != 15*time.Minute {
				t.Errorf("round trip lost the header: %+v", got)
			}
			got.now = clk.Now
			got.Resume()
			resume := got.Actions[len(got.Actions)-1]
			if resume.Kind != game.ActResume || resume.Offset != tc.wantResume {
				t.Errorf("resume action %+v; want offset %v", resume, tc.wantResume)
			}
			if left := got.Remaining(clk.T); left != tc.wantLeft {
				t.Errorf("remaining %v, want %v", left, tc.wantLeft)
			}
			clk.Advance(20 * time.Second)
			if a := got.Record(game.ActTab, "", "metrics"); a.Offset != tc.wantResume+20*time.Second {
				t.Errorf("offsets after the resume: %v, want %v", a.Offset, tc.wantResume+20*time.Second)
			}
			if left := got.Remaining(clk.T); left != tc.wantLeft-20*time.Second {
				t.Errorf("the timer does not run after the resume: %v left", left)
			}
		})
	}
}

func TestSessionDrillDeadlineRunsWhileClosed(t *testing.T) {
	clk, dir := gametest.NewClock(), t.TempDir()
	s := newTestSession(t, clk, game.ModeDrill, false)
	playFortySeconds(s, clk)
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	clk.Advance(20 * time.Minute)
	got, err := FindUnfinished(dir, "mini", "cache-stampede", game.ModeDrill)
	if err != nil || got == nil {
		t.Fatalf("an expired drill is still unfinished: got %v, %v", got, err)
	}
	if !got.Expired(clk.T) || got.Remaining(clk.T) != 0 {
		t.Errorf("expired %v remaining %v; want the deadline passed", got.Expired(clk.T), got.Remaining(clk.T))
	}
}

func TestSessionClock(t *testing.T) {
	m := time.Minute
	for _, tc := range []struct {
		name     string
		mode     game.Mode
		untimed  bool
		play     func(s *Session, clk *gametest.Clock)
		wantLeft time.Duration
		wantUsed time.Duration
		expired  bool
	}{
		{"drill counts down", game.ModeDrill, false, func(s *Session, clk *gametest.Clock) { clk.Advance(4 * m) }, 11 * m, 4 * m, false},
		{"drill cannot pause", game.ModeDrill, false, func(s *Session, clk *gametest.Clock) {
			if s.Pause(clk.T) {
				panic("drill paused")
			}
			clk.Advance(4 * m)
		}, 11 * m, 4 * m, false},
		{"practice pauses", game.ModePractice, false, func(s *Session, clk *gametest.Clock) {
			clk.Advance(m)
			s.Pause(clk.T)
			clk.Advance(10 * m)
			s.Unpause(clk.T)
			clk.Advance(2 * m)
		}, 12 * m, 3 * m, false},
		{"time up", game.ModeDrill, false, func(s *Session, clk *gametest.Clock) { clk.Advance(16 * m) }, 0, 15 * m, true},
		{"submit stops the clock", game.ModeDrill, false, func(s *Session, clk *gametest.Clock) {
			clk.Advance(5 * m)
			s.Submit("cache-invalidation", "hit ratio fell first", clk.T)
			clk.Advance(30 * m)
		}, 10 * m, 5 * m, false},
		{"untimed never runs out", game.ModePractice, true, func(s *Session, clk *gametest.Clock) {
			s.Record(game.ActTab, "", "logs")
			clk.Advance(40 * m)
			s.Record(game.ActTab, "", "metrics")
		}, 15 * m, 40 * m, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := gametest.NewClock()
			s := newTestSession(t, clk, tc.mode, tc.untimed)
			tc.play(s, clk)
			if left, used, exp := s.Remaining(clk.T), s.TimeUsed(clk.T), s.Expired(clk.T); left != tc.wantLeft ||
				used != tc.wantUsed || exp != tc.expired {
				t.Errorf("left %v used %v expired %v; want %v %v %v", left, used, exp, tc.wantLeft, tc.wantUsed, tc.expired)
			}
		})
	}
}

// TestSessionSubmit: grade.TestGradeSession grades the same play.
func TestSessionSubmit(t *testing.T) {
	clk := gametest.NewClock()
	s := newTestSession(t, clk, game.ModeDrill, false)
	clk.Advance(5 * time.Minute)
	s.Submit("cache-invalidation", "hit ratio fell first", clk.T)
	s.TimeUp(clk.T) // after a submit: no effect
	last := s.Actions[len(s.Actions)-1]
	if !s.Finished || last.Kind != game.ActSubmit || last.Target != "cache-invalidation" || last.Detail != "hit ratio fell first" {
		t.Fatalf("submit not recorded as the last action: %+v", s.Actions)
	}
}

func TestSessionHintsAndNotebook(t *testing.T) {
	clk := gametest.NewClock()
	sc := gametest.CacheScenario()
	sc.Hints = []string{"first", "second"}
	s := newTestSession(t, clk, game.ModePractice, false)
	var got []string
	for range 3 {
		if h, ok := s.RevealHint(sc); ok {
			got = append(got, h)
		}
	}
	if !reflect.DeepEqual(got, sc.Hints) || s.Hints != 2 || !reflect.DeepEqual(s.Notebook.Hints, sc.Hints) {
		t.Errorf("revealed %v (count %d, notebook %v); want both hints once", got, s.Hints, s.Notebook.Hints)
	}
	drill := newTestSession(t, clk, game.ModeDrill, false)
	if _, ok := drill.RevealHint(sc); ok || drill.Hints != 0 {
		t.Error("drill revealed a hint")
	}
	// A damaged count (LoadSession refuses it; a hand-built session may
	// still hold one) reveals nothing rather than indexing hints[-1].
	damaged := newTestSession(t, clk, game.ModePractice, false)
	damaged.Hints = -1
	if _, ok := damaged.RevealHint(sc); ok {
		t.Error("a negative hint count revealed a hint")
	}

	id := s.AddHypothesis("cache?", gametest.At(10*time.Minute))
	pin := game.Pin{Kind: game.PinLog, Ref: "2", Service: "cache", At: gametest.At(10 * time.Minute)}
	if !s.PinEvidence(id, pin) || !s.SetStatus(id, game.StatusConfirmed) || s.PinEvidence(99, pin) {
		t.Fatal("notebook edits on the wrong ids")
	}
	h := s.Notebook.Hypotheses[0]
	if h.ID != 1 || h.Status != game.StatusConfirmed || len(h.Evidence) != 1 {
		t.Errorf("hypothesis %+v", h)
	}
	var kinds []game.ActionKind
	for _, a := range s.Actions {
		kinds = append(kinds, a.Kind)
	}
	want := []game.ActionKind{game.ActHint, game.ActHint, game.ActNote, game.ActPin, game.ActStatus}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("logged %v, want %v", kinds, want)
	}
}

func TestNewSessionRejectsUntimedDrill(t *testing.T) {
	_, err := NewSession(SessionConfig{PackID: "p", Scenario: gametest.CacheScenario(), Mode: game.ModeDrill, Untimed: true})
	if !errors.Is(err, ErrUntimedMode) {
		t.Errorf("err = %v, want ErrUntimedMode", err)
	}
}

func TestFindUnfinished(t *testing.T) {
	clk, dir := gametest.NewClock(), t.TempDir()
	if s, err := FindUnfinished(dir, "mini", "cache-stampede", game.ModeDrill); s != nil || err != nil {
		t.Errorf("no file: got %v, %v; want nil, nil", s, err)
	}
	s := newTestSession(t, clk, game.ModeDrill, false)
	s.Submit("inventory-down", "", clk.T)
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	if got, err := FindUnfinished(dir, "mini", "cache-stampede", game.ModeDrill); got != nil || err != nil {
		t.Errorf("finished session: got %v, %v; want nil, nil", got, err)
	}
	if got := SessionPath(dir, "my pack/..", "x", ""); !strings.HasSuffix(got, "/sessions/my_pack_..--x--practice.json") {
		t.Errorf("unsafe ids kept in the file name: %s", got)
	}
	if _, err := LoadSession(SessionPath(dir, "none", "none", game.ModeDrill)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing session: %v, want fs.ErrNotExist", err)
	}
}
