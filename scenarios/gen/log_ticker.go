package main

import "firedrill/game/sim/telemetry"

// Ticker is a line one pod writes on a timer, as a stats reporter does:
// the pod in replica slot of svc writes msg(g, m) at minute first and
// every period minutes after it, while m < until. Unlike a source with a
// rate (Src.PerMin, drawn as random arrivals), it is written exactly
// once a period, so "client stats (60s)" appears once a minute per pod.
// A pod that replaces another starts its own ticker: give each pod of the
// slot its own Ticker, from its start.
func Ticker(svc, level string, slot int, first, until, period float64, msg func(g *G, m float64) string) []Src {
	var out []Src
	for m := first; m < until; m += period {
		out = append(out, Src{Svc: svc, Level: level, PerMin: C(0), Msg: msg, once: true, at: m}.OnSlot(slot))
	}
	return out
}

// cappedAt stops a service's quantiles at limit ms: a caller that gives
// up after its timeout never records a longer request.
func cappedAt(req func(m float64) telemetry.Requests, limit float64) func(m float64) telemetry.Requests {
	return func(m float64) telemetry.Requests {
		r := req(m)
		r.P50, r.P95, r.P99 = min(r.P50, limit), min(r.P95, limit), min(r.P99, limit)
		return r
	}
}
