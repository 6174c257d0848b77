package pack

import (
	"io/fs"
	"time"

	"gopkg.in/yaml.v3"

	"firedrill/game"
)

// Survey is what one export file holds, read by its include reader with no
// scenario around it: `pack import` learns from it the services, calls,
// time window and change events of the scenario it drafts.
type Survey struct {
	Summary IncludeSummary
	Logs    *game.LogStore
	Metrics []*game.Series
	Traces  []*game.Trace
	Events  []game.Event
}

// SurveyFile reads file of fsys as an include of the kind Detect found,
// through the same reader and checks a scenario's include gets, except
// that there is no window and every service name a record gives counts as
// declared. service is the default service for records that name none;
// ref stands in for the scenario's start where a format needs one (the
// year of a BSD syslog time). Errors are the reader's, at file:line.
func SurveyFile(fsys fs.FS, file string, d Detected, service string, ref time.Time) (*Survey, []error) {
	var sums []IncludeSummary
	budget := newBudget()
	budget.summaries = &sums
	l := newLoader(regularFS{fsys}, "import.yaml", &yaml.Node{Kind: yaml.MappingNode}, budget)
	if d.Format == FormatCSV {
		ref = time.Time{} // "+10s" rows have no start to count from: they land before 1970, which import refuses
	}
	l.scope = scope{start: ref, services: map[string]string{}, traces: map[string]bool{}, sampled: true, open: true}
	sv := &Survey{}
	opts := rawIncludeOpts{Preset: d.Preset}
	switch d.Section {
	case SectionLogs:
		sv.Logs = l.logs([]rawLog{{Include: file, Format: d.Format, Service: service, rawIncludeOpts: opts}}, ref)
	case SectionMetrics:
		m := rawMetric{Include: file, Format: d.Format, rawIncludeOpts: opts}
		if d.Format == FormatPrometheusJSON {
			m.Service = service
		}
		sv.Metrics = l.metrics([]rawMetric{m}, ref)
	case SectionTraces:
		sv.Traces = l.traces([]rawTrace{{Include: file, Format: d.Format, rawIncludeOpts: opts}}, ref)
	case SectionEvents:
		sv.Events = l.events(&rawScenario{Events: []rawEvent{{Include: file, Format: d.Format, rawIncludeOpts: opts}}}, ref)
		sortEvents(sv.Events)
	default:
		return nil, []error{errorf(file, 0, "", "no include section %q", d.Section)}
	}
	l.closeErrors()
	if len(l.errs) > 0 {
		sortErrors(file, l.errs)
		return nil, l.errs
	}
	if len(sums) > 0 {
		sv.Summary = sums[0]
	}
	return sv, nil
}
