package main

import (
	"math"

	"firedrill/game/sim/telemetry"
)

// mixPart is one kind of request a service answers: its share of the
// traffic and its latency, log-normal with median P50 and p95 = P50*Tail.
type mixPart struct{ W, P50, Tail float64 }

// mixReq is a service's request telemetry when its traffic is a mix of
// kinds (fast failures among slow successes, cheap routes among dear
// ones): the quantiles are those of the mixture, as a histogram would
// report them, not a weighted mean of each kind's quantiles.
func mixReq(rps, errs Fn, parts func(m float64) []mixPart) func(m float64) telemetry.Requests {
	return func(m float64) telemetry.Requests {
		ps := parts(m)
		return telemetry.Requests{RPS: rps(m), Err: errs(m), P50: mixQuantile(ps, 0.5), P95: mixQuantile(ps, 0.95), P99: mixQuantile(ps, 0.99)}
	}
}

// mixQuantile finds the q-quantile of the mixture by bisection on log ms.
func mixQuantile(ps []mixPart, q float64) float64 {
	cdf := func(x float64) float64 {
		var c, w float64
		for _, p := range ps {
			if p.W <= 0 {
				continue
			}
			sigma := math.Log(p.Tail) / 1.645
			c += p.W * 0.5 * math.Erfc(-(math.Log(x)-math.Log(p.P50))/(sigma*math.Sqrt2))
			w += p.W
		}
		return c / w
	}
	lo, hi := math.Log(0.01), math.Log(1e6)
	for range 60 {
		mid := (lo + hi) / 2
		if cdf(math.Exp(mid)) < q {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Exp((lo + hi) / 2)
}
