package signal

import "math"

// Curve is a value as a function of time, in whatever unit its user counts
// (the library's scripts count minutes, the simulator seconds). Curves
// compose: a load is a Linear baseline times a Diurnal swing plus a Pulse.
type Curve func(t float64) float64

// Const is v at every time.
func Const(v float64) Curve { return func(float64) float64 { return v } }

// Linear is piecewise linear through (time, value) pairs and flat outside
// them: Linear(0, 120, 18, 120, 20, 2400) holds 120 until 18, climbs to
// 2400 by 20 and stays there. Two pairs at the same time make a jump that
// takes effect just after it.
func Linear(pairs ...float64) Curve {
	return func(t float64) float64 {
		if t <= pairs[0] {
			return pairs[1]
		}
		for i := 2; i < len(pairs); i += 2 {
			if t <= pairs[i] {
				t0, v0, t1, v1 := pairs[i-2], pairs[i-1], pairs[i], pairs[i+1]
				if t1 == t0 {
					return v1
				}
				return v0 + (v1-v0)*(t-t0)/(t1-t0)
			}
		}
		return pairs[len(pairs)-1]
	}
}

// Step is a before time t and b after it.
func Step(t, a, b float64) Curve { return Linear(t, a, t, b) }

// Pulse is f with add added on [t0, t1): a cron job, a batch, a blip.
func Pulse(f Curve, t0, t1, add float64) Curve {
	return func(t float64) float64 {
		if t >= t0 && t < t1 {
			return f(t) + add
		}
		return f(t)
	}
}

// Sum adds curves.
func Sum(fs ...Curve) Curve {
	return func(t float64) float64 {
		v := 0.0
		for _, f := range fs {
			v += f(t)
		}
		return v
	}
}

// Mul multiplies curves.
func Mul(fs ...Curve) Curve {
	return func(t float64) float64 {
		v := 1.0
		for _, f := range fs {
			v *= f(t)
		}
		return v
	}
}

// Diurnal is the daily swing of user traffic as a factor around 1: one
// sine over 24 hours with its peak mid-afternoon, for t in seconds from a
// start at startHour (UTC, fractional).
func Diurnal(startHour, amplitude float64) Curve {
	return func(t float64) float64 {
		hour := startHour + t/3600
		return 1 + amplitude*math.Sin(2*math.Pi*(hour-9)/24)
	}
}
