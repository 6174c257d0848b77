package main

import (
	"time"

	"firedrill/game/sim/signal"
)

// Script is one scenario: its prose and the shape of its signals. The bulk
// signals (logs, metrics, traces) are drawn from it by the shared
// generators; the prose is written by hand and copied into the YAML as is.
// Times in a script are minutes from the window's start (float64, so
// 18.25 is +18m15s).
type Script struct {
	ID, Title  string
	Seed       string // seeds the scenario's PCG (default: ID); keeps the data when an id is renamed
	Difficulty int
	TimeLimit  time.Duration
	Tags       []string
	Start      time.Time
	Minutes    float64 // the window's length
	Step       float64 // metric step in seconds
	Briefing   string
	Sampled    float64 // traces_sampled
	Hints      []string

	Services []Svc
	Hosts    *Hosts // the nodes Std pods run on, and their families (std.go)
	Events   []Ev
	Metrics  []Metric
	Logs     []Src
	Holes    []Hole // log-shipper holes: lines lost between the pod and the log store
	Traces   func(g *G) []Tr

	Choices []Choice
	Answer  Answer
}

// Svc is a service of the topology.
type Svc struct {
	Name  string
	Calls []string
	Pods  int  // replicas (default 3)
	Sts   bool // a StatefulSet: pods are name-0, name-1…
	// Std gives the service the standard metric families (std.go); its
	// pods then live and die by Rollouts, and its log lines and spans come
	// from pods alive at their time.
	Std *Std
	// Version is what its pods run from the start; when set, its log
	// lines carry it as the attribute version.
	Version  string
	Rollouts []Rollout // Std services only
}

// Ev is a change-log entry.
type Ev struct {
	At   float64
	ID   string
	Kind string
	Svc  string
	Text string
}

// Metric is one series: F gives the true value at minute m; the generator
// adds Jit (relative sd of the noise) and leaves Gaps (minute ranges with
// no scrape) as nulls.
type Metric struct {
	Svc, Name, Unit string
	F               Fn
	Jit             float64
	Noise           Fn // relative sd by minute; overrides Jit (a value capped flat has no noise)
	Gaps            [][2]float64
	Prec            int // decimals; 0 = by magnitude (integers stay integers)
}

// Src is a source of log lines: PerMin(m) is the expected number of lines a
// minute; Msg writes one. Req lines carry a request id and a trace id (of a
// request that was mostly not sampled), as real access logs do.
type Src struct {
	Svc    string
	Level  string
	PerMin Fn
	Msg    func(g *G, m float64) string
	Req    bool
	Pod    string   // fixed pod; "" = any pod of the service
	Extra  []string // extra attrs as key, value pairs
	Slot   int      // 1 + the replica slot whose pod logs it (Std services; 0 = any pod)
	Skew   Fn       // seconds the pod's clock is off by (its lines carry its wrong time)
	once   bool     // fires exactly once, at minute at
	at     float64
}

// Hole is a stretch of minutes in which a service's shipped logs were lost
// (a fluent-bit restart, a full buffer): the lines never reach the store.
type Hole struct {
	Svc      string
	From, To float64
}

// Choice is a possible root cause.
type Choice struct{ ID, Text string }

// Answer is the source answer key.
type Answer struct {
	Choice      string
	Onset       float64
	Chain       []string
	Evidence    []string
	Wrong       [][2]string // choice id, note: a slice keeps the file order stable
	RedHerrings []string
	Debrief     string
	Proof       []Proof // at least two chain steps, step 1 among them (proof.go)
}

// Fn is a value as a function of the minute: a signal.Curve counted in
// minutes.
type Fn = signal.Curve

// The scripts' curve vocabulary, short because scripts use it hundreds of
// times: C(v) a constant, PL(m0, v0, m1, v1, …) piecewise linear,
// Step(m, a, b) a jump, Pulse(f, m0, m1, add) a bump, Sum and Mul.
var (
	C     = signal.Const
	PL    = signal.Linear
	Step  = signal.Step
	Pulse = signal.Pulse
	Sum   = signal.Sum
	Mul   = signal.Mul
)
