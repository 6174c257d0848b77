package sim

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"firedrill/game"
	"firedrill/game/sim/signal"
	"firedrill/game/sim/telemetry"
)

// Version is the generator's own version: it is part of what makes output
// reproducible (same archetype, seed, difficulty and Version → same bytes).
// Bump it whenever the model or the observers change their output.
const Version = "sim/4"

// Output is one generated scenario: the scenario as the loader would build
// it, plus what the generator knows that the player must not (the run, the
// fault, the signals that prove it) for tests and tools.
type Output struct {
	Archetype  string
	Seed       uint64
	Difficulty int
	Scenario   *game.Scenario
	Run        *Run
	Fault      Fault
	// Cause is the metric that shows the fault itself; Symptoms are the
	// metrics the pager watches.
	Cause    SignalRef
	Symptoms []SignalRef
	// Alerts are the alert rules that fired, first firing first.
	Alerts []Alert
	// Lines and Spans count what the observers produced.
	Lines, Spans int
	// IncidentShare is the fault's share of the ERROR and FATAL lines that are not access lines (the messages saying why), the
	// difficulty's noise knob (over 60 % at difficulty 1, under 10 % at 5);
	// NaN when the run wrote no error message at all.
	IncidentShare float64

	g *gen
}

// SignalRef names one metric series.
type SignalRef struct{ Service, Name string }

// Options tune a generation beyond the three public inputs (tests use them).
type Options struct {
	// NoFault runs the same seed with the fault disabled.
	NoFault bool
	// Duration overrides the window (default from the seed: 40–50 min).
	Duration time.Duration
	// Services forces the service count (default from the difficulty).
	Services int
}

// Generate builds the scenario for (archetype, seed, difficulty).
// "random" picks the archetype from the seed.
func Generate(archetype string, seed uint64, difficulty int) (*Output, error) {
	return GenerateWith(archetype, seed, difficulty, Options{})
}

// GenerateWith is Generate with options.
func GenerateWith(archetype string, seed uint64, difficulty int, opt Options) (*Output, error) {
	if difficulty < 1 || difficulty > 5 {
		return nil, fmt.Errorf("difficulty %d: want 1 to 5", difficulty)
	}
	if archetype == "random" {
		archetype = Archetypes()[signal.New(seed, 0x5eed).IntN(len(archetypes))]
	}
	a := lookup(archetype)
	if a == nil {
		return nil, fmt.Errorf("unknown archetype %q (firedrill generate --list shows them)", archetype)
	}
	g := newGen(a, seed, difficulty, opt)
	a.build(g)
	g.finishTopology()
	if g.afterSize != nil {
		g.afterSize(g)
	}
	if g.change != nil && g.changeText != "" {
		g.change.Text = g.changeText
	}
	g.hideChange()
	g.headRate = math.Max(0.0005, math.Round(0.35/g.m.EntryRPS*10000)/10000)
	g.plantHerrings()
	g.planPods()
	faults := append([]Fault{g.fault}, g.extraFaults...)
	if opt.NoFault {
		faults = nil
	}
	// The simulation draws from its own stream so that observers and
	// herrings can change without moving the traffic noise, and the same
	// seed with and without the fault sees the same traffic.
	run := Simulate(&g.m, &g.traffic, faults, g.secs, g.stream(1))
	out := &Output{Archetype: a.name, Seed: seed, Difficulty: difficulty, Run: run, Fault: g.fault,
		Cause: g.cause, Symptoms: g.symptoms, g: g}
	sc := g.scenario()
	sc.Metrics = g.observeMetrics(run)
	g.resolveRefs(sc.Metrics)
	out.Cause, out.Symptoms = g.cause, g.symptoms
	out.Alerts = g.fireAlerts(sc.Metrics)
	for _, al := range out.Alerts {
		sc.Events = append(sc.Events, al.event)
	}
	sc.Events = append(sc.Events, g.events...)
	sortEvents(sc.Events)
	sc.Traces, out.Spans = g.observeTraces(run)
	sc.TracesSampled = g.headRate // thinned traces lower it
	sc.Logs = game.NewLogStore(g.observeLogs(run, sc.Traces))
	out.Lines = sc.Logs.Len()
	out.IncidentShare = g.incidentShare
	game.IndexLogs(sc) // usable in memory as the loader would leave it
	g.answer(sc, out)
	out.Scenario = sc
	return out, nil
}

// gen carries one generation's choices: the model under construction, the
// fault, herrings and the texts the archetype supplies.
type gen struct {
	a          *archetype
	seed       uint64
	difficulty int
	opt        Options
	rng        *signal.Rand
	m          Model
	traffic    Traffic
	fault      Fault
	secs       int
	step       int // metric step, seconds
	start      time.Time
	onset      int
	cause      SignalRef
	symptoms   []SignalRef
	events     []game.Event
	herrings   []herring
	entryName  string
	headRate   float64
	pods       [][]string
	meanLoad   []float64 // healthy rps per service, from sizing
	// incidentShare is the fault's share of all ERROR/FATAL lines.
	incidentShare float64
	// texts the archetype fills
	title, briefWhat string
	tags             []string
	correct          choiceText
	traps            []choiceText
	change           *game.Event // the cause's change event, nil for a no-change cause
	extraChange      *changeAt
	preDeploy        string // a service deployed shortly before onset (a decoy)
	trafficRise      bool   // the archetype's story allows a traffic-rise herring
	notes            []noteHerring
	chain            []link
	hint2            string
	afterSize        func(g *gen) // tunes the fault once capacities are known
	changeText       string       // replaces the change event's text when set
	errs             errorStrings
	trigger          *triggerLine // a quiet line showing a cause with no change event
	// telemetry: the cluster's nodes, every pod that lived (by service),
	// the releases that replaced them, and an archetype's node effect.
	nodes        []string
	podsOf       [][]telemetry.Pod
	rollouts     []rollout
	nodeFx       func(node, t int, ns *telemetry.NodeState)
	hotPartition int // the partition a consumer fault lands on (-1: all)
	// extraFaults are decoys' real effects: a release next to the cause
	// that changes something harmless, lastingly.
	extraFaults []Fault
	// hidden: the culprit change was applied by hand and never logged
	// (difficulty 4–5, about half the seeds); step1Log is where it shows.
	hidden   bool
	step1Log *game.LogSelector
	// step1Event is a note in the timeline that shows a cause with no
	// change (a customer's announced import).
	step1Event string
	// hotNode marks the pods a node-level cause slows at second t; failOn
	// the pods a FaultFail's failures come from (nil: any).
	hotNode func(p telemetry.Pod, t int) bool
	failOn  func(p telemetry.Pod) bool
	// failOnTrigger writes the trigger line from a pod failOn picks.
	failOnTrigger bool
}

type choiceText struct {
	id, text, wrong string
}

// stream derives an independent PCG stream from the seed and a purpose.
func (g *gen) stream(purpose uint64) *signal.Rand {
	return signal.New(g.seed, signal.Hash(fmt.Sprintf("%s|%s|%d|%d|%d", Version, g.a.name, g.seed, g.difficulty, purpose)))
}

func newGen(a *archetype, seed uint64, difficulty int, opt Options) *gen {
	g := &gen{a: a, seed: seed, difficulty: difficulty, opt: opt, hotPartition: -1}
	g.rng = g.stream(0)
	dur := time.Duration(40+g.rng.IntN(11)) * time.Minute
	if opt.Duration > 0 {
		dur = opt.Duration
	}
	g.secs = int(dur / time.Second)
	g.step = []int{10, 15, 15, 30}[g.rng.IntN(4)]
	if g.secs/g.step < 60 {
		g.step = 10
	}
	day := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(300))
	hour := 8 + g.rng.IntN(12)
	g.start = day.Add(time.Duration(hour)*time.Hour + time.Duration(g.rng.IntN(4)*15)*time.Minute)
	g.traffic = Traffic{StartHour: float64(hour), Amplitude: 0.2 + 0.1*g.rng.Float64(), Noise: 0.025}
	// Onset after the first quarter, early enough for symptoms and alerts.
	g.onset = g.secs/4 + 60 + g.rng.IntN(g.secs/5)
	g.m.EntryRPS = float64(150 + g.rng.IntN(250))
	return g
}

// serviceCount grows with the difficulty: 3–4 services at difficulty 1,
// 4–5, 5–7, 7–9, then 9–12 at 5.
func (g *gen) serviceCount() int {
	if g.opt.Services > 0 {
		return g.opt.Services
	}
	lo := []int{3, 4, 5, 7, 9}[g.difficulty-1]
	hi := []int{4, 5, 7, 9, 12}[g.difficulty-1]
	return lo + g.rng.IntN(hi-lo+1)
}

// choiceCount grows with the difficulty too: red herrings / choices.
func (g *gen) choiceCount() (herrings, choices int) {
	switch g.difficulty {
	case 1:
		return 2, 5
	case 2:
		return 2, 5 + g.rng.IntN(2)
	case 3:
		return 3, 6 + g.rng.IntN(2)
	case 4:
		return 3 + g.rng.IntN(2), 7 + g.rng.IntN(3)
	}
	return 4 + g.rng.IntN(2), 8 + g.rng.IntN(3)
}

// at turns simulated seconds into a time.
func (g *gen) at(sec int) time.Time { return g.start.Add(time.Duration(sec) * time.Second) }

func sortEvents(ev []game.Event) {
	slices.SortStableFunc(ev, func(a, b game.Event) int { return a.At.Compare(b.At) })
}

// Daily picks the daily drill for a UTC date: everyone who plays on the same
// day gets the same archetype, seed and difficulty (3 on weekdays, 4 on
// Saturdays, 5 on Sundays).
func Daily(date time.Time) (archetype string, seed uint64, difficulty int) {
	d := date.UTC()
	h := fnv.New64a()
	fmt.Fprintf(h, "firedrill-daily|%04d-%02d-%02d", d.Year(), int(d.Month()), d.Day())
	seed = h.Sum64()
	names := Archetypes()
	archetype = names[rand.New(rand.NewPCG(seed, 0xda1)).IntN(len(names))]
	difficulty = 3
	switch d.Weekday() {
	case time.Saturday:
		difficulty = 4
	case time.Sunday:
		difficulty = 5
	}
	return archetype, seed, difficulty
}
