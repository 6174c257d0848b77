// Package panekit holds the small rendering helpers the investigation tabs
// (metrics, traces, events, services) share: clock offsets, compact
// durations and numbers, and fitting rendered text into a pane's box.
// Widths are terminal cells (ansi.StringWidth), never bytes.
package panekit

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/internal/timefmt"
)

// Offset formats d as an incident-clock offset, +mm:ss, the way every
// screen does (ui/internal/timefmt: minutes pass 59, no hours).
func Offset(d time.Duration) string { return timefmt.Offset(d) }

// Duration formats a span or gap compactly: 850µs, 112ms, 2.003s, 4m, 1m05s.
func Duration(d time.Duration) string {
	switch {
	case d == 0:
		return "0ms"
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d/time.Microsecond)
	case d < time.Second:
		return fmt.Sprintf("%dms", d/time.Millisecond)
	case d < 10*time.Second:
		return trimZeros(fmt.Sprintf("%.3f", d.Seconds())) + "s"
	case d < time.Minute:
		return trimZeros(fmt.Sprintf("%.1f", d.Seconds())) + "s"
	}
	m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
	if s == 0 {
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%dm%02ds", m, s)
}

// Number formats a metric value in at most ~6 cells: integers as is,
// fractions with the precision their size needs, big values with k/M.
func Number(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e6:
		return trimZeros(strconv.FormatFloat(v/1e6, 'f', 1, 64)) + "M"
	case a >= 1e4:
		return trimZeros(strconv.FormatFloat(v/1e3, 'f', 1, 64)) + "k"
	case v == math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 1:
		return trimZeros(strconv.FormatFloat(v, 'f', 1, 64))
	}
	return trimZeros(strconv.FormatFloat(v, 'f', 3, 64))
}

// WithUnit appends a metric's unit: "55%", "2400 ms", bare when unit is "".
func WithUnit(v float64, unit string) string {
	switch unit {
	case "":
		return Number(v)
	case "%":
		return Number(v) + "%"
	}
	return Number(v) + " " + unit
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// Fit truncates s (which may hold ANSI styles) to w cells, ending in "…"
// when cut, and pads it with spaces to exactly w cells.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// Cut truncates s to at most w cells without padding.
func Cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// Box joins lines into exactly h lines, each cut to at most w cells: the
// contract every pane's View keeps so the root's layout never overflows.
func Box(lines []string, w, h int) string {
	if h <= 0 {
		return ""
	}
	out := make([]string, h)
	for i := 0; i < h && i < len(lines); i++ {
		out[i] = Cut(lines[i], w)
	}
	return strings.Join(out, "\n")
}

// Scroll returns the first visible row that keeps row sel inside a window
// of n rows starting at top, for a list of total rows.
func Scroll(top, sel, n, total int) int {
	if n <= 0 {
		return sel
	}
	if sel < top {
		top = sel
	}
	if sel >= top+n {
		top = sel - n + 1
	}
	if maxTop := total - n; top > maxTop {
		top = maxTop
	}
	return max(top, 0)
}

// Clamp bounds v to [lo, hi]; hi < lo yields lo.
func Clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// Nearest is the index, among n items sorted by time (at(i)), of the one
// closest to t, the earlier on a tie; -1 when n is 0. A binary search: the
// panes call it on every frame to mark the row nearest the cursor.
func Nearest(n int, at func(i int) time.Time, t time.Time) int {
	if n == 0 {
		return -1
	}
	i := sort.Search(n, func(i int) bool { return !at(i).Before(t) })
	switch {
	case i == 0:
		return 0
	case i == n:
		return n - 1
	case at(i).Sub(t) < t.Sub(at(i-1)):
		return i
	}
	return i - 1
}
