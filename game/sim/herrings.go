package sim

import (
	"fmt"
	"math"

	"firedrill/game"
)

// noteHerring is an archetype's own decoy: a note event that makes a wrong
// cause plausible, with the choice it suggests and why it is wrong.
type noteHerring struct {
	id, service, text, choice, wrong string
}

// herring is one planted decoy: the ids it adds to answer.red_herrings and
// the wrong choice it makes plausible. Wrong texts may use {cause} and
// {cause_at}, filled in once the run shows when the cause's signal moved.
type herring struct {
	ids    []string
	choice choiceText
}

// changeAt is a second change of the cause (a flag's next step).
type changeAt struct {
	after               int
	id, kind, svc, text string
}

// changeEvent records the cause's change at onset and returns it.
func (g *gen) changeEvent(id, kind, svc, format string, args ...any) *game.Event {
	e := game.Event{At: g.at(g.onset), ID: id, Kind: kind, Service: svc, Text: fmt.Sprintf(format, args...)}
	return &e
}

// plantHerrings picks the difficulty's number of decoys: a deploy between
// onset and alert on a service that is not the cause (always: the
// latest-change shortcut must fail), then the archetype's notes, a cron
// burst before onset, a chronically noisy service and a traffic rise.
func (g *gen) plantHerrings() {
	if g.change != nil && !g.hidden {
		g.events = append(g.events, *g.change)
	}
	if c := g.extraChange; c != nil && !g.hidden {
		g.events = append(g.events, game.Event{At: g.at(g.onset + c.after), ID: c.id, Kind: c.kind, Service: c.svc, Text: c.text})
	}
	n, _ := g.choiceCount()
	cause := g.m.Index(g.cause.Service)
	var pool []func() herring
	pool = append(pool, g.notesAsHerrings()...)
	pool = append(pool, func() herring { return g.cronHerring(cause) }, func() herring { return g.noisyHerring() })
	if g.trafficRise {
		pool = append(pool, g.trafficHerring)
	}
	if g.preDeploy != "" {
		pool = append([]func() herring{g.preDeployHerring}, pool...)
	}
	g.herrings = append(g.herrings, g.deployHerring(cause))
	for _, i := range g.rng.Perm(len(pool)) {
		if len(g.herrings) >= n {
			break
		}
		g.herrings = append(g.herrings, pool[i]())
	}
}

func (g *gen) notesAsHerrings() []func() herring {
	var out []func() herring
	for _, nh := range g.notes {
		out = append(out, func() herring {
			// never before the window, however short (the draw is kept, so
			// the rest of the stream stays put)
			at := max(0, g.onset-300+g.rng.IntN(240))
			g.events = append(g.events, game.Event{At: g.at(at), ID: nh.id, Kind: game.EventNote, Service: nh.service, Text: nh.text})
			return herring{ids: []string{nh.id}, choice: choiceText{nh.id + "-cause", nh.choice, nh.wrong}}
		})
	}
	return out
}

// decoyService picks a service that is neither the entry nor the cause,
// preferring fillers (not upstream of the symptom).
func (g *gen) decoyService(cause int, avoid ...int) int {
	best := -1
	for _, s := range g.rng.Perm(len(g.m.Services)) {
		if s == 0 || s == cause || contains(avoid, s) {
			continue
		}
		if best < 0 || isFiller(g.m.Services[s].Name) {
			best = s
			if isFiller(g.m.Services[s].Name) {
				break
			}
		}
	}
	if best < 0 {
		best = 0
	}
	return best
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func isFiller(name string) bool {
	for _, f := range fillerPool {
		if f.Name == name {
			return true
		}
	}
	return false
}

func (g *gen) deployHerring(cause int) herring {
	// A release of a neighbour of the cause (its caller or callee, else any
	// Deployment) lands within a minute after onset and has a real, lasting
	// effect of its own: its handlers get 25–60 % slower. It is harmless
	// next to the cause, but it is a change with a move right at the cliff.
	s := g.neighbourDeployment(cause)
	name := g.m.Services[s].Name
	at := g.onset + 5 + g.rng.IntN(40)
	slow := 1.25 + 0.35*g.rng.Float64()
	g.extraFaults = append(g.extraFaults, Fault{Kind: FaultSlow, Service: s, At: at, Value: slow})
	id := name + "-deploy"
	if g.change != nil && g.change.ID == id {
		id = name + "-release"
	}
	ver := g.semver()
	g.events = append(g.events, game.Event{At: g.at(at), ID: id, Kind: game.EventDeploy, Service: name,
		Text: fmt.Sprintf("%s %s rolled out (%d/%d pods)", name, ver, g.m.Services[s].Pods, g.m.Services[s].Pods)})
	return herring{ids: []string{id}, choice: choiceText{name + "-regression",
		fmt.Sprintf("%s's new release regressed its handlers and slows every call to it", name),
		fmt.Sprintf("%s's release at +%s made its own work about %.0f%% slower, a real but small change; the failures follow {cause}, which moved at {cause_at}",
			name, fmtDur(g.dur(at)), 100*(slow-1))}}
}

// neighbourDeployment is a Deployment next to the cause in the graph (a
// caller or a callee of the cause's or the fault's service), else any.
func (g *gen) neighbourDeployment(cause int) int {
	near := map[int]bool{}
	for _, c := range []int{cause, g.fault.Service} {
		if c < 0 {
			continue
		}
		for s, svc := range g.m.Services {
			for _, d := range svc.Deps {
				if s == c {
					near[d.To] = true
				}
				if d.To == c {
					near[s] = true
				}
			}
		}
	}
	var cands []int
	for s := 1; s < len(g.m.Services); s++ {
		k := g.m.Services[s].Kind
		if near[s] && s != cause && s != g.fault.Service && (k == KindAPI || k == KindConsumer) {
			cands = append(cands, s)
		}
	}
	if len(cands) > 0 {
		return cands[g.rng.IntN(len(cands))]
	}
	avoid := []int{g.fault.Service} // its own change must not undo the fault's
	s := g.decoyService(cause, avoid...)
	for g.m.Services[s].Kind != KindAPI && g.m.Services[s].Kind != KindConsumer && len(avoid) < len(g.m.Services) {
		avoid = append(avoid, s)
		s = g.decoyService(cause, avoid...)
	}
	return s
}

// hideChange decides whether the culprit change was applied by hand and
// never logged: at difficulty 4–5, for about half the seeds (its own
// stream, so the rest of the draws stay put). It then shows only in the
// logs: a release in its new pods' start lines (with their version), a
// config push or a flag in a reload line.
func (g *gen) hideChange() {
	c := g.change
	if c == nil || g.difficulty < 4 || g.stream(11).IntN(2) == 0 {
		return
	}
	g.hidden = true
	s := g.m.Index(c.Service)
	if c.Kind == game.EventDeploy {
		v := versionRe.FindString(c.Text)
		g.rollouts = append(g.rollouts, rollout{svc: s, at: g.onset, version: v})
		g.step1Log = &game.LogSelector{Service: c.Service, Contains: v}
		return
	}
	r := g.stream(12)
	msg := fmt.Sprintf("config reloaded from /etc/%s/config.yaml: %d keys changed (checksum %s)", c.Service, 1+r.IntN(4), r.Hex(8))
	key := "config reloaded from"
	if c.Kind == game.EventFlag {
		msg = fmt.Sprintf("feature flags reloaded: %d definitions, revision %d", 20+r.IntN(40), 100+r.IntN(800))
		key = "feature flags reloaded"
	}
	g.trigger = &triggerLine{sec: g.onset, service: c.Service, level: game.LevelInfo, msg: msg, key: key}
}

func (g *gen) preDeployHerring() herring {
	s := g.m.Index(g.preDeploy)
	at := max(0, g.onset-300-g.rng.IntN(180)) // inside even a short window
	id := g.preDeploy + "-deploy"
	g.events = append(g.events, game.Event{At: g.at(at), ID: id, Kind: game.EventDeploy, Service: g.preDeploy,
		Text: fmt.Sprintf("%s %s rolled out (%d/%d pods)", g.preDeploy, g.semver(), g.m.Services[s].Pods, g.m.Services[s].Pods)})
	return herring{ids: []string{id}}
}

func (g *gen) cronHerring(cause int) herring {
	s := g.decoyService(cause)
	// The job starts within a minute after onset and runs to the end of
	// the window: a real, lasting load on a neighbour that lands with the
	// cause, never a blip planted before it.
	at := g.onset + 5 + g.rng.IntN(55)
	share := 0.25 + 0.25*g.rng.Float64()
	job := []string{"reindex", "rollup", "export", "compact"}[g.rng.IntN(4)] + "-" + g.m.Services[s].Name
	g.traffic.Bursts = append(g.traffic.Bursts, Burst{Service: s, At: at, Dur: g.secs - at, RPS: math.Max(3, g.meanLoad[s]*share), Name: job})
	name := g.m.Services[s].Name
	return herring{ids: []string{name}, choice: choiceText{job + "-job",
		fmt.Sprintf("The %s batch job saturated %s and starved the services that call it", job, name),
		fmt.Sprintf("%s added about %.0f%% load to %s from +%s and %s absorbed it; its callers' failures follow {cause}, which moved at {cause_at}",
			job, 100*share, name, fmtDur(g.dur(at)), name)}}
}

func (g *gen) noisyHerring() herring {
	name := g.m.Services[g.noisyService()].Name
	return herring{ids: []string{name}, choice: choiceText{name + "-failing",
		fmt.Sprintf("%s is failing and its errors cascade into the requests that depend on it", name),
		fmt.Sprintf("%s logged the same errors at the same rate from the start of the window, long before {cause_at}", name)}}
}

func (g *gen) trafficHerring() herring {
	at := g.onset + (g.secs-g.onset)/3 + g.rng.IntN(120)
	pct := 10 + g.rng.IntN(6)
	g.traffic.Steps = append(g.traffic.Steps, TrafficStep{At: at, Ramp: 180, Factor: 1 + float64(pct)/100})
	g.events = append(g.events, game.Event{At: g.at(at), ID: "sale-campaign", Kind: game.EventNote,
		Text: "marketing: flash-sale email sent to 1.2M subscribers"})
	return herring{ids: []string{"sale-campaign"}, choice: choiceText{"traffic-surge",
		"A flash-sale traffic surge outgrew the fleet's capacity across the board",
		fmt.Sprintf("entry traffic rose only ~%d%% from +%s, after {cause} had already moved at {cause_at}", pct, fmtDur(g.dur(at)))}}
}

// genericDecoys pad the choice list when herrings and traps run short.
func (g *gen) genericDecoys() []choiceText {
	entry := g.m.Services[0].Name
	out := []choiceText{
		{"node-failure", "A node failure took out a third of the fleet's pods at once",
			"pod counts hold steady on every service that is not restarting on its own, and no node event appears in the change log"},
		{entry + "-routing", entry + "'s routing layer regressed and adds latency to every route",
			entry + "'s own work stays flat; its latency is what its callees take"},
		{"network-packet-loss", "Packet loss between availability zones drops requests between services",
			"failures are concentrated on one edge and one mechanism; other edges across the same zones are clean"},
	}
	return out
}
