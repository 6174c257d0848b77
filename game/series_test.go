package game

import (
	"testing"
	"time"
)

// TestSeriesGaps: a gap reads as no sample, wherever it falls in the
// bitset (either side of a 64-slot word), and both constructors agree.
func TestSeriesGaps(t *testing.T) {
	from := time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)
	const n = 130
	gap := func(i int) bool { return i == 0 || i == 63 || i == 64 || i == 129 || i%7 == 3 }
	samples := make([]*float64, n)
	values := make([]float64, n)
	wantGaps := 0
	for i := range samples {
		v := float64(i) + 0.5
		values[i] = v
		if gap(i) {
			wantGaps++
			continue
		}
		samples[i] = &v
	}
	for name, s := range map[string]*Series{
		"NewSeries":       NewSeries("rps", "api", "req/s", from, time.Second, samples),
		"NewSeriesValues": NewSeriesValues("rps", "api", "req/s", from, time.Second, values, gap),
	} {
		if s.Len() != n || s.Gaps() != wantGaps {
			t.Fatalf("%s: %d slots, %d gaps; want %d, %d", name, s.Len(), s.Gaps(), n, wantGaps)
		}
		for i := 0; i < n; i++ {
			v, ok := s.At(i)
			if ok == gap(i) || ok && v != float64(i)+0.5 || !ok && v != 0 {
				t.Errorf("%s: At(%d) = %v, %v; want gap %v", name, i, v, ok, gap(i))
			}
		}
		if _, ok := s.At(-1); ok {
			t.Errorf("%s: At(-1) has a sample", name)
		}
		if _, ok := s.At(n); ok {
			t.Errorf("%s: At(%d) has a sample", name, n)
		}
		if v, ok := s.Value(from.Add(2500 * time.Millisecond)); !ok || v != 2.5 {
			t.Errorf("%s: Value at +2.5s = %v, %v; want 2.5", name, v, ok)
		}
	}
	one, two := 1.0, 2.0
	full := NewSeries("x", "api", "", from, time.Second, []*float64{&one, &two})
	if full.Gaps() != 0 || full.gaps != nil {
		t.Errorf("a series with no gap holds a gap set: %v", full.gaps)
	}
}
