package pack

import (
	"time"

	"firedrill/game"
)

// events loads the change log: inline events, checked one by one, and
// event includes (Kubernetes events), read through the event sink.
func (l *loader) events(r *rawScenario, start time.Time) []game.Event {
	var out []game.Event
	seen := map[string]bool{}
	for i := range r.Events {
		e := &r.Events[i]
		if e.Include != "" {
			continue
		}
		ev := game.Event{At: l.when(e.At, start, "at", "events", i, "at"), ID: e.ID, Kind: e.Kind,
			Text: game.SanitizeLine(e.Text)}
		out = append(out, l.checkEvent(e, ev, i, seen))
	}
	for i := range r.Events {
		e := &r.Events[i]
		if e.Include == "" {
			continue
		}
		if e.At != "" || e.ID != "" || e.Kind != "" || e.Text != "" {
			l.fail("include", []any{"events", i}, "an include entry takes include, format and the format's options")
		}
		file := l.includeFormat(SectionEvents, i, e.Include, e.Format, &e.rawIncludeOpts, setNames("service", e.Service != "")...)
		if file == "" {
			continue
		}
		kinds := l.eventKinds(e.Kinds, i)
		l.clip = e.Clip
		events, sum := l.readK8sChanges(file, kinds)
		l.record(file, SectionEvents, e.Format, sum)
		out = append(out, events...)
	}
	if len(out) > MaxEvents {
		l.fail("events", []any{"events"}, "%d events; the limit is %d (MaxEvents)", len(out), MaxEvents)
		return nil
	}
	return out
}

// eventKinds checks an event include's kinds: map (reason -> kind).
func (l *loader) eventKinds(kinds map[string]string, i int) map[string]string {
	for _, reason := range sortedKeys(kinds) {
		if !validEventKind(kinds[reason]) {
			l.fail("kinds", []any{"events", i, "kinds", reason}, "%q is not one of deploy config flag scale alert note", short(kinds[reason]))
		}
	}
	return kinds
}

// setNames returns name when present: the extra options an include entry
// set outside rawIncludeOpts, for includeFormat.
func setNames(pairs ...any) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1].(bool) {
			out = append(out, pairs[i].(string))
		}
	}
	return out
}
