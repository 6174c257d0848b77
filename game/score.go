package game

import "time"

// Score is a graded result's points with their breakdown (DESIGN.md §6):
// the debrief shows every line, not just the total.
type Score struct {
	Correct          bool    `json:"correct"`
	Base             int     `json:"base"`              // 1000 × difficulty factor (0 when wrong)
	DifficultyFactor float64 `json:"difficulty_factor"` // from the scenario's difficulty
	SpeedBonus       int     `json:"speed_bonus"`       // base × time left ÷ time limit
	HintPenalty      int     `json:"hint_penalty"`      // 100 per hint (a positive number, subtracted)
	WrongPenalty     int     `json:"wrong_penalty"`     // 250 per wrong submit where retries exist
	Total            int     `json:"total"`             // never below 0
}

// Coaching is what the action log says about how the player investigated.
// Durations are offsets from the session's start.
type Coaching struct {
	// FirstRightHypothesis is when the first hypothesis naming the cause's
	// service or mechanism was written; Found is false if none was.
	FirstRightHypothesis time.Duration `json:"first_right_hypothesis"`
	FoundRightHypothesis bool          `json:"found_right_hypothesis"`
	// RedHerrings lists each planted decoy the player looked at, and how long.
	RedHerrings []RedHerringVisit `json:"red_herrings"`
	// TabTime is the time spent on each tab, by tab name.
	TabTime map[string]time.Duration `json:"tab_time"`
	// FirstPin is the first evidence pinned (nil if none) and whether it
	// was the cause's own signal ("cause"), a downstream "symptom", or
	// "unrelated".
	FirstPin     *Pin   `json:"first_pin,omitempty"`
	FirstPinRole string `json:"first_pin_role,omitempty"`
}

// RedHerringVisit is time spent on one decoy.
type RedHerringVisit struct {
	ID     string        `json:"id"`
	Visits int           `json:"visits"`
	Time   time.Duration `json:"time"`
}
