package game

import (
	"sort"
	"time"
)

// NewTrace builds a trace and its child index. Spans are ordered by start
// time (stable), so children come out in the order they began.
func NewTrace(id string, spans []Span) *Trace {
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].At.Before(spans[j].At) })
	t := &Trace{ID: id, Spans: spans, children: make([][]int, len(spans))}
	pos := make(map[string]int, len(spans))
	for i, sp := range spans {
		pos[sp.ID] = i
	}
	for i, sp := range spans {
		switch p, ok := pos[sp.Parent]; {
		case sp.Parent == "":
			t.roots = append(t.roots, i)
		case !ok:
			t.orphans = append(t.orphans, i)
		default:
			t.children[p] = append(t.children[p], i)
		}
	}
	return t
}

// Roots are the spans that have no parent.
func (t *Trace) Roots() []int { return t.roots }

// Orphans are the spans whose parent is not in the trace: the parent span
// was never recorded (an uninstrumented hop, a dropped export).
func (t *Trace) Orphans() []int { return t.orphans }

// Children lists the spans whose parent is span i.
func (t *Trace) Children(i int) []int { return t.children[i] }

// Root is the first root span, or the first span when every span is an
// orphan; -1 for an empty trace.
func (t *Trace) Root() int {
	if len(t.roots) > 0 {
		return t.roots[0]
	}
	if len(t.Spans) > 0 {
		return 0
	}
	return -1
}

// Bounds returns the earliest start and latest end over all spans.
func (t *Trace) Bounds() (start, end time.Time) {
	for i, sp := range t.Spans {
		if i == 0 || sp.At.Before(start) {
			start = sp.At
		}
		if e := sp.End(); i == 0 || e.After(end) {
			end = e
		}
	}
	return start, end
}

// Duration is the span of time the trace covers.
func (t *Trace) Duration() time.Duration {
	s, e := t.Bounds()
	return e.Sub(s)
}

// HasError reports whether any span failed.
func (t *Trace) HasError() bool {
	for _, sp := range t.Spans {
		if sp.Error {
			return true
		}
	}
	return false
}

// ServiceCount is the number of distinct services in the trace.
func (t *Trace) ServiceCount() int {
	seen := map[string]bool{}
	for _, sp := range t.Spans {
		seen[sp.Service] = true
	}
	return len(seen)
}
