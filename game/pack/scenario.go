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
	strs     stringArena
	keys     *interner
	attrKeys map[string]string
	levels   map[string]game.Level

	// clip is the clip option of the include being read; clipped counts
	// the signals it left out, for the include's summary.
	clip    bool
	clipped int
	// splits says where countLines cut each big include (include_parallel.go)
	splits map[string]fileSplits
	// memNeed is the memory the includes are estimated to take; memChurn
	// says one of them leaves garbage as it is read (memory.go)
	memNeed  int64
	memChurn bool
}

func newLoader(fsys fs.FS, file string, root *yaml.Node, budget *packBudget) *loader {
	return &loader{fsys: fsys, file: file, root: root, budget: budget,
		keys: newInterner(1 << 12), attrKeys: map[string]string{}, levels: map[string]game.Level{}}
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
	l.scope = scope{start: s.Start, end: s.End(), services: map[string]string{}, traces: map[string]bool{},
		sampled: r.TracesSampled != nil}
	if err != nil {
		l.scope.start = time.Time{} // no window to check against
	}
	for _, sv := range r.Services {
		l.scope.services[sv.Name] = sv.Name
		for _, a := range sv.Aliases {
			if _, taken := l.scope.services[a]; !taken {
				l.scope.services[a] = sv.Name
			}
		}
	}
	l.checkHeader(r, s)
	l.checkServices(r)
	for _, sv := range r.Services {
		calls := make([]string, 0, len(sv.Calls))
		for _, c := range sv.Calls {
			if canonical, ok := l.scope.service(c); ok {
				calls = append(calls, canonical)
			}
		}
		s.Services = append(s.Services, game.Service{Name: game.SanitizeLine(sv.Name), Calls: calls})
	}
	if err := l.checkMemory(r); err != nil {
		l.errs = append(l.errs, err) // refused before any include is read
		return s
	}
	loosen := func() {}
	if l.memNeed >= gcPauseMin {
		loosen = tightGC() // their readers drop most of what they decode (gcpause.go)
	}
	s.Events = l.events(r, s.Start)
	s.Traces = l.traces(r.Traces, s.Start)
	game.IndexTraces(s)
	s.Metrics = l.metrics(r.Metrics, s.Start)
	loosen()
	// Only the logs are read with the collector paused: their readers make
	// next to no garbage (gcpause.go), but the trace and metric readers
	// decode JSON records that are dropped once copied, many times the
	// bytes they keep, which a paused collector would leave in memory; so
	// does the OTLP log reader (memChurn: memoryChurns in memory.go).
	if l.memNeed >= gcPauseMin && !l.memChurn {
		defer pauseGC(l.memNeed, l.budget.memory())()
	}
	s.Logs = l.logs(r.Logs, s.Start)
	for _, c := range r.Choices {
		s.Choices = append(s.Choices, game.Choice{ID: c.ID, Text: game.SanitizeLine(c.Text)})
	}
	l.checkChoices(r)
	if a := r.Answer; a != nil {
		s.Answer = &game.Answer{Choice: a.Choice, Chain: game.SanitizeAll(a.Chain), Evidence: game.SanitizeAll(a.Evidence),
			RedHerrings: a.RedHerrings, Debrief: game.Sanitize(a.Debrief), Wrong: map[string]string{}}
		if a.Onset != "" && !isTODO(a.Onset) {
			s.Answer.Onset = l.when(a.Onset, s.Start, "onset", "answer", "onset")
		}
		for k, v := range a.Wrong {
			s.Answer.Wrong[k] = game.Sanitize(v)
		}
		s.Answer.Proof = l.proof(a.Proof, s)
	}
	l.checkAnswer(r, s)
	l.checkTODO(r)
	sortEvents(s.Events)
	game.IndexLogs(s)
	return s
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
