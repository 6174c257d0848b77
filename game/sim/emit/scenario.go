// Package emit writes scenarios in the pack format (docs/PACK_FORMAT.md):
// a scenario file with its signals inline, or with includes and the files
// they name (JSONL logs, CSV metrics, OTLP/JSON traces), and a pack's
// header. Both generators write through it: the simulator's one-file
// scenarios and the curated library's packs come out of the same code.
//
// The prose part of a scenario (header, events, choices, answer) goes
// through a YAML encoder, so a briefing is a block of text that reads as
// if typed by hand; the bulk signals are written line by line in flow
// style, because tens of thousands of lines must encode in milliseconds.
// Attributes are written in the order given (the loader sorts them).
package emit

import (
	"bufio"
	"bytes"
	"io"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"firedrill/game"
	"firedrill/game/pack"
)

// Options says how a scenario file is laid out.
type Options struct {
	// Comment, when set, is written as a comment line at the top: which
	// generator made the file, from what.
	Comment string
	// Includes names the files that hold the signals; nil writes the
	// signals inline.
	Includes *Includes
	// Value prints one metric sample; nil prints the shortest decimal that
	// reads back as the same number.
	Value ValueFormat
}

// Includes are the paths (relative to the scenario file) of its signal
// files, in the formats this package writes: Logs as JSONL, Metrics as
// CSV, Traces as OTLP/JSON.
type Includes struct{ Logs, Metrics, Traces string }

type includeSections struct {
	Logs    []include `yaml:"logs"`
	Metrics []include `yaml:"metrics"`
	Traces  []include `yaml:"traces"`
}

type include struct {
	Include string `yaml:"include"`
	Format  string `yaml:"format"`
}

func (inc *Includes) sections() includeSections {
	return includeSections{
		Logs:    []include{{inc.Logs, pack.FormatJSONL}},
		Metrics: []include{{inc.Metrics, pack.FormatCSV}},
		Traces:  []include{{inc.Traces, pack.FormatOTLPJSON}},
	}
}

// ValueFormat prints sample v of series sr: an exporter's choice of
// decimals, say.
type ValueFormat func(sr *game.Series, v float64) string

// Scenario writes sc as one scenario file.
func Scenario(w io.Writer, sc *game.Scenario, opt Options) error {
	b := bufio.NewWriterSize(w, 1<<16)
	if opt.Comment != "" {
		b.WriteString("# " + opt.Comment + "\n")
	}
	if err := encode(b, headerOf(sc)); err != nil {
		return err
	}
	if inc := opt.Includes; inc != nil {
		if err := encode(b, inc.sections()); err != nil {
			return err
		}
	} else {
		inline{b: b, start: sc.Start, value: opt.Value}.signals(sc)
	}
	if err := encode(b, closingOf(sc)); err != nil {
		return err
	}
	return b.Flush()
}

// The header and closing types mirror docs/PACK_FORMAT.md field for field, in
// its order; the signal sections are written between them.

type header struct {
	Format        string    `yaml:"format"`
	ID            string    `yaml:"id"`
	Title         string    `yaml:"title"`
	Difficulty    int       `yaml:"difficulty"`
	TimeLimit     string    `yaml:"time_limit"`
	Tags          []string  `yaml:"tags,flow"`
	Start         string    `yaml:"start"`
	Duration      string    `yaml:"duration"`
	Briefing      string    `yaml:"briefing"`
	TracesSampled float64   `yaml:"traces_sampled,omitempty"`
	Hints         []string  `yaml:"hints"`
	Services      []service `yaml:"services"`
	Events        []event   `yaml:"events"`
}

type service struct {
	Name  string   `yaml:"name"`
	Calls []string `yaml:"calls,omitempty,flow"`
}

type event struct {
	At      string `yaml:"at"`
	ID      string `yaml:"id,omitempty"`
	Kind    string `yaml:"kind"`
	Service string `yaml:"service,omitempty"`
	Text    string `yaml:"text"`
}

type closing struct {
	Choices []choice `yaml:"choices"`
	Answer  *answer  `yaml:"answer,omitempty"`
}

type choice struct {
	ID   string `yaml:"id"`
	Text string `yaml:"text"`
}

type answer struct {
	Choice      string    `yaml:"choice"`
	Onset       string    `yaml:"onset"`
	Chain       []string  `yaml:"chain"`
	Evidence    []string  `yaml:"evidence"`
	Wrong       yaml.Node `yaml:"wrong"`
	RedHerrings []string  `yaml:"red_herrings,flow"`
	Debrief     string    `yaml:"debrief"`
	Proof       []proof   `yaml:"proof,omitempty"`
}

// proof is one answer.proof item: the step and one selector, each selector
// on one line (flow style), as an author writes it.
type proof struct {
	Step   int          `yaml:"step"`
	Event  string       `yaml:"event,omitempty"`
	Log    *logSelector `yaml:"log,omitempty,flow"`
	Metric *metricSel   `yaml:"metric,omitempty,flow"`
	Span   *spanSel     `yaml:"span,omitempty,flow"`
}

type logSelector struct {
	Service  string `yaml:"service,omitempty"`
	Contains string `yaml:"contains,omitempty"`
	Regex    string `yaml:"regex,omitempty"`
	From     string `yaml:"from,omitempty"`
	To       string `yaml:"to,omitempty"`
}

type metricSel struct {
	Service string `yaml:"service,omitempty"`
	Name    string `yaml:"name,omitempty"`
	From    string `yaml:"from,omitempty"`
	To      string `yaml:"to,omitempty"`
}

type spanSel struct {
	Service string `yaml:"service,omitempty"`
	Name    string `yaml:"name,omitempty"`
	Status  string `yaml:"status,omitempty"`
	From    string `yaml:"from,omitempty"`
	To      string `yaml:"to,omitempty"`
}

// proofOf writes an answer's proof items with times as offsets.
func proofOf(sc *game.Scenario) []proof {
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return Offset(sc.Start, t)
	}
	var out []proof
	for _, it := range sc.Answer.Proof {
		p := proof{Step: it.Step, Event: it.Event}
		if l := it.Log; l != nil {
			p.Log = &logSelector{l.Service, l.Contains, l.Regex, at(l.From), at(l.To)}
		}
		if m := it.Metric; m != nil {
			p.Metric = &metricSel{m.Service, m.Name, at(m.From), at(m.To)}
		}
		if s := it.Span; s != nil {
			p.Span = &spanSel{s.Service, s.Name, s.Status, at(s.From), at(s.To)}
		}
		out = append(out, p)
	}
	return out
}

func headerOf(sc *game.Scenario) header {
	h := header{Format: game.Format, ID: sc.ID, Title: sc.Title, Difficulty: sc.Difficulty,
		TimeLimit: Duration(sc.TimeLimit), Tags: sc.Tags, Start: sc.Start.Format(time.RFC3339),
		Duration: Duration(sc.Duration), Briefing: sc.Briefing, TracesSampled: sc.TracesSampled, Hints: sc.Hints}
	for _, s := range sc.Services {
		h.Services = append(h.Services, service(s))
	}
	for _, e := range sc.Events {
		h.Events = append(h.Events, event{Offset(sc.Start, e.At), e.ID, e.Kind, e.Service, e.Text})
	}
	return h
}

func closingOf(sc *game.Scenario) closing {
	var c closing
	for _, ch := range sc.Choices {
		c.Choices = append(c.Choices, choice(ch))
	}
	if a := sc.Answer; a != nil {
		c.Answer = &answer{Choice: a.Choice, Onset: Offset(sc.Start, a.Onset), Chain: a.Chain,
			Evidence: a.Evidence, Wrong: wrongNotes(sc), RedHerrings: a.RedHerrings, Debrief: a.Debrief, Proof: proofOf(sc)}
	}
	return c
}

// wrongNotes lists the answer's notes on wrong choices in the order the
// player sees the choices (any note on an id that is no choice last, by
// id, so that nothing is lost).
func wrongNotes(sc *game.Scenario) yaml.Node {
	n := yaml.Node{Kind: yaml.MappingNode}
	add := func(id string) {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: id},
			&yaml.Node{Kind: yaml.ScalarNode, Value: sc.Answer.Wrong[id]})
	}
	seen := map[string]bool{}
	for _, c := range sc.Choices {
		if _, ok := sc.Answer.Wrong[c.ID]; ok && !seen[c.ID] {
			seen[c.ID] = true
			add(c.ID)
		}
	}
	var rest []string
	for id := range sc.Answer.Wrong {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range rest {
		add(id)
	}
	return n
}

func encode(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Offset is t as the pack format's "+12m30s" from start, to the
// microsecond, written as a person would ("+6m", not "+6m0s").
func Offset(start, t time.Time) string {
	return "+" + Duration(t.Sub(start).Round(time.Microsecond))
}

// Duration is d as a Go duration without zero minutes or seconds: "45m",
// "1h", "1h0m30s".
func Duration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
