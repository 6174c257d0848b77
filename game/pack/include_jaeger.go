package pack

import (
	"encoding/json"
	"strings"
	"time"

	"firedrill/game"
)

// Jaeger's query API and UI JSON ("Download JSON" in the trace view,
// /api/traces): {"data": [trace, ...]}, a bare trace {"traceID",
// "spans", "processes"}, or an array of traces. A span's parent is its
// first CHILD_OF reference in the same trace, else its first FOLLOWS_FROM
// (drawn as a child: the game has one kind of link); startTime and
// duration are microseconds; the service is the process's serviceName
// (processID into the trace's processes, or an inline process); the span
// is an error when its tags say error=true or otel.status_code=ERROR.
// Logs and warnings are ignored; other tags become attributes.

type jaegerTrace struct {
	TraceID   string                   `json:"traceID"`
	Spans     []jaegerSpan             `json:"spans"`
	Processes map[string]jaegerProcess `json:"processes"`
}

type jaegerSpan struct {
	TraceID       string         `json:"traceID"`
	SpanID        string         `json:"spanID"`
	ParentSpanID  string         `json:"parentSpanID"`
	OperationName string         `json:"operationName"`
	References    []jaegerRef    `json:"references"`
	StartTime     flexInt        `json:"startTime"`
	Duration      flexInt        `json:"duration"`
	Tags          []jaegerTag    `json:"tags"`
	ProcessID     string         `json:"processID"`
	Process       *jaegerProcess `json:"process"`
}

type jaegerRef struct {
	RefType string `json:"refType"`
	TraceID string `json:"traceID"`
	SpanID  string `json:"spanID"`
}

type jaegerTag struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

type jaegerProcess struct {
	ServiceName string `json:"serviceName"`
}

func (l *loader) readJaeger(file string, spanBudget *int) ([]*game.Trace, *IncludeSummary) {
	w, done, errs := l.jsonInclude(file)
	if errs == nil {
		return nil, nil
	}
	defer errs.close()
	defer done()
	k := l.newSpanSink(errs, spanFieldNames{"spanID", "startTime", "duration", "serviceName"}, spanBudget)
	seen := false
	// A trace object: an element of data, a bare trace, or an element of a
	// top-level array. Its keys are read one by one so that data's traces
	// are decoded one at a time, each with its own line.
	var traceObject func() error
	traceObject = func() error {
		if w.next() != '{' {
			return shapeErrAt(w.line(w.offset()), "not a Jaeger trace object: %s", wrongShape(w.head(), file, SectionTraces, FormatJaegerJSON))
		}
		var t jaegerTrace
		var lines []int
		bare := false
		err := w.object(func(key string) error {
			switch key {
			case "data":
				seen = true
				return w.array(traceObject)
			case "traceID":
				return w.decode(&t.TraceID)
			case "spans":
				bare = true
				return w.array(func() error {
					lines = append(lines, w.line(w.offset()))
					t.Spans = append(t.Spans, jaegerSpan{})
					return w.decode(&t.Spans[len(t.Spans)-1])
				})
			case "processes":
				return w.decode(&t.Processes)
			}
			return w.skip()
		})
		if err != nil {
			return err
		}
		if bare {
			seen = true
			jaegerSpans(k, &t, lines)
		}
		if k.over {
			return errStop
		}
		return nil
	}
	w.documents(traceObject)
	sum := &IncludeSummary{Spans: k.spans, Duplicates: k.dups}
	if k.spans == 0 && errs.count == 0 {
		w.noSignals(seen, SectionTraces, FormatJaegerJSON, `"data"`, "spans")
	}
	traces := k.traces()
	sum.Traces = len(traces)
	return traces, sum
}

// flexInt is an integer written as a number or a string.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	var num json.Number
	if err := json.Unmarshal(b, &num); err != nil {
		var s string
		if json.Unmarshal(b, &s) != nil {
			return err
		}
		num = json.Number(s)
	}
	v, err := num.Int64()
	if err != nil {
		return shapeErr("want a whole number, got %s", quote(string(b)))
	}
	*n = flexInt(v)
	return nil
}

// jaegerSpans converts one trace's spans (lines[i] is where span i is)
// and adds them to the sink.
func jaegerSpans(k *spanSink, t *jaegerTrace, lines []int) {
	for i, sp := range t.Spans {
		line := lines[i]
		rawTrace := sp.TraceID
		if rawTrace == "" {
			rawTrace = t.TraceID
		}
		traceID, ok1 := exportID(rawTrace)
		spanID, ok2 := exportID(sp.SpanID)
		if !ok1 || !ok2 {
			k.errs.add(line, "spanID", "span %q of trace %q: want ids of 1 to 128 characters", short(sp.SpanID), short(rawTrace))
			continue
		}
		service := ""
		if sp.Process != nil {
			service = sp.Process.ServiceName
		} else if p, ok := t.Processes[sp.ProcessID]; ok {
			service = p.ServiceName
		}
		out := game.Span{ID: spanID, Parent: jaegerParent(&sp, traceID), Name: sp.OperationName,
			At: microsTime(int64(sp.StartTime)), Dur: time.Duration(sp.Duration) * time.Microsecond}
		if sp.Duration > flexInt(1<<63-1)/1000 || sp.Duration < -flexInt(1<<63-1)/1000 {
			k.errs.add(line, "duration", "span %s: %d µs is out of range", short(sp.SpanID), sp.Duration)
			continue
		}
		for _, tag := range sp.Tags {
			v := jsonString(tag.Value)
			switch {
			case tag.Key == "error" && (v == "true" || v == "1"):
				out.Error = true
			case tag.Key == "otel.status_code" && strings.EqualFold(v, "ERROR"):
				out.Error = true
			}
			out.Attrs = append(out.Attrs, game.Attr{Key: tag.Key, Value: v})
		}
		k.add(line, traceID, out, service)
	}
}

// jaegerParent is the span's first CHILD_OF reference in its own trace,
// else its first FOLLOWS_FROM, else its parentSpanID field.
func jaegerParent(sp *jaegerSpan, traceID string) string {
	for _, want := range []string{"CHILD_OF", "FOLLOWS_FROM"} {
		for _, r := range sp.References {
			if r.RefType == want && (r.TraceID == "" || strings.EqualFold(r.TraceID, traceID)) {
				id, _ := exportID(r.SpanID)
				return id
			}
		}
	}
	id, _ := exportID(sp.ParentSpanID)
	return id
}
