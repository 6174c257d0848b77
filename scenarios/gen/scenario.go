package main

import (
	"bytes"
	"math"
	"sort"
	"time"

	"firedrill/game"
	"firedrill/game/sim/emit"
)

// drawn is a script made concrete: the scenario with its sampled signals,
// and what the files need that the pack model does not carry.
type drawn struct {
	sc     *game.Scenario
	value  emit.ValueFormat                   // each series' decimals
	client func(*game.Trace, *game.Span) bool // OTLP span kinds
	std    int                                // sc.Metrics[std:] are standard families, written as Prometheus JSON
}

// draw samples a script's signals. The order of draws is fixed (pods,
// traces, logs, metrics) so that the output is reproducible.
func draw(s *Script) drawn {
	g := s.placePods()
	sc := s.prose(g)
	var traced []game.LogLine
	var d drawn
	sc.Traces, d.client, traced = drawTraces(s, g, s.Traces(g))
	sc.Logs = game.NewLogStore(drawLogs(s, g, traced))
	sc.Metrics, d.value = drawMetrics(s, g)
	d.std = len(s.Metrics) // drawMetrics puts the hand-drawn series first
	d.sc = sc
	return d
}

// prose is the part of the scenario written by hand, copied as is.
func (s *Script) prose(g *G) *game.Scenario {
	sc := &game.Scenario{ID: s.ID, Title: s.Title, Difficulty: s.Difficulty, TimeLimit: s.TimeLimit, Tags: s.Tags,
		Start: s.Start, Duration: time.Duration(s.Minutes) * time.Minute, Briefing: s.Briefing,
		TracesSampled: s.Sampled, Hints: s.Hints}
	for _, sv := range s.Services {
		sc.Services = append(sc.Services, game.Service{Name: sv.Name, Calls: sv.Calls})
	}
	for _, e := range s.Events {
		sc.Events = append(sc.Events, game.Event{At: s.second(e.At), ID: e.ID, Kind: e.Kind, Service: e.Svc, Text: e.Text})
	}
	// the change log reads in time order, whatever order a script lists it in
	sort.SliceStable(sc.Events, func(i, j int) bool { return sc.Events[i].At.Before(sc.Events[j].At) })
	for _, c := range s.Choices {
		sc.Choices = append(sc.Choices, game.Choice(c))
	}
	a := s.Answer
	sc.Answer = &game.Answer{Choice: a.Choice, Onset: s.second(a.Onset), Chain: a.Chain, Evidence: a.Evidence,
		Wrong: map[string]string{}, RedHerrings: a.RedHerrings, Debrief: a.Debrief}
	for _, w := range a.Wrong {
		sc.Answer.Wrong[w[0]] = w[1]
	}
	for _, p := range a.Proof {
		sc.Answer.Proof = append(sc.Answer.Proof, s.proofItem(g, p))
	}
	return sc
}

// second is a script minute as a time, to the second: the change log and
// the onset read as if typed by hand ("+12m30s").
func (s *Script) second(m float64) time.Time {
	return s.Start.Add(time.Duration(math.Round(m*60)) * time.Second)
}

// renderScript writes one scenario's files: the scenario and its data
// files, or one self-contained scenario file when inline.
func renderScript(s *Script, inline bool) (map[string][]byte, error) {
	d := draw(s)
	if err := fitProofWindows(d.sc); err != nil {
		return nil, err
	}
	id := s.ID
	var scenario, logs, metrics, traces bytes.Buffer
	if inline {
		err := emit.Scenario(&scenario, d.sc, emit.Options{Value: d.value})
		return map[string][]byte{"scenarios/" + id + ".yaml": scenario.Bytes()}, err
	}
	inc := &emit.Includes{Logs: "../data/" + id + ".jsonl", Metrics: "../data/" + id + "-metrics.csv", Traces: "../data/" + id + "-traces.json"}
	hand, std := d.sc.Metrics[:d.std], d.sc.Metrics[d.std:]
	for _, err := range []error{
		emit.Scenario(&scenario, d.sc, emit.Options{Includes: inc}),
		emit.Logs(&logs, d.sc.Logs.Lines()),
		emit.Metrics(&metrics, hand, d.value),
		emit.Traces(&traces, d.sc.Traces, d.client),
	} {
		if err != nil {
			return nil, err
		}
	}
	out := map[string][]byte{
		"scenarios/" + id + ".yaml":   scenario.Bytes(),
		"data/" + id + ".jsonl":       logs.Bytes(),
		"data/" + id + "-traces.json": traces.Bytes(),
	}
	if len(hand) > 0 {
		out["data/"+id+"-metrics.csv"] = metrics.Bytes()
	}
	if len(std) > 0 {
		files, includes := promFiles(id, std, s.Step)
		yaml, err := withIncludes(scenario.Bytes(), inc.Metrics, len(hand) > 0, includes)
		if err != nil {
			return nil, err
		}
		out["scenarios/"+id+".yaml"] = yaml
		for name, data := range files {
			out["data/"+name] = data
		}
	}
	return out, nil
}

// placePods draws the script's random stream and names every service's
// pods from it, first of all draws: the pods a scenario's logs, metrics and
// spans name (and the placement test checks) come from here.
func (s *Script) placePods() *G {
	seed := s.Seed
	if seed == "" {
		seed = s.ID
	}
	g := newG(seed)
	for _, sv := range s.Services {
		if sv.Std != nil {
			s.stdPods(g, sv)
			continue
		}
		n := sv.Pods
		if n == 0 {
			n = 3
		}
		if sv.Sts {
			g.statefulSet(sv.Name, n)
		} else {
			g.deployment(sv.Name, n)
		}
	}
	return g
}
