package main

import "firedrill/game/sim/telemetry"

// withTail replaces a Std service's p95 and p99 (the Web defaults derive
// both from the median): a service whose slow requests are a minority
// route (signups among logins) keeps its median while its tail follows
// the slow route.
func withTail(s *Std, p95, p99 Fn) *Std {
	req := s.Req
	s.Req = func(m float64) telemetry.Requests {
		r := req(m)
		r.P95, r.P99 = p95(m), p99(m)
		return r
	}
	return s
}
