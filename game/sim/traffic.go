package sim

import (
	"math"

	"firedrill/game/sim/signal"
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

// TrafficStep multiplies entry load by Factor from At on, ramping over Ramp
// seconds (at least one).
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
func (tr *Traffic) entrySeries(mean float64, secs int, rng *signal.Rand) []float64 {
	factors := []signal.Curve{signal.Diurnal(tr.StartHour, tr.Amplitude)}
	for _, st := range tr.Steps {
		factors = append(factors, st.curve())
	}
	noise := signal.Wander() // a 30 s memory keeps noise smooth, like real traffic
	out := make([]float64, secs)
	for t := 0; t < secs; t++ {
		f := factors[0](float64(t)) * (1 + tr.Noise*noise.Next(rng))
		for _, step := range factors[1:] {
			f *= step(float64(t))
		}
		out[t] = math.Max(0, mean*f)
	}
	return out
}

// curve is the step as a factor over seconds: 1, a linear ramp, Factor.
func (st TrafficStep) curve() signal.Curve {
	at := float64(st.At)
	return signal.Linear(at, 1, at+float64(max(st.Ramp, 1)), st.Factor)
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
