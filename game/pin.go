package game

import (
	"strconv"
	"strings"
	"time"
)

// The pin constructors give every pin its full identity, whichever pane
// makes it; the pane adds the Label it shows. They are the one place that
// knows how a Ref is spelled, and CompletePin reads Refs back.

// LogPin pins log line i of s.
func LogPin(s *Scenario, i int) Pin {
	l := s.Logs.Line(i)
	return Pin{Kind: PinLog, Ref: strconv.Itoa(i), At: l.At, Service: l.Service,
		Text: l.Msg, Level: l.Level.String(), Trace: l.Trace}
}

// EventPin pins event i of s; its Ref is the id, or "#i" for an event
// without one.
func EventPin(s *Scenario, i int) Pin {
	e := s.Events[i]
	return Pin{Kind: PinEvent, Ref: EventRef(s, i), At: e.At, Service: e.Service,
		Text: e.Text, Event: e.ID, EventKind: e.Kind}
}

// EventRef names event i for pins and the action log: its id, or "#i".
func EventRef(s *Scenario, i int) string {
	if id := s.Events[i].ID; id != "" {
		return id
	}
	return "#" + strconv.Itoa(i)
}

// EventByRef finds the event a Ref names: an id, "#i", or (older action
// logs) a bare index.
func (s *Scenario) EventByRef(ref string) (Event, bool) {
	for _, e := range s.Events {
		if e.ID != "" && e.ID == ref {
			return e, true
		}
	}
	if i, err := strconv.Atoi(strings.TrimPrefix(ref, "#")); err == nil && i >= 0 && i < len(s.Events) {
		return s.Events[i], true
	}
	return Event{}, false
}

// SpanPin pins span sp of trace t.
func SpanPin(t *Trace, sp Span) Pin {
	status := StatusOK
	if sp.Error {
		status = StatusError
	}
	return Pin{Kind: PinSpan, Ref: t.ID + "/" + sp.ID, At: sp.At, Service: sp.Service,
		Text: sp.Name, Trace: t.ID, Span: sp.ID, Status: status}
}

// MetricPin pins series sr at the cursor at.
func MetricPin(sr *Series, at time.Time) Pin {
	return Pin{Kind: PinMetric, Ref: sr.Service + "/" + sr.Name, At: at, Service: sr.Service, Metric: sr.Name}
}

// HasIdentity reports whether the pin carries what proof matching reads.
func (p Pin) HasIdentity() bool {
	switch p.Kind {
	case PinLog:
		return p.Text != ""
	case PinMetric:
		return p.Metric != ""
	case PinSpan:
		return p.Span != "" && p.Status != ""
	case PinEvent:
		return p.Text != ""
	}
	return false
}

// CompletePin fills in the identity of a pin saved before pins carried
// it, by resolving its Ref in s; a pin that has it, or whose Ref names
// nothing in s, comes back unchanged. A log pin is completed only when
// the line at its index has the pin's time, so a Ref into another version
// of the scenario does not borrow a stranger's text. The pane's Label is
// kept.
func CompletePin(s *Scenario, p Pin) Pin {
	if s == nil || p.HasIdentity() {
		return p
	}
	var q Pin
	ok := false
	switch p.Kind {
	case PinLog:
		if i, err := strconv.Atoi(p.Ref); err == nil && i >= 0 && i < s.Logs.Len() && s.Logs.At(i).Equal(p.At) {
			q, ok = LogPin(s, i), true
		}
	case PinEvent:
		for i := range s.Events {
			if EventRef(s, i) == p.Ref || strconv.Itoa(i) == p.Ref {
				q, ok = EventPin(s, i), true
				break
			}
		}
	case PinSpan:
		q, ok = spanPinByRef(s, p.Ref)
	case PinMetric:
		for _, sr := range s.Metrics {
			if sr.Service+"/"+sr.Name == p.Ref {
				q, ok = MetricPin(sr, p.At), true
				break
			}
		}
	}
	if !ok {
		return p
	}
	q.Label = p.Label
	if q.Kind == PinMetric || q.At.IsZero() {
		q.At = p.At
	}
	return q
}

// spanPinByRef resolves "traceID/spanID"; either id may itself hold a
// slash, so every split is tried.
func spanPinByRef(s *Scenario, ref string) (Pin, bool) {
	for i := strings.IndexByte(ref, '/'); i >= 0; {
		if t := s.Trace(ref[:i]); t != nil {
			for _, sp := range t.Spans {
				if sp.ID == ref[i+1:] {
					return SpanPin(t, sp), true
				}
			}
		}
		j := strings.IndexByte(ref[i+1:], '/')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return Pin{}, false
}

// SamePin reports whether two pins point at the same signal (a metric at
// the same cursor): the submit lists a signal pinned to two hypotheses
// once.
func SamePin(a, b Pin) bool {
	return a.Kind == b.Kind && a.Ref == b.Ref && a.At.Equal(b.At)
}

// Summary says what a pin points at in one line, from its identity: the
// label when the pane gave one, else kind, service and text (a result
// file's pin with no label, or the debrief's jump target).
func (p Pin) Summary(start time.Time) string {
	if p.Label != "" {
		return p.Label
	}
	at := ""
	if !p.At.IsZero() {
		at = " at " + offsetText(p.At, start)
	}
	switch p.Kind {
	case PinLog:
		return strings.TrimSpace("log "+p.Service+" "+p.Level) + ": " + p.Text + at
	case PinMetric:
		return "metric " + p.Metric + " (" + p.Service + ")" + at
	case PinSpan:
		return "span " + p.Text + " (" + p.Service + ", " + p.Status + ")" + at
	case PinEvent:
		return strings.TrimSpace(p.EventKind+" "+p.Service) + ": " + p.Text + at
	}
	return string(p.Kind) + " " + p.Ref
}
