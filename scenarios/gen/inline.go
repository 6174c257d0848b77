package main

import (
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// The inline form writes a scenario's signals into its YAML instead of
// including data files: a fallback for loaders that read no includes.

type yLog struct {
	At      string            `yaml:"at"`
	Service string            `yaml:"service"`
	Level   string            `yaml:"level"`
	Msg     string            `yaml:"msg"`
	Trace   string            `yaml:"trace,omitempty"`
	Attrs   map[string]string `yaml:"attrs,omitempty,flow"`
}

type yMetric struct {
	Name    string     `yaml:"name"`
	Service string     `yaml:"service"`
	Unit    string     `yaml:"unit"`
	Step    string     `yaml:"step"`
	Values  []*float64 `yaml:"values,flow"`
}

type ySpan struct {
	ID      string            `yaml:"id"`
	Parent  string            `yaml:"parent,omitempty"`
	Service string            `yaml:"service"`
	Name    string            `yaml:"name"`
	At      string            `yaml:"at"`
	Dur     string            `yaml:"dur"`
	Status  string            `yaml:"status"`
	Attrs   map[string]string `yaml:"attrs,omitempty,flow"`
}

type yTrace struct {
	ID    string  `yaml:"id"`
	Spans []ySpan `yaml:"spans"`
}

func inlineYAML(s *Script, lines []logLine, values [][]string, doc otlpDoc) []byte {
	var y map[string]any
	if err := yaml.Unmarshal(scenarioYAML(s), &y); err != nil {
		panic(err)
	}
	var logs []yLog
	for _, l := range lines {
		attrs := map[string]string{"pod": l.pod}
		if l.reqID != "" {
			attrs["request_id"] = l.reqID
		}
		for i := 0; i+1 < len(l.extra); i += 2 {
			attrs[l.extra[i]] = l.extra[i+1]
		}
		logs = append(logs, yLog{At: "+" + l.at.Sub(s.Start).String(), Service: l.svc, Level: l.level, Msg: l.msg, Trace: l.traceID, Attrs: attrs})
	}
	var metrics []yMetric
	for k, mt := range s.Metrics {
		ym := yMetric{Name: mt.Name, Service: mt.Svc, Unit: mt.Unit, Step: (time.Duration(s.Step) * time.Second).String()}
		for _, v := range values[k] {
			if v == "" {
				ym.Values = append(ym.Values, nil)
				continue
			}
			f, _ := strconv.ParseFloat(v, 64)
			ym.Values = append(ym.Values, &f)
		}
		metrics = append(metrics, ym)
	}
	byTrace := map[string]*yTrace{}
	var traces []*yTrace
	for _, r := range doc.ResourceSpans {
		svc := r.Resource.Attributes[0].Value.StringValue
		for _, sp := range r.ScopeSpans[0].Spans {
			t := byTrace[sp.TraceID]
			if t == nil {
				t = &yTrace{ID: sp.TraceID}
				byTrace[sp.TraceID] = t
				traces = append(traces, t)
			}
			st, _ := strconv.ParseInt(sp.Start, 10, 64)
			en, _ := strconv.ParseInt(sp.End, 10, 64)
			ys := ySpan{ID: sp.SpanID, Parent: sp.ParentSpanID, Service: svc, Name: sp.Name,
				At: "+" + time.Unix(0, st).UTC().Sub(s.Start).String(), Dur: time.Duration(en - st).String(), Status: "ok"}
			if sp.Status.Code == 2 {
				ys.Status = "error"
			}
			for _, a := range sp.Attributes {
				if ys.Attrs == nil {
					ys.Attrs = map[string]string{}
				}
				ys.Attrs[a.Key] = a.Value.StringValue
			}
			t.Spans = append(t.Spans, ys)
		}
	}
	y["logs"], y["metrics"], y["traces"] = logs, metrics, traces
	return marshal(y)
}
