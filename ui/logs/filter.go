package logs

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"firedrill/game"
)

// filter is every condition that narrows the pager. The zero value shows
// every line. Filters combine: a line shows when it passes all of them.
type filter struct {
	minLevel game.Level
	services map[string]bool // empty: every service
	from, to time.Time       // zero: unbounded; the range is [from, to]
	search   string          // highlighted; narrows only when onlyHits
	onlyHits bool
}

// active reports whether anything narrows the rows.
func (f filter) active() bool {
	return f.minLevel > game.LevelTrace || len(f.services) > 0 || !f.from.IsZero() ||
		!f.to.IsZero() || (f.onlyHits && f.search != "")
}

// describe is the filter in the status line and the action log, e.g.
// "ERROR+ · svc: checkout · +10:00..+12:00 · /timeout".
func (f filter) describe(start time.Time) string {
	var parts []string
	if f.minLevel > game.LevelTrace {
		parts = append(parts, f.minLevel.String()+"+")
	}
	if len(f.services) > 0 {
		parts = append(parts, "svc: "+strings.Join(f.serviceList(), ","))
	}
	if !f.from.IsZero() || !f.to.IsZero() {
		parts = append(parts, rangeText(f.from, f.to, start))
	}
	if f.search != "" {
		s := "/" + f.search
		if f.onlyHits {
			s += " (only)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}

func rangeText(from, to, start time.Time) string {
	a, b := "…", "…"
	if !from.IsZero() {
		a = formatOffset(from.Sub(start), false)
	}
	if !to.IsZero() {
		b = formatOffset(to.Sub(start), false)
	}
	return a + ".." + b
}

func (f filter) serviceList() []string {
	out := make([]string, 0, len(f.services))
	for s := range f.services {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// result is what a filter computes: the visible line positions (ascending)
// and, when there is a search, the positions of the lines that hit it.
type result struct {
	f    filter  // the filter these rows answer (the pane's may be newer)
	all  bool    // no narrowing: row i is line i; rows is nil
	rows []int32 // ascending line positions when !all
	hits []int32 // ascending positions of visible lines matching search
	// hidden counts the lines matching search that the other filters
	// (level, services, time) hide: "0 hits" must not read as "nowhere"
	hidden int
	total  int
}

// n is the number of visible rows.
func (r result) n() int {
	if r.all {
		return r.total
	}
	return len(r.rows)
}

// line maps a row to its line position.
func (r result) line(row int) int {
	if r.all {
		return row
	}
	return int(r.rows[row])
}

// rowOf finds the row of line, or the first row after it when line is
// filtered out; n() when there is none.
func (r result) rowOf(line int) int {
	if r.all {
		return min(max(line, 0), r.total)
	}
	i, _ := slices.BinarySearch(r.rows, int32(line))
	return i
}

// apply computes the rows a filter leaves, using the index: the level and
// service filters read the store's level and service columns, lists are
// intersected, the time range is two binary searches, and the substring
// search scans the row text. Nothing here formats a line.
func apply(s *game.Scenario, f filter) result {
	total := s.Logs.Len()
	res := result{f: f, total: total}
	var hits []int32
	if f.search != "" {
		hits = s.Index.Contains(f.search)
	}
	lo, hi := timeBounds(s.Logs, f.from, f.to)

	var rows []int32
	narrowed := false
	if f.minLevel > game.LevelTrace {
		rows = s.Index.AtLeast(f.minLevel)
		narrowed = true
	}
	if len(f.services) > 0 {
		rows = narrow(rows, narrowed, s.Index.OfServices(f.serviceList()...))
		narrowed = true
	}
	if f.onlyHits && f.search != "" {
		rows = narrow(rows, narrowed, hits)
		narrowed = true
	}
	if lo > 0 || hi < total {
		if narrowed {
			rows = clipRange(rows, lo, hi)
		} else {
			rows = make([]int32, 0, hi-lo)
			for i := lo; i < hi; i++ {
				rows = append(rows, int32(i))
			}
		}
		narrowed = true
	}
	if !narrowed {
		res.all = true
	} else {
		res.rows = rows
	}
	if hits != nil {
		all := len(hits)
		if narrowed {
			hits = intersect(hits, rows)
		}
		res.hits, res.hidden = hits, all-len(hits)
	}
	return res
}

// narrow intersects rows with list, or takes list when nothing narrowed yet.
func narrow(rows []int32, narrowed bool, list []int32) []int32 {
	if !narrowed {
		return list
	}
	return intersect(rows, list)
}

// timeBounds returns the line range [lo, hi) inside [from, to]; logs are
// sorted by time so this is two binary searches.
func timeBounds(logs *game.LogStore, from, to time.Time) (int, int) {
	lo, hi := 0, logs.Len()
	if !from.IsZero() {
		lo = logs.Search(from)
	}
	if !to.IsZero() {
		hi = logs.SearchAfter(to)
	}
	return lo, max(lo, hi)
}

// clipRange keeps the positions in [lo, hi) of an ascending list.
func clipRange(rows []int32, lo, hi int) []int32 {
	a, _ := slices.BinarySearch(rows, int32(lo))
	b, _ := slices.BinarySearch(rows, int32(hi))
	return rows[a:b]
}

// intersect returns the positions in both ascending lists.
func intersect(a, b []int32) []int32 {
	out := make([]int32, 0, min(len(a), len(b)))
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// countText formats "1,234 of 120,000 lines".
func countText(shown, total int) string {
	return fmt.Sprintf("%s of %s lines", thousands(shown), thousands(total))
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
