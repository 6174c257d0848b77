// Package consistency checks that a scenario's signals tell one story, as
// a real system's would: a service's error-ratio series, the statuses in
// its access lines and the Services tab's error badge agree; pods keep
// their names across container restarts (their counters reset) and a
// rollout gives new names and versions; a Deployment of N replicas shows N
// pods at a time, bar a rollout's brief surge; every time the answer cites
// exists in the data; and the answer never calls a service that stayed
// flat the one that moved.
//
// The checks read only what a player sees (the scenario, the answer's
// text), so the simulator's tests and the curated library's both run them.
// A check that finds nothing it can check says so in its count: a test
// asserts that the count is not zero, so a renamed series cannot make a
// check pass by checking nothing.
package consistency

import (
	"fmt"
	"time"

	"firedrill/game"
)

// Problem is one place where the signals disagree.
type Problem struct {
	Check   string // the check's name: "errors", "pods", "cited-times", "flat-blamed"
	Service string
	At      time.Time // zero when the problem is not at one time
	Detail  string
}

func (p Problem) String() string {
	at := ""
	if !p.At.IsZero() {
		at = " at " + p.At.UTC().Format("15:04:05")
	}
	svc := ""
	if p.Service != "" {
		svc = " " + p.Service
	}
	return fmt.Sprintf("%s%s%s: %s", p.Check, svc, at, p.Detail)
}

// Report is what one run of the checks found, and how much each checked.
type Report struct {
	Problems []Problem
	// Checked counts what each check looked at (windows, pods, cited
	// times, sentences), by check name.
	Checked map[string]int
}

func (r *Report) add(check, service string, at time.Time, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{check, service, at, fmt.Sprintf(format, args...)})
}

func (r *Report) count(check string, n int) {
	if r.Checked == nil {
		r.Checked = map[string]int{}
	}
	r.Checked[check] += n
}

// Check runs every check on sc.
func Check(sc *game.Scenario) Report {
	var r Report
	r.count("errors", 0)
	errorsAgree(sc, &r)
	podsAgree(sc, &r)
	citedTimesExist(sc, &r)
	flatNotBlamed(sc, &r)
	return r
}
