package heuristic

import (
	"math"
	"slices"
	"time"

	"firedrill/game"
)

// Band is a series' robust baseline band: the median of its samples in the
// window's first quarter, plus or minus Half. The solver learns the
// baseline from what the player sees, never from the answer's onset: the
// first quarter is quiet by the house rules (onset comes after it).
type Band struct {
	Median, Half float64
	OK           bool // the first quarter holds enough samples
}

// bandMADs is the band's half-width in robust standard deviations (MAD ×
// 1.4826): wide enough that a quiet series stays inside for a whole
// window, narrow enough that a doubling of a noisy rate leaves it.
const bandMADs = 5

// bandFloor is the least half-width, as a share of the median: a series
// that never wobbles still needs a 5 % move to count.
const bandFloor = 0.05

// minBaseline is the fewest first-quarter samples a band is built from.
const minBaseline = 4

// RobustBand measures sr's baseline over the first quarter of [start, end).
func RobustBand(sr *game.Series, start, end time.Time) Band {
	q := start.Add(end.Sub(start) / 4)
	var base []float64
	for i := range sr.Len() {
		if v, ok := sr.At(i); ok && sr.TimeAt(i).Before(q) {
			base = append(base, v)
		}
	}
	if len(base) < minBaseline {
		return Band{}
	}
	med := median(base)
	dev := make([]float64, len(base))
	for i, v := range base {
		dev[i] = math.Abs(v - med)
	}
	half := math.Max(bandMADs*1.4826*median(dev), bandFloor*math.Abs(med))
	return Band{Median: med, Half: half, OK: true}
}

// Out reports whether v lies outside the band.
func (b Band) Out(v float64) bool { return math.Abs(v-b.Median) > b.Half }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Shift is one excursion of a series out of its band: from its first
// sample outside to the end of the interval of its last sample outside. A
// scrape gap neither ends an excursion nor lengthens it.
type Shift struct {
	Series   *game.Series
	From, To time.Time
}

// Lasts is how long the series stayed out.
func (sh Shift) Lasts() time.Duration { return sh.To.Sub(sh.From) }

// excursions lists the runs of samples at or after from for which out
// holds, in time order.
func excursions(sr *game.Series, from time.Time, out func(float64) bool) []Shift {
	var runs []Shift
	var cur *Shift
	for i := range sr.Len() {
		v, ok := sr.At(i)
		t := sr.TimeAt(i)
		if !ok || t.Before(from) {
			continue
		}
		switch {
		case out(v) && cur == nil:
			runs = append(runs, Shift{Series: sr, From: t, To: t.Add(sr.Step)})
			cur = &runs[len(runs)-1]
		case out(v):
			cur.To = t.Add(sr.Step)
		default:
			cur = nil
		}
	}
	return runs
}

// Shifts lists sr's excursions out of its robust band after the baseline
// quarter of [start, end); nil when the band cannot be measured.
func Shifts(sr *game.Series, start, end time.Time) []Shift {
	b := RobustBand(sr, start, end)
	if !b.OK {
		return nil
	}
	return excursions(sr, start.Add(end.Sub(start)/4), b.Out)
}

// firstLasting is the earliest shift among shifts that lasts at least
// hold; ok false when none does. Several series shifting in the same
// scrape give the same From: any of them will do for a time.
func firstLasting(shifts []Shift, hold time.Duration) (Shift, bool) {
	var first Shift
	found := false
	for _, sh := range shifts {
		if sh.Lasts() >= hold && (!found || sh.From.Before(first.From)) {
			first, found = sh, true
		}
	}
	return first, found
}
