package main

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/heuristic"
	"firedrill/game/sim/telemetry"
)

// Proof is one answer.proof item of a script: the chain step (1-based) it
// proves and the signal that shows it, with times in script minutes. Write
// proof from the data — the config line in the log, the cause's own series
// in the minutes after onset, the failing span — never from the loudest
// symptoms: pinning the top ERROR lines, the first alert or the biggest
// jump must not prove a scenario (scenarios/library_test.go checks it).
type Proof struct {
	item     game.ProofItem
	from, to float64 // the window, when windowed
	windowed bool
	podSlot  int // 1 + the replica slot whose pod's series a metric proof names
}

// ProveEvent: the change event id shows step.
func ProveEvent(step int, id string) Proof {
	return Proof{item: game.ProofItem{Step: step, Event: id}}
}

// ProveLog: svc's log lines containing text show step (narrow it with
// Within when the text recurs).
func ProveLog(step int, svc, text string) Proof {
	return Proof{item: game.ProofItem{Step: step, Log: &game.LogSelector{Service: svc, Contains: text}}}
}

// ProveLogRE: svc's log lines matching the regular expression re.
func ProveLogRE(step int, svc, re string) Proof {
	return Proof{item: game.ProofItem{Step: step, Log: &game.LogSelector{Service: svc, Regex: re}}}
}

// ProveMetric: svc's series name, pinned at a cursor while it shows the
// move that begins between minutes from and to (fitProofWindows draws the
// window from the data). name may be a per-pod family (workers_busy_ratio)
// or one pod's series of it: every pod whose series moves is credited.
func ProveMetric(step int, svc, name string, from, to float64) Proof {
	return Proof{item: game.ProofItem{Step: step, Metric: &game.MetricSelector{Service: svc, Name: name}},
		from: from, to: to, windowed: true}
}

// ProvePod: the series of family (a per-pod family of the standard
// telemetry, std.go) of the pod that fills replica slot of svc at minute
// from; its name is drawn with the data, so the script names the slot.
func ProvePod(step int, svc, family string, slot int, from, to float64) Proof {
	p := ProveMetric(step, svc, family, from, to)
	p.podSlot = slot + 1
	return p
}

// ProveSpan: svc's spans called name that failed (or not).
func ProveSpan(step int, svc, name string, failed bool) Proof {
	status := game.StatusOK
	if failed {
		status = game.StatusError
	}
	return Proof{item: game.ProofItem{Step: step, Span: &game.SpanSelector{Service: svc, Name: name, Status: status}}}
}

// Within limits a log proof to lines between minutes from and to.
func (p Proof) Within(from, to float64) Proof {
	p.from, p.to, p.windowed = from, to, true
	return p
}

// proofItem is p with its window as times of the script's clock, and a
// pod's series named by the pod drawn for its slot.
func (s *Script) proofItem(g *G, p Proof) game.ProofItem {
	it := p.item
	switch {
	case it.Log != nil:
		l := *it.Log
		if p.windowed { // a window past the end stops at the end
			l.From, l.To = s.second(p.from), s.second(min(p.to, float64(s.Minutes)))
		}
		it.Log = &l
	case it.Metric != nil:
		m := *it.Metric
		m.From, m.To = s.second(p.from), s.second(p.to)
		if p.podSlot > 0 {
			pod, _ := g.slotAt(m.Service, p.podSlot-1, p.from)
			m.Name = telemetry.PodSeriesName(m.Name, pod)
		}
		it.Metric = &m
	case it.Span != nil:
		sp := *it.Span
		if p.windowed { // a span slow only in the incident proves it only there
			sp.From, sp.To = s.second(p.from), s.second(min(p.to, float64(s.Minutes)))
		}
		it.Span = &sp
	}
	return it
}

// fitProofWindows gives each metric proof the window in which its series
// shows the move, from the drawn data: from the first sample at or after
// the script's from that lies outside the series' band to the last one
// before the series recovers, or the end of the data
// (heuristic.MoveWindow); the script's to only bounds where the move must
// have begun. A pin anywhere in that period shows the moved value.
//
// An item on a pod's series (ProvePod, or ProveMetric naming
// family{pod="…"}) or on a bare per-pod family is written as one item per
// pod of the service whose own series of that family moves the same way,
// by at least half as much as the named pod (or the pod that moved most):
// a player who pins another pod that shows the move showed the step.
// The named pod must move; a bare family needs at least one pod that does.
//
// An item on one quantile of a latency (…_p50_ms) is also written for the
// service's other quantiles of it (p95, p99) that move the same way by at
// least half as much relative to their own baseline: the debrief says
// "latency rose", and a player who pins the p95 showed it as well as one
// who pins the p50.
func fitProofWindows(sc *game.Scenario) error {
	var out []game.ProofItem
	for _, it := range sc.Answer.Proof {
		m := it.Metric
		if m == nil {
			out = append(out, it)
			continue
		}
		from, to := m.From, m.To
		named, pods := proofSeries(sc, m)
		if named == nil && len(pods) == 0 {
			return fmt.Errorf("proof of step %d: no series %s/%s", it.Step, m.Service, m.Name)
		}
		type fit struct {
			sr          *game.Series
			first, last time.Time
			shift       float64
		}
		quantiles := quantileSiblings(sc, named)
		var fits []fit
		for _, sr := range append(append([]*game.Series{named}, pods...), quantiles...) {
			if sr == nil {
				continue
			}
			first, last, ok := heuristic.MoveWindow(sc.Metrics, sr, sc.Start, sc.End(), from)
			if ok && first.After(to) {
				ok = false // it moves, but only after the window the script gave it
			}
			if !ok {
				if sr == named {
					return fmt.Errorf("proof of step %d: %s/%s never leaves its band between %v and %v",
						it.Step, sr.Service, sr.Name, from.Sub(sc.Start), to.Sub(sc.Start))
				}
				continue
			}
			fits = append(fits, fit{sr, first, last, shiftIn(sc, sr, first, last)})
		}
		// a sibling shows the move when it goes the same way by at least
		// half as much as the named pod (or the pod that moved most): the
		// idle shards of a hot one wobble off their band, but they do not
		// show the step
		var ref float64
		for _, f := range fits {
			if f.sr == named || named == nil && math.Abs(f.shift) > math.Abs(ref) {
				ref = f.shift
			}
			if f.sr == named {
				break
			}
		}
		fitted := 0
		for _, f := range fits {
			if slices.Contains(quantiles, f.sr) {
				if !quantileShowsTheMove(sc, named, f.sr, ref, f.shift) {
					continue
				}
			} else if f.sr != named && (f.shift*ref <= 0 || math.Abs(f.shift) < 0.5*math.Abs(ref)) {
				continue
			}
			item := it
			item.Metric = &game.MetricSelector{Service: f.sr.Service, Name: f.sr.Name, From: f.first, To: f.last}
			out = append(out, item)
			fitted++
		}
		if fitted == 0 {
			return fmt.Errorf("proof of step %d: no pod's %s/%s leaves its band between %v and %v",
				it.Step, m.Service, m.Name, from.Sub(sc.Start), to.Sub(sc.Start))
		}
	}
	sc.Answer.Proof = out
	return nil
}

// shiftIn is how far sr's samples in [first, last] lie, on average, from
// its baseline (heuristic.Baseline): the size and sign of its move.
func shiftIn(sc *game.Scenario, sr *game.Series, first, last time.Time) float64 {
	mean, _, _ := heuristic.Baseline(sc.Metrics, sr, sc.Start, sc.End())
	var sum float64
	n := 0
	for i := max(0, sr.Index(first)); i < sr.Len() && !sr.TimeAt(i).After(last); i++ {
		if v, ok := sr.At(i); ok && !sr.TimeAt(i).Before(first) {
			sum += v - mean
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// proofSeries are the series a metric proof names: the one it names
// exactly (nil if none), and the other pods' series of the same per-pod
// family of the same service (the pods of a bare family name).
func proofSeries(sc *game.Scenario, m *game.MetricSelector) (named *game.Series, pods []*game.Series) {
	for _, x := range sc.Metrics {
		if m.MatchSeries(x.Service, x.Name) {
			named = x
			break
		}
	}
	family := heuristic.Family(m.Name)
	if named != nil && named.Name == family {
		return named, nil // a series of the service as a whole
	}
	for _, x := range sc.Metrics {
		if x != named && x.Service == m.Service && x.Name != family && heuristic.Family(x.Name) == family &&
			strings.HasPrefix(x.Name, family+`{pod="`) {
			pods = append(pods, x)
		}
	}
	return named, pods
}

// quantileRE finds the quantile in a latency series' name: _p50_, _p95_ …
var quantileRE = regexp.MustCompile(`_p(50|75|90|95|99|999)(_|$)`)

// quantileSiblings are the service's other quantiles of the latency
// named is one quantile of (none when named is not a quantile).
func quantileSiblings(sc *game.Scenario, named *game.Series) []*game.Series {
	if named == nil || !quantileRE.MatchString(named.Name) {
		return nil
	}
	stem := quantileRE.ReplaceAllString(named.Name, "_p*$2")
	var out []*game.Series
	for _, x := range sc.Metrics {
		if x != named && x.Service == named.Service && quantileRE.ReplaceAllString(x.Name, "_p*$2") == stem {
			out = append(out, x)
		}
	}
	return out
}

// quantileShowsTheMove: a sibling quantile shows the step when it goes the
// same way as the named one by at least half as much, each measured
// against its own baseline (a p99 moves more milliseconds than a p50).
func quantileShowsTheMove(sc *game.Scenario, named, sibling *game.Series, namedShift, shift float64) bool {
	base := func(sr *game.Series) float64 {
		mean, _, _ := heuristic.Baseline(sc.Metrics, sr, sc.Start, sc.End())
		return math.Abs(mean)
	}
	bn, bs := base(named), base(sibling)
	if bn == 0 || bs == 0 || shift*namedShift <= 0 {
		return false
	}
	return math.Abs(shift)/bs >= 0.5*math.Abs(namedShift)/bn
}
