package pack

import (
	"slices"
	"strings"
	"time"

	"firedrill/game"
)

// spanSink is the one path every trace reader (OTLP, Jaeger, Zipkin) puts
// its spans through: it checks each against the scenario (window, declared
// services, the span budget), sanitizes what is shown, and files spans
// under their trace in file order. A span exported twice with identical
// content (telemetrygen, collector retries) is dropped and counted; a span
// id that comes back with different content is an error.
type spanSink struct {
	l      *loader
	errs   *includeErrors
	names  spanFieldNames
	budget *int // spans the scenario may still hold
	over   bool // the budget ran out: stop reading

	byID  map[string]*traceAcc
	order []*traceAcc
	spans int // spans kept
	dups  int // exact duplicates dropped
}

// traceAcc gathers the spans of one trace id.
type traceAcc struct {
	id    string
	spans []game.Span
	index map[string]int // span id -> position in spans
}

// spanFieldNames are the export's own names for a span's start, duration
// and service, so messages point at the field the author sees.
type spanFieldNames struct{ id, start, dur, service string }

func (l *loader) newSpanSink(errs *includeErrors, names spanFieldNames, budget *int) *spanSink {
	return &spanSink{l: l, errs: errs, names: names, budget: budget, byID: map[string]*traceAcc{}}
}

// add checks one span, as its reader converted it, and keeps it. service
// is the name the export gives; line is where the span is, for messages.
// Text fields are sanitized here, so readers pass them as written.
func (k *spanSink) add(line int, traceID string, sp game.Span, service string) {
	if k.over {
		return
	}
	if keep, err := k.l.inWindow(sp.At); err == nil && !keep {
		return // clipped: left out, not an error
	}
	if *k.budget--; *k.budget < 0 {
		k.over = true
		k.errs.add(line, "", "more than %d spans in the scenario (MaxSpans)", MaxSpans)
		return
	}
	ok := true
	if err := k.l.scope.checkTime(sp.At); err != nil {
		k.errs.add(line, k.names.start, "%v", err)
		ok = false
	}
	if sp.Dur < 0 {
		k.errs.add(line, k.names.dur, "the span ends before it starts (%v)", sp.Dur)
		ok = false
	}
	if long := longText(sp); long != "" {
		k.errs.add(line, long, "longer than %d bytes (MaxLineBytes): a span's texts are one line each", MaxLineBytes)
		ok = false
	}
	declared, known := k.l.scope.service(game.SanitizeLine(service))
	switch {
	case service == "":
		k.errs.add(line, k.names.service, "span %s names no service", short(sp.ID))
		ok = false
	case !known:
		k.errs.add(line, k.names.service, "%q is not declared in services (declare it, or list it in a service's aliases)", short(service))
		ok = false
	}
	if !ok {
		return
	}
	sp.Service = declared
	sp.ID, sp.Parent, sp.Name = game.SanitizeLine(sp.ID), game.SanitizeLine(sp.Parent), game.SanitizeLine(sp.Name)
	for i := range sp.Attrs {
		sp.Attrs[i] = game.Attr{Key: game.SanitizeLine(sp.Attrs[i].Key), Value: game.SanitizeLine(sp.Attrs[i].Value)}
	}
	sortAttrs(sp.Attrs)
	k.keep(line, game.SanitizeLine(traceID), sp)
}

// keep files a checked span under its trace, dropping an exact duplicate.
func (k *spanSink) keep(line int, traceID string, sp game.Span) {
	t := k.byID[traceID]
	if t == nil {
		t = &traceAcc{id: traceID, index: map[string]int{}}
		k.byID[traceID] = t
		k.order = append(k.order, t)
	}
	if j, seen := t.index[sp.ID]; seen {
		if sameSpan(&t.spans[j], &sp) {
			k.dups++
			*k.budget++
			return
		}
		k.errs.add(line, k.names.id, "%s appears twice in trace %s with different content", sp.ID, traceID)
		return
	}
	t.index[sp.ID] = len(t.spans)
	t.spans = append(t.spans, sp)
	k.spans++
}

// sameSpan says whether two spans say exactly the same thing.
func sameSpan(a, b *game.Span) bool {
	return a.ID == b.ID && a.Parent == b.Parent && a.Service == b.Service && a.Name == b.Name &&
		a.At.Equal(b.At) && a.Dur == b.Dur && a.Error == b.Error && slices.Equal(a.Attrs, b.Attrs)
}

// traces returns what was kept, traces in the order their first span came.
func (k *spanSink) traces() []*game.Trace {
	if k.over {
		return nil
	}
	out := make([]*game.Trace, 0, len(k.order))
	for _, t := range k.order {
		out = append(out, game.NewTrace(t.id, t.spans))
	}
	return out
}

// microsTime is a time written in microseconds since 1970 (Jaeger, Zipkin).
func microsTime(us int64) time.Time { return time.UnixMicro(us).UTC() }

// exportID normalises a Jaeger or Zipkin id: hex (as they write them) in
// lower case; any other id of up to 128 bytes is kept as written (test
// and hand-made exports use names like span-1). false for an empty or
// oversized id.
func exportID(s string) (string, bool) {
	if low := strings.ToLower(s); isHexID(low) {
		return low, true
	}
	return s, s != "" && len(s) <= 128
}

// longText names the first of a span's texts that is over MaxLineBytes.
func longText(sp game.Span) string {
	if len(sp.Name) > MaxLineBytes {
		return "name"
	}
	for _, a := range sp.Attrs {
		if len(a.Key) > MaxLineBytes || len(a.Value) > MaxLineBytes {
			return "attributes"
		}
	}
	return ""
}
