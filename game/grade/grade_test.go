package grade

import (
	"errors"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
	"firedrill/game/play"
)

// failingKey is an AnswerKey whose check fails, like a sealed key whose
// commitment cannot be read.
type failingKey struct{}

func (failingKey) Check(string) (bool, error)    { return false, errors.New("answer key damaged") }
func (failingKey) Reveal() (*game.Answer, error) { return nil, errors.New("answer key damaged") }

func TestGrade(t *testing.T) {
	s := gametest.CacheScenario()
	date := time.Date(2026, 11, 25, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	in := Input{PackID: "mini", Mode: game.ModeDrill, TimeUsed: 6 * time.Minute, TimeLeft: 9 * time.Minute,
		Hints: 1, Trusted: true, Date: date}
	for _, tc := range []struct {
		name      string
		key       game.AnswerKey
		pick      string
		wantErr   error
		wantRight bool
		wantTotal int
	}{
		// base 1500 + 1500×9/15 = 900, − 100 for the hint
		{name: "right pick", key: game.NewPlainKey(s), pick: "cache-invalidation", wantRight: true, wantTotal: 2300},
		{name: "wrong pick", key: game.NewPlainKey(s), pick: "inventory-down", wantTotal: 0},
		{name: "unknown pick", key: game.NewPlainKey(s), pick: "aliens", wantErr: ErrUnknownChoice},
		{name: "no key", key: nil, pick: "cache-invalidation", wantErr: game.ErrNoAnswer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Grade(tc.key, s, tc.pick, in)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Correct != tc.wantRight || r.Score.Correct != tc.wantRight || r.Score.Total != tc.wantTotal {
				t.Errorf("correct %v score %+v; want correct %v total %d", r.Correct, r.Score, tc.wantRight, tc.wantTotal)
			}
			want := Result{PackID: "mini", ScenarioID: "cache-stampede", Pick: tc.pick, TimeUsed: 6 * time.Minute,
				Hints: 1, Mode: game.ModeDrill, Trusted: true}
			if r.PackID != want.PackID || r.ScenarioID != want.ScenarioID || r.Pick != want.Pick ||
				r.TimeUsed != want.TimeUsed || r.Hints != want.Hints || r.Mode != want.Mode || r.Trusted != want.Trusted {
				t.Errorf("result %+v does not carry the play's context %+v", r, want)
			}
			if r.Date.Location() != time.UTC || !r.Date.Equal(date) {
				t.Errorf("date %v: want %v in UTC", r.Date, date)
			}
			if len(r.Tags) != 2 || r.Tags[0] != "cache" {
				t.Errorf("tags %v: want the scenario's", r.Tags)
			}
		})
	}
}

func TestGradeKeyError(t *testing.T) {
	_, err := Grade(failingKey{}, gametest.CacheScenario(), "cache-invalidation", Input{})
	if err == nil || err.Error() != "scenario cache-stampede: grading: answer key damaged" {
		t.Errorf("err = %v; want the key's error with the scenario named", err)
	}
}

// TestGradeSession grades the play of play.TestSessionSubmit from the
// session's own record of it.
func TestGradeSession(t *testing.T) {
	clk := gametest.NewClock()
	sc := gametest.CacheScenario()
	s, err := play.NewSession(play.SessionConfig{PackID: "mini", Scenario: sc, Mode: game.ModeDrill, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(5 * time.Minute)
	s.Submit("cache-invalidation", "hit ratio fell first", clk.T)
	r, err := Grade(game.NewPlainKey(sc), sc, s.Pick, SessionInput(s, clk.T))
	// difficulty 3: 1500 + 1500 × 10m ÷ 15m
	if err != nil || r.Score.Total != 2500 || r.TimeUsed != 5*time.Minute || r.Mode != game.ModeDrill || !r.Date.Equal(clk.T) {
		t.Errorf("graded %+v, %v; want 2500 points in 5m of drill", r, err)
	}
}
