package pack

import (
	"math"
	"time"
	"unicode"

	"firedrill/game"
)

// The validator: every rule of docs/PACK_FORMAT.md "Rules a validator enforces"
// that a scenario file can break, each reported at the line of the YAML
// node at fault, all at once. Include lines are held to the same rules by
// the include readers (include_logs.go and friends), at their own lines.

// maxServiceName bounds a service name in bytes.
const maxServiceName = 128

// validServiceName says whether s may name a service. Names come from real
// telemetry (kube-system/coredns, redis:6379, user@1000.service,
// com.example.Billing), so any printable text is allowed but spaces: a
// name is one word in filters and in free text.
func validServiceName(s string) bool {
	if s == "" || len(s) > maxServiceName || game.SanitizeLine(s) != s {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// checkID reports an id that breaks the pattern or repeats one in seen.
// An empty id is only legal where optional is set.
func (l *loader) checkID(id string, seen map[string]bool, what string, optional bool, keys ...any) {
	switch {
	case id == "" && optional:
		return
	case !game.ValidID(id):
		l.fail("id", keys, "%q must match [a-z0-9-]{1,64}", short(id))
	case seen[id]:
		l.fail("id", keys, "%q is already the id of another %s", id, what)
	}
	seen[id] = true
}

// checkService reports a service reference that names no declared service
// and returns the declared name it stands for (an alias resolves to it).
func (l *loader) checkService(name, field string, required bool, keys ...any) string {
	canonical, ok := l.scope.service(name)
	switch {
	case name == "" && !required:
	case name == "":
		l.fail(field, keys, "missing: name one of the declared services")
	case !ok:
		l.fail(field, keys, "%q is not declared in services", short(name))
	}
	return canonical
}

// checkWhen reports a time outside the scenario's window. A zero time was
// already reported as unparsable.
func (l *loader) checkWhen(t time.Time, field string, keys ...any) {
	if t.IsZero() || l.scope.start.IsZero() {
		return
	}
	if err := l.scope.checkTime(t); err != nil {
		l.fail(field, keys, "%v", err)
	}
}

func (l *loader) checkHeader(r *rawScenario, s *game.Scenario) {
	if r.Format != game.Format {
		l.fail("format", []any{"format"}, "is %q; want %q", short(r.Format), game.Format)
	}
	if !game.ValidID(r.ID) {
		l.fail("id", []any{"id"}, "%q must match [a-z0-9-]{1,64}", short(r.ID))
	}
	if r.Title == "" {
		l.fail("title", []any{"title"}, "missing")
	}
	if r.Difficulty < 1 || r.Difficulty > 5 {
		l.fail("difficulty", []any{"difficulty"}, "is %d; want 1 (warm-up) to 5 (nightmare)", r.Difficulty)
	}
	if s.TimeLimit <= 0 && r.TimeLimit != "" && l.parsed(r.TimeLimit) {
		l.fail("time_limit", []any{"time_limit"}, "is %v; want more than 0", s.TimeLimit)
	}
	if s.Duration <= 0 && r.Duration != "" && l.parsed(r.Duration) {
		l.fail("duration", []any{"duration"}, "is %v; want more than 0", s.Duration)
	}
	if r.TracesSampled != nil {
		if f := *r.TracesSampled; !(f > 0 && f <= 1) || math.IsNaN(f) {
			l.fail("traces_sampled", []any{"traces_sampled"}, "is %v; want a fraction in (0, 1]", f)
		}
	}
	if n := len(r.Choices); n < MinChoices || n > MaxChoices {
		l.fail("choices", []any{"choices"}, "%d choices; want %d to %d", n, MinChoices, MaxChoices)
	}
}

// parsed reports whether s is a valid duration (a bad one was reported).
func (l *loader) parsed(s string) bool {
	_, err := time.ParseDuration(s)
	return err == nil
}

func (l *loader) checkServices(r *rawScenario) {
	if len(r.Services) == 0 {
		l.fail("services", []any{"services"}, "declare at least one service")
	}
	seen := map[string]bool{}
	name := func(n, field string, keys ...any) {
		switch {
		case !validServiceName(n):
			l.fail(field, keys, "%q is not a service name: 1 to %d printable characters, no spaces", short(n), maxServiceName)
		case seen[n]:
			l.fail(field, keys, "service %q is declared twice", short(n))
		}
		seen[n] = true
	}
	for i, sv := range r.Services {
		name(sv.Name, "name", "services", i, "name")
		for j, a := range sv.Aliases {
			name(a, "aliases", "services", i, "aliases", j)
		}
	}
	for i, sv := range r.Services {
		for j, c := range sv.Calls {
			l.checkService(c, "calls", true, "services", i, "calls", j)
		}
	}
}

// checkEvent checks inline event i and returns it with its service
// resolved to the declared name; seen collects event ids.
func (l *loader) checkEvent(e *rawEvent, ev game.Event, i int, seen map[string]bool) game.Event {
	if e.Format != "" || len(e.rawIncludeOpts.set()) > 0 {
		l.fail("format", []any{"events", i}, "format and include options go with include")
	}
	l.checkID(e.ID, seen, "event", true, "events", i, "id")
	if !validEventKind(e.Kind) {
		l.fail("kind", []any{"events", i, "kind"}, "%q is not one of deploy config flag scale alert note", short(e.Kind))
	}
	ev.Service = l.checkService(e.Service, "service", false, "events", i, "service")
	l.checkWhen(ev.At, "at", "events", i, "at")
	if e.Text == "" {
		l.fail("text", []any{"events", i}, "missing")
	}
	return ev
}

func validEventKind(kind string) bool {
	switch kind {
	case game.EventDeploy, game.EventConfig, game.EventFlag, game.EventScale, game.EventAlert, game.EventNote:
		return true
	}
	return false
}

func (l *loader) checkChoices(r *rawScenario) {
	seen := map[string]bool{}
	for i, c := range r.Choices {
		l.checkID(c.ID, seen, "choice", false, "choices", i, "id")
		if c.Text == "" {
			l.fail("text", []any{"choices", i}, "missing")
		}
	}
}

func (l *loader) checkAnswer(r *rawScenario, s *game.Scenario) {
	a := r.Answer
	if a == nil {
		return
	}
	choice := func(id string) bool { _, ok := s.Choice(id); return ok }
	if !choice(a.Choice) && !isTODO(a.Choice) {
		l.fail("choice", []any{"answer", "choice"}, "%q names no choice", short(a.Choice))
	}
	for _, k := range sortedKeys(a.Wrong) {
		if !choice(k) {
			l.fail("wrong", []any{"answer", "wrong", k}, "%q names no choice", short(k))
		}
	}
	events := map[string]bool{}
	for _, e := range r.Events {
		events[e.ID] = e.ID != ""
	}
	for j, id := range a.RedHerrings {
		if !choice(id) && !events[id] && !l.hasService(id) {
			l.fail("red_herrings", []any{"answer", "red_herrings", j}, "%q names no service, event id or choice", short(id))
		}
	}
	if s.Answer != nil {
		l.checkWhen(s.Answer.Onset, "onset", "answer", "onset")
	}
}

// hasService says whether name is a declared service or an alias of one.
func (l *loader) hasService(name string) bool {
	_, ok := l.scope.service(name)
	return ok
}
