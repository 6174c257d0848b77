package sim

import (
	"fmt"
	"strings"
	"time"

	"firedrill/game"
)

// scenario fills the header fields that need no observation.
func (g *gen) scenario() *game.Scenario {
	return &game.Scenario{
		ID:            fmt.Sprintf("gen-%s-%d-d%d", g.a.name, g.seed, g.difficulty),
		Difficulty:    g.difficulty,
		TimeLimit:     time.Duration(10+2*g.difficulty) * time.Minute,
		Start:         g.start,
		Duration:      time.Duration(g.secs) * time.Second,
		TracesSampled: g.headRate,
		Services:      g.services(),
	}
}

// dur is the offset of simulated second t.
func (g *gen) dur(t int) time.Duration { return time.Duration(t) * time.Second }

// movement describes how one series left its band: baseline, the extreme
// after it left, and when.
type movement struct {
	ref      SignalRef
	from, to float64
	at       time.Duration
	ok       bool
	unit     string
}

func (g *gen) measure(series []*game.Series, r SignalRef) movement {
	mv := movement{ref: r}
	sr := findSeries(series, r)
	if sr == nil {
		return mv
	}
	mv.unit = sr.Unit
	mean, _, _ := baseline(sr)
	// Moves before onset belong to decoys (a cron burst), not to this chain.
	i := FirstLeaveFrom(sr, sr.Index(g.at(g.onset)))
	if i < 0 {
		return mv
	}
	v0, _ := sr.At(i)
	up := v0 > mean
	ext := v0
	for j := i; j < sr.Len(); j++ {
		if v, ok := sr.At(j); ok && (up && v > ext || !up && v < ext) {
			ext = v
		}
	}
	mv.from, mv.to, mv.at, mv.ok = mean, ext, sr.TimeAt(i).Sub(g.start), true
	return mv
}

func (mv movement) String() string {
	verb := "rose"
	if mv.to < mv.from {
		verb = "fell"
	}
	return fmt.Sprintf("%s %s %s %s → %s at +%s", mv.ref.Service, mv.ref.Name, verb,
		fmtValue(mv.from, mv.unit), fmtValue(mv.to, mv.unit), fmtDur(mv.at))
}

// fmtValue prints a sample the way a dashboard would.
func fmtValue(v float64, unit string) string {
	switch unit {
	case "ratio":
		if v < 0.1 {
			return fmt.Sprintf("%.1f%%", 100*v)
		}
		return fmt.Sprintf("%.0f%%", 100*v)
	case "ms":
		if v >= 1000 {
			return fmt.Sprintf("%.1fs", v/1000)
		}
		return fmt.Sprintf("%.0fms", v)
	case "MiB":
		if v >= 1024 {
			return fmt.Sprintf("%.1f GiB", v/1024)
		}
		return fmt.Sprintf("%.0f MiB", v)
	}
	switch {
	case v >= 10000:
		return fmt.Sprintf("%.0fk", v/1000)
	case v >= 1000:
		return fmt.Sprintf("%.1fk", v/1000)
	case v >= 10:
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2g", v)
}

// answer writes the briefing, title, tags, hints, choices and the answer
// block from what the run showed.
func (g *gen) answer(sc *game.Scenario, out *Output) {
	rng := g.stream(5)
	cause := g.measure(sc.Metrics, g.cause)
	causeAt := fmtDur(g.dur(g.onset))
	if cause.ok {
		causeAt = fmtDur(cause.at)
	}
	fill := strings.NewReplacer("{cause}", g.cause.Service+"'s "+g.cause.Name, "{cause_at}", "+"+causeAt)

	// Briefing and title: symptoms only.
	sc.Title = "Paged: symptoms on " + g.symptoms[0].Service
	sc.Tags = []string{"generated", "sev2"}
	var brief []string
	if len(out.Alerts) > 0 {
		a := out.Alerts[0]
		sc.Title = fmt.Sprintf("Paged: %s on %s", a.Name, a.Series.Service)
		brief = append(brief, fmt.Sprintf("[SEV2] %s %s above %s for %s.", a.Series.Service, a.Series.Name,
			fmtValue(a.Above, unitOf(sc.Metrics, a.Series)), fmtDur(a.For)))
		for _, s := range g.symptoms {
			if s == a.Series {
				continue
			}
			if sr := findSeries(sc.Metrics, s); sr != nil {
				if v, ok := sr.Value(a.FiredAt); ok {
					brief = append(brief, fmt.Sprintf("%s %s now %s.", s.Service, s.Name, fmtValue(v, sr.Unit)))
				}
			}
		}
		sc.Tags = append(sc.Tags, strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(a.Name, "High"), "Pod")))
	} else {
		brief = append(brief, fmt.Sprintf("[SEV3] Users report trouble around %s; no alert has fired.", g.symptoms[0].Service))
	}
	sc.Briefing = strings.Join(brief, " ") + "\n"
	sc.Hints = []string{
		"Which signal moved first, and how long before the first alert?",
		g.hint2,
		"Check the change log: which change is upstream of the symptom, and did that service's signals move right after it?",
	}

	// Choices: the cause, the archetype's traps, the herrings' decoys,
	// generic padding; trimmed to the difficulty's count and shuffled.
	_, n := g.choiceCount()
	// Two or three siblings (other mechanisms on the right choice's
	// service) first, then the archetype's traps, the herrings' decoys.
	wrong := g.siblings(2 + min(1, max(0, g.difficulty-2)))
	wrong = append(wrong, g.traps...)
	for _, h := range g.herrings {
		if h.choice.id != "" {
			wrong = append(wrong, h.choice)
		}
	}
	wrong = append(wrong, g.genericDecoys()...)
	seen := map[string]bool{g.correct.id: true}
	var picked []choiceText
	for _, c := range wrong {
		if len(picked) >= n-1 || seen[c.id] {
			continue
		}
		seen[c.id] = true
		picked = append(picked, c)
	}
	pos := rng.IntN(len(picked) + 1)
	all := append(append(append([]choiceText{}, picked[:pos]...), g.correct), picked[pos:]...)
	ans := &game.Answer{Choice: g.correct.id, Onset: g.at(g.onset), Wrong: map[string]string{}}
	for _, c := range all {
		sc.Choices = append(sc.Choices, game.Choice{ID: c.id, Text: c.text})
		if c.id != g.correct.id {
			ans.Wrong[c.id] = fill.Replace(c.wrong)
		}
	}
	herringIDs := map[string]bool{}
	for _, h := range g.herrings {
		ids := h.ids
		if seen[h.choice.id] {
			ids = append(ids, h.choice.id)
		}
		for _, id := range ids {
			if !herringIDs[id] {
				herringIDs[id] = true
				ans.RedHerrings = append(ans.RedHerrings, id)
			}
		}
	}

	// Chain and evidence from the observed moves.
	for _, l := range g.chain {
		text := l.text
		if l.ref != nil {
			if mv := g.measure(sc.Metrics, *l.ref); mv.ok {
				text += " (" + mv.String() + ")"
			}
		}
		ans.Chain = append(ans.Chain, text)
	}
	switch {
	case g.change != nil && g.hidden:
		where := "a reload line in its logs"
		if g.step1Log != nil {
			where = "its new pods' start lines, version " + g.step1Log.Contains
		}
		ans.Evidence = append(ans.Evidence, fmt.Sprintf("no change was logged: %s's change at +%s was applied by hand and shows only in %s",
			g.change.Service, fmtDur(g.dur(g.onset)), where))
	case g.change != nil:
		ans.Evidence = append(ans.Evidence, fmt.Sprintf("the change log: %s at +%s (%s)", g.change.ID, fmtDur(g.dur(g.onset)), g.change.Text))
	}
	if cause.ok {
		ans.Evidence = append(ans.Evidence, cause.String()+", the first move on the causal path")
	}
	sym := g.measure(sc.Metrics, g.symptoms[0])
	if sym.ok {
		lead := sym.at - cause.at
		when := fmtDur(lead) + " after the cause's signal"
		if lead < time.Duration(g.step)*time.Second {
			when = "in the same scrape as the cause's signal, never before it"
		}
		ans.Evidence = append(ans.Evidence, sym.String()+", "+when)
	}
	if ev := g.traceEvidence(sc); ev != "" {
		ans.Evidence = append(ans.Evidence, ev)
	}
	if len(out.Alerts) > 0 {
		a := out.Alerts[0]
		ans.Evidence = append(ans.Evidence, fmt.Sprintf("%s fired at +%s: alerts trail the onset by their %s hold", a.Name, fmtDur(a.FiredAt.Sub(g.start)), fmtDur(a.For)))
	}
	ans.Debrief = g.debrief(ans, cause)
	ans.Proof = g.proof(sc)
	sc.Answer = ans
}

func unitOf(series []*game.Series, r SignalRef) string {
	if sr := findSeries(series, r); sr != nil {
		return sr.Unit
	}
	return ""
}

func (g *gen) debrief(ans *game.Answer, cause movement) string {
	var b strings.Builder
	fmt.Fprintf(&b, "What happened: %s.\n", strings.Join(ans.Chain, "; then "))
	b.WriteString("\nFastest path: find the first series to leave its band on the path to the paged service, ")
	b.WriteString("then look for the change or expiry that lines up with it and follow one failing trace.\n")
	b.WriteString("\nCoaching: the first anomaly is not always the cause (a cron job or a noisy service can move earlier); ")
	b.WriteString("correlated series need an order and a mechanism; ask of each change whether it is upstream of the symptom; ")
	b.WriteString("compare failing and healthy cohorts; a trace that was sampled away proves nothing.\n")
	b.WriteString("\nThis scenario was generated by the firedrill simulator (" + Version + ").\n")
	return b.String()
}

// traceEvidence cites the first failed sampled trace after onset that runs
// through the fault's service: one request to follow end to end.
func (g *gen) traceEvidence(sc *game.Scenario) string {
	onset := g.at(g.onset)
	svc := g.m.Services[g.fault.Service].Name
	for _, tr := range sc.Traces {
		if len(tr.Spans) == 0 || tr.Spans[0].At.Before(onset) || !tr.Spans[0].Error {
			continue
		}
		op, n := failedOp(tr, func(sp game.Span) bool { return sp.Service == svc })
		if n == 0 { // the service never answered: its callers' client spans
			op, n = failedOp(tr, func(sp game.Span) bool { return strings.HasPrefix(sp.Name, svc+".") })
		}
		if n == 0 {
			continue
		}
		what := fmt.Sprintf("%d failed %s span", n, op)
		if n > 1 {
			what += "s"
		}
		return fmt.Sprintf("trace %s at +%s: %s", tr.ID, fmtDur(tr.Spans[0].At.Sub(g.start).Truncate(time.Second)), what)
	}
	return ""
}

// failedOp is the most-failed span name among spans that match, client
// operations ("ledger.Post") before server endpoints on ties.
func failedOp(tr *game.Trace, match func(game.Span) bool) (string, int) {
	count := map[string]int{}
	for _, sp := range tr.Spans {
		if sp.Error && match(sp) {
			count[sp.Name]++
		}
	}
	op, n, best := "", 0, 0
	for _, sp := range tr.Spans { // span order, not map order
		score := 2 * count[sp.Name]
		if score > 0 && strings.Contains(sp.Name, ".") {
			score++
		}
		if score > best {
			op, n, best = sp.Name, count[sp.Name], score
		}
	}
	return op, n
}
