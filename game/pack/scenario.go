package pack

import (
	"io/fs"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"firedrill/game"
)

// loader turns one decoded scenario file into a Scenario, collecting every
// problem with its position instead of stopping at the first.
type loader struct {
	fsys   fs.FS
	file   string
	root   *yaml.Node
	errs   []error
	failed int // calls to fail, shown or not
	budget *packBudget
	scope  scope

	// shared by the include readers of this scenario
	strs      stringArena
	attrArena attrArena
	keys      *interner
	attrKeys  map[string]*attrKey
	values    *interner
	levels    map[string]game.Level
}

func newLoader(fsys fs.FS, file string, root *yaml.Node, budget *packBudget) *loader {
	return &loader{fsys: fsys, file: file, root: root, budget: budget,
		keys: newInterner(1 << 12), attrKeys: map[string]*attrKey{}, values: newInterner(1 << 12), levels: map[string]game.Level{}}
}

// maxErrorsPerFile keeps a file with a hundred thousand bad entries from
// printing a hundred thousand lines; the rest are counted.
const maxErrorsPerFile = 200

// fail records an error at the node found by walking keys from the root.
func (l *loader) fail(field string, keys []any, format string, args ...any) {
	if l.failed++; l.failed > maxErrorsPerFile {
		return
	}
	l.errs = append(l.errs, errorf(l.file, lineOf(l.root, keys...), field, format, args...))
}

// closeErrors adds the count of errors that fail left out.
func (l *loader) closeErrors() {
	if n := l.failed - maxErrorsPerFile; n > 0 {
		l.errs = append(l.errs, errorf(l.file, 0, "", "%d more errors in this file not shown", n))
	}
}

func (l *loader) when(s string, start time.Time, field string, keys ...any) time.Time {
	t, err := parseWhen(s, start)
	if err != nil {
		l.fail(field, keys, "%v", err)
	}
	return t
}

func (l *loader) duration(s, field string, keys ...any) time.Duration {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	switch {
	case s == "":
		l.fail(field, keys, "missing: want a Go duration such as 15m or 250ms")
	case err != nil:
		l.fail(field, keys, "bad duration %q: want a Go duration such as 15m or 250ms", short(s))
	}
	return d
}

func (l *loader) scenario(r *rawScenario) *game.Scenario {
	s := &game.Scenario{ID: r.ID, Title: game.SanitizeLine(r.Title), Difficulty: r.Difficulty,
		Briefing: game.Sanitize(r.Briefing), File: l.file}
	s.TimeLimit = l.duration(r.TimeLimit, "time_limit", "time_limit")
	s.Duration = l.duration(r.Duration, "duration", "duration")
	start, err := time.Parse(time.RFC3339Nano, r.Start)
	switch {
	case r.Start == "":
		l.fail("start", []any{"start"}, "missing: want an RFC 3339 time such as 2025-08-20T14:00:00Z")
	case err != nil:
		l.fail("start", []any{"start"}, "bad time %q: want RFC 3339", short(r.Start))
	}
	s.Start = start.UTC()
	for _, t := range r.Tags {
		s.Tags = append(s.Tags, game.SanitizeLine(t))
	}
	for _, h := range r.Hints {
		s.Hints = append(s.Hints, game.Sanitize(h))
	}
	if r.TracesSampled != nil {
		s.TracesSampled = *r.TracesSampled
	}
	l.scope = scope{start: s.Start, end: s.End(), services: map[string]bool{}, traces: map[string]bool{},
		sampled: r.TracesSampled != nil}
	if err != nil {
		l.scope.start = time.Time{} // no window to check against
	}
	for _, sv := range r.Services {
		s.Services = append(s.Services, game.Service{Name: game.SanitizeLine(sv.Name), Calls: sv.Calls})
		l.scope.services[sv.Name] = true
	}
	l.checkHeader(r, s)
	l.checkServices(r)
	for i, e := range r.Events {
		s.Events = append(s.Events, game.Event{At: l.when(e.At, s.Start, "at", "events", i, "at"),
			ID: e.ID, Kind: e.Kind, Service: e.Service, Text: game.SanitizeLine(e.Text)})
	}
	l.checkEvents(r, s.Events)
	s.Traces = l.traces(r.Traces, s.Start)
	game.IndexTraces(s)
	s.Metrics = l.metrics(r.Metrics, s.Start)
	s.Logs = l.logs(r.Logs, s.Start)
	for _, c := range r.Choices {
		s.Choices = append(s.Choices, game.Choice{ID: c.ID, Text: game.SanitizeLine(c.Text)})
	}
	l.checkChoices(r)
	if a := r.Answer; a != nil {
		s.Answer = &game.Answer{Choice: a.Choice, Chain: game.SanitizeAll(a.Chain), Evidence: game.SanitizeAll(a.Evidence),
			RedHerrings: a.RedHerrings, Debrief: game.Sanitize(a.Debrief), Wrong: map[string]string{}}
		if a.Onset != "" {
			s.Answer.Onset = l.when(a.Onset, s.Start, "onset", "answer", "onset")
		}
		for k, v := range a.Wrong {
			s.Answer.Wrong[k] = game.Sanitize(v)
		}
		s.Answer.Proof = l.proof(a.Proof, s)
	}
	l.checkAnswer(r, s)
	sortLogs(s.Logs)
	sortEvents(s.Events)
	game.IndexLogs(s)
	return s
}

// traces loads inline traces and OTLP includes, and records every trace id
// in the scope so that log lines can be checked against them.
func (l *loader) traces(raw []rawTrace, start time.Time) []*game.Trace {
	var out []*game.Trace
	spanBudget := MaxSpans
	ids := map[string]bool{}
	for i, t := range raw {
		if t.Include != "" {
			if t.ID != "" || t.Spans != nil {
				l.fail("include", []any{"traces", i}, "an include entry takes only include and format")
			}
			file := l.include(t.Include, t.Format, FormatOTLPJSON, "traces", i)
			if file == "" {
				continue
			}
			for _, tr := range l.readOTLP(file, &spanBudget) {
				if ids[tr.ID] {
					l.fail("include", []any{"traces", i, "include"}, "trace %s in %s is also defined elsewhere in the scenario", tr.ID, file)
				}
				if id, cyc := parentCycle(tr.Spans); cyc {
					l.fail("include", []any{"traces", i, "include"}, "trace %s in %s: span %s is its own ancestor", tr.ID, file, id)
				}
				ids[tr.ID] = true
				out = append(out, tr)
			}
			continue
		}
		if t.Format != "" || t.Spans == nil && t.ID == "" {
			l.fail("include", []any{"traces", i}, "a trace is either id and spans, or include and format")
		}
		spans := make([]game.Span, 0, len(t.Spans))
		for j, sp := range t.Spans {
			spans = append(spans, game.Span{ID: game.SanitizeLine(sp.ID), Parent: game.SanitizeLine(sp.Parent), Service: sp.Service,
				Name: game.SanitizeLine(sp.Name), At: l.when(sp.At, start, "at", "traces", i, "spans", j, "at"),
				Dur: l.duration(sp.Dur, "dur", "traces", i, "spans", j, "dur"), Error: sp.Status == "error",
				Attrs: attrsFromMap(sp.Attrs)})
		}
		l.checkTrace(&t, spans, i, ids)
		if spanBudget -= len(spans); spanBudget < 0 {
			l.fail("spans", []any{"traces", i}, "more than %d spans in the scenario (MaxSpans)", MaxSpans)
			return nil
		}
		out = append(out, game.NewTrace(game.SanitizeLine(t.ID), spans))
	}
	for _, t := range out {
		l.scope.traces[t.ID] = true
	}
	return out
}

// metrics loads inline series and CSV includes, in file order.
func (l *loader) metrics(raw []rawMetric, start time.Time) []*game.Series {
	var out []*game.Series
	for i, m := range raw {
		if m.Include != "" {
			if m.Name != "" || m.Service != "" || m.Unit != "" || m.Step != "" || m.From != "" || m.Values != nil {
				l.fail("include", []any{"metrics", i}, "an include entry takes only include and format")
			}
			if file := l.include(m.Include, m.Format, FormatCSV, "metrics", i); file != "" {
				out = append(out, l.readMetricsCSV(file)...)
			}
			continue
		}
		from := start
		if m.From != "" {
			from = l.when(m.From, start, "from", "metrics", i, "from")
		}
		step := l.duration(m.Step, "step", "metrics", i, "step")
		sr := game.NewSeries(game.SanitizeLine(m.Name), m.Service, game.SanitizeLine(m.Unit), from, step, m.Values)
		l.checkSeries(&m, sr, i)
		out = append(out, sr)
	}
	return out
}

// logs loads inline lines and includes into one slice, sized once: the
// include files are counted first, so a million lines never reallocate.
func (l *loader) logs(raw []rawLog, start time.Time) []game.LogLine {
	files := make([]string, len(raw))
	total := 0
	for i, lg := range raw {
		if lg.Include == "" {
			total++
			continue
		}
		l.checkLogInclude(&lg, i)
		file := l.includePath(lg.Include, "logs", i, "include")
		switch lg.Format {
		case FormatJSONL, FormatLogfmt, FormatText:
		default:
			l.fail("format", []any{"logs", i, "format"}, "%q: log includes are jsonl, logfmt or text", short(lg.Format))
			continue
		}
		if file == "" {
			continue
		}
		n, err := l.countLines(file)
		if err != nil {
			l.errs = append(l.errs, err)
			continue
		}
		files[i], total = file, total+n
	}
	if total > MaxLogLines {
		l.fail("logs", []any{"logs"}, "%d log lines; the limit is %d (MaxLogLines)", total, MaxLogLines)
		return nil
	}
	out := make([]game.LogLine, 0, total)
	for i, lg := range raw {
		switch {
		case lg.Include == "":
			out = append(out, l.inlineLog(&lg, i, start))
		case files[i] == "":
		default:
			l.readLogInclude(files[i], lg.Format, lg.Service, &out)
		}
	}
	return out
}

func (l *loader) inlineLog(lg *rawLog, i int, start time.Time) game.LogLine {
	lv, ok := game.ParseLevel(lg.Level)
	line := game.LogLine{At: l.when(lg.At, start, "at", "logs", i, "at"), Service: lg.Service, Level: lv,
		Msg: game.SanitizeLine(lg.Msg), Trace: game.SanitizeLine(lg.Trace), Attrs: attrsFromMap(lg.Attrs)}
	l.checkInlineLog(lg, &line, ok, i)
	return line
}

// sortEvents orders the change log by time, file order breaking ties. (A
// pack may hold up to MaxListEntries events, so no quadratic sort.)
func sortEvents(ev []game.Event) {
	slices.SortStableFunc(ev, func(a, b game.Event) int { return a.At.Compare(b.At) })
}

func validatePackHeader(file string, root *yaml.Node, r *rawPack) []error {
	var errs []error
	if r.Format != game.Format {
		errs = append(errs, errorf(file, lineOf(root, "format"), "format", "is %q; want %q", short(r.Format), game.Format))
	}
	if !game.ValidID(r.ID) {
		errs = append(errs, errorf(file, lineOf(root, "id"), "id", "%q must match [a-z0-9-]{1,64}", short(r.ID)))
	}
	if r.Title == "" {
		errs = append(errs, errorf(file, lineOf(root, "title"), "title", "missing: the picker shows it"))
	}
	if len(r.Scenarios) == 0 {
		errs = append(errs, errorf(file, lineOf(root, "scenarios"), "scenarios", "a pack needs at least one scenario"))
	}
	return errs
}

// uniqueScenarioIDs reports a scenario id used twice; idLines[i] is the
// line of ss[i]'s id field.
func uniqueScenarioIDs(ss []*game.Scenario, idLines []int) []error {
	var errs []error
	seen := map[string]string{}
	for i, s := range ss {
		if prev, dup := seen[s.ID]; dup {
			errs = append(errs, errorf(s.File, idLines[i], "id", "%q is also the id of %s", s.ID, prev))
		}
		seen[s.ID] = s.File
	}
	return errs
}
