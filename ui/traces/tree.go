package traces

import (
	"sort"
	"time"

	"firedrill/game"
	"firedrill/ui/panekit"
)

// row is one line of the tree + waterfall: a span, or a placeholder for a
// parent span that was never recorded.
type row struct {
	span    int    // index into Trace.Spans; -1 for a placeholder
	missing string // placeholder: the parent id no span carries
	guide   string // depth guides drawn before the name: "│  ├─ "
	// placeholder extent: from its first child's start to its last end
	from, to time.Time
	kids     int
}

// topItem is a top-level node: a root span, or the placeholder that
// gathers the orphans of one missing parent.
type topItem struct {
	span    int
	missing string
	kids    []int
	at      time.Time
}

// buildRows flattens a trace depth-first: roots and missing-parent
// placeholders at the top level in start order, each child under its
// parent with │ ├─ └─ guides. A span never visited twice guards against
// parent cycles; spans a cycle cuts off are listed at the top level.
func buildRows(t *game.Trace) []row {
	var tops []topItem
	for _, r := range t.Roots() {
		tops = append(tops, topItem{span: r, at: t.Spans[r].At})
	}
	byParent := map[string]int{}
	for _, o := range t.Orphans() {
		p := t.Spans[o].Parent
		g, ok := byParent[p]
		if !ok {
			g = len(tops)
			byParent[p] = g
			tops = append(tops, topItem{span: -1, missing: p, at: t.Spans[o].At})
		}
		tops[g].kids = append(tops[g].kids, o)
	}
	sort.SliceStable(tops, func(i, j int) bool { return tops[i].at.Before(tops[j].at) })

	rows := make([]row, 0, len(t.Spans)+len(byParent))
	visited := make([]bool, len(t.Spans))
	var walk func(i int, prefix string, last bool, top bool)
	walk = func(i int, prefix string, last bool, top bool) {
		if visited[i] {
			return
		}
		visited[i] = true
		guide, childPrefix := "", ""
		if !top {
			guide, childPrefix = panekit.TreeGuide(prefix, last)
		}
		rows = append(rows, row{span: i, guide: guide})
		kids := t.Children(i)
		for k, c := range kids {
			walk(c, childPrefix, k == len(kids)-1, false)
		}
	}
	for _, it := range tops {
		if it.span >= 0 {
			walk(it.span, "", true, true)
			continue
		}
		ph := row{span: -1, missing: it.missing, kids: len(it.kids)}
		for k, c := range it.kids {
			sp := t.Spans[c]
			if k == 0 || sp.At.Before(ph.from) {
				ph.from = sp.At
			}
			if k == 0 || sp.End().After(ph.to) {
				ph.to = sp.End()
			}
		}
		rows = append(rows, ph)
		for k, c := range it.kids {
			walk(c, "", k == len(it.kids)-1, false)
		}
	}
	for i := range t.Spans {
		if !visited[i] {
			walk(i, "", true, true)
		}
	}
	return rows
}
