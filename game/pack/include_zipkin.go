package pack

import (
	"strings"
	"time"

	"firedrill/game"
)

// Zipkin v2 JSON: a list of spans (POST /api/v2/spans, a trace from
// /api/v2/trace/{id}), a list of such lists (/api/v2/traces), or JSON
// Lines of spans. timestamp and duration are microseconds; the service is
// localEndpoint.serviceName, as the tracer wrote it (often with / or .);
// a span with an "error" tag is an error; tags become attributes.
//
// In Zipkin's B3 model a client and the server it called may report the
// same span id: two halves of one RPC. Both are kept: the server half gets
// the id "<id>-srv" and becomes a child of the client half, and the spans
// that name the shared id as their parent hang under the server half:
// in B3 they are the server's work (a client does not open children
// under its own RPC span). Two halves with identical
// content are one span exported twice, and other pairs that disagree are
// an error, as in any trace.

type zipkinSpan struct {
	TraceID        string            `json:"traceId"`
	ID             string            `json:"id"`
	ParentID       string            `json:"parentId"`
	Name           string            `json:"name"`
	Kind           string            `json:"kind"`
	Timestamp      flexInt           `json:"timestamp"`
	Duration       flexInt           `json:"duration"`
	Shared         bool              `json:"shared"`
	LocalEndpoint  *zipkinEndpoint   `json:"localEndpoint"`
	RemoteEndpoint *zipkinEndpoint   `json:"remoteEndpoint"`
	Tags           map[string]string `json:"tags"`

	// Every span of a file is held until the last is read, so each is
	// made smaller as soon as it is decoded (zipkinStrings.hold): its tags
	// as a list (a map of a few costs about twice as much), its endpoints
	// as their service names, and what repeats from span to span shared.
	tags          []game.Attr
	local, remote string
	line          int
}

type zipkinEndpoint struct {
	ServiceName string `json:"serviceName"`
}

// zipkinStrings shares the strings that repeat from span to span: trace
// ids, names, kinds, services, tag keys, and the values of keys whose
// values repeat (see spanKey). It stops growing at 4096 strings.
type zipkinStrings struct {
	m         map[string]string
	keys      map[string]*spanKey
	lastTrace string
}

func (z *zipkinStrings) get(s string) string {
	if v, ok := z.m[s]; ok {
		return v
	}
	if len(z.m) < 1<<12 {
		z.m[s] = s
	}
	return s
}

func (z *zipkinStrings) value(key, v string) string {
	ak := z.keys[key]
	if ak == nil {
		if len(z.keys) >= 1<<12 {
			return v
		}
		ak = &spanKey{name: key}
		z.keys[key] = ak
	}
	if len(v) > 64 || !ak.internValues() {
		return v
	}
	ak.tries++
	if s, ok := z.m[v]; ok {
		ak.hits++
		return s
	}
	return z.get(v)
}

// hold makes a decoded span as small as it can be while it waits.
func (z *zipkinStrings) hold(sp *zipkinSpan) {
	if sp.TraceID == z.lastTrace {
		sp.TraceID = z.lastTrace
	}
	z.lastTrace = sp.TraceID
	sp.Name, sp.Kind = z.get(sp.Name), z.get(sp.Kind)
	if sp.LocalEndpoint != nil {
		sp.local = z.get(sp.LocalEndpoint.ServiceName)
	}
	if sp.RemoteEndpoint != nil {
		sp.remote = z.get(sp.RemoteEndpoint.ServiceName)
	}
	sp.LocalEndpoint, sp.RemoteEndpoint = nil, nil
	if len(sp.Tags) > 0 {
		sp.tags = make([]game.Attr, 0, len(sp.Tags))
		for key, v := range sp.Tags {
			sp.tags = append(sp.tags, game.Attr{Key: z.get(key), Value: z.value(key, v)})
		}
	}
	sp.Tags = nil
}

func (s *zipkinSpan) service() string { return s.local }

// isServer says whether the span is the server half of a shared span id.
func (s *zipkinSpan) isServer() bool { return s.Kind == "SERVER" || s.Shared }

func (l *loader) readZipkin(file string, spanBudget *int) ([]*game.Trace, *IncludeSummary) {
	w, done, errs := l.jsonInclude(file)
	if errs == nil {
		return nil, nil
	}
	defer errs.close()
	defer done()
	var spans []zipkinSpan
	held := &zipkinStrings{m: map[string]string{}, keys: map[string]*spanKey{}}
	span := func() error {
		line := w.line(w.offset())
		var sp zipkinSpan
		if w.next() != '{' {
			return shapeErr("want a Zipkin v2 span object")
		}
		if err := w.decode(&sp); err != nil {
			return err
		}
		if sp.ID == "" { // (a Jaeger trace's traceID fills traceId: encoding/json ignores case)
			return shapeErrAt(line, "not a Zipkin v2 span (no id): %s", wrongShape(w.head(), file, SectionTraces, FormatZipkinJSON))
		}
		sp.line = line
		held.hold(&sp)
		spans = append(spans, sp)
		return nil
	}
	w.documents(func() error {
		if w.next() == '[' {
			return w.array(span) // a list of traces
		}
		return span()
	})
	// Every span is read before the first is kept (a shared span id's two
	// halves may lie anywhere in the file), so each is let go once the
	// sink has its copy.
	k := l.newSpanSink(errs, spanFieldNames{"id", "timestamp", "duration", "localEndpoint.serviceName"}, spanBudget)
	zipkinSplitShared(spans)
	for i := range spans {
		zipkinAdd(k, &spans[i])
		spans[i] = zipkinSpan{}
		if k.over {
			break
		}
	}
	sum := &IncludeSummary{Spans: k.spans, Duplicates: k.dups}
	if k.spans == 0 && errs.count == 0 {
		w.noSignals(len(spans) > 0, SectionTraces, FormatZipkinJSON, "spans", "spans")
	}
	traces := k.traces()
	sum.Traces = len(traces)
	return traces, sum
}

// zipkinSplitShared gives the server half of each client/server pair that
// shares a span id its own id, and moves the server's children under it.
func zipkinSplitShared(spans []zipkinSpan) {
	type key struct{ trace, id string }
	byID := map[key][]int{}
	for i := range spans {
		sp := &spans[i]
		sp.TraceID, _ = exportID(sp.TraceID)
		sp.ID, _ = exportID(sp.ID)
		sp.ParentID, _ = exportID(sp.ParentID)
		byID[key{sp.TraceID, sp.ID}] = append(byID[key{sp.TraceID, sp.ID}], i)
	}
	moved := map[key]*zipkinSpan{} // shared id -> its server half
	for k, idx := range byID {
		if len(idx) != 2 {
			continue
		}
		a, b := &spans[idx[0]], &spans[idx[1]]
		if a.isServer() == b.isServer() {
			continue // identical (a duplicate) or in conflict: the sink decides
		}
		server, client := a, b
		if b.isServer() {
			server, client = b, a
		}
		server.ID, server.ParentID = client.ID+"-srv", client.ID
		moved[k] = server
	}
	for i := range spans {
		sp := &spans[i]
		server := moved[key{sp.TraceID, sp.ParentID}]
		if server != nil && sp != server {
			sp.ParentID = server.ID
		}
	}
}

// zipkinAdd converts one span and adds it to the sink.
func zipkinAdd(k *spanSink, sp *zipkinSpan) {
	if _, ok := exportID(sp.TraceID); !ok {
		k.errs.add(sp.line, "traceId", "%q: want an id of 1 to 128 characters", short(sp.TraceID))
		return
	}
	if _, ok := exportID(sp.ID); !ok {
		k.errs.add(sp.line, "id", "%q: want an id of 1 to 128 characters", short(sp.ID))
		return
	}
	if sp.Timestamp <= 0 {
		k.errs.add(sp.line, "timestamp", "span %s has no timestamp (microseconds since 1970)", short(sp.ID))
		return
	}
	if sp.Duration > flexInt(1<<63-1)/1000 || sp.Timestamp > flexInt(1<<63-1)/1000 {
		k.errs.add(sp.line, "duration", "span %s: out of range", short(sp.ID))
		return
	}
	out := game.Span{ID: sp.ID, Parent: sp.ParentID, Name: sp.Name, At: microsTime(int64(sp.Timestamp)),
		Dur: time.Duration(sp.Duration) * time.Microsecond}
	if sp.Kind != "" {
		out.Attrs = append(out.Attrs, game.Attr{Key: "span.kind", Value: strings.ToLower(sp.Kind)})
	}
	if sp.remote != "" {
		out.Attrs = append(out.Attrs, game.Attr{Key: "peer.service", Value: sp.remote})
	}
	for _, tag := range sp.tags {
		if tag.Key == "error" {
			out.Error = true
		}
		out.Attrs = append(out.Attrs, tag)
	}
	k.add(sp.line, sp.TraceID, out, sp.service())
}
