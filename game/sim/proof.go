package sim

import (
	"slices"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/heuristic"
	"firedrill/game/sim/telemetry"
)

// answer.proof for a generated scenario, written from what the run showed:
// step 1 by the cause's change event (or, for a cause with no change, the
// archetype's quiet trigger line), and by the first link's own series when
// the chain names one; every later link by its series in the minutes after
// it left its band. Loud signals (the alerts, the top error lines) never
// prove step 1, so pinning them proves nothing.

// proofWindow is how long after a series leaves its band a pin on it
// shows the move at the least; a move that lasts longer counts until the
// series recovers (moveEnd).
const proofWindow = 5 * time.Minute

// moveEnd is the end of the period in which a pin on the service's series
// shows the move that began at from: the series' recovery, or the end of
// the data (heuristic.MoveWindow, the rule the curated library follows),
// and never sooner than proofWindow after from. A player who pins the
// series ten minutes into a lasting move shows the step as well as one who
// pins its first sample.
func moveEnd(sc *game.Scenario, service, name string, from time.Time) time.Time {
	to := from.Add(proofWindow)
	for _, sr := range sc.Metrics {
		if sr.Service == service && sr.Name == name {
			if _, last, ok := heuristic.MoveWindow(sc.Metrics, sr, sc.Start, sc.End(), from); ok && last.After(to) {
				to = last
			}
			break
		}
	}
	if to.After(sc.End()) {
		return sc.End()
	}
	return to
}

// triggerLine is a quiet line that shows a cause with no change event (a
// renewal job that died before a certificate expired): written once, at a
// fixed second, on the archetype's service.
type triggerLine struct {
	sec     int
	service string
	level   game.Level
	msg     string
	key     string // the part of msg a proof selects: the message is one of a kind
}

// addTriggerLine writes the trigger line into the logs after every random
// draw, so it moves nothing else (and before the line budget, which keeps
// warnings); its pod is the service's first.
func (lb *logBuilder) addTriggerLine() {
	g := lb.g
	tl := g.trigger
	if tl == nil {
		return
	}
	for s, svc := range g.m.Services {
		if svc.Name == tl.service {
			pod := g.podAt(lb.rng, s, tl.sec)
			if g.failOnTrigger && g.failOn != nil {
				for _, p := range telemetry.AliveAt(g.podsOf[s], g.dur(tl.sec)) {
					if g.failOn(p) {
						pod = p
					}
				}
			}
			lb.lines = append(lb.lines, game.LogLine{At: g.at(tl.sec), Service: svc.Name, Level: tl.level, Msg: tl.msg,
				Attrs: game.Attrs{{Key: "pod", Value: pod.Name}, {Key: "version", Value: pod.Version}}})
			return
		}
	}
}

// proof builds the items; empty when the run showed too little for a step
// after the first (the validator would refuse a proof without one).
func (g *gen) proof(sc *game.Scenario) []game.ProofItem {
	var items []game.ProofItem
	if g.change != nil && g.change.ID != "" && !g.hidden {
		items = append(items, game.ProofItem{Step: 1, Event: g.change.ID})
	}
	if g.step1Log != nil {
		items = append(items, game.ProofItem{Step: 1, Log: g.step1Log})
	}
	if g.step1Event != "" {
		items = append(items, game.ProofItem{Step: 1, Event: g.step1Event})
	}
	if tl := g.trigger; tl != nil {
		items = append(items, game.ProofItem{Step: 1, Log: &game.LogSelector{Service: tl.service, Contains: tl.key}})
	}
	used := map[SignalRef]bool{}
	later := false
	for i, l := range g.chain {
		if l.ref == nil || used[*l.ref] {
			continue
		}
		mv := g.measure(sc.Metrics, *l.ref)
		if !mv.ok {
			continue
		}
		used[*l.ref] = true
		from := g.start.Add(mv.at)
		to := moveEnd(sc, l.ref.Service, l.ref.Name, from)
		items = append(items, game.ProofItem{Step: i + 1,
			Metric: &game.MetricSelector{Service: l.ref.Service, Name: l.ref.Name, From: from, To: to}})
		later = later || i > 0
	}
	if !later || !slices.ContainsFunc(items, func(it game.ProofItem) bool { return it.Step == 1 }) {
		return nil
	}
	if g.difficulty == 5 {
		// The nightmare knob: proving the cause takes a third kind of
		// signal, a failed span on the causal path or, when nothing fails
		// there, the fault service's own new message.
		step := min(2, len(g.chain))
		if sp := g.proofSpan(sc); sp != nil {
			items = append(items, game.ProofItem{Step: step, Span: sp})
		}
		kinds := map[game.PinKind]bool{}
		for _, it := range items {
			kinds[it.Kind()] = true
		}
		if len(kinds) < 3 && !kinds[game.PinKind("log")] {
			if lg := g.proofMessage(sc); lg != nil {
				items = append(items, game.ProofItem{Step: step, Log: lg})
				kinds[game.PinKind("log")] = true
			}
		}
		// Last resort: the page itself shows the chain's last step.
		if len(kinds) < 3 && !kinds[game.PinKind("event")] {
			for _, e := range sc.Events {
				if e.Kind == game.EventAlert && e.ID != "" {
					items = append(items, game.ProofItem{Step: len(g.chain), Event: e.ID})
					break
				}
			}
		}
	}
	return items
}

// proofSpan is a failed span of the fault's service (or of its callers'
// calls to it) in a failed sampled trace after onset.
func (g *gen) proofSpan(sc *game.Scenario) *game.SpanSelector {
	onset := g.at(g.onset)
	f := g.fault.Service
	svc := g.m.Services[f].Name
	// The client spans of calls into the fault's service or, when a hop
	// on the way is uninstrumented, into a service that calls it.
	onPath := map[int]bool{f: true}
	for changed := true; changed; {
		changed = false
		for s, sv := range g.m.Services {
			for _, d := range sv.Deps {
				if onPath[d.To] && !onPath[s] {
					onPath[s], changed = true, true
				}
			}
		}
	}
	ops := map[string]bool{}
	for _, sv := range g.m.Services {
		for _, d := range sv.Deps {
			if onPath[d.To] {
				ops[d.Op] = true
			}
		}
	}
	// Among the failed spans on the path, the (service, name) that fails
	// least often overall: a selector matching at most max(20, 2 %) of
	// the spans, as the loader asks of a proof.
	type key struct{ service, name string }
	count, total := map[key]int{}, 0
	var order []key
	for _, tr := range sc.Traces {
		for _, sp := range tr.Spans {
			total++
			if !sp.Error {
				continue
			}
			k := key{sp.Service, sp.Name}
			if count[k] == 0 && !sp.At.Before(onset) && (sp.Service == svc || ops[sp.Name]) && g.m.Index(sp.Service) >= 0 {
				order = append(order, k)
			}
			count[k]++
		}
	}
	limit := max(20, total*2/100)
	var best *key
	for i, k := range order {
		if count[k] <= limit && (best == nil || count[k] < count[*best]) {
			best = &order[i]
		}
	}
	if best == nil {
		return nil
	}
	return &game.SpanSelector{Service: best.service, Name: best.name, Status: game.StatusError}
}

// proofMessage is a WARN-or-worse message the fault's service (or the
// cause's) writes after onset and never before: the new message a reader
// finds by comparing before and after.
func (g *gen) proofMessage(sc *game.Scenario) *game.LogSelector {
	onset := g.at(g.onset)
	for _, svc := range []string{g.m.Services[g.fault.Service].Name, g.cause.Service} {
		before := map[string]bool{}
		for _, l := range sc.Logs.All() {
			if l.Service == svc && l.At.Before(onset) {
				before[l.Msg] = true
			}
		}
		for _, l := range sc.Logs.All() {
			if l.Service == svc && !l.At.Before(onset) && l.Level >= game.LevelWarn && !before[l.Msg] && !isAccess(l.Msg) {
				return &game.LogSelector{Service: svc, Contains: l.Msg, From: onset}
			}
		}
	}
	return nil
}

// certTrigger is the certificate archetype's quiet line: the renewal that
// failed, naming the expiry time, some minutes before it.
func (g *gen) certTrigger(service string) *triggerLine {
	lead := 6*60 + g.stream(7).IntN(6*60) // its own stream: the rest of the draws stay put
	sec := max(60, g.onset-lead)
	expiry := g.at(g.onset).UTC().Format(time.RFC3339)
	cert := "prod/" + strings.ToLower(service) + "-mtls"
	return &triggerLine{sec: sec, service: service, level: game.LevelWarn, key: "Certificate " + cert + " not ready",
		msg: "cert-manager: Certificate " + cert + " not ready: renewal failed " +
			"(issuer internal-ca: order pending for 71h); serving certificate notAfter=" + expiry}
}
