package main

import (
	"time"

	"firedrill/game"
)

// drawTraces records every sampled request as an exporter would: each span
// tree becomes a trace with ids and wall-clock times (a dropped span is
// left out, its children still pointing at it), plus the log lines the
// spans asked for. client says which spans are the client side of a call,
// which the OTLP export records and the pack model does not.
func drawTraces(s *Script, g *G, trs []Tr) (traces []*game.Trace, client func(*game.Trace, *game.Span) bool, lines []game.LogLine) {
	clients := map[[2]string]bool{}
	for _, tr := range trs {
		traceID := g.Hex(32)
		reqID := g.hexUUID()
		var spans []game.Span
		var walk func(sp *Sp, parentID string, parentStart time.Time)
		walk = func(sp *Sp, parentID string, parentStart time.Time) {
			start := parentStart.Add(time.Duration(sp.Off * float64(time.Millisecond)))
			end := start.Add(time.Duration(sp.Dur * float64(time.Millisecond)))
			id := g.Hex(16)
			if !sp.Gone {
				out := game.Span{ID: id, Parent: parentID, Service: sp.Svc, Name: sp.Name, At: start, Dur: end.Sub(start),
					Error: sp.Err, Attrs: appendPairs(nil, sp.Attrs)}
				spans = append(spans, out)
				clients[[2]string{traceID, id}] = sp.Client
			}
			if sp.Log != "" {
				level := game.LevelInfo
				if sp.Err {
					level = game.LevelError
				}
				attrs := podAttrs(g, Src{Svc: sp.Svc}, minutes(end.Sub(s.Start)))
				lines = append(lines, game.LogLine{At: end.Truncate(time.Millisecond), Service: sp.Svc, Level: level, Msg: sp.Log,
					Trace: traceID, Attrs: append(attrs, game.Attr{Key: "request_id", Value: reqID})})
			}
			for _, k := range sp.Kids {
				walk(k, id, start)
			}
		}
		walk(tr.Root, "", s.at(tr.At).Truncate(time.Millisecond))
		if len(spans) > 0 {
			// Built by hand, not by game.NewTrace: the spans stay in the
			// order the exporter saw them.
			traces = append(traces, &game.Trace{ID: traceID, Spans: spans})
		}
	}
	return traces, func(tr *game.Trace, sp *game.Span) bool { return clients[[2]string{tr.ID, sp.ID}] }, lines
}
