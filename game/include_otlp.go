package game

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
)

// OTLP/JSON traces, in the shape real exporters write: one
// {"resourceSpans": [...]} object, or JSON Lines of them (the collector's
// file exporter). Only what the game shows is read; span events, links,
// kind, flags and the rest are ignored.

type otlpExport struct {
	ResourceSpans []otlpResourceSpans `json:"resourceSpans"`
}

type otlpResourceSpans struct {
	Resource struct {
		Attributes []otlpKV `json:"attributes"`
	} `json:"resource"`
	ScopeSpans []otlpScopeSpans `json:"scopeSpans"`
	// The name scopeSpans had before OTLP 0.15; older exporters still write it.
	InstrumentationLibrarySpans []otlpScopeSpans `json:"instrumentationLibrarySpans"`
}

type otlpScopeSpans struct {
	Spans []otlpSpan `json:"spans"`
}

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
		return errors.New("want nanoseconds since 1970, got " + strconv.Quote(SanitizeLine(s)))
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
	spans []Span
	seen  map[string]bool
}

func (l *loader) readOTLP(file string, spanBudget *int) []*Trace {
	data, errs := l.readData(file)
	if errs == nil {
		return nil
	}
	defer errs.close()
	var order []*otlpTrace
	byID := map[string]*otlpTrace{}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		objStart := skipWS(data, int(dec.InputOffset()))
		var ex otlpExport
		err := dec.Decode(&ex)
		if err == io.EOF {
			break
		}
		if err != nil {
			errs.add(jsonErrorLine(data, err, objStart), "", "%s", SanitizeLine(cleanJSONError(err)))
			break
		}
		for _, rs := range ex.ResourceSpans {
			service := ""
			for _, kv := range rs.Resource.Attributes {
				if kv.Key == "service.name" {
					service = kv.Value.String()
				}
			}
			for _, ss := range append(rs.ScopeSpans, rs.InstrumentationLibrarySpans...) {
				for i := range ss.Spans {
					if *spanBudget--; *spanBudget < 0 {
						errs.add(lineAt(data, objStart), "", "more than %d spans in the scenario (MaxSpans)", MaxSpans)
						return nil
					}
					l.otlpSpan(&ss.Spans[i], service, data, objStart, errs, byID, &order)
				}
			}
		}
	}
	traces := make([]*Trace, 0, len(order))
	for _, t := range order {
		traces = append(traces, NewTrace(t.id, t.spans))
	}
	return traces
}

func (l *loader) otlpSpan(sp *otlpSpan, service string, data []byte, objStart int, errs *includeErrors,
	byID map[string]*otlpTrace, order *[]*otlpTrace) {
	// Semantic errors point at the line that holds the span's id. Finding
	// it costs a scan of the file, so it is only done for an error that
	// will be shown.
	line := 0
	errLine := func() int {
		if line == 0 && !errs.full() {
			line = lineAt(data, objStart)
			if i := bytes.Index(data[objStart:], []byte(`"`+sp.SpanID+`"`)); sp.SpanID != "" && i >= 0 {
				line = lineAt(data, objStart+i)
			}
		}
		return line
	}
	traceID, spanID, parent := strings.ToLower(sp.TraceID), strings.ToLower(sp.SpanID), strings.ToLower(sp.ParentSpanID)
	ok := true
	for _, f := range []struct{ field, v string }{{"traceId", traceID}, {"spanId", spanID}, {"parentSpanId", parent}} {
		if (f.v != "" || f.field != "parentSpanId") && !isHexID(f.v) {
			errs.add(errLine(), f.field, "%q is not a hex id", SanitizeLine(f.v))
			ok = false
		}
	}
	switch {
	case service == "":
		errs.add(errLine(), "service.name", "the resource of span %s has no service.name attribute", spanID)
		ok = false
	case !l.scope.services[service]:
		errs.add(errLine(), "service.name", "%q is not declared in services", SanitizeLine(service))
		ok = false
	}
	if sp.Start > 1<<63-1 || sp.End > 1<<63-1 || sp.Start == 0 {
		errs.add(errLine(), "startTimeUnixNano", "missing or out of range")
		return
	}
	at := time.Unix(0, int64(sp.Start)).UTC()
	if err := l.scope.checkTime(at); err != nil {
		errs.add(errLine(), "startTimeUnixNano", "%v", err)
		ok = false
	}
	if sp.End < sp.Start {
		errs.add(errLine(), "endTimeUnixNano", "the span ends before it starts")
		ok = false
	}
	if !ok {
		return
	}
	t := byID[traceID]
	if t == nil {
		t = &otlpTrace{id: traceID, seen: map[string]bool{}}
		byID[traceID] = t
		*order = append(*order, t)
	}
	if t.seen[spanID] {
		errs.add(errLine(), "spanId", "%s appears twice in trace %s", spanID, traceID)
		return
	}
	t.seen[spanID] = true
	attrs := make([]Attr, 0, len(sp.Attributes))
	for _, kv := range sp.Attributes {
		attrs = append(attrs, Attr{Key: SanitizeLine(kv.Key), Value: SanitizeLine(kv.Value.String())})
	}
	sortAttrs(attrs)
	t.spans = append(t.spans, Span{ID: spanID, Parent: parent, Service: service, Name: SanitizeLine(sp.Name),
		At: at, Dur: time.Duration(sp.End - sp.Start), Error: bool(sp.Status.Code), Attrs: attrs})
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

func jsonErrorLine(data []byte, err error, objStart int) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return lineAt(data, int(se.Offset)-1)
	case errors.As(err, &te):
		return lineAt(data, int(te.Offset)-1)
	}
	return lineAt(data, objStart)
}

func cleanJSONError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "field " + te.Field + ": want " + te.Type.String() + ", got JSON " + te.Value
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
