package play

import (
	"bytes"
	"os"
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
