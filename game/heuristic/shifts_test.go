package heuristic

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"firedrill/game"
)

var t0 = time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)

// series40m is 40 minutes at 30 s: f(i) for sample i, nil for a gap.
func series40m(f func(i int) *float64) *game.Series {
	var vs []*float64
	for i := range 81 {
		vs = append(vs, f(i))
	}
	return game.NewSeries("x", "svc", "ms", t0, 30*time.Second, vs)
}

func val(v float64) *float64 { return &v }

func TestQuietNoiseStaysInItsBand(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for run := range 50 {
		sr := series40m(func(int) *float64 { return val(200 + 10*rng.NormFloat64()) })
		for _, sh := range Shifts(sr, t0, t0.Add(40*time.Minute)) {
			if sh.Lasts() >= lastingShift {
				t.Fatalf("run %d: gaussian noise made a %v shift at %v", run, sh.Lasts(), sh.From.Sub(t0))
			}
		}
	}
}

func TestShiftsFindWhenAndHowLong(t *testing.T) {
	end := t0.Add(40 * time.Minute)
	jitter := func(i int) float64 { return float64(i%3 - 1) }
	// A 90-second excursion at +12m, then a lasting one from +20m; a
	// scrape gap at +25m neither ends it nor counts.
	sr := series40m(func(i int) *float64 {
		switch {
		case i == 50:
			return nil
		case i >= 24 && i < 27, i >= 40:
			return val(300 + jitter(i))
		}
		return val(100 + jitter(i))
	})
	b := RobustBand(sr, t0, end)
	if !b.OK || b.Median != 100 || math.Abs(b.Half-5*1.4826) > 1e-9 {
		t.Errorf("band = %+v; want median 100, half-width 5 robust sd (MAD is 1)", b)
	}
	if b := RobustBand(series40m(func(int) *float64 { return val(100) }), t0, end); b.Half != 5 {
		t.Errorf("band of a flat series = %+v; want the 5 %% floor", b)
	}
	got := Shifts(sr, t0, end)
	if len(got) != 2 {
		t.Fatalf("shifts = %v; want 2", got)
	}
	for i, want := range []struct{ from, lasts time.Duration }{
		{12 * time.Minute, 90 * time.Second},
		{20 * time.Minute, 20*time.Minute + 30*time.Second},
	} {
		if from := got[i].From.Sub(t0); from != want.from || got[i].Lasts() != want.lasts {
			t.Errorf("shift %d from %v lasting %v; want from %v lasting %v", i, from, got[i].Lasts(), want.from, want.lasts)
		}
	}
	if sh, ok := firstLasting(got, 5*time.Minute); !ok || sh.From.Sub(t0) != 20*time.Minute {
		t.Errorf("first shift of 5m or more = %v, %v; want the one at +20m", sh.From.Sub(t0), ok)
	}
	if sh, ok := firstLasting(got, time.Minute); !ok || sh.From.Sub(t0) != 12*time.Minute {
		t.Errorf("first shift of 1m or more = %v, %v; want the one at +12m", sh.From.Sub(t0), ok)
	}
}

func TestBandNeedsABaseline(t *testing.T) {
	// Samples only from +9m on: two in the first quarter, too few to judge.
	sr := series40m(func(i int) *float64 {
		if i < 18 {
			return nil
		}
		return val(100)
	})
	if b := RobustBand(sr, t0, t0.Add(40*time.Minute)); b.OK {
		t.Errorf("band from two samples = %+v; want none", b)
	}
	if sh := Shifts(sr, t0, t0.Add(40*time.Minute)); sh != nil {
		t.Errorf("shifts without a band = %v; want none", sh)
	}
}
