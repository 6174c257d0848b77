package game

import (
	"sort"
	"time"
)

// NewTrace builds a trace and its child index. Spans are ordered by start
// time (stable), so children come out in the order they began.
func NewTrace(id string, spans []Span) *Trace {
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].At.Before(spans[j].At) })
	t := &Trace{ID: id, Spans: spans}
	pos := make(map[string]int, len(spans))
	for i, sp := range spans {
		pos[sp.ID] = i
	}
	// The child lists are laid out back to back in one slice (kids), span
	// i's from kidsAt[i] to kidsAt[i+1]: a list per span would cost a slice
	// header and an allocation each, more than the span's own indexes.
	parent := make([]int, len(spans))
	t.kidsAt = make([]int32, len(spans)+1)
	for i, sp := range spans {
		parent[i] = -1
		switch p, ok := pos[sp.Parent]; {
		case sp.Parent == "":
			t.roots = append(t.roots, i)
		case !ok:
			t.orphans = append(t.orphans, i)
		default:
			parent[i] = p
			t.kidsAt[p+1]++
		}
	}
	for i := range spans {
		t.kidsAt[i+1] += t.kidsAt[i]
	}
	t.kids = make([]int, t.kidsAt[len(spans)])
	next := append([]int32(nil), t.kidsAt[:len(spans)]...)
	for i, p := range parent {
		if p >= 0 {
			t.kids[next[p]] = i
			next[p]++
		}
	}
	return t
}

// Roots are the spans that have no parent.
func (t *Trace) Roots() []int { return t.roots }

// Orphans are the spans whose parent is not in the trace: the parent span
// was never recorded (an uninstrumented hop, a dropped export).
func (t *Trace) Orphans() []int { return t.orphans }

// Children lists the spans whose parent is span i, in start order; nil
// for none.
func (t *Trace) Children(i int) []int {
	from, to := t.kidsAt[i], t.kidsAt[i+1]
	if from == to {
		return nil
	}
	return t.kids[from:to:to]
}

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
