package pack

import "strings"

// The fields `pack import` cannot know and leaves as TODO in its draft: a
// field that still reads TODO is an error that says what to write there,
// so `pack validate` lists exactly what is left to fill in.

// isTODO says whether a field is still the draft's placeholder.
func isTODO(s string) bool { return strings.TrimSpace(s) == "TODO" }

// checkTODO reports each field of r that still reads TODO.
func (l *loader) checkTODO(r *rawScenario) {
	todo := func(value, field, what string, keys ...any) {
		if isTODO(value) {
			l.fail(field, keys, "still TODO: write %s", what)
		}
	}
	todo(r.Title, "title", "the scenario's title, as the picker shows it", "title")
	todo(r.Briefing, "briefing", "what the pager said: the symptom, never the cause", "briefing")
	for i, c := range r.Choices {
		todo(c.Text, "text", "a possible root cause (the real one must be among the choices)", "choices", i, "text")
	}
	a := r.Answer
	if a == nil {
		return
	}
	todo(a.Choice, "choice", "the id of the choice that is the root cause", "answer", "choice")
	todo(a.Onset, "onset", "when the root cause began (+offset from start, or RFC 3339)", "answer", "onset")
	for j, c := range a.Chain {
		todo(c, "chain", "a step of the causal chain, root first", "answer", "chain", j)
	}
	for j, e := range a.Evidence {
		todo(e, "evidence", "a signal that proves the cause (the debrief shows it)", "answer", "evidence", j)
	}
	todo(a.Debrief, "debrief", "what the player reads after grading", "answer", "debrief")
}
