package signal

import "math"

// AR1 is smooth noise of unit variance: each draw keeps a share of the last
// and adds fresh normal noise, so a series wanders instead of flickering.
type AR1 struct {
	keep, fresh float64
	x           float64
}

// Wander is AR(1) noise with a memory of about 30 draws (0.967 ≈ e^(−1/30)):
// drawn once a second, load that drifts over half a minute as real traffic
// does. The coefficients are constants so that they round the same on
// every build.
func Wander() *AR1 { return &AR1{keep: 0.967, fresh: math.Sqrt(1 - 0.967*0.967)} }

// Next draws the next value.
func (a *AR1) Next(r *Rand) float64 {
	a.x = a.keep*a.x + a.fresh*r.NormFloat64()
	return a.x
}
