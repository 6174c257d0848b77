package grade

import (
	"math"
	"testing"
	"time"

	"firedrill/game"
)

func TestDifficultyFactor(t *testing.T) {
	for _, tc := range []struct {
		difficulty int
		want       float64
	}{
		{0, 1.0}, {1, 1.0}, {2, 1.25}, {3, 1.5}, {4, 2.0}, {5, 2.5}, {9, 2.5},
	} {
		if got := DifficultyFactor(tc.difficulty); got != tc.want {
			t.Errorf("DifficultyFactor(%d) = %v, want %v", tc.difficulty, got, tc.want)
		}
	}
}

func TestScoreResult(t *testing.T) {
	const limit = 10 * time.Minute
	for _, tc := range []struct {
		name       string
		difficulty int
		correct    bool
		left       time.Duration
		hints      int
		wrong      int
		untimed    bool
		want       Score
	}{
		{name: "half time left, difficulty 3", difficulty: 3, correct: true, left: 5 * time.Minute,
			want: Score{Correct: true, Base: 1500, DifficultyFactor: 1.5, SpeedBonus: 750, Total: 2250}},
		{name: "no time left", difficulty: 1, correct: true, left: 0,
			want: Score{Correct: true, Base: 1000, DifficultyFactor: 1, Total: 1000}},
		{name: "full time left doubles", difficulty: 5, correct: true, left: limit,
			want: Score{Correct: true, Base: 2500, DifficultyFactor: 2.5, SpeedBonus: 2500, Total: 5000}},
		{name: "time left beyond the limit is clamped", difficulty: 2, correct: true, left: 2 * limit,
			want: Score{Correct: true, Base: 1250, DifficultyFactor: 1.25, SpeedBonus: 1250, Total: 2500}},
		{name: "negative time left is clamped", difficulty: 2, correct: true, left: -time.Minute,
			want: Score{Correct: true, Base: 1250, DifficultyFactor: 1.25, Total: 1250}},
		{name: "speed bonus rounds down", difficulty: 4, correct: true, left: time.Minute / 3,
			// 2000 × 20s ÷ 600s = 66.67
			want: Score{Correct: true, Base: 2000, DifficultyFactor: 2, SpeedBonus: 66, Total: 2066}},
		{name: "hints cost 100 each", difficulty: 1, correct: true, left: 2 * time.Minute, hints: 3,
			want: Score{Correct: true, Base: 1000, DifficultyFactor: 1, SpeedBonus: 200, HintPenalty: 300, Total: 900}},
		{name: "wrong submits cost 250 each", difficulty: 1, correct: true, left: 0, hints: 1, wrong: 2,
			want: Score{Correct: true, Base: 1000, DifficultyFactor: 1, HintPenalty: 100, WrongPenalty: 500, Total: 400}},
		{name: "never below zero", difficulty: 1, correct: true, left: 0, hints: 5, wrong: 3,
			want: Score{Correct: true, Base: 1000, DifficultyFactor: 1, HintPenalty: 500, WrongPenalty: 750, Total: 0}},
		{name: "untimed has no speed bonus", difficulty: 3, correct: true, left: limit, untimed: true,
			want: Score{Correct: true, Base: 1500, DifficultyFactor: 1.5, Total: 1500}},
		{name: "wrong pick scores zero", difficulty: 5, correct: false, left: limit, hints: 2,
			want: Score{Correct: false, DifficultyFactor: 2.5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &game.Scenario{Difficulty: tc.difficulty}
			got := ScoreResult(s, tc.correct, tc.left, limit, tc.hints, tc.wrong, tc.untimed)
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestScoreResultLongLimit: base × time left in nanoseconds overflowed
// int64 for limits past ~42 days (a pack may set any time_limit), turning
// the speed bonus into garbage.
func TestScoreResultLongLimit(t *testing.T) {
	for _, limit := range []time.Duration{1000 * time.Hour, 100_000 * time.Hour, math.MaxInt64 - 1} {
		got := ScoreResult(&game.Scenario{Difficulty: 5}, true, limit/2, limit, 0, 0, false)
		if got.SpeedBonus != 1250 || got.Total != 3750 {
			t.Errorf("limit %v, half left: got %+v, want speed bonus 1250, total 3750", limit, got)
		}
		got = ScoreResult(&game.Scenario{Difficulty: 5}, true, limit, limit, 0, 0, false)
		if got.SpeedBonus != 2500 {
			t.Errorf("limit %v, all left: speed bonus %d, want 2500", limit, got.SpeedBonus)
		}
	}
}

func TestScoreResultZeroLimit(t *testing.T) {
	got := ScoreResult(&game.Scenario{Difficulty: 1}, true, time.Minute, 0, 0, 0, false)
	if got.SpeedBonus != 0 || got.Total != 1000 {
		t.Errorf("zero limit: got %+v, want no speed bonus and total 1000", got)
	}
}
