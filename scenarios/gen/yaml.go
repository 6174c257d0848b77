package main

import (
	"bytes"
	"time"

	"gopkg.in/yaml.v3"
)

// The y* types mirror PACK_FORMAT.md field for field, in its order, so the
// written files read like hand-written ones.

type yPack struct {
	Format      string   `yaml:"format"`
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	Version     string   `yaml:"version"`
	Author      string   `yaml:"author"`
	Description string   `yaml:"description"`
	Scenarios   []string `yaml:"scenarios"`
}

type yService struct {
	Name  string   `yaml:"name"`
	Calls []string `yaml:"calls,omitempty,flow"`
}

type yEvent struct {
	At      string `yaml:"at"`
	ID      string `yaml:"id,omitempty"`
	Kind    string `yaml:"kind"`
	Service string `yaml:"service,omitempty"`
	Text    string `yaml:"text"`
}

type yInclude struct {
	Include string `yaml:"include"`
	Format  string `yaml:"format"`
}

type yChoice struct {
	ID   string `yaml:"id"`
	Text string `yaml:"text"`
}

type yAnswer struct {
	Choice      string    `yaml:"choice"`
	Onset       string    `yaml:"onset"`
	Chain       []string  `yaml:"chain"`
	Evidence    []string  `yaml:"evidence"`
	Wrong       yaml.Node `yaml:"wrong"`
	RedHerrings []string  `yaml:"red_herrings,flow"`
	Debrief     string    `yaml:"debrief"`
}

type yScenario struct {
	Format        string     `yaml:"format"`
	ID            string     `yaml:"id"`
	Title         string     `yaml:"title"`
	Difficulty    int        `yaml:"difficulty"`
	TimeLimit     string     `yaml:"time_limit"`
	Tags          []string   `yaml:"tags,flow"`
	Start         string     `yaml:"start"`
	Duration      string     `yaml:"duration"`
	Briefing      string     `yaml:"briefing"`
	TracesSampled float64    `yaml:"traces_sampled,omitempty"`
	Hints         []string   `yaml:"hints"`
	Services      []yService `yaml:"services"`
	Events        []yEvent   `yaml:"events"`
	Logs          []yInclude `yaml:"logs"`
	Metrics       []yInclude `yaml:"metrics"`
	Traces        []yInclude `yaml:"traces"`
	Choices       []yChoice  `yaml:"choices"`
	Answer        yAnswer    `yaml:"answer"`
}

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		panic(err) // the types above always encode
	}
	return b.Bytes()
}

// scenarioYAML writes the scenario file; its signals are includes of the
// files under data/, named after the scenario.
func scenarioYAML(s *Script) []byte {
	y := yScenario{Format: "firedrill/v1", ID: s.ID, Title: s.Title, Difficulty: s.Difficulty,
		TimeLimit: s.TimeLimit, Tags: s.Tags, Start: s.Start.Format(time.RFC3339),
		Duration: shortDuration(time.Duration(s.Minutes) * time.Minute), Briefing: s.Briefing,
		TracesSampled: s.Sampled, Hints: s.Hints,
		Logs:    []yInclude{{"../data/" + s.ID + ".jsonl", "jsonl"}},
		Metrics: []yInclude{{"../data/" + s.ID + "-metrics.csv", "csv"}},
		Traces:  []yInclude{{"../data/" + s.ID + "-traces.json", "otlp-json"}},
	}
	for _, sv := range s.Services {
		y.Services = append(y.Services, yService{sv.Name, sv.Calls})
	}
	for _, e := range s.Events {
		y.Events = append(y.Events, yEvent{offset(e.At), e.ID, e.Kind, e.Svc, e.Text})
	}
	for _, c := range s.Choices {
		y.Choices = append(y.Choices, yChoice(c))
	}
	a := s.Answer
	y.Answer = yAnswer{Choice: a.Choice, Onset: offset(a.Onset), Chain: a.Chain, Evidence: a.Evidence,
		RedHerrings: a.RedHerrings, Debrief: a.Debrief}
	y.Answer.Wrong = yaml.Node{Kind: yaml.MappingNode}
	for _, w := range a.Wrong {
		y.Answer.Wrong.Content = append(y.Answer.Wrong.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: w[0]}, &yaml.Node{Kind: yaml.ScalarNode, Value: w[1]})
	}
	return marshal(y)
}
