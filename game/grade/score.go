package grade

import (
	"math"
	"math/bits"
	"time"

	"firedrill/game"
)

// Score is a graded result's points with their breakdown (the README's
// Scoring paragraph): the debrief shows every line, not just the total.
type Score struct {
	Correct          bool    `json:"correct"`
	Base             int     `json:"base"`              // 1000 × difficulty factor (0 when wrong)
	DifficultyFactor float64 `json:"difficulty_factor"` // from the scenario's difficulty
	SpeedBonus       int     `json:"speed_bonus"`       // base × time left ÷ time limit
	HintPenalty      int     `json:"hint_penalty"`      // 100 per hint (a positive number, subtracted)
	WrongPenalty     int     `json:"wrong_penalty"`     // 250 per wrong submit where retries exist
	Total            int     `json:"total"`             // never below 0

	// Proof (ScoreProof): a right but unproven pick loses half the base
	// and the speed bonus; each attached pin that proved nothing costs 50.
	UnprovenCut     int `json:"unproven_cut,omitempty"`      // half the base, subtracted
	SpeedForfeited  int `json:"speed_forfeited,omitempty"`   // the speed bonus proof would have kept
	StrayPins       int `json:"stray_pins,omitempty"`        // attached pins that proved nothing
	StrayPinPenalty int `json:"stray_pin_penalty,omitempty"` // 50 × StrayPins, subtracted
}

// Coaching is what the action log says about how the player investigated.
// Durations are offsets from the session's start.
type Coaching struct {
	// FirstRightHypothesis is when the first hypothesis naming the cause's
	// service or mechanism was written; Found is false if none was.
	FirstRightHypothesis time.Duration `json:"first_right_hypothesis"`
	FoundRightHypothesis bool          `json:"found_right_hypothesis"`
	// RightAtSubmit: no note named the cause; the submit's justification did.
	RightAtSubmit bool `json:"right_at_submit,omitempty"`
	// RedHerrings lists each planted decoy the player looked at, and how long.
	RedHerrings []RedHerringVisit `json:"red_herrings"`
	// TabTime is the time spent on each tab, by tab name.
	TabTime map[string]time.Duration `json:"tab_time"`
	// FirstPin is the first evidence pinned (nil if none) and whether it
	// was the cause's own signal ("cause"), a downstream "symptom", or
	// "unrelated".
	FirstPin     *game.Pin `json:"first_pin,omitempty"`
	FirstPinRole string    `json:"first_pin_role,omitempty"`
	// FirstPinSteps are the chain steps the first pin shows by the
	// answer's proof (none: it proves nothing); the role never calls such
	// a pin unrelated.
	FirstPinSteps []int `json:"first_pin_steps,omitempty"`
}

// RedHerringVisit is time spent on one decoy.
type RedHerringVisit struct {
	ID     string        `json:"id"`
	Visits int           `json:"visits"`
	Time   time.Duration `json:"time"`
}

// Scoring constants: a right pick scores BasePoints × the difficulty
// factor plus a speed bonus of that × (time left ÷ time limit), minus the
// costs; a wrong pick scores 0.
const (
	BasePoints        = 1000 // before the difficulty factor
	HintCost          = 100  // per revealed hint
	WrongSubmitCost   = 250  // per wrong submit, in modes that allow a retry
	defaultDifficulty = 1
)

// difficultyFactors is the multiplier on BasePoints by difficulty:
//
//	difficulty  1     2     3     4     5
//	factor      1.0   1.25  1.5   2.0   2.5
//
// The steps grow at the hard end because a 4- or 5-star scenario adds red
// herrings and sparse signals, not just more data.
var difficultyFactors = [...]float64{1: 1.0, 2: 1.25, 3: 1.5, 4: 2.0, 5: 2.5}

// DifficultyFactor is the factor for a difficulty, clamped to 1..5 (the
// loader rejects anything else; the clamp keeps a hand-built scenario safe).
func DifficultyFactor(difficulty int) float64 {
	difficulty = max(1, min(difficulty, len(difficultyFactors)-1))
	return difficultyFactors[difficulty]
}

// ScoreResult scores one graded submit:
//
//	correct: base = 1000 × factor; speed = base × timeLeft ÷ limit (rounded
//	down; 0 when untimed or the limit is unknown); total = base + speed −
//	100 × hints − 250 × wrongSubmits, never below 0.
//	wrong:   every line 0 (the factor is still reported).
//
// timeLeft is clamped to [0, limit]. wrongSubmits counts earlier wrong picks
// in a mode that allowed a retry; the caller passes 0 where there is none.
func ScoreResult(s *game.Scenario, correct bool, timeLeft, limit time.Duration, hints, wrongSubmits int, untimed bool) Score {
	difficulty := defaultDifficulty
	if s != nil {
		difficulty = s.Difficulty
	}
	sc := Score{Correct: correct, DifficultyFactor: DifficultyFactor(difficulty)}
	if !correct {
		return sc
	}
	sc.Base = int(math.Round(BasePoints * sc.DifficultyFactor))
	if !untimed && limit > 0 {
		left := max(0, min(timeLeft, limit))
		// Exact integer arithmetic in 128 bits: base × left overflows
		// int64 once left passes ~42 days (2500 × 3.7e15 ns), and the
		// loader puts no upper bound on a pack's time_limit. The quotient
		// is at most base, so Div64 cannot overflow.
		hi, lo := bits.Mul64(uint64(sc.Base), uint64(left))
		q, _ := bits.Div64(hi, lo, uint64(limit))
		sc.SpeedBonus = int(q)
	}
	sc.HintPenalty = HintCost * max(0, hints)
	sc.WrongPenalty = WrongSubmitCost * max(0, wrongSubmits)
	sc.Total = max(0, sc.Base+sc.SpeedBonus-sc.HintPenalty-sc.WrongPenalty)
	return sc
}
