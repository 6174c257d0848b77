package pack

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"firedrill/game"
)

// OTLP/JSON traces, in the shape real exporters write: one
// {"resourceSpans": [...]} object, or JSON Lines of them (the collector's
// file exporter). Only what the game shows is read; span events, links,
// kind, flags and the rest are ignored.

type otlpSpan struct {
	TraceID      string     `json:"traceId"`
	SpanID       string     `json:"spanId"`
	ParentSpanID string     `json:"parentSpanId"`
	Name         string     `json:"name"`
	Start        otlpUint64 `json:"startTimeUnixNano"`
	End          otlpUint64 `json:"endTimeUnixNano"`
	Attributes   []otlpKV   `json:"attributes"`
	Status       struct {
		Code otlpStatus `json:"code"`
	} `json:"status"`
}

type otlpKV struct {
	Key   string  `json:"key"`
	Value otlpAny `json:"value"`
}

// otlpAny is an AnyValue; int64s arrive as strings (proto3 JSON) or numbers.
type otlpAny struct {
	StringValue *string         `json:"stringValue"`
	IntValue    json.RawMessage `json:"intValue"`
	DoubleValue json.RawMessage `json:"doubleValue"`
	BoolValue   *bool           `json:"boolValue"`
	ArrayValue  json.RawMessage `json:"arrayValue"`
	KvlistValue json.RawMessage `json:"kvlistValue"`
	BytesValue  *string         `json:"bytesValue"`
}

func (v otlpAny) String() string {
	switch {
	case v.StringValue != nil:
		return *v.StringValue
	case v.IntValue != nil:
		return strings.Trim(string(v.IntValue), `"`)
	case v.DoubleValue != nil:
		return strings.Trim(string(v.DoubleValue), `"`)
	case v.BoolValue != nil:
		return strconv.FormatBool(*v.BoolValue)
	case v.ArrayValue != nil:
		return string(v.ArrayValue)
	case v.KvlistValue != nil:
		return string(v.KvlistValue)
	case v.BytesValue != nil:
		return *v.BytesValue
	}
	return ""
}

// otlpUint64 reads a fixed64 written as a string or a number, exactly.
type otlpUint64 uint64

func (u *otlpUint64) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*u = 0
		return nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return errors.New("want nanoseconds since 1970, got " + strconv.Quote(game.SanitizeLine(s)))
	}
	*u = otlpUint64(n)
	return nil
}

// otlpStatus is true for STATUS_CODE_ERROR, written as 2 or as its name.
type otlpStatus bool

func (st *otlpStatus) UnmarshalJSON(b []byte) error {
	switch strings.Trim(string(b), `"`) {
	case "2", "STATUS_CODE_ERROR":
		*st = true
	default:
		*st = false
	}
	return nil
}

// otlpTrace gathers the spans of one trace id in file order.
type otlpTrace struct {
	id    string
	spans []game.Span
	seen  map[string]bool
}

// otlpPending is a converted span waiting for its resource's service.name,
// which JSON may place after the spans.
type otlpPending struct {
	span    game.Span
	traceID string
	off     int // where the span starts in the file, for messages
}

// otlpReader turns one include into traces. The walk (include_otlp_walk.go)
// decodes one span at a time, so memory follows the spans kept, not the
// size of the file's JSON tree.
type otlpReader struct {
	l          *loader
	data       []byte
	errs       *includeErrors
	spanBudget *int
	byID       map[string]*otlpTrace
	order      []*otlpTrace
}

func (l *loader) readOTLP(file string, spanBudget *int) []*game.Trace {
	data, errs := l.readData(file)
	if errs == nil {
		return nil
	}
	defer errs.close()
	r := &otlpReader{l: l, data: data, errs: errs, spanBudget: spanBudget, byID: map[string]*otlpTrace{}}
	if over := r.walk(); over {
		return nil
	}
	traces := make([]*game.Trace, 0, len(r.order))
	for _, t := range r.order {
		traces = append(traces, game.NewTrace(t.id, t.spans))
	}
	return traces
}

// line is the line of offset off, skipping the separator before a value.
func (r *otlpReader) line(off int) int {
	for off < len(r.data) && (r.data[off] == ',' || r.data[off] == ' ' || r.data[off] == '\t' ||
		r.data[off] == '\r' || r.data[off] == '\n') {
		off++
	}
	return lineAt(r.data, off)
}

// convert checks what a span says about itself (ids, times) and converts
// it; the service is checked once the resource is known (add).
func (r *otlpReader) convert(sp *otlpSpan, off int) (otlpPending, bool) {
	line := func() int { return r.line(off) }
	traceID, spanID, parent := otlpID(sp.TraceID, 16), otlpID(sp.SpanID, 8), otlpID(sp.ParentSpanID, 8)
	ok := true
	for _, f := range []struct{ field, v string }{{"traceId", traceID}, {"spanId", spanID}, {"parentSpanId", parent}} {
		if (f.v != "" || f.field != "parentSpanId") && !isHexID(f.v) {
			r.errs.add(line(), f.field, "%q is not a hex id", short(f.v))
			ok = false
		}
	}
	if sp.Start > 1<<63-1 || sp.End > 1<<63-1 || sp.Start == 0 {
		r.errs.add(line(), "startTimeUnixNano", "missing or out of range")
		return otlpPending{}, false
	}
	at := time.Unix(0, int64(sp.Start)).UTC()
	if err := r.l.scope.checkTime(at); err != nil {
		r.errs.add(line(), "startTimeUnixNano", "%v", err)
		ok = false
	}
	if sp.End < sp.Start {
		r.errs.add(line(), "endTimeUnixNano", "the span ends before it starts")
		ok = false
	}
	if !ok {
		return otlpPending{}, false
	}
	attrs := make([]game.Attr, 0, len(sp.Attributes))
	for _, kv := range sp.Attributes {
		attrs = append(attrs, game.Attr{Key: game.SanitizeLine(kv.Key), Value: game.SanitizeLine(kv.Value.String())})
	}
	sortAttrs(attrs)
	return otlpPending{traceID: traceID, off: off, span: game.Span{ID: spanID, Parent: parent, Name: game.SanitizeLine(sp.Name),
		At: at, Dur: time.Duration(sp.End - sp.Start), Error: bool(sp.Status.Code), Attrs: attrs}}, true
}

// add gives a converted span its service and files it under its trace.
func (r *otlpReader) add(p otlpPending, service string) {
	switch {
	case service == "":
		r.errs.add(r.line(p.off), "service.name", "the resource of span %s has no service.name attribute", p.span.ID)
		return
	case !r.l.scope.services[service]:
		r.errs.add(r.line(p.off), "service.name", "%q is not declared in services", short(service))
		return
	}
	t := r.byID[p.traceID]
	if t == nil {
		t = &otlpTrace{id: p.traceID, seen: map[string]bool{}}
		r.byID[p.traceID] = t
		r.order = append(r.order, t)
	}
	if t.seen[p.span.ID] {
		r.errs.add(r.line(p.off), "spanId", "%s appears twice in trace %s", p.span.ID, p.traceID)
		return
	}
	t.seen[p.span.ID] = true
	p.span.Service = game.SanitizeLine(service)
	t.spans = append(t.spans, p.span)
}

// otlpID normalises an id to lower-case hex. OTLP/JSON writes hex, but
// exporters that follow the plain proto3 JSON mapping write the bytes in
// base64; those are recognised by their decoded length (16 for a trace,
// 8 for a span) and converted.
func otlpID(s string, size int) string {
	if isHexID(strings.ToLower(s)) || s == "" {
		return strings.ToLower(s)
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) == size {
		return hex.EncodeToString(b)
	}
	return s
}

func isHexID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

func cleanJSONError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "field " + te.Field + ": want " + te.Type.String() + ", got JSON " + te.Value
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
