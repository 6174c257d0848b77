package pack

import (
	"math"
	"sort"

	"firedrill/game"
)

// Validation of inline signals: log lines, metric series and traces.

// checkInlineLog checks inline log i (an include entry is checked by
// checkLogInclude instead).
func (l *loader) checkInlineLog(lg *rawLog, line *game.LogLine, levelOK bool, i int) {
	if lg.Format != "" || len(lg.rawIncludeOpts.set()) > 0 {
		l.fail("format", []any{"logs", i, "format"}, "format and include options go with include")
	}
	line.Service = l.checkService(lg.Service, "service", true, "logs", i, "service")
	l.checkWhen(line.At, "at", "logs", i, "at")
	if lg.Level == "" {
		l.fail("level", []any{"logs", i}, "missing: one of TRACE DEBUG INFO WARN ERROR FATAL")
	} else if !levelOK {
		l.fail("level", []any{"logs", i, "level"}, "%q is not one of TRACE DEBUG INFO WARN ERROR FATAL", short(lg.Level))
	}
	if line.Trace != "" && !l.scope.sampled && !l.scope.traces[line.Trace] {
		l.fail("trace", []any{"logs", i, "trace"}, "%q names no trace (set traces_sampled if traces were sampled)", short(line.Trace))
	}
}

// checkLogInclude checks that an include entry holds no inline line's
// fields, and resolves its default service to the declared name.
func (l *loader) checkLogInclude(lg *rawLog, i int) {
	if lg.At != "" || lg.Level != "" || lg.Msg != "" || lg.Trace != "" || lg.Attrs != nil {
		l.fail("include", []any{"logs", i}, "an include entry takes include, format, service and the format's options")
	}
	lg.Service = l.checkService(lg.Service, "service", false, "logs", i, "service")
}

func (l *loader) checkSeries(m *rawMetric, s *game.Series, i int) {
	if m.Name == "" {
		l.fail("name", []any{"metrics", i}, "missing")
	}
	if s.Step <= 0 && l.parsed(m.Step) {
		l.fail("step", []any{"metrics", i, "step"}, "is %v; want more than 0", s.Step)
	}
	l.checkWhen(s.From, "from", "metrics", i, "from")
	if s.Step > 0 && s.Len() > 0 {
		l.checkWhen(s.TimeAt(s.Len()-1), "values", "metrics", i, "values", s.Len()-1)
	}
	for j, v := range m.Values {
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
			l.fail("values", []any{"metrics", i, "values", j}, "%v is not a sample: write ~ (null) for a gap", *v)
		}
	}
	if len(m.Values) > MaxSeriesSamples {
		l.fail("values", []any{"metrics", i, "values"}, "%d samples; the limit is %d", len(m.Values), MaxSeriesSamples)
	}
}

// checkTrace checks inline trace i, whose spans are still in file order.
func (l *loader) checkTrace(t *rawTrace, spans []game.Span, i int, traceIDs map[string]bool) {
	l.checkID(t.ID, traceIDs, "trace", false, "traces", i, "id")
	seen := map[string]bool{}
	for j, sp := range t.Spans {
		keys := []any{"traces", i, "spans", j}
		l.checkID(sp.ID, seen, "span of this trace", false, append(keys, "id")...)
		spans[j].Service = l.checkService(sp.Service, "service", true, append(keys, "service")...)
		l.checkWhen(spans[j].At, "at", append(keys, "at")...)
		if spans[j].Dur < 0 {
			l.fail("dur", append(keys, "dur"), "is %v; want 0 or more", spans[j].Dur)
		}
		if sp.Status != "ok" && sp.Status != "error" {
			l.fail("status", append(keys, "status"), "%q is not ok or error", short(sp.Status))
		}
		if sp.Name == "" {
			l.fail("name", keys, "missing")
		}
	}
	if id, ok := parentCycle(spans); ok {
		j := 0
		for k, sp := range t.Spans {
			if sp.ID == id {
				j = k
			}
		}
		l.fail("parent", []any{"traces", i, "spans", j, "parent"}, "span %q is its own ancestor (parent links form a cycle)", id)
	}
}

// parentCycle finds a span whose parent links lead back to itself, in
// linear time: each span is walked at most once past its first visit.
func parentCycle(spans []game.Span) (string, bool) {
	parent := make(map[string]string, len(spans))
	for _, sp := range spans {
		parent[sp.ID] = sp.Parent
	}
	const (
		unvisited = iota
		active
		done
	)
	state := make(map[string]int, len(spans))
	ids := make([]string, 0, len(spans))
	for _, sp := range spans {
		ids = append(ids, sp.ID)
	}
	sort.Strings(ids)
	for _, id := range ids {
		var path []string
		for cur := id; cur != ""; cur = parent[cur] {
			if _, known := parent[cur]; !known {
				break // a missing span: the chain ends there
			}
			if state[cur] == active {
				return cur, true
			}
			if state[cur] == done {
				break
			}
			state[cur] = active
			path = append(path, cur)
		}
		for _, p := range path {
			state[p] = done
		}
	}
	return "", false
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
