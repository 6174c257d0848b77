package main

import "firedrill/game"

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
// and to.
func ProveMetric(step int, svc, name string, from, to float64) Proof {
	return Proof{item: game.ProofItem{Step: step, Metric: &game.MetricSelector{Service: svc, Name: name}},
		from: from, to: to, windowed: true}
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

// proofItem is p with its window as times of the script's clock.
func (s *Script) proofItem(p Proof) game.ProofItem {
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
		it.Metric = &m
	case it.Span != nil:
		sp := *it.Span
		it.Span = &sp
	}
	return it
}
