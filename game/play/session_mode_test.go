package play

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
)

// A practice run of a scenario must never touch the interview (or drill)
// session of the same scenario, nor its .bak: the candidate would lose the
// notes and actions, and the next interview run would start a fresh clock.
func TestPracticeNeverTouchesAnotherModesSession(t *testing.T) {
	for _, hard := range []game.Mode{game.ModeInterview, game.ModeDrill} {
		t.Run(string(hard), func(t *testing.T) {
			clk, dir := gametest.NewClock(), t.TempDir()
			s := newTestSession(t, clk, hard, false)
			s.Record(game.ActTab, "", "logs")
			if err := s.Save(dir); err != nil {
				t.Fatal(err)
			}
			clk.Advance(time.Second)
			s.AddHypothesis("cache evicted hot keys", gametest.At(10*time.Minute))
			if err := s.Save(dir); err != nil {
				t.Fatal(err)
			}
			path := SessionPath(dir, "mini", "cache-stampede", hard)
			file, bak := readBytes(t, path), readBytes(t, path+".bak")

			practice := newTestSession(t, clk, game.ModePractice, false)
			for range 2 {
				practice.Record(game.ActTab, "", "metrics")
				if err := practice.Save(dir); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(readBytes(t, path), file) || !bytes.Equal(readBytes(t, path+".bak"), bak) {
				t.Fatalf("a practice save changed the %s session or its .bak", hard)
			}
			got, err := FindUnfinished(dir, "mini", "cache-stampede", hard)
			if err != nil || got == nil || got.Mode != hard || len(got.Notebook.Hypotheses) != 1 {
				t.Fatalf("FindUnfinished(%s) = %+v, %v; want the %s session with its note", hard, got, err, hard)
			}
			if p, err := FindUnfinished(dir, "mini", "cache-stampede", game.ModePractice); err != nil || p == nil || p.Mode != game.ModePractice {
				t.Fatalf("FindUnfinished(practice) = %+v, %v; want the practice session", p, err)
			}
		})
	}
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// An interview handed in cannot be played again: the check says where the
// result went. An unfinished interview (even one whose time ran out and
// whose pick-less result was written) is not finished: it resumes.
func TestFinishedInterviewRefusesToStartAgain(t *testing.T) {
	clk, dir := gametest.NewClock(), t.TempDir()
	if err := FinishedInterview(dir, "mini", "cache-stampede"); err != nil {
		t.Fatalf("no session yet: %v", err)
	}
	s := newTestSession(t, clk, game.ModeInterview, false)
	clk.Advance(16 * time.Minute)
	s.TimeUp(clk.T)
	s.ResultPath = "/home/cand/result.json"
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	if err := FinishedInterview(dir, "mini", "cache-stampede"); err != nil {
		t.Fatalf("time ran out but no pick yet: %v; want it resumable", err)
	}
	s.Submit("cache-invalidation", "", clk.T)
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	err := FinishedInterview(dir, "mini", "cache-stampede")
	var done *FinishedInterviewError
	if !errors.As(err, &done) || done.Result != "/home/cand/result.json" ||
		!strings.Contains(err.Error(), "/home/cand/result.json") || !strings.Contains(err.Error(), "already handed in") {
		t.Fatalf("err = %v; want a FinishedInterviewError naming the result", err)
	}
	// A practice session of the same scenario is not an interview.
	other := t.TempDir()
	p := newTestSession(t, clk, game.ModePractice, false)
	p.Submit("cache-invalidation", "", clk.T)
	if err := p.Save(other); err != nil {
		t.Fatal(err)
	}
	if err := FinishedInterview(other, "mini", "cache-stampede"); err != nil {
		t.Errorf("a finished practice run blocks the interview: %v", err)
	}
}
