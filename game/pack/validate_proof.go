package pack

import (
	"time"

	"firedrill/game"
)

// answer.proof: each item is decoded, its shape checked (game.ProofItem.Check),
// its step checked against answer.chain, and its selector run over the
// scenario's signals: it must match at least one, and not so many that
// pinning any of them would prove nothing.

// Bounds on what one proof selector may match (docs/PACK_FORMAT.md): a log
// or span selector at most ProofBound(total) of the scenario's lines or
// spans, a metric selector at most MaxProofSeries series.
const (
	proofBoundFloor   = 20 // a small scenario may still name a burst of lines
	proofBoundPercent = 2  // of the scenario's lines (or spans)
	MaxProofSeries    = 3
)

// ProofBound is the most log lines (or spans) one selector may match in a
// scenario with total of them: max(20, 2 % of total).
func ProofBound(total int) int { return max(proofBoundFloor, total*proofBoundPercent/100) }

// proof loads answer.proof and checks every item against s, whose signals
// are loaded (events in file order).
func (l *loader) proof(raw []rawProof, s *game.Scenario) []game.ProofItem {
	if len(raw) > game.MaxProofItems {
		l.fail("proof", []any{"answer", "proof"}, "%d items; at most %d", len(raw), game.MaxProofItems)
		return nil
	}
	var out []game.ProofItem
	before := l.failed
	defer func() {
		if l.failed == before && len(out) > 0 {
			l.checkProvable(out)
		}
	}()
	for i, r := range raw {
		keys := []any{"answer", "proof", i}
		itemStart := l.failed
		it := l.proofItem(&r, s.Start, keys)
		if !l.checkProofShape(&it, keys) {
			continue
		}
		l.checkProofRefs(&it, keys)
		if l.failed == itemStart { // after a bad service or time, "matches nothing" would only repeat it
			l.checkProofSignals(&it, s, keys)
		}
		if n := len(s.Answer.Chain); it.Step > n {
			l.fail("step", append(keys, "step"), "%d is out of range: answer.chain has %d step(s)", it.Step, n)
		}
		out = append(out, it)
	}
	return out
}

// checkProvable reports a proof that no set of pins could satisfy: a right
// pick is proven by the trigger (step 1) and a later step, so the proof
// needs an item for each.
func (l *loader) checkProvable(items []game.ProofItem) {
	trigger, later := false, false
	for _, it := range items {
		trigger = trigger || it.Step == 1
		later = later || it.Step > 1
	}
	switch {
	case !trigger:
		l.fail("proof", []any{"answer", "proof"}, "no item proves step 1, the trigger: a right pick could never be proven")
	case !later:
		l.fail("proof", []any{"answer", "proof"}, "no item proves a step after the first: a right pick could never be proven")
	}
}

// proofItem builds an item from its YAML, resolving times against start.
func (l *loader) proofItem(r *rawProof, start time.Time, keys []any) game.ProofItem {
	it := game.ProofItem{Step: r.Step, Event: r.Event}
	when := func(s, sel, field string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t := l.when(s, start, field, append(keys, sel, field)...)
		l.checkWhen(t, field, append(keys, sel, field)...)
		return t
	}
	if g := r.Log; g != nil {
		it.Log = &game.LogSelector{Service: g.Service, Contains: g.Contains, Regex: g.Regex,
			From: when(g.From, "log", "from"), To: when(g.To, "log", "to")}
	}
	if m := r.Metric; m != nil {
		it.Metric = &game.MetricSelector{Service: m.Service, Name: game.SanitizeLine(m.Name),
			From: when(m.From, "metric", "from"), To: when(m.To, "metric", "to")}
	}
	if sp := r.Span; sp != nil {
		it.Span = &game.SpanSelector{Service: sp.Service, Name: game.SanitizeLine(sp.Name), Status: sp.Status,
			From: when(sp.From, "span", "from"), To: when(sp.To, "span", "to")}
	}
	if it.Log != nil {
		it.Log.Contains = game.SanitizeLine(it.Log.Contains)
	}
	return it
}

// checkProofShape reports a shape error at the field at fault; false when
// the item cannot be matched at all.
func (l *loader) checkProofShape(it *game.ProofItem, keys []any) bool {
	field, err := it.Check()
	if err == nil {
		return true
	}
	path := keys
	switch field {
	case "":
		field = "proof"
	case "step", "event":
		path = append(keys, field)
	case "log", "metric", "span":
		path = append(keys, field)
	default: // a field inside the selector: regex, to, status
		path = append(keys, string(it.Kind()), field)
	}
	l.fail(field, path, "%v", err)
	return false
}

// checkProofRefs checks the services a selector names are declared.
func (l *loader) checkProofRefs(it *game.ProofItem, keys []any) {
	switch {
	case it.Log != nil:
		l.checkService(it.Log.Service, "service", false, append(keys, "log", "service")...)
	case it.Metric != nil:
		l.checkService(it.Metric.Service, "service", false, append(keys, "metric", "service")...)
	case it.Span != nil:
		l.checkService(it.Span.Service, "service", false, append(keys, "span", "service")...)
	}
}

// checkProofSignals runs the item's selector over the scenario: it must
// name an existing event, or match at least one signal and stay within the
// bounds.
func (l *loader) checkProofSignals(it *game.ProofItem, s *game.Scenario, keys []any) {
	const broad = "a proof that broad proves nothing: narrow it"
	switch it.Kind() {
	case game.PinEvent:
		if _, ok := eventByID(s, it.Event); !ok {
			l.fail("event", append(keys, "event"), "%q names no event id", short(it.Event))
		}
	case game.PinLog:
		sel := it.Log
		n := 0
		for i := range s.Logs.Len() {
			if sel.MatchLine(s.Logs.Service(i), s.Logs.Msg(i), s.Logs.At(i)) {
				n++
			}
		}
		switch bound := ProofBound(s.Logs.Len()); {
		case n == 0:
			l.fail("log", append(keys, "log"), "matches no log line")
		case n > bound:
			l.fail("log", append(keys, "log"), "matches %d of %d log lines; %s to at most %d (max(20, 2%% of the lines))",
				n, s.Logs.Len(), broad, bound)
		}
	case game.PinMetric:
		sel := it.Metric
		n := 0
		for _, sr := range s.Metrics {
			if sel.MatchSeries(sr.Service, sr.Name) && hasSampleIn(sr, sel.From, sel.To) {
				n++
			}
		}
		switch {
		case n == 0:
			l.fail("metric", append(keys, "metric"), "matches no series with a sample in its window")
		case n > MaxProofSeries:
			l.fail("metric", append(keys, "metric"), "matches %d series; %s to at most %d", n, broad, MaxProofSeries)
		}
	case game.PinSpan:
		sel := it.Span
		n, total := 0, 0
		for _, t := range s.Traces {
			for _, sp := range t.Spans {
				total++
				if sel.MatchSpan(sp.Service, sp.Name, sp.Error, sp.At) {
					n++
				}
			}
		}
		switch bound := ProofBound(total); {
		case n == 0:
			l.fail("span", append(keys, "span"), "matches no span")
		case n > bound:
			l.fail("span", append(keys, "span"), "matches %d of %d spans; %s to at most %d (max(20, 2%% of the spans))",
				n, total, broad, bound)
		}
	}
}

func eventByID(s *game.Scenario, id string) (game.Event, bool) {
	for _, e := range s.Events {
		if e.ID == id {
			return e, true
		}
	}
	return game.Event{}, false
}

// hasSampleIn reports whether sr has a sample (not a gap) in [from, to].
func hasSampleIn(sr *game.Series, from, to time.Time) bool {
	for i := 0; i < sr.Len(); i++ {
		t := sr.TimeAt(i)
		if _, ok := sr.At(i); ok && (from.IsZero() || !t.Before(from)) && (to.IsZero() || !t.After(to)) {
			return true
		}
	}
	return false
}
