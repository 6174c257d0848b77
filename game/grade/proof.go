package grade

import (
	"slices"
	"time"

	"firedrill/game"
)

// Proof grading: at the submit the player attaches up to game.MaxAttached of
// their pins; Prove matches them against the answer's proof items and
// gives the verdict, and ScoreProof turns it into the score's lines.

// Verdict is a graded play's outcome.
type Verdict string

// Verdicts, best first (VerdictRank).
const (
	// VerdictProven: the right pick, and the attached pins showed the
	// trigger (chain step 1) and at least one later step.
	VerdictProven Verdict = "proven"
	// VerdictRight: the right pick where proof was not graded: the
	// scenario's key has no proof items, or the row was recorded before
	// firedrill graded proof. It scores in full, as it did then.
	VerdictRight Verdict = "right"
	// VerdictUnproven: the right pick without that evidence.
	VerdictUnproven Verdict = "unproven"
	// VerdictWrong: another pick, or none.
	VerdictWrong Verdict = "wrong"
)

// Proof scoring (README "Scoring"): a right but unproven pick loses half
// its base and its speed bonus; every attached pin that shows no step of
// the chain costs StrayPinCost, proven or not, so attaching everything
// never pays (at most game.MaxAttached pins are attached).
const StrayPinCost = 50 // per attached pin that proves nothing

// VerdictRank orders verdicts best first, for the leaderboard: proven,
// then right (proof not graded), then unproven, then wrong.
func VerdictRank(v Verdict) int {
	switch v {
	case VerdictProven:
		return 0
	case VerdictRight:
		return 1
	case VerdictUnproven:
		return 2
	}
	return 3
}

// Solved reports whether a verdict counts as a success (the picker's
// solved mark, the per-archetype rate): proven, or right where there was
// no proof to give.
func (v Verdict) Solved() bool { return v == VerdictProven || v == VerdictRight }

// ProofReport is how the attached evidence measured up: per chain step,
// the pin that showed it or the items that would have; per attached pin,
// the steps it showed or the red herring it belongs to. Its JSON form is
// part of `grade --json` (stable).
type ProofReport struct {
	Verdict Verdict `json:"verdict"`
	// Checked is false when the key has no proof items: the pick alone
	// decides, as before proof grading.
	Checked  bool          `json:"checked"`
	Steps    []StepProof   `json:"steps"`
	Attached []AttachedPin `json:"attached"`
	// Missing says what the evidence lacked, in the coaching's words.
	Missing []string `json:"missing,omitempty"`
	// PinnedNotAttached are pins of the notebook, left out at the submit,
	// that would have shown a step no attached pin showed (NoteNotebook).
	PinnedNotAttached []AttachedPin `json:"pinned_not_attached,omitempty"`
}

// StepProof is one chain step and how it was shown.
type StepProof struct {
	Step int    `json:"step"` // 1-based
	Text string `json:"text"`
	// ShownBy is the first attached pin that showed the step; nil: not shown.
	ShownBy *game.Pin `json:"shown_by,omitempty"`
	// WouldShow describes the step's proof items ("a log line: service
	// cache, containing …"); Items are the items themselves, for a jump.
	WouldShow []string         `json:"would_show,omitempty"`
	Items     []game.ProofItem `json:"-"`
}

// AttachedPin is one attached pin and what it proved.
type AttachedPin struct {
	Pin   game.Pin `json:"pin"`
	Steps []int    `json:"steps,omitempty"` // the chain steps it showed; none: a stray pin
	// RedHerring is the planted decoy a stray pin belongs to, when its
	// service, event or the service a decoy choice blames says so.
	RedHerring string `json:"red_herring,omitempty"`
}

// Stray reports whether the pin showed no step.
func (a AttachedPin) Stray() bool { return len(a.Steps) == 0 }

// Prove grades the attached pins against ans.Proof. Only the first
// game.MaxAttached pins count (the submit offers no more; a hand-edited result
// gains nothing). Pins saved before pins carried their identity are
// completed from s when s has the signals. correct is the pick's check.
func Prove(s *game.Scenario, ans *game.Answer, correct bool, attached []game.Pin) ProofReport {
	attached = attached[:min(len(attached), game.MaxAttached)]
	r := ProofReport{Checked: ans != nil && len(ans.Proof) > 0, Attached: []AttachedPin{}, Steps: []StepProof{}}
	if ans == nil {
		r.Verdict = verdictFor(correct, false, nil)
		return r
	}
	for i, text := range ans.Chain {
		st := StepProof{Step: i + 1, Text: text}
		for _, it := range ans.Proof {
			if it.Step == st.Step {
				st.Items = append(st.Items, it)
				st.WouldShow = append(st.WouldShow, it.Describe(startOf(s)))
			}
		}
		r.Steps = append(r.Steps, st)
	}
	shown := map[int]bool{}
	for _, p := range attached {
		p = game.CompletePin(s, p)
		ap := AttachedPin{Pin: p}
		for _, it := range ans.Proof {
			if it.Matches(p) && !slices.Contains(ap.Steps, it.Step) {
				ap.Steps = append(ap.Steps, it.Step)
			}
		}
		slices.Sort(ap.Steps)
		for _, step := range ap.Steps {
			shown[step] = true
			if step <= len(r.Steps) && r.Steps[step-1].ShownBy == nil {
				pin := ap.Pin
				r.Steps[step-1].ShownBy = &pin
			}
		}
		if ap.Stray() && s != nil {
			ap.RedHerring = herringOf(s, ans, p)
		}
		r.Attached = append(r.Attached, ap)
	}
	r.Verdict = verdictFor(correct, r.Checked, shown)
	r.Missing = missingText(r, correct)
	return r
}

func verdictFor(correct, checked bool, shown map[int]bool) Verdict {
	switch {
	case !correct:
		return VerdictWrong
	case !checked:
		return VerdictRight
	case shown[1] && hasLaterStep(shown):
		return VerdictProven
	}
	return VerdictUnproven
}

func hasLaterStep(shown map[int]bool) bool {
	for step, ok := range shown {
		if ok && step > 1 {
			return true
		}
	}
	return false
}

// StrayPins counts the attached pins that showed no step; 0 when proof was
// not graded (there was nothing they could have shown).
func (r ProofReport) StrayPins() int {
	if !r.Checked {
		return 0
	}
	n := 0
	for _, a := range r.Attached {
		if a.Stray() {
			n++
		}
	}
	return n
}

// ScoreProof applies a proof report to a pick's score: unproven loses half
// the base and the speed bonus (kept in SpeedForfeited, so the breakdown
// can say what proof would have earned), stray pins cost StrayPinCost each.
// The adjustments come off the total computed before, never below 0.
func ScoreProof(sc Score, r ProofReport) Score {
	if !sc.Correct {
		return sc
	}
	delta := 0
	if r.Verdict == VerdictUnproven {
		sc.UnprovenCut = sc.Base / 2
		sc.SpeedForfeited, sc.SpeedBonus = sc.SpeedBonus, 0
		delta += sc.UnprovenCut + sc.SpeedForfeited
	}
	sc.StrayPins = r.StrayPins()
	sc.StrayPinPenalty = StrayPinCost * sc.StrayPins
	delta += sc.StrayPinPenalty
	sc.Total = max(0, sc.Total-delta)
	return sc
}

// herringOf names the red herring a pin belongs to: a decoy event it is,
// or a decoy service (or the service a decoy choice blames, unless it is
// the cause's own) it comes from.
func herringOf(s *game.Scenario, ans *game.Answer, p game.Pin) string {
	causeService := newCauseProfile(s, ans).service
	for _, id := range ans.RedHerrings {
		names := herringNames(s, id, causeService)
		if p.Kind == game.PinEvent && (names[p.Event] || names[p.Ref]) || p.Service != "" && names[p.Service] {
			return id
		}
	}
	return ""
}

// startOf is the incident clock's zero, for describing proof windows; zero
// (Describe then prints clock times) when the scenario is not at hand.
func startOf(s *game.Scenario) time.Time {
	if s == nil {
		return time.Time{}
	}
	return s.Start
}

// NoteNotebook records the notebook's pins that were not attached but
// would have shown a step the attached ones did not, and says so in
// Missing: the evidence was in hand, only not handed in.
func (r *ProofReport) NoteNotebook(s *game.Scenario, ans *game.Answer, nb game.Notebook) {
	if !r.Checked || ans == nil {
		return
	}
	shown := map[int]bool{}
	for _, st := range r.Steps {
		shown[st.Step] = st.ShownBy != nil
	}
	var seen []game.Pin
	for _, h := range nb.Hypotheses {
		for _, p := range h.Evidence {
			if slices.ContainsFunc(seen, func(q game.Pin) bool { return game.SamePin(p, q) }) ||
				slices.ContainsFunc(r.Attached, func(a AttachedPin) bool { return game.SamePin(p, a.Pin) }) {
				continue
			}
			seen = append(seen, p)
			p = game.CompletePin(s, p)
			var steps []int
			for _, it := range ans.Proof {
				if !shown[it.Step] && it.Matches(p) && !slices.Contains(steps, it.Step) {
					steps = append(steps, it.Step)
				}
			}
			if len(steps) == 0 {
				continue
			}
			slices.Sort(steps)
			for _, st := range steps {
				shown[st] = true
			}
			r.PinnedNotAttached = append(r.PinnedNotAttached, AttachedPin{Pin: p, Steps: steps})
			r.Missing = append(r.Missing, notAttachedText(p, steps, startOf(s)))
		}
	}
}

// ProofPins is what a player who found the author's proof would attach:
// for each chain step that has proof items (step 1 first), the earliest
// signal of the first item that selects one; at most game.MaxAttached.
// Tests and tools use it to check that a scenario's proof can be given.
func ProofPins(s *game.Scenario, ans *game.Answer) []game.Pin {
	var pins []game.Pin
	for step := 1; step <= len(ans.Chain) && len(pins) < game.MaxAttached; step++ {
		for _, it := range ans.Proof {
			if it.Step != step {
				continue
			}
			if p, ok := it.FirstMatch(s); ok {
				pins = append(pins, p)
				break
			}
		}
	}
	return pins
}
