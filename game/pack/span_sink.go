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

	// What a kept span holds is copied out of the reader's strings: span
	// names, attribute keys and the values that repeat (methods, routes,
	// status codes, peers) interned once per scenario, the rest (ids,
	// order numbers in a URL) into big shared chunks, attribute lists into
	// big shared slabs. A hundred thousand spans then cost a few hundred
	// bytes each, less than their export (BenchmarkLoadSpans100k).
	ids    stringArena
	attrs  attrSlab
	words  *interner // span names and attribute keys
	values *interner // attribute values whose key's values repeat
	keys   map[string]*spanKey
}

// traceAcc gathers the spans of one trace id.
type traceAcc struct {
	id    string
	spans []game.Span
	index map[string]int // span id -> position in spans, once spans outgrow a scan
}

// scanSpans is how many spans a trace holds before its span ids are
// looked up in a map instead of by a scan: most traces are a few dozen
// spans, and a map per trace would cost more than the spans.
const scanSpans = 32

// find is the position of span id in the trace, or -1.
func (t *traceAcc) find(id string) int {
	if t.index != nil {
		if j, ok := t.index[id]; ok {
			return j
		}
		return -1
	}
	for j := range t.spans {
		if t.spans[j].ID == id {
			return j
		}
	}
	return -1
}

// push appends a span the trace does not hold yet.
func (t *traceAcc) push(sp game.Span) {
	t.spans = append(t.spans, sp)
	switch n := len(t.spans); {
	case t.index != nil:
		t.index[sp.ID] = n - 1
	case n > scanSpans:
		t.index = make(map[string]int, 2*n)
		for j := range t.spans {
			t.index[t.spans[j].ID] = j
		}
	}
}

// spanKey is an attribute key of spans and how well interning its values
// pays: methods, routes and status codes repeat on every span, an order
// number in a URL never does, and a table entry per unique value would be
// wasted.
type spanKey struct {
	name        string
	tries, hits int32
}

// internValues reports whether values of this key are worth interning:
// always for the first 256, then only while at least half were repeats.
func (k *spanKey) internValues() bool { return k.tries < 256 || k.hits*2 >= k.tries }

// spanFieldNames are the export's own names for a span's start, duration
// and service, so messages point at the field the author sees.
type spanFieldNames struct{ id, start, dur, service string }

func (l *loader) newSpanSink(errs *includeErrors, names spanFieldNames, budget *int) *spanSink {
	return &spanSink{l: l, errs: errs, names: names, budget: budget, byID: map[string]*traceAcc{},
		words: newInterner(1 << 12), values: newInterner(1 << 12), keys: map[string]*spanKey{}}
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

// compact makes a checked span hold only its own copies: its id in the
// arena, its name and attribute keys interned, each attribute value
// interned while its key's values repeat (see spanKey) and copied into
// the arena otherwise, and its attributes in the slab. The parent id is
// left as it is: traces() points it at the parent's own id.
func (k *spanSink) compact(sp *game.Span) {
	sp.ID = k.ids.copy(sp.ID)
	sp.Name = k.words.intern(sp.Name, &k.ids)
	for i := range sp.Attrs {
		a := &sp.Attrs[i]
		key := k.keys[a.Key]
		if key == nil {
			key = &spanKey{name: k.words.intern(a.Key, &k.ids)}
			if len(k.keys) < 1<<12 {
				k.keys[key.name] = key
			}
		}
		a.Key, a.Value = key.name, k.value(key, a.Value)
	}
	sp.Attrs = k.attrs.copy(sp.Attrs)
}

// value is one attribute value of key, interned or copied.
func (k *spanSink) value(key *spanKey, v string) string {
	if len(v) > 64 || !key.internValues() {
		return k.ids.copy(v)
	}
	key.tries++
	if s, ok := k.values.m[v]; ok {
		key.hits++
		return s
	}
	return k.values.intern(v, &k.ids)
}

// keep files a checked span under its trace, dropping an exact duplicate.
func (k *spanSink) keep(line int, traceID string, sp game.Span) {
	t := k.byID[traceID]
	if t == nil {
		t = &traceAcc{id: k.ids.copy(traceID)}
		k.byID[t.id] = t
		k.order = append(k.order, t)
	}
	if j := t.find(sp.ID); j >= 0 {
		if sameSpan(&t.spans[j], &sp) {
			k.dups++
			*k.budget++
			return
		}
		k.errs.add(line, k.names.id, "%s appears twice in trace %s with different content", sp.ID, traceID)
		return
	}
	k.compact(&sp)
	t.push(sp)
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
	// Each trace's spans move into a slice of their own size, so no trace
	// keeps the spare capacity they were appended into, and the slice they
	// leave is garbage at once: one slab for them all, made up front, would
	// sit beside every trace's old slice until the last was copied (at 1M
	// spans, a third more than the file at the peak).
	out := make([]*game.Trace, 0, len(k.order))
	for _, t := range k.order {
		spans := slices.Clone(t.spans)
		for i := range spans {
			k.shareParent(t, &spans[i])
		}
		t.spans, t.index = nil, nil
		out = append(out, game.NewTrace(t.id, spans))
	}
	return out
}

// shareParent points a span's parent id at its parent's own id, so the
// two spans share one string; a parent the trace lacks gets a copy of its
// id in the arena.
func (k *spanSink) shareParent(t *traceAcc, sp *game.Span) {
	if sp.Parent == "" {
		return
	}
	if j := t.find(sp.Parent); j >= 0 {
		sp.Parent = t.spans[j].ID
		return
	}
	sp.Parent = k.ids.copy(sp.Parent)
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
