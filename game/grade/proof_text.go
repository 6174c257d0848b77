package grade

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"firedrill/game"
)

// missingText is the coaching on a proof report: what the evidence showed
// and, above all, what it lacked, in the words a learner can act on.
func missingText(r ProofReport, correct bool) []string {
	if !r.Checked || len(r.Steps) == 0 {
		return nil
	}
	var out []string
	trigger := r.Steps[0]
	laterShown, laterStep := 0, StepProof{}
	for _, st := range r.Steps[1:] {
		switch {
		case st.ShownBy != nil && laterShown == 0:
			laterShown = st.Step
		case st.ShownBy == nil && laterStep.Step == 0 && len(st.Items) > 0:
			laterStep = st
		}
	}
	switch {
	case !correct && trigger.ShownBy != nil:
		out = append(out, fmt.Sprintf("Your evidence showed the trigger (step 1: %s), but your pick named another cause: read what your own pins say.",
			trimStop(trigger.Text)))
	case !correct:
	case trigger.ShownBy != nil && laterShown > 0:
		out = append(out, fmt.Sprintf("Proven: your evidence showed the trigger (step 1) and step %d.", laterShown))
	case len(r.Attached) == 0:
		out = append(out, "You named the cause but attached no evidence: a right pick without proof scores half its base and no speed bonus.")
		out = append(out, "The trigger (step 1: "+trimStop(trigger.Text)+") shows in "+wouldShow(trigger)+".")
	case trigger.ShownBy == nil && laterShown > 0:
		out = append(out, fmt.Sprintf("You named the cause but never showed the trigger (step 1: %s): %s would have.",
			trimStop(trigger.Text), wouldShow(trigger)))
	case trigger.ShownBy != nil && laterStep.Step == 0:
		out = append(out, "You showed the trigger but not what it led to: a pin for a later step would have proven it.")
	case trigger.ShownBy != nil:
		out = append(out, fmt.Sprintf("You showed the trigger but not what it led to: %s (step %d: %s) would have proven it.",
			wouldShow(laterStep), laterStep.Step, trimStop(laterStep.Text)))
	default:
		out = append(out, fmt.Sprintf("You named the cause, but none of your pins showed a step of the chain; the trigger (step 1: %s) was in %s.",
			trimStop(trigger.Text), wouldShow(trigger)))
	}
	if n := r.StrayPins(); n > 0 {
		line := fmt.Sprintf("%d attached pins proved nothing (−%d each): attach what shows the chain, not everything you pinned.", n, StrayPinCost)
		if n == 1 {
			line = fmt.Sprintf("1 attached pin proved nothing (−%d): attach what shows the chain, not everything you pinned.", StrayPinCost)
		}
		var herrings []string
		for _, a := range r.Attached {
			if a.RedHerring != "" && !slices.Contains(herrings, a.RedHerring) {
				herrings = append(herrings, a.RedHerring)
			}
		}
		switch {
		case len(herrings) == 0:
		case n == 1:
			line += " It belongs to the red herring " + herrings[0] + "."
		default:
			line += " Planted to mislead: " + strings.Join(herrings, ", ") + "."
		}
		out = append(out, line)
	}
	return out
}

// notAttachedText says a pin in the notebook would have shown steps.
func notAttachedText(p game.Pin, steps []int, start time.Time) string {
	nums := make([]string, len(steps))
	for i, st := range steps {
		nums[i] = fmt.Sprint(st)
	}
	return fmt.Sprintf("You pinned “%s” (it shows step %s) but did not attach it: at the submit, attach what your notebook already holds.",
		p.Summary(start), strings.Join(nums, ", "))
}

// wouldShow is the first proof item of a step, described; a step with
// none says so.
func wouldShow(st StepProof) string {
	if len(st.WouldShow) == 0 {
		return "no signal the author named"
	}
	return st.WouldShow[0]
}

func trimStop(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".") }

// VerdictText is the verdict as the debrief and `grade` head with it.
func VerdictText(v Verdict) string {
	switch v {
	case VerdictProven:
		return "PROVEN"
	case VerdictRight:
		return "RIGHT (proof not graded)"
	case VerdictUnproven:
		return "RIGHT BUT UNPROVEN"
	}
	return "WRONG"
}

// ScoreLine is one line of a score's breakdown: what, how it was
// computed, the points (signed).
type ScoreLine struct{ Label, How, Points string }

// ProofScoreLines are the breakdown lines proof adds to a score (none
// when it changed nothing), in the words the debrief and `grade` share.
func ProofScoreLines(sc Score) []ScoreLine {
	var out []ScoreLine
	if sc.UnprovenCut > 0 || sc.SpeedForfeited > 0 {
		out = append(out, ScoreLine{"Unproven", fmt.Sprintf("half the base, and the +%d speed bonus", sc.SpeedForfeited),
			fmt.Sprintf("−%d", sc.UnprovenCut)})
	}
	if sc.StrayPins > 0 {
		out = append(out, ScoreLine{"Stray pins", fmt.Sprintf("%d × %d: attached, proved no step", sc.StrayPins, StrayPinCost),
			fmt.Sprintf("−%d", sc.StrayPinPenalty)})
	}
	return out
}

// VerdictShort is the verdict in a leaderboard cell: a mark and a word.
// "right" marks a right pick whose proof was not graded (recorded before
// proof grading, or a scenario without proof).
func VerdictShort(v Verdict) string {
	switch v {
	case VerdictProven:
		return "✓ proven"
	case VerdictRight:
		return "✓ right"
	case VerdictUnproven:
		return "◐ unproven"
	}
	return "✗ wrong"
}

// RightNote explains VerdictShort's "right" under a table that shows it.
const RightNote = "✓ right: proof not graded (a play from before proof grading, or no proof in the scenario)"
