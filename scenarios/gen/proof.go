package main

import (
	"fmt"
	"math"
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

// ProveMetric: svc's series name, pinned at a cursor between minutes from
// and to; the generator narrows the window to the samples that show the
// move (fitProofWindows).
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
		if p.windowed {
			l.From, l.To = s.second(p.from), s.second(p.to)
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
		it.Span = &sp
	}
	return it
}

// fitProofWindows narrows each metric proof's window to the samples that
// show the move, from the drawn data: it opens at the first sample at or
// after the script's from that lies outside the series' band (the first
// quarter's mean ± max(4 sd, 5 %), with a tenth to spare for the rounding
// of the CSV) and closes before the first sample back inside it, or at the
// script's to. A pin anywhere in the window then shows the moved value,
// never the baseline just before the change.
func fitProofWindows(sc *game.Scenario) error {
	for _, it := range sc.Answer.Proof {
		m := it.Metric
		if m == nil {
			continue
		}
		var sr *game.Series
		for _, x := range sc.Metrics {
			if m.MatchSeries(x.Service, x.Name) {
				sr = x
				break
			}
		}
		if sr == nil {
			return fmt.Errorf("proof of step %d: no series %s/%s", it.Step, m.Service, m.Name)
		}
		st := heuristic.QuarterStats(sr, sc.Start, sc.End())
		band := 1.1 * math.Max(4*st.SD, 0.05*math.Abs(st.Mean))
		var from, to time.Time
		for i := sr.Index(m.From); i < sr.Len() && !sr.TimeAt(i).After(m.To); i++ {
			v, ok := sr.At(i)
			at := sr.TimeAt(i)
			switch moved := ok && math.Abs(v-st.Mean) > band; {
			case moved && from.IsZero():
				from, to = at, at
			case moved:
				to = at
			case ok && !from.IsZero(): // back in the band: the window ends
				i = sr.Len()
			}
		}
		if from.IsZero() {
			return fmt.Errorf("proof of step %d: %s/%s never leaves its band between %v and %v",
				it.Step, m.Service, m.Name, m.From.Sub(sc.Start), m.To.Sub(sc.Start))
		}
		m.From, m.To = from, to
	}
	return nil
}
