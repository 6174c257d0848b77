package pack

import (
	"fmt"
	"strings"

	"firedrill/game"
)

// IncludeSummary says what one include file gave the scenario that names
// it; `pack validate` prints one per include, so an author sees that
// traces.json held 312 spans, not zero.
type IncludeSummary struct {
	Scenario string // the scenario file that names the include
	File     string // the include file
	Section  string // logs, metrics, traces or events
	Format   string

	Lines           int // log lines
	Spans, Traces   int
	Duplicates      int // spans exported twice with identical content, dropped
	Series, Samples int // metric series and the samples they hold (gaps excluded)
	Gaps            int // empty slots between samples
	Merged          int // samples that snapped into a slot already taken (the later kept)
	Events          int // change events
	Clipped         int // signals outside the scenario window, left out (clip)
}

// String is the summary line: "data/traces.json: 312 spans in 41 traces".
func (s IncludeSummary) String() string {
	var what string
	switch s.Section {
	case SectionTraces:
		what = fmt.Sprintf("%s in %s", count(s.Spans, "span"), count(s.Traces, "trace"))
		if s.Duplicates > 0 {
			what += fmt.Sprintf(" (%s exported twice, dropped)", count(s.Duplicates, "identical span"))
		}
	case SectionMetrics:
		what = fmt.Sprintf("%s, %s", count(s.Series, "series"), count(s.Samples, "sample"))
		var notes []string
		if s.Gaps > 0 {
			notes = append(notes, count(s.Gaps, "gap"))
		}
		if s.Merged > 0 {
			notes = append(notes, fmt.Sprintf("%s snapped into a taken slot", count(s.Merged, "sample")))
		}
		if len(notes) > 0 {
			what += " (" + strings.Join(notes, ", ") + ")"
		}
	case SectionEvents:
		what = count(s.Events, "event")
	default:
		what = count(s.Lines, "log line")
	}
	if s.Clipped > 0 {
		what += fmt.Sprintf(" (%d outside the window, clipped)", s.Clipped)
	}
	return fmt.Sprintf("%s: %s (%s)", s.File, what, s.Format)
}

func count(n int, noun string) string {
	if n == 1 || strings.HasSuffix(noun, "series") {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// record keeps what an include gave, for OpenReport.
func (l *loader) record(file, section, format string, s *IncludeSummary) {
	clipped := l.clipped
	l.clip, l.clipped = false, 0
	if l.budget.summaries == nil || s == nil {
		return
	}
	s.Clipped = clipped
	s.Scenario, s.File, s.Section, s.Format = l.file, file, section, format
	*l.budget.summaries = append(*l.budget.summaries, *s)
}

// formatWants says, per format, what a file of it holds: the end of "no
// log lines in this file: want …".
var formatWants = map[string]string{
	FormatJSONL:          "JSON objects, one a line, or a JSON document of them",
	FormatJournald:       "journalctl -o json (or json-pretty) output",
	FormatLogfmt:         "key=value lines",
	FormatText:           "lines of <time> <LEVEL> <service> <message>",
	FormatOTLPJSON:       `an OTLP/JSON export: {"resourceLogs": [...]} or {"resourceSpans": [...]}`,
	FormatLokiJSON:       `a Loki query_range response: {"data": {"resultType": "streams", "result": [...]}}`,
	FormatK8sEvents:      `kubectl get events -o json: {"kind": "EventList", "items": [...]}`,
	FormatAccessLog:      "nginx or Apache access log lines (common or combined format)",
	FormatSyslog:         "syslog lines (RFC 5424 or BSD RFC 3164)",
	FormatJaegerJSON:     `a Jaeger query or UI export: {"data": [{"traceID": ..., "spans": [...]}]}`,
	FormatZipkinJSON:     "a Zipkin v2 JSON list of spans",
	FormatPrometheusJSON: `a Prometheus query or query_range response: {"data": {"resultType": "matrix", "result": [...]}}`,
	FormatCSV:            "a header row time,service,name,value[,unit] and one sample a row",
}

// noSignals reports a structured include of section that yielded nothing.
// seen says whether the file had the format's key at all: without it the
// file is of another shape, and Detect says which when it can.
func noSignals(errs *includeErrors, data []byte, seen bool, section, format, key, what string) {
	noSignalsAt(errs, lineAt(data, skipWS(data, 0)), data, seen, section, format, key, what)
}

// noSignalsAt is noSignals for a file not held whole: line is where its
// first value starts, head its first DetectHead bytes (or more).
func noSignalsAt(errs *includeErrors, line int, head []byte, seen bool, section, format, key, what string) {
	if seen {
		errs.add(line, "", "no %s in this file: its %s hold none", what, key)
		return
	}
	errs.add(line, "", "no %s in this file: %s", key, wrongShape(head, errs.file, section, format))
}

// wrongShape says what a file of format should hold and, when Detect can
// tell, what this one looks like instead.
func wrongShape(data []byte, file, section, format string) string {
	msg := "want " + formatWants[format]
	d, err := Detect(data[:min(len(data), DetectHead)], file)
	switch {
	case err != nil:
		msg += "; " + game.SanitizeLine(err.Error())
	case d.Format != format || d.Section != section:
		msg += fmt.Sprintf("; this looks like %s (%s, format: %s)", d.Kind, d.Section, d.Format)
	}
	return msg
}
