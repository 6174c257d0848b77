package metrics

import (
	"math"
	"time"

	"firedrill/game"
)

// blocks are the eight bar heights; a present sample is never drawn lower
// than blocks[0], so a real zero stays distinguishable from a gap.
var blocks = []rune("▁▂▃▄▅▆▇█")

// gapRune marks a column with no sample (a scrape gap): never a zero bar.
const gapRune = '·'

// stats are a series' summary over its present samples, computed once.
type stats struct {
	min, max, last float64
	any            bool // false: every sample is a gap
	gaps           int
}

func summarize(s *game.Series) stats {
	var st stats
	for i := 0; i < s.Len(); i++ {
		v, ok := s.At(i)
		if !ok {
			st.gaps++
			continue
		}
		if !st.any {
			st.min, st.max, st.any = v, v, true
		}
		st.min, st.max, st.last = math.Min(st.min, v), math.Max(st.max, v), v
	}
	return st
}

// window is the time range every chart column maps onto, shared by all
// series so that one cursor column lines up across the grid.
type window struct {
	from time.Time
	span time.Duration
}

// column maps t to one of w columns; false when t is outside the window.
func (wn window) column(t time.Time, w int) (int, bool) {
	if w <= 0 || wn.span <= 0 || t.Before(wn.from) || !t.Before(wn.from.Add(wn.span)) {
		return 0, false
	}
	return int(int64(t.Sub(wn.from)) * int64(w) / int64(wn.span)), true
}

// bucket is one resampled column: the max of the samples it covers.
type bucket struct {
	v  float64
	ok bool // false: no sample in the column, drawn as a gap
}

// resample maps series s onto w columns of wn. A column takes the max of
// the samples that start inside it (max keeps spikes visible); when the
// series is coarser than the columns, a column takes the sample in force
// at its start. A column with only gaps stays a gap.
func resample(s *game.Series, wn window, w int) []bucket {
	out := make([]bucket, w)
	if s.Step <= 0 || s.Len() == 0 {
		return out
	}
	for c := range out {
		lo := wn.from.Add(time.Duration(int64(wn.span) * int64(c) / int64(w)))
		hi := wn.from.Add(time.Duration(int64(wn.span) * int64(c+1) / int64(w)))
		first := firstSlotAtOrAfter(s, lo)
		if first >= s.Len() || !s.TimeAt(first).Before(hi) {
			// No sample starts in the column: use the one in force.
			if i := s.Index(lo); i >= 0 && lo.Before(s.TimeAt(s.Len()-1).Add(s.Step)) {
				out[c].v, out[c].ok = s.At(i)
			}
			continue
		}
		for i := first; i < s.Len() && s.TimeAt(i).Before(hi); i++ {
			if v, ok := s.At(i); ok && (!out[c].ok || v > out[c].v) {
				out[c] = bucket{v, true}
			}
		}
	}
	return out
}

// firstSlotAtOrAfter is the first sample slot whose time is ≥ t.
func firstSlotAtOrAfter(s *game.Series, t time.Time) int {
	if !t.After(s.From) {
		return 0
	}
	d := t.Sub(s.From)
	i := int(d / s.Step)
	if d%s.Step != 0 {
		i++
	}
	return i
}

// level maps v into 1..levels (never 0) between lo and hi; a flat series
// sits in the middle. The halves keep hi-lo finite when a pack's samples
// span most of float64 (1e308 and -1e308): the full difference would be
// +Inf, f NaN, and int(NaN) an index far out of range.
func level(v, lo, hi float64, levels int) int {
	if hi <= lo {
		return (levels + 1) / 2
	}
	f := (v/2 - lo/2) / (hi/2 - lo/2)
	return 1 + int(math.Round(min(1, max(0, f))*float64(levels-1)))
}

// sparkRunes draws buckets as one row of block characters.
func sparkRunes(bs []bucket, st stats) []rune {
	out := make([]rune, len(bs))
	for i, b := range bs {
		if !b.ok {
			out[i] = gapRune
			continue
		}
		out[i] = blocks[level(b.v, st.min, st.max, len(blocks))-1]
	}
	return out
}
