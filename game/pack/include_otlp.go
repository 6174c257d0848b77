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
		return otlpCompact(v.ArrayValue, false)
	case v.KvlistValue != nil:
		return otlpCompact(v.KvlistValue, true)
	case v.BytesValue != nil:
		return *v.BytesValue
	}
	return ""
}

// otlpCompact renders an arrayValue ({"values": [AnyValue…]}) or a
// kvlistValue ({"values": [{"key", "value"}…]}) as the plain JSON it
// stands for: ["many","values"], {"some.map.key":"some value"}.
func otlpCompact(raw json.RawMessage, kv bool) string {
	var b strings.Builder
	if kv {
		var list struct{ Values []otlpKV }
		if json.Unmarshal(raw, &list) != nil {
			return string(raw)
		}
		b.WriteByte('{')
		for i, e := range list.Values {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(jsonQuote(e.Key))
			b.WriteByte(':')
			b.WriteString(e.Value.json())
		}
		b.WriteByte('}')
		return b.String()
	}
	var list struct{ Values []otlpAny }
	if json.Unmarshal(raw, &list) != nil {
		return string(raw)
	}
	b.WriteByte('[')
	for i, e := range list.Values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(e.json())
	}
	b.WriteByte(']')
	return b.String()
}

// json renders a value inside a compact array or map.
func (v otlpAny) json() string {
	switch {
	case v.StringValue != nil:
		return jsonQuote(*v.StringValue)
	case v.BytesValue != nil:
		return jsonQuote(*v.BytesValue)
	case v.ArrayValue == nil && v.KvlistValue == nil && v.String() == "":
		return "null"
	case v.IntValue != nil || v.DoubleValue != nil:
		return v.String()
	}
	return v.String()
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
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

// otlpPending is a converted span waiting for its resource's service.name,
// which JSON may place after the spans.
type otlpPending struct {
	span    game.Span
	traceID string
	line    int
}

// readOTLP reads an OTLP/JSON trace include through the span sink.
func (l *loader) readOTLP(file string, spanBudget *int) ([]*game.Trace, *IncludeSummary) {
	w, done, errs := l.jsonInclude(file)
	if errs == nil {
		return nil, nil
	}
	defer errs.close()
	defer done()
	k := l.newSpanSink(errs, spanFieldNames{"spanId", "startTimeUnixNano", "endTimeUnixNano", "service.name"}, spanBudget)
	seen := false
	w.documents(func() error {
		if w.next() != '{' {
			return shapeErr(`an OTLP/JSON export is an object: {"resourceSpans": [...]}`)
		}
		return w.object(func(key string) error {
			if key != "resourceSpans" {
				return w.skip()
			}
			seen = true
			return w.array(func() error { return otlpResourceSpans(w, k) })
		})
	})
	sum := &IncludeSummary{Spans: k.spans, Duplicates: k.dups}
	if k.spans == 0 && errs.count == 0 {
		w.noSignals(seen, SectionTraces, FormatOTLPJSON, `"resourceSpans"`, "spans")
	}
	traces := k.traces()
	sum.Traces = len(traces)
	return traces, sum
}

// otlpResourceSpans reads one element of resourceSpans.
func otlpResourceSpans(w *jsonWalk, k *spanSink) error {
	service, known := "", false
	var pending []otlpPending // spans seen before the resource named their service
	var sp otlpSpan
	var kvs []otlpKV // the attributes' backing array, reused from span to span
	scope := func() error {
		return w.object(func(key string) error {
			if key != "spans" {
				return w.skip()
			}
			return w.array(func() error {
				line := w.line(w.offset())
				// Decoding into a used struct would keep absent fields, so
				// the span and the attributes' array are zeroed; the array
				// is kept, since growing a new one for every span was half
				// of what reading an export allocated.
				clear(kvs[:cap(kvs)])
				sp = otlpSpan{Attributes: kvs[:0]}
				if err := w.decode(&sp); err != nil {
					return err
				}
				if cap(sp.Attributes) > cap(kvs) {
					kvs = sp.Attributes[:0]
				}
				switch p, ok := otlpConvert(&sp, line, k.errs); {
				case !ok:
				case known:
					otlpAdd(k, p, service)
				default:
					pending = append(pending, p)
				}
				if k.over {
					return errStop
				}
				return nil
			})
		})
	}
	err := w.object(func(key string) error {
		switch key {
		case "resource":
			var res otlpResource
			if err := w.decode(&res); err != nil {
				return err
			}
			service, known = res.service(), true
			return nil
		case "scopeSpans", "instrumentationLibrarySpans":
			return w.array(scope)
		}
		return w.skip()
	})
	if err != nil {
		return err
	}
	for _, p := range pending {
		otlpAdd(k, p, service)
	}
	return nil
}

// otlpResource is a resource: its attributes, of which service.name counts.
type otlpResource struct {
	Attributes []otlpKV `json:"attributes"`
}

func (r *otlpResource) service() string {
	for _, kv := range r.Attributes {
		if kv.Key == "service.name" {
			return kv.Value.String()
		}
	}
	return ""
}

// otlpConvert checks what a span says about itself (ids, times) and
// converts it; the service is checked once the resource is known.
func otlpConvert(sp *otlpSpan, line int, errs *includeErrors) (otlpPending, bool) {
	traceID, spanID, parent := otlpID(sp.TraceID, 16), otlpID(sp.SpanID, 8), otlpID(sp.ParentSpanID, 8)
	ok := true
	for _, f := range []struct{ field, v string }{{"traceId", traceID}, {"spanId", spanID}, {"parentSpanId", parent}} {
		if (f.v != "" || f.field != "parentSpanId") && !isHexID(f.v) {
			errs.add(line, f.field, "%q is not a hex id", short(f.v))
			ok = false
		}
	}
	if sp.Start > 1<<63-1 || sp.End > 1<<63-1 || sp.Start == 0 {
		errs.add(line, "startTimeUnixNano", "missing or out of range")
		return otlpPending{}, false
	}
	if sp.End < sp.Start {
		errs.add(line, "endTimeUnixNano", "the span ends before it starts")
		ok = false
	}
	if !ok {
		return otlpPending{}, false
	}
	attrs := make([]game.Attr, 0, len(sp.Attributes))
	for _, kv := range sp.Attributes {
		attrs = append(attrs, game.Attr{Key: kv.Key, Value: kv.Value.String()})
	}
	return otlpPending{traceID: traceID, line: line, span: game.Span{ID: spanID, Parent: parent, Name: sp.Name,
		At: time.Unix(0, int64(sp.Start)).UTC(), Dur: time.Duration(sp.End - sp.Start), Error: bool(sp.Status.Code), Attrs: attrs}}, true
}

// otlpAdd gives a converted span its resource's service.
func otlpAdd(k *spanSink, p otlpPending, service string) {
	if service == "" {
		k.errs.add(p.line, "service.name", "the resource of span %s has no service.name attribute", p.span.ID)
		return
	}
	k.add(p.line, p.traceID, p.span, service)
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
	if msg := err.Error(); strings.Contains(msg, "exceeded max depth") {
		return "JSON nested deeper than 10000 levels"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
