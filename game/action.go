package game

import "time"

// ActionKind names what the player did; coaching reads the log of them.
type ActionKind string

// Kinds of action recorded in a session.
const (
	ActTab       ActionKind = "tab"        // Detail: tab name
	ActFilter    ActionKind = "filter"     // Detail: the filter description
	ActSearch    ActionKind = "search"     // Detail: the query
	ActFuzzy     ActionKind = "fuzzy"      // Detail: the query
	ActOpenTrace ActionKind = "open-trace" // Target: trace id
	ActCursor    ActionKind = "cursor"     // At: the incident-clock time
	ActView      ActionKind = "view"       // Target: service, event id or metric the player looked at
	ActPin       ActionKind = "pin"        // Target: Pin.Ref; Detail: Pin.Kind
	ActNote      ActionKind = "note"       // Detail: the hypothesis text
	ActStatus    ActionKind = "status"     // Target: hypothesis id; Detail: new status
	ActHint      ActionKind = "hint"       // Detail: hint number
	ActAttach    ActionKind = "attach"     // at the submit: Target: Pin.Ref; Detail: Pin.Kind
	ActSubmit    ActionKind = "submit"     // Target: choice id; Detail: the justification
	ActResume    ActionKind = "resume"     // Detail: the time the game was closed (a Go duration)
	ActClockBack ActionKind = "clock-back" // Detail: how far the wall clock went back while closed
	ActTimeUp    ActionKind = "time-up"
)

// Action is one entry of a session's action log. Offset is the game's
// clock since the session started: monotonic while the game is open, plus
// (in hard-timer modes) the time it was closed, so wall-clock jumps cannot
// reorder the log. Elapsed is the monotonic time the game had been open,
// Wall the wall clock, and Hash chains the entry to the one before
// (play.VerifyChain; docs/SEALING.md "The action log").
type Action struct {
	Offset  time.Duration `json:"offset"`
	Elapsed time.Duration `json:"elapsed"`
	Wall    time.Time     `json:"wall,omitzero"`
	Hash    string        `json:"hash,omitempty"`
	Kind    ActionKind    `json:"kind"`
	Target  string        `json:"target,omitempty"`
	Detail  string        `json:"detail,omitempty"`
	Service string        `json:"service,omitempty"` // the service the action concerns, if any
	At      time.Time     `json:"at,omitzero"`       // incident-clock time, if any
}
