package game

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fakeClock is a settable wall clock for sessions under test.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newTestClock() *fakeClock { return &fakeClock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)} }

func newTestSession(t *testing.T, clk *fakeClock, mode Mode, untimed bool) *Session {
	t.Helper()
	s, err := newSessionClock(SessionConfig{PackID: "mini", PackSource: "testdata/packs/mini",
		Scenario: cacheScenario(), Mode: mode, Untimed: untimed}, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// playFortySeconds records a tab, a search and a hypothesis over 40 s.
func playFortySeconds(s *Session, clk *fakeClock) {
	s.Record(ActTab, "", "logs")
	clk.advance(30 * time.Second)
	s.Record(ActSearch, "", "timeout")
	clk.advance(10 * time.Second)
	s.AddHypothesis("cache evicted hot keys", at(10*time.Minute))
}

func TestSessionSaveResume(t *testing.T) {
	for _, tc := range []struct {
		mode       Mode
		wantResume time.Duration // offset of the ActResume after 5 minutes closed
		wantLeft   time.Duration // on the timer after the resume
	}{
		// A hard timer ran while the game was closed, and so did the log's clock.
		{ModeDrill, 40*time.Second + 5*time.Minute, 15*time.Minute - 40*time.Second - 5*time.Minute},
		// Practice paused while closed.
		{ModePractice, 40 * time.Second, 15*time.Minute - 40*time.Second},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			clk, dir := newTestClock(), t.TempDir()
			s := newTestSession(t, clk, tc.mode, false)
			playFortySeconds(s, clk)
			if err := s.Save(dir); err != nil {
				t.Fatal(err)
			}
			if s.Paused || s.Deadline.IsZero() {
				t.Fatalf("saving paused the live session: paused %v deadline %v", s.Paused, s.Deadline)
			}

			clk.advance(5 * time.Minute) // the game is closed
			got, err := FindUnfinished(dir, "mini", "cache-stampede")
			if err != nil || got == nil {
				t.Fatalf("FindUnfinished = %v, %v", got, err)
			}
			if !reflect.DeepEqual(got.Actions, s.Actions) || !reflect.DeepEqual(got.Notebook, s.Notebook) {
				t.Errorf("round trip changed the log or notebook:\n%+v\n%+v", got.Actions, s.Actions)
			}
			if got.Mode != tc.mode || got.PackSource != "testdata/packs/mini" || got.Limit != 15*time.Minute {
				t.Errorf("round trip lost the header: %+v", got)
			}
			got.now = clk.now
			got.Resume()
			resume := got.Actions[len(got.Actions)-1]
			if resume.Kind != ActResume || resume.Offset != tc.wantResume {
				t.Errorf("resume action %+v; want offset %v", resume, tc.wantResume)
			}
			if left := got.Remaining(clk.t); left != tc.wantLeft {
				t.Errorf("remaining %v, want %v", left, tc.wantLeft)
			}
			clk.advance(20 * time.Second)
			if a := got.Record(ActTab, "", "metrics"); a.Offset != tc.wantResume+20*time.Second {
				t.Errorf("offsets after the resume: %v, want %v", a.Offset, tc.wantResume+20*time.Second)
			}
			if left := got.Remaining(clk.t); left != tc.wantLeft-20*time.Second {
				t.Errorf("the timer does not run after the resume: %v left", left)
			}
		})
	}
}

func TestSessionDrillDeadlineRunsWhileClosed(t *testing.T) {
	clk, dir := newTestClock(), t.TempDir()
	s := newTestSession(t, clk, ModeDrill, false)
	playFortySeconds(s, clk)
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	clk.advance(20 * time.Minute)
	got, err := FindUnfinished(dir, "mini", "cache-stampede")
	if err != nil || got == nil {
		t.Fatalf("an expired drill is still unfinished: got %v, %v", got, err)
	}
	if !got.Expired(clk.t) || got.Remaining(clk.t) != 0 {
		t.Errorf("expired %v remaining %v; want the deadline passed", got.Expired(clk.t), got.Remaining(clk.t))
	}
}

func TestSessionClock(t *testing.T) {
	m := time.Minute
	for _, tc := range []struct {
		name     string
		mode     Mode
		untimed  bool
		play     func(s *Session, clk *fakeClock)
		wantLeft time.Duration
		wantUsed time.Duration
		expired  bool
	}{
		{"drill counts down", ModeDrill, false, func(s *Session, clk *fakeClock) { clk.advance(4 * m) }, 11 * m, 4 * m, false},
		{"drill cannot pause", ModeDrill, false, func(s *Session, clk *fakeClock) {
			if s.Pause(clk.t) {
				panic("drill paused")
			}
			clk.advance(4 * m)
		}, 11 * m, 4 * m, false},
		{"practice pauses", ModePractice, false, func(s *Session, clk *fakeClock) {
			clk.advance(m)
			s.Pause(clk.t)
			clk.advance(10 * m)
			s.Unpause(clk.t)
			clk.advance(2 * m)
		}, 12 * m, 3 * m, false},
		{"time up", ModeDrill, false, func(s *Session, clk *fakeClock) { clk.advance(16 * m) }, 0, 15 * m, true},
		{"submit stops the clock", ModeDrill, false, func(s *Session, clk *fakeClock) {
			clk.advance(5 * m)
			s.Submit("cache-invalidation", "hit ratio fell first", clk.t)
			clk.advance(30 * m)
		}, 10 * m, 5 * m, false},
		{"untimed never runs out", ModePractice, true, func(s *Session, clk *fakeClock) {
			s.Record(ActTab, "", "logs")
			clk.advance(40 * m)
			s.Record(ActTab, "", "metrics")
		}, 15 * m, 40 * m, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newTestClock()
			s := newTestSession(t, clk, tc.mode, tc.untimed)
			tc.play(s, clk)
			if left, used, exp := s.Remaining(clk.t), s.TimeUsed(clk.t), s.Expired(clk.t); left != tc.wantLeft ||
				used != tc.wantUsed || exp != tc.expired {
				t.Errorf("left %v used %v expired %v; want %v %v %v", left, used, exp, tc.wantLeft, tc.wantUsed, tc.expired)
			}
		})
	}
}

func TestSessionSubmitGrades(t *testing.T) {
	clk := newTestClock()
	s := newTestSession(t, clk, ModeDrill, false)
	clk.advance(5 * time.Minute)
	s.Submit("cache-invalidation", "hit ratio fell first", clk.t)
	s.TimeUp(clk.t) // after a submit: no effect
	last := s.Actions[len(s.Actions)-1]
	if !s.Finished || last.Kind != ActSubmit || last.Target != "cache-invalidation" || last.Detail != "hit ratio fell first" {
		t.Fatalf("submit not recorded as the last action: %+v", s.Actions)
	}
	sc := cacheScenario()
	r, err := Grade(NewPlainKey(sc), sc, s.Pick, s.GradeInput(clk.t))
	// difficulty 3: 1500 + 1500 × 10m ÷ 15m
	if err != nil || r.Score.Total != 2500 || r.TimeUsed != 5*time.Minute || r.Mode != ModeDrill || !r.Date.Equal(clk.t) {
		t.Errorf("graded %+v, %v; want 2500 points in 5m of drill", r, err)
	}
}

func TestSessionHintsAndNotebook(t *testing.T) {
	clk := newTestClock()
	sc := cacheScenario()
	sc.Hints = []string{"first", "second"}
	s := newTestSession(t, clk, ModePractice, false)
	var got []string
	for range 3 {
		if h, ok := s.RevealHint(sc); ok {
			got = append(got, h)
		}
	}
	if !reflect.DeepEqual(got, sc.Hints) || s.Hints != 2 || !reflect.DeepEqual(s.Notebook.Hints, sc.Hints) {
		t.Errorf("revealed %v (count %d, notebook %v); want both hints once", got, s.Hints, s.Notebook.Hints)
	}
	drill := newTestSession(t, clk, ModeDrill, false)
	if _, ok := drill.RevealHint(sc); ok || drill.Hints != 0 {
		t.Error("drill revealed a hint")
	}
	// A damaged count (LoadSession refuses it; a hand-built session may
	// still hold one) reveals nothing rather than indexing hints[-1].
	damaged := newTestSession(t, clk, ModePractice, false)
	damaged.Hints = -1
	if _, ok := damaged.RevealHint(sc); ok {
		t.Error("a negative hint count revealed a hint")
	}

	id := s.AddHypothesis("cache?", at(10*time.Minute))
	pin := Pin{Kind: PinLog, Ref: "2", Service: "cache", At: at(10 * time.Minute)}
	if !s.PinEvidence(id, pin) || !s.SetStatus(id, StatusConfirmed) || s.PinEvidence(99, pin) {
		t.Fatal("notebook edits on the wrong ids")
	}
	h := s.Notebook.Hypotheses[0]
	if h.ID != 1 || h.Status != StatusConfirmed || len(h.Evidence) != 1 {
		t.Errorf("hypothesis %+v", h)
	}
	var kinds []ActionKind
	for _, a := range s.Actions {
		kinds = append(kinds, a.Kind)
	}
	want := []ActionKind{ActHint, ActHint, ActNote, ActPin, ActStatus}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("logged %v, want %v", kinds, want)
	}
}

func TestNewSessionRejectsUntimedDrill(t *testing.T) {
	_, err := NewSession(SessionConfig{PackID: "p", Scenario: cacheScenario(), Mode: ModeDrill, Untimed: true})
	if !errors.Is(err, ErrUntimedMode) {
		t.Errorf("err = %v, want ErrUntimedMode", err)
	}
}

func TestFindUnfinished(t *testing.T) {
	clk, dir := newTestClock(), t.TempDir()
	if s, err := FindUnfinished(dir, "mini", "cache-stampede"); s != nil || err != nil {
		t.Errorf("no file: got %v, %v; want nil, nil", s, err)
	}
	s := newTestSession(t, clk, ModeDrill, false)
	s.Submit("inventory-down", "", clk.t)
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	if got, err := FindUnfinished(dir, "mini", "cache-stampede"); got != nil || err != nil {
		t.Errorf("finished session: got %v, %v; want nil, nil", got, err)
	}
	if got := SessionPath(dir, "my pack/..", "x"); !strings.HasSuffix(got, "/sessions/my_pack_..--x.json") {
		t.Errorf("unsafe ids kept in the file name: %s", got)
	}
	if _, err := LoadSession(SessionPath(dir, "none", "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing session: %v, want fs.ErrNotExist", err)
	}
}
