package sim

import (
	"math"
	"math/rand/v2"
)

// Traffic drives the entry service: a diurnal baseline (one sine over 24 h,
// peak mid-afternoon), slow AR(1) noise, and optional steps and bursts.
type Traffic struct {
	// StartHour is the wall-clock hour (UTC, fractional) of second 0.
	StartHour float64
	// Amplitude of the diurnal swing, as a fraction of the mean.
	Amplitude float64
	// Noise is the standard deviation of the AR(1) noise, as a fraction.
	Noise float64
	// Steps raise the entry load by a factor from a second on (a sale, a
	// marketing push): the "+10 % traffic" red herring.
	Steps []TrafficStep
	// Bursts add load straight onto one service for a while: a cron job,
	// a batch export. They make a series leave its band early.
	Bursts []Burst
}

// TrafficStep multiplies entry load by Factor from At on, ramping over Ramp.
type TrafficStep struct {
	At, Ramp int
	Factor   float64
}

// Burst is extra load on one service: RPS from At for Dur seconds.
type Burst struct {
	Service int
	At, Dur int
	RPS     float64
	Name    string // the job's name, for logs ("reindex-products")
}

// entrySeries draws the entry load for every second up front, so traces and
// logs can be resampled later without disturbing the random stream.
func (tr *Traffic) entrySeries(mean float64, secs int, rng *rand.Rand) []float64 {
	out := make([]float64, secs)
	ar := 0.0
	for t := 0; t < secs; t++ {
		hour := tr.StartHour + float64(t)/3600
		diurnal := 1 + tr.Amplitude*math.Sin(2*math.Pi*(hour-9)/24)
		// AR(1) with a 30 s memory keeps noise smooth, like real traffic.
		ar = 0.967*ar + math.Sqrt(1-0.967*0.967)*rng.NormFloat64()
		f := diurnal * (1 + tr.Noise*ar)
		for _, st := range tr.Steps {
			f *= st.factorAt(t)
		}
		out[t] = math.Max(0, mean*f)
	}
	return out
}

func (st TrafficStep) factorAt(t int) float64 {
	switch {
	case t < st.At:
		return 1
	case st.Ramp <= 0 || t >= st.At+st.Ramp:
		return st.Factor
	default:
		return 1 + (st.Factor-1)*float64(t-st.At)/float64(st.Ramp)
	}
}

// burstAt is the extra load on service s at second t.
func (tr *Traffic) burstAt(s, t int) float64 {
	extra := 0.0
	for _, b := range tr.Bursts {
		if b.Service == s && t >= b.At && t < b.At+b.Dur {
			extra += b.RPS
		}
	}
	return extra
}

// poisson draws a Poisson count (Knuth for small means, normal beyond).
func poisson(rng *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		n := int(math.Round(mean + math.Sqrt(mean)*rng.NormFloat64()))
		return max(n, 0)
	}
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
