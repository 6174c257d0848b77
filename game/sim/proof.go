package sim

import (
	"slices"
	"strings"
	"time"

	"firedrill/game"
)

// answer.proof for a generated scenario, written from what the run showed:
// step 1 by the cause's change event (or, for a cause with no change, the
// archetype's quiet trigger line), and by the first link's own series when
// the chain names one; every later link by its series in the minutes after
// it left its band. Loud signals (the alerts, the top error lines) never
// prove step 1, so pinning them proves nothing.

// proofWindow is how long after a series leaves its band a pin on it still
// shows the move.
const proofWindow = 5 * time.Minute

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
			lb.lines = append(lb.lines, game.LogLine{At: g.at(tl.sec), Service: svc.Name, Level: tl.level, Msg: tl.msg,
				Attrs: game.Attrs{{Key: "pod", Value: g.podAt(lb.rng, s, tl.sec).Name}}})
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
		to := from.Add(proofWindow)
		if to.After(sc.End()) {
			to = sc.End()
		}
		items = append(items, game.ProofItem{Step: i + 1,
			Metric: &game.MetricSelector{Service: l.ref.Service, Name: l.ref.Name, From: from, To: to}})
		later = later || i > 0
	}
	if !later || !slices.ContainsFunc(items, func(it game.ProofItem) bool { return it.Step == 1 }) {
		return nil
	}
	return items
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
