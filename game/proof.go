package game

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// A proof item is one entry of answer.proof (docs/PACK_FORMAT.md, "Proof"):
// the chain step it proves and one selector naming the concrete signals
// that show that step. Grading matches the pins a player attached at the
// submit against these items; a right pick is proven when the pins show
// the first step (the trigger) and at least one later step.

// Span statuses a span selector may name.
const (
	StatusOK    = "ok"
	StatusError = "error"
)

// ProofItem is one proof entry: Step is 1-based into Answer.Chain, and
// exactly one of Event, Log, Metric and Span is set.
type ProofItem struct {
	Step   int             `json:"step"`
	Event  string          `json:"event,omitempty"`
	Log    *LogSelector    `json:"log,omitempty"`
	Metric *MetricSelector `json:"metric,omitempty"`
	Span   *SpanSelector   `json:"span,omitempty"`
}

// LogSelector matches log lines: every field set must hold (a zero From or
// To leaves that end open). Contains is a case-sensitive substring of the
// message, Regex a Go regular expression over it; at most one of the two.
type LogSelector struct {
	Service  string    `json:"service,omitempty"`
	Contains string    `json:"contains,omitempty"`
	Regex    string    `json:"regex,omitempty"`
	From     time.Time `json:"from,omitzero"`
	To       time.Time `json:"to,omitzero"`
	re       *regexp.Regexp
}

// MetricSelector matches a series (by service and name) inside a window: a
// metric pin matches when its cursor lies in [From, To].
type MetricSelector struct {
	Service string    `json:"service,omitempty"`
	Name    string    `json:"name,omitempty"`
	From    time.Time `json:"from,omitzero"`
	To      time.Time `json:"to,omitzero"`
}

// SpanSelector matches spans by service, name and status (ok or error),
// and by a start time in [From, To] when either is set: a span that is
// slow only in the incident proves it only there.
type SpanSelector struct {
	Service string    `json:"service,omitempty"`
	Name    string    `json:"name,omitempty"`
	Status  string    `json:"status,omitempty"`
	From    time.Time `json:"from,omitzero"`
	To      time.Time `json:"to,omitzero"`
}

// MaxAttached is how many pins a player may attach at the submit: enough
// for the trigger and the steps after it, too few to attach everything.
const MaxAttached = 5

// MaxProofRegex bounds a selector's regular expression: a proof names a
// line, it does not need a grammar.
const MaxProofRegex = 1024

// Kind is the selector's name (event, log, metric or span); "" when the
// item has none.
func (it ProofItem) Kind() PinKind {
	switch {
	case it.Event != "":
		return PinEvent
	case it.Log != nil:
		return PinLog
	case it.Metric != nil:
		return PinMetric
	case it.Span != nil:
		return PinSpan
	}
	return ""
}

// selectors lists the selector names an item sets.
func (it ProofItem) selectors() []string {
	var out []string
	if it.Event != "" {
		out = append(out, "event")
	}
	if it.Log != nil {
		out = append(out, "log")
	}
	if it.Metric != nil {
		out = append(out, "metric")
	}
	if it.Span != nil {
		out = append(out, "span")
	}
	return out
}

// Check reports what is wrong with an item's shape, with the name of the
// field at fault ("" for the item itself): the rules that need no
// scenario. The loader and the sealed-answer decoder both run it; the
// loader then checks the signals (steps, matches, bounds) itself.
func (it *ProofItem) Check() (field string, err error) {
	switch sel := it.selectors(); {
	case len(sel) == 0:
		return "", fmt.Errorf("names no selector: give one of event, log, metric, span")
	case len(sel) > 1:
		return "", fmt.Errorf("names %s: one selector per item (give each its own item with the same step)", strings.Join(sel, " and "))
	}
	if it.Step < 1 {
		return "step", fmt.Errorf("missing or below 1: the 1-based number of the answer.chain step this item proves")
	}
	switch {
	case it.Event != "" && !ValidID(it.Event):
		return "event", fmt.Errorf("%q must be an event id ([a-z0-9-]{1,64})", SanitizeLine(it.Event))
	case it.Log != nil:
		return it.Log.compile()
	case it.Metric != nil:
		m := it.Metric
		if m.Service == "" && m.Name == "" {
			return "metric", fmt.Errorf("give service, name or both: a window alone names no series")
		}
		if !m.From.IsZero() && !m.To.IsZero() && m.To.Before(m.From) {
			return "to", fmt.Errorf("is before from: the window ends before it starts")
		}
	case it.Span != nil:
		sp := it.Span
		if sp.Service == "" && sp.Name == "" && sp.Status == "" {
			return "span", fmt.Errorf("give at least one of service, name, status")
		}
		if sp.Status != "" && sp.Status != StatusOK && sp.Status != StatusError {
			return "status", fmt.Errorf("%q is not ok or error", SanitizeLine(sp.Status))
		}
		if !sp.From.IsZero() && !sp.To.IsZero() && sp.To.Before(sp.From) {
			return "to", fmt.Errorf("is before from: the window ends before it starts")
		}
	}
	return "", nil
}

// compile checks a log selector and compiles its regex once, so matching a
// million lines does not compile it a million times.
func (sel *LogSelector) compile() (string, error) {
	switch {
	case sel.Service == "" && sel.Contains == "" && sel.Regex == "" && sel.From.IsZero() && sel.To.IsZero():
		return "log", fmt.Errorf("give at least one of service, contains, regex, from, to")
	case sel.Contains != "" && sel.Regex != "":
		return "regex", fmt.Errorf("give contains or regex, not both")
	case !sel.From.IsZero() && !sel.To.IsZero() && sel.To.Before(sel.From):
		return "to", fmt.Errorf("is before from: the window ends before it starts")
	case len(sel.Regex) > MaxProofRegex:
		return "regex", fmt.Errorf("longer than %d bytes", MaxProofRegex)
	}
	if sel.Regex != "" {
		re, err := regexp.Compile(sel.Regex)
		if err != nil {
			return "regex", fmt.Errorf("bad regular expression: %v", SanitizeLine(err.Error()))
		}
		sel.re = re
	}
	return "", nil
}

// within reports whether t lies in [from, to], a zero end being open.
func within(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || !t.After(to))
}

// MatchLine reports whether a log line (its service, message and time)
// matches the selector. An item whose regex does not compile matches
// nothing (Check reports it).
func (sel *LogSelector) MatchLine(service, msg string, at time.Time) bool {
	if sel.Service != "" && sel.Service != service || !within(at, sel.From, sel.To) {
		return false
	}
	if sel.Contains != "" && !strings.Contains(msg, sel.Contains) {
		return false
	}
	if sel.Regex != "" {
		re := sel.re
		if re == nil {
			var err error
			if re, err = regexp.Compile(sel.Regex); err != nil {
				return false
			}
		}
		return re.MatchString(msg)
	}
	return true
}

// MatchSeries reports whether a series (service, name) is one the selector
// names; the window is checked against a pin's cursor (Matches) or a
// series' samples (the validator).
func (sel *MetricSelector) MatchSeries(service, name string) bool {
	return (sel.Service == "" || sel.Service == service) && (sel.Name == "" || sel.Name == name)
}

// MatchSpan reports whether a span (service, name, error or not, start
// time) matches.
func (sel *SpanSelector) MatchSpan(service, name string, failed bool, at time.Time) bool {
	status := StatusOK
	if failed {
		status = StatusError
	}
	return (sel.Service == "" || sel.Service == service) && (sel.Name == "" || sel.Name == name) &&
		(sel.Status == "" || sel.Status == status) && within(at, sel.From, sel.To)
}

// Matches reports whether pin shows the signal the item names. It reads
// only the pin's identity (Pin.Text, Metric, Span, Event …), so a result
// file can be graded without the pack; a pin saved before pins carried
// their identity matches only after CompletePin.
func (it ProofItem) Matches(p Pin) bool {
	if p.Kind != it.Kind() {
		return false
	}
	switch p.Kind {
	case PinEvent:
		return p.Event != "" && p.Event == it.Event
	case PinLog:
		return p.Text != "" && it.Log.MatchLine(p.Service, p.Text, p.At)
	case PinMetric:
		return p.Metric != "" && it.Metric.MatchSeries(p.Service, p.Metric) &&
			within(p.At, it.Metric.From, it.Metric.To)
	case PinSpan:
		return p.Span != "" && (p.Status == StatusOK || p.Status == StatusError) &&
			it.Span.MatchSpan(p.Service, p.Text, p.Status == StatusError, p.At)
	}
	return false
}

// Describe says what the item selects in one line, with times as the
// panes show them (offsets from start, "+12:30"), for the debrief and
// `grade`; a metric item says where the cursor must be when it is pinned.
func (it ProofItem) Describe(start time.Time) string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+" "+v)
		}
	}
	window := func(from, to time.Time) {
		switch {
		case !from.IsZero() && !to.IsZero():
			parts = append(parts, "from "+offsetText(from, start)+" to "+offsetText(to, start))
		case !from.IsZero():
			parts = append(parts, "from "+offsetText(from, start))
		case !to.IsZero():
			parts = append(parts, "until "+offsetText(to, start))
		}
	}
	switch it.Kind() {
	case PinEvent:
		return "the change event " + it.Event
	case PinLog:
		sel := it.Log
		add("service", sel.Service)
		if sel.Contains != "" {
			parts = append(parts, fmt.Sprintf("containing %q", sel.Contains))
		}
		if sel.Regex != "" {
			parts = append(parts, "matching /"+SanitizeLine(sel.Regex)+"/")
		}
		window(sel.From, sel.To)
		return "a log line: " + strings.Join(parts, ", ")
	case PinMetric:
		sel := it.Metric
		name := sel.Name
		if name == "" {
			name = "any metric"
		}
		if sel.Service != "" {
			name += " of " + sel.Service
		}
		// a metric pin is the series at the cursor: say where the cursor
		// must stand for the pin to count
		switch from, to := sel.From, sel.To; {
		case !from.IsZero() && !to.IsZero():
			name += ", pinned with the cursor between " + offsetText(from, start) + " and " + offsetText(to, start)
		case !from.IsZero():
			name += ", pinned with the cursor at " + offsetText(from, start) + " or later"
		case !to.IsZero():
			name += ", pinned with the cursor at " + offsetText(to, start) + " or earlier"
		}
		return "the metric " + name
	case PinSpan:
		sel := it.Span
		add("service", sel.Service)
		if sel.Name != "" {
			parts = append(parts, fmt.Sprintf("named %q", sel.Name))
		}
		add("status", sel.Status)
		window(sel.From, sel.To)
		return "a span: " + strings.Join(parts, ", ")
	}
	return "nothing"
}

// offsetText is t as an offset from start the way the panes show the
// incident clock: "+12:30", "+75:00", "-01:00"; the clock time (UTC) when
// start is unknown (zero).
func offsetText(t, start time.Time) string {
	if start.IsZero() {
		return t.UTC().Format("15:04:05")
	}
	d, sign := t.Sub(start), "+"
	if d < 0 {
		d, sign = -d, "-"
	}
	sec := int(d / time.Second)
	return fmt.Sprintf("%s%02d:%02d", sign, sec/60, sec%60)
}

// FirstMatch is the earliest signal of s the item selects, as a pin: what
// the debrief offers to jump to when a step was not shown. A metric
// item's pin sits at the first sample inside its window.
func (it ProofItem) FirstMatch(s *Scenario) (Pin, bool) {
	switch it.Kind() {
	case PinEvent:
		for i := range s.Events {
			if s.Events[i].ID == it.Event {
				return EventPin(s, i), true
			}
		}
	case PinLog:
		for i := range s.Logs.Len() {
			if l := s.Logs.Line(i); it.Log.MatchLine(l.Service, l.Msg, l.At) {
				return LogPin(s, i), true
			}
		}
	case PinMetric:
		for _, sr := range s.Metrics {
			if !it.Metric.MatchSeries(sr.Service, sr.Name) {
				continue
			}
			for i := 0; i < sr.Len(); i++ {
				if _, ok := sr.At(i); ok && within(sr.TimeAt(i), it.Metric.From, it.Metric.To) {
					return MetricPin(sr, sr.TimeAt(i)), true
				}
			}
		}
	case PinSpan:
		var best Pin
		found := false
		for _, t := range s.Traces {
			for _, sp := range t.Spans {
				if it.Span.MatchSpan(sp.Service, sp.Name, sp.Error, sp.At) && (!found || sp.At.Before(best.At)) {
					best, found = SpanPin(t, sp), true
				}
			}
		}
		return best, found
	}
	return Pin{}, false
}
