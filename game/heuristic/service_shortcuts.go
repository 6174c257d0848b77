package heuristic

import (
	"fmt"
	"slices"
)

// The shortcuts below find a service, then blame the choice about it.

// upstreamAnomaly models walking the call graph from the paged service
// towards its dependencies. Failures flow back to the callers, so the
// service that moved furthest along the calls (the upstream, in proxy
// terms) with no dependency that moved is "where it starts".
func upstreamAnomaly(a *Analysis, m Mode) Guess {
	moved := map[string]bool{}
	for _, sh := range a.shifts {
		if sh.Lasts() >= m.lasting() {
			moved[sh.Series.Service] = true
		}
	}
	calls := map[string][]string{}
	called := map[string]bool{}
	for _, sv := range a.s.Services {
		calls[sv.Name] = sv.Calls
		for _, c := range sv.Calls {
			called[c] = true
		}
	}
	var from []string
	for _, svc := range a.services {
		if a.paged[svc] {
			from = append(from, svc)
		}
	}
	depth := callDepths(calls, from)
	if !anyIn(depth, moved) { // the page names no service, or none of its dependencies moved
		from = from[:0]
		for _, sv := range a.s.Services {
			if !called[sv.Name] {
				from = append(from, sv.Name)
			}
		}
		depth = callDepths(calls, from)
	}
	var ends []string // moved, reachable, and no moved dependency of its own
	for _, svc := range a.services {
		if _, ok := depth[svc]; !ok || !moved[svc] {
			continue
		}
		below := callDepths(calls, []string{svc})
		delete(below, svc)
		if !anyIn(below, moved) {
			ends = append(ends, svc)
		}
	}
	if len(ends) == 0 {
		return Guess{Why: "no service on the paged path moved"}
	}
	deepest := slices.MaxFunc(ends, func(x, y string) int { return depth[x] - depth[y] })
	var top []string
	for _, svc := range ends {
		if depth[svc] == depth[deepest] {
			top = append(top, svc)
		}
	}
	return a.aboutEach(top, fmt.Sprintf("deepest service that moved: %v (%d calls from the page)", top, depth[deepest]))
}

// callDepths is the number of calls from the nearest of from to each
// service reachable along calls.
func callDepths(calls map[string][]string, from []string) map[string]int {
	depth := map[string]int{}
	queue := slices.Clone(from)
	for _, svc := range from {
		depth[svc] = 0
	}
	for len(queue) > 0 {
		svc := queue[0]
		queue = queue[1:]
		for _, c := range calls[svc] {
			if _, seen := depth[c]; !seen {
				depth[c] = depth[svc] + 1
				queue = append(queue, c)
			}
		}
	}
	return depth
}

func anyIn(m map[string]int, set map[string]bool) bool {
	for k := range m {
		if set[k] {
			return true
		}
	}
	return false
}

// loudestGuess is today's loudest-service cue, mapped to the choice about
// the service.
func loudestGuess(a *Analysis, _ Mode) Guess {
	loudest := loudestServices(a.s)
	return a.aboutEach(loudest, fmt.Sprintf("most ERROR+FATAL lines: %v", loudest))
}

// biggestMoverGuess is today's biggest-mover cue (first to last quarter),
// mapped to the choice about the series' service.
func biggestMoverGuess(a *Analysis, _ Mode) Guess {
	movers := biggestMovers(a.s)
	var svcs []string
	for _, sr := range movers {
		if !slices.Contains(svcs, sr.Service) {
			svcs = append(svcs, sr.Service)
		}
	}
	why := "no series"
	if len(movers) > 0 {
		why = fmt.Sprintf("biggest mover %s/%s", movers[0].Service, movers[0].Name)
	}
	return a.aboutEach(svcs, why)
}

// firstAnomalyGuess is today's first-anomaly cue (first sample outside
// the mean ± 4 sd band; with blips filtered, the first exit that holds),
// mapped to the choice about the series' service.
func firstAnomalyGuess(a *Analysis, m Mode) Guess {
	var first []Shift
	for _, sh := range a.exits {
		if sh.Lasts() < m.MinShift {
			continue
		}
		switch {
		case len(first) == 0 || sh.From.Before(first[0].From):
			first = []Shift{sh}
		case sh.From.Equal(first[0].From):
			first = append(first, sh)
		}
	}
	if len(first) == 0 {
		return Guess{Why: "no series leaves its band"}
	}
	return a.aboutEach(servicesOf(first), fmt.Sprintf("first exit %s/%s at %s",
		first[0].Series.Service, first[0].Series.Name, a.rel(first[0].From)))
}
