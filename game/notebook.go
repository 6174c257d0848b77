package game

import "time"

// HypothesisStatus is where a hypothesis stands.
type HypothesisStatus string

// Statuses a hypothesis moves through.
const (
	StatusOpen      HypothesisStatus = "open"
	StatusRuledOut  HypothesisStatus = "ruled-out"
	StatusConfirmed HypothesisStatus = "confirmed"
)

// PinKind says which signal a piece of evidence points at.
type PinKind string

// Kinds of pinned evidence.
const (
	PinLog    PinKind = "log"
	PinMetric PinKind = "metric"
	PinSpan   PinKind = "span"
	PinEvent  PinKind = "event"
)

// Pin is a piece of evidence marked with `m`: enough to jump back to it,
// and (its identity fields) to match it against the answer's proof without
// the pack. Build pins with LogPin, EventPin, SpanPin and MetricPin.
type Pin struct {
	Kind PinKind `json:"kind"`
	// Ref locates the signal: a log line's index, "service/metric", "traceID/spanID",
	// or an event's id or "#index".
	Ref     string    `json:"ref"`
	At      time.Time `json:"at"`      // incident-clock time of the signal; a metric's cursor
	Service string    `json:"service"` // the service it belongs to, if any
	Label   string    `json:"label"`   // one line for the notebook

	// Identity, for proof matching (ProofItem.Matches). Pins saved before
	// proof grading lack it; CompletePin fills it in from Ref.
	Text   string `json:"text,omitempty"`   // log: the whole message; event: its text; span: its name
	Level  string `json:"level,omitempty"`  // log: the level name
	Trace  string `json:"trace,omitempty"`  // log (if linked) and span: the trace id
	Span   string `json:"span,omitempty"`   // span: the span id
	Status string `json:"status,omitempty"` // span: ok or error
	Metric string `json:"metric,omitempty"` // metric: the series name (At is the cursor)
	Event  string `json:"event,omitempty"`  // event: its id ("" when it has none)
	// EventKind is the event's kind (deploy, config, alert …).
	EventKind string `json:"event_kind,omitempty"`
}

// Hypothesis is one notebook entry.
type Hypothesis struct {
	ID        int              `json:"id"`
	Text      string           `json:"text"`
	Status    HypothesisStatus `json:"status"`
	CursorAt  time.Time        `json:"cursor_at"`  // incident clock when written
	WrittenAt time.Time        `json:"written_at"` // wall clock when written
	Evidence  []Pin            `json:"evidence,omitempty"`
}

// NoteDraft is a note still being written: saved with the session so a
// killed game loses at most the last autosave of typing, and put back in
// the editor on resume. It is not a hypothesis yet, and no action
// records it.
type NoteDraft struct {
	ID        int       `json:"id,omitempty"` // the hypothesis being edited; 0 for a new one
	Text      string    `json:"text"`
	CursorAt  time.Time `json:"cursor_at"`  // incident clock the note will be stamped with
	WrittenAt time.Time `json:"written_at"` // wall clock the note will be stamped with
}

// Notebook is the player's hypotheses and revealed hints.
type Notebook struct {
	Hypotheses []Hypothesis `json:"hypotheses"`
	Hints      []string     `json:"hints,omitempty"` // revealed so far, in order
}
