package emit

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"firedrill/game"
)

// The OTLP/JSON shapes, as an OpenTelemetry collector exports them.

type otlpKV struct {
	Key   string `json:"key"`
	Value struct {
		StringValue string `json:"stringValue"`
	} `json:"value"`
}

type otlpSpan struct {
	TraceID      string   `json:"traceId"`
	SpanID       string   `json:"spanId"`
	ParentSpanID string   `json:"parentSpanId,omitempty"`
	Name         string   `json:"name"`
	Kind         int      `json:"kind"`
	Start        string   `json:"startTimeUnixNano"`
	End          string   `json:"endTimeUnixNano"`
	Attributes   []otlpKV `json:"attributes,omitempty"`
	Status       struct {
		Code int `json:"code,omitempty"`
	} `json:"status"`
}

type otlpScope struct {
	Scope struct {
		Name string `json:"name"`
	} `json:"scope"`
	Spans []otlpSpan `json:"spans"`
}

type otlpResource struct {
	Resource struct {
		Attributes []otlpKV `json:"attributes"`
	} `json:"resource"`
	ScopeSpans []otlpScope `json:"scopeSpans"`
}

// OTLP span kinds and status codes.
const (
	kindServer  = 2
	kindClient  = 3
	statusError = 2
)

// instrumentation is the scope every span is exported under.
const instrumentation = "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

func kv(k, v string) otlpKV {
	var a otlpKV
	a.Key, a.Value.StringValue = k, v
	return a
}

// Traces writes traces as one OTLP/JSON export, spans grouped by service
// (one resource each, in order of first appearance) as an exporter batches
// them, one resource a line. client says which spans are the client side
// of a call (a nil client makes every span a server span).
func Traces(w io.Writer, traces []*game.Trace, client func(tr *game.Trace, sp *game.Span) bool) error {
	var order []string
	bySvc := map[string][]otlpSpan{}
	for _, tr := range traces {
		for i := range tr.Spans {
			sp := &tr.Spans[i]
			o := otlpSpan{TraceID: tr.ID, SpanID: sp.ID, ParentSpanID: sp.Parent, Name: sp.Name, Kind: kindServer,
				Start: strconv.FormatInt(sp.At.UnixNano(), 10), End: strconv.FormatInt(sp.End().UnixNano(), 10)}
			if client != nil && client(tr, sp) {
				o.Kind = kindClient
			}
			for _, a := range sp.Attrs {
				o.Attributes = append(o.Attributes, kv(a.Key, a.Value))
			}
			if sp.Error {
				o.Status.Code = statusError
			}
			if _, seen := bySvc[sp.Service]; !seen {
				order = append(order, sp.Service)
			}
			bySvc[sp.Service] = append(bySvc[sp.Service], o)
		}
	}
	b := bufio.NewWriter(w)
	b.WriteString("{\"resourceSpans\":[\n")
	for i, svc := range order {
		var r otlpResource
		r.Resource.Attributes = []otlpKV{kv("service.name", svc)}
		var sc otlpScope
		sc.Scope.Name = instrumentation
		sc.Spans = bySvc[svc]
		r.ScopeSpans = []otlpScope{sc}
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		b.Write(line)
		if i < len(order)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	return b.Flush()
}
