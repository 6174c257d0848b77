package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Tr is one sampled request: a span tree that starts at minute At.
type Tr struct {
	At   float64
	Root *Sp
}

// Sp is a span. Off is its start in ms after its parent's start; Dur in ms.
// A Gone span is not exported (an uninstrumented hop, a dropped batch): its
// children keep pointing at it, which is what a missing span looks like.
// Log, when set, is written as a log line of the span's service carrying
// the trace id (ERROR if the span failed, INFO otherwise).
type Sp struct {
	Svc, Name string
	Off, Dur  float64
	Err       bool
	Gone      bool
	Client    bool
	Attrs     []string
	Kids      []*Sp
	Log       string
}

// S makes a server span.
func S(svc, name string, off, dur float64, kids ...*Sp) *Sp {
	return &Sp{Svc: svc, Name: name, Off: off, Dur: dur, Kids: kids}
}

// Call makes a client span of caller around the callee's server span,
// enclosing it by a fraction of a millisecond on each side as real
// client/server pairs do.
func Call(g *G, caller, name string, off float64, server *Sp) *Sp {
	pad := g.Uniform(0.2, 1.5)
	server.Off = pad
	c := &Sp{Svc: caller, Name: name, Off: off, Dur: server.Dur + pad + g.Uniform(0.2, 1.5), Client: true, Kids: []*Sp{server}}
	if server.Err {
		c.Err = true
	}
	return c
}

// Leaf makes a client span with no server side (SQL, redis, a call that
// never connected).
func Leaf(caller, name string, off, dur float64) *Sp {
	return &Sp{Svc: caller, Name: name, Off: off, Dur: dur, Client: true}
}

// E marks the span failed.
func (s *Sp) E() *Sp { s.Err = true; return s }

// A adds attributes as key, value pairs.
func (s *Sp) A(kv ...string) *Sp { s.Attrs = append(s.Attrs, kv...); return s }

// L sets the log line the span writes.
func (s *Sp) L(msg string) *Sp { s.Log = msg; return s }

// Drop makes the span missing from the export.
func (s *Sp) Drop() *Sp { s.Gone = true; return s }

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

func kv(k, v string) otlpKV {
	var a otlpKV
	a.Key, a.Value.StringValue = k, v
	return a
}

// otlpDoc is an OTLP/JSON export.
type otlpDoc struct {
	ResourceSpans []otlpResource `json:"resourceSpans"`
}

// drawTraces exports the traces as one OTLP/JSON document, spans grouped by
// service as an exporter batches them, and returns the log lines the spans
// asked for.
func drawTraces(s *Script, g *G, trs []Tr) (otlpDoc, []logLine) {
	var order []string
	bySvc := map[string][]otlpSpan{}
	var lines []logLine
	for _, tr := range trs {
		traceID := g.Hex(32)
		reqID := g.hexUUID()
		var walk func(sp *Sp, parentID string, parentStart time.Time)
		walk = func(sp *Sp, parentID string, parentStart time.Time) {
			start := parentStart.Add(time.Duration(sp.Off * float64(time.Millisecond)))
			end := start.Add(time.Duration(sp.Dur * float64(time.Millisecond)))
			id := g.Hex(16)
			if !sp.Gone {
				o := otlpSpan{TraceID: traceID, SpanID: id, ParentSpanID: parentID, Name: sp.Name, Kind: 2,
					Start: strconv.FormatInt(start.UnixNano(), 10), End: strconv.FormatInt(end.UnixNano(), 10)}
				if sp.Client {
					o.Kind = 3
				}
				for i := 0; i+1 < len(sp.Attrs); i += 2 {
					o.Attributes = append(o.Attributes, kv(sp.Attrs[i], sp.Attrs[i+1]))
				}
				if sp.Err {
					o.Status.Code = 2
				}
				if _, seen := bySvc[sp.Svc]; !seen {
					order = append(order, sp.Svc)
				}
				bySvc[sp.Svc] = append(bySvc[sp.Svc], o)
			}
			if sp.Log != "" {
				lvl := "INFO"
				if sp.Err {
					lvl = "ERROR"
				}
				lines = append(lines, logLine{at: end.Truncate(time.Millisecond), level: lvl, svc: sp.Svc,
					pod: g.pod(sp.Svc), msg: sp.Log, reqID: reqID, traceID: traceID})
			}
			for _, k := range sp.Kids {
				walk(k, id, start)
			}
		}
		walk(tr.Root, "", s.at(tr.At).Truncate(time.Millisecond))
	}
	var doc otlpDoc
	for _, svc := range order {
		var r otlpResource
		r.Resource.Attributes = []otlpKV{kv("service.name", svc)}
		var sc otlpScope
		sc.Scope.Name = "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
		sc.Spans = bySvc[svc]
		r.ScopeSpans = []otlpScope{sc}
		doc.ResourceSpans = append(doc.ResourceSpans, r)
	}
	return doc, lines
}

// tracesJSON writes the export compactly, one resource (service) a line.
func tracesJSON(doc otlpDoc) []byte {
	var b bytes.Buffer
	b.WriteString("{\"resourceSpans\":[\n")
	for i, r := range doc.ResourceSpans {
		line, _ := json.Marshal(r)
		b.Write(line)
		if i < len(doc.ResourceSpans)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

// ms rounds a duration in ms to 0.1 ms.
func ms(v float64) float64 { return math.Round(v*10) / 10 }

// FastFails is a caller's three attempts at a call that fails before it
// reaches the callee (DNS, TLS, connection refused): client spans of a few
// ms, with no server span, retried as siblings after 100 and 200 ms
// backoffs. It returns the spans and the time they took.
func FastFails(g *G, caller, name, errMsg string, lo, hi float64) ([]*Sp, float64) {
	var kids []*Sp
	off := 1.0
	for a, backoff := range []float64{100, 200, 0} {
		d := g.Uniform(lo, hi)
		kids = append(kids, Leaf(caller, name, off, d).E().A("retry.attempt", fmt.Sprint(a+1), "error.message", errMsg))
		off += d + backoff
	}
	return kids, off
}
