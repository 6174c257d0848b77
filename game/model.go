// Package game is firedrill's core: the scenario model (packs, scenarios,
// services, events, logs and their index, metrics, traces, choices and
// answers), the player's action log and notebook, modes, the AnswerKey
// interface, positioned errors and Sanitize. It does no I/O: packs are
// read by game/pack, sealed and verified by game/seal, played by game/play
// and graded by game/grade. No game package imports ui/ or bubbletea.
package game

import (
	"math/bits"
	"sort"
	"strings"
	"time"
)

// Format is the only pack format this build reads.
const Format = "firedrill/v1"

// Pack is a folder of scenarios with a header (pack.yaml), or a single
// scenario file wrapped in a pack of one.
type Pack struct {
	ID          string
	Title       string
	Version     string
	Author      string
	Description string
	Scenarios   []*Scenario
	// Source says where the pack came from: SourceEmbedded, or a path on
	// disk (or "generated", for the simulator's).
	Source string
}

// SourceEmbedded is Pack.Source for the packs built into the binary.
const SourceEmbedded = "embedded"

// Scenario finds a scenario of the pack by id; nil if there is none.
func (p *Pack) Scenario(id string) *Scenario {
	for _, s := range p.Scenarios {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Scenario is one incident: the briefing, the signals and the choices.
// Every displayed string has been through Sanitize by the time Load returns.
type Scenario struct {
	ID         string
	Title      string
	Difficulty int
	TimeLimit  time.Duration
	Tags       []string
	Start      time.Time
	Duration   time.Duration
	Briefing   string
	// TracesSampled is the fraction of requests traced; 0 means the scenario
	// did not say (every trace a log line names must then exist).
	TracesSampled float64
	Hints         []string

	Services []Service
	Events   []Event   // sorted by time
	Logs     *LogStore // sorted by time (stable: file order breaks ties); nil for none
	Metrics  []*Series // in file order
	Traces   []*Trace  // in file order
	Choices  []Choice  // in file order: the order players see
	Answer   *Answer   // nil in a sealed pack

	// Index holds the positions built once at load for fast filtering.
	Index *LogIndex

	// File is the scenario's path inside its pack (for messages).
	File string
	// traceByID indexes Traces; nil for a Scenario built by hand.
	traceByID map[string]*Trace
}

// End is the last instant the signals cover.
func (s *Scenario) End() time.Time { return s.Start.Add(s.Duration) }

// PageTime is when the player was paged: the first alert (the briefing's
// "now"), else the start of the window. The shared cursor starts there, in
// the game and in its replay: alerts are symptoms the events tab shows
// anyway, so this gives nothing away, and the badges and every series'
// value start at the page, not at a quiet +00:00.
func (s *Scenario) PageTime() time.Time {
	for _, e := range s.Events { // sorted by time
		if e.Kind == EventAlert {
			return e.At
		}
	}
	return s.Start
}

// Service finds a declared service by name.
func (s *Scenario) Service(name string) (Service, bool) {
	for _, sv := range s.Services {
		if sv.Name == name {
			return sv, true
		}
	}
	return Service{}, false
}

// Trace finds a trace by id; nil if it was not sampled or does not exist.
// Loaded scenarios answer from a map (a pane may ask once per visible row).
func (s *Scenario) Trace(id string) *Trace {
	if s.traceByID != nil {
		return s.traceByID[id]
	}
	for _, t := range s.Traces {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// Choice finds a choice by id.
func (s *Scenario) Choice(id string) (Choice, bool) {
	for _, c := range s.Choices {
		if c.ID == id {
			return c, true
		}
	}
	return Choice{}, false
}

// Service is a node of the topology; Calls names the services it calls.
type Service struct {
	Name  string
	Calls []string
}

// Event kinds, as docs/PACK_FORMAT.md lists them.
const (
	EventDeploy = "deploy"
	EventConfig = "config"
	EventFlag   = "flag"
	EventScale  = "scale"
	EventAlert  = "alert"
	EventNote   = "note"
)

// EventKinds lists the legal event kinds.
var EventKinds = []string{EventDeploy, EventConfig, EventFlag, EventScale, EventAlert, EventNote}

// Event is one entry of the change log.
type Event struct {
	At      time.Time
	ID      string // optional
	Kind    string
	Service string // optional
	Text    string
}

// IsChange reports whether the event changed the system (as opposed to an
// alert or a note).
func (e Event) IsChange() bool {
	switch e.Kind {
	case EventDeploy, EventConfig, EventFlag, EventScale:
		return true
	}
	return false
}

// Level is a log severity.
type Level uint8

// Levels, lowest first.
const (
	LevelTrace Level = iota
	LevelDebug
	LevelInfo
	LevelWarn
	LevelError
	LevelFatal
	NumLevels = int(LevelFatal) + 1
)

var levelNames = [...]string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"}

func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "?"
}

// ParseLevel reads a level name, case-insensitively, with the common
// aliases (warning, err, crit, panic).
func ParseLevel(s string) (Level, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "TRACE":
		return LevelTrace, true
	case "DEBUG":
		return LevelDebug, true
	case "INFO", "NOTICE":
		return LevelInfo, true
	case "WARN", "WARNING":
		return LevelWarn, true
	case "ERROR", "ERR":
		return LevelError, true
	case "FATAL", "CRITICAL", "CRIT", "PANIC", "EMERG", "ALERT":
		return LevelFatal, true
	}
	return LevelInfo, false
}

// Attr is one key/value pair attached to a log line or span. Attrs are kept
// as sorted slices, not maps: a million log lines with maps cost far more.
type Attr struct {
	Key   string
	Value string
}

// Attrs is a key-sorted list of attributes.
type Attrs []Attr

// Get returns the value of key, if present.
func (a Attrs) Get(key string) (string, bool) {
	i := sort.Search(len(a), func(i int) bool { return a[i].Key >= key })
	if i < len(a) && a[i].Key == key {
		return a[i].Value, true
	}
	return "", false
}

// LogLine is one log record.
type LogLine struct {
	At      time.Time
	Service string
	Level   Level
	Msg     string
	Trace   string // optional trace id
	Attrs   Attrs
}

// Series is one metric: one sample per Step from From. A missing sample (a
// scrape gap) is a gap, not a zero: read values with At or Value.
type Series struct {
	Name    string
	Service string
	Unit    string
	Step    time.Duration
	From    time.Time
	values  []float64
	// gaps has bit i%64 of word i/64 set when slot i is a gap; nil when
	// no slot is. (A bool a slot cost an eighth of the samples again.)
	gaps []uint64
}

// NewSeries builds a series from samples; a nil entry is a gap.
func NewSeries(name, service, unit string, from time.Time, step time.Duration, samples []*float64) *Series {
	s := &Series{Name: name, Service: service, Unit: unit, From: from, Step: step, values: make([]float64, len(samples))}
	for i, v := range samples {
		if v != nil {
			s.values[i] = *v
		} else {
			s.setGap(i)
		}
	}
	return s
}

// NewSeriesValues builds a series that keeps values itself (the caller
// hands the slice over and never writes it again); gap(i) says whether
// slot i is a gap, whatever values[i] holds.
func NewSeriesValues(name, service, unit string, from time.Time, step time.Duration, values []float64, gap func(i int) bool) *Series {
	s := &Series{Name: name, Service: service, Unit: unit, From: from, Step: step, values: values}
	for i := range values {
		if gap(i) {
			s.values[i] = 0
			s.setGap(i)
		}
	}
	return s
}

func (s *Series) setGap(i int) {
	if s.gaps == nil {
		s.gaps = make([]uint64, (len(s.values)+63)/64)
	}
	s.gaps[i/64] |= 1 << (i % 64)
}

func (s *Series) isGap(i int) bool {
	return s.gaps != nil && s.gaps[i/64]&(1<<(i%64)) != 0
}

// Len is the number of sample slots, gaps included.
func (s *Series) Len() int { return len(s.values) }

// At returns sample i and whether it exists (false: a scrape gap).
func (s *Series) At(i int) (float64, bool) {
	if i < 0 || i >= len(s.values) || s.isGap(i) {
		return 0, false
	}
	return s.values[i], true
}

// TimeAt is the time of sample slot i.
func (s *Series) TimeAt(i int) time.Time { return s.From.Add(time.Duration(i) * s.Step) }

// Index returns the slot that covers t (the last sample at or before t),
// or -1 when t is before the first sample.
func (s *Series) Index(t time.Time) int {
	if t.Before(s.From) || s.Step <= 0 {
		return -1
	}
	i := int(t.Sub(s.From) / s.Step)
	if i >= len(s.values) {
		i = len(s.values) - 1
	}
	return i
}

// Value returns the sample in force at t: the slot covering t, and false if
// that slot is a gap or t lies outside the series.
func (s *Series) Value(t time.Time) (float64, bool) { return s.At(s.Index(t)) }

// Gaps counts missing samples.
func (s *Series) Gaps() int {
	n := 0
	for _, w := range s.gaps {
		n += bits.OnesCount64(w)
	}
	return n
}

// Trace is one sampled request, as a list of spans.
type Trace struct {
	ID    string
	Spans []Span
	// kids[kidsAt[i]:kidsAt[i+1]] are the indexes of the spans whose
	// parent is span i; roots lists spans with no parent; orphans lists
	// spans whose parent id is not in the trace (a missing span).
	kids    []int
	kidsAt  []int32
	roots   []int
	orphans []int
}

// Span is one timed operation of a trace.
type Span struct {
	ID      string
	Parent  string // "" for a root
	Service string
	Name    string
	At      time.Time
	Dur     time.Duration
	Error   bool
	Attrs   Attrs
}

// End is when the span finished.
func (s Span) End() time.Time { return s.At.Add(s.Dur) }

// Choice is one root cause a player can pick.
type Choice struct {
	ID   string
	Text string
}

// Answer is the source form of a scenario's answer key. UI code never reads
// it directly: grading goes through an AnswerKey.
type Answer struct {
	Choice      string
	Onset       time.Time
	Chain       []string
	Evidence    []string
	Wrong       map[string]string
	RedHerrings []string
	Debrief     string
	// Proof names the signals that show each chain step (optional; see
	// proof.go). Sealed like the chain: never readable before the submit.
	Proof []ProofItem
}
