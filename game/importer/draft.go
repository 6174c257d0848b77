package importer

import (
	"regexp"
	"sort"
	"strconv"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
)

// draft is what the scenario says beyond its includes: the window, the
// services and who calls whom, proposed change events, and the suspects
// the answer's comments name.
type draft struct {
	start    time.Time
	duration time.Duration
	services []serviceCalls
	changes  []game.Event // proposed from log lines, with ids
	sampled  float64      // traces_sampled, or 0 when every named trace is there
	errors   []suspect    // services by their error signals, most first
	errorLog *game.LogLine
}

type serviceCalls struct {
	name  string
	calls []string
}

type suspect struct {
	service string
	errors  int
}

// window bounds what counts: since and until when given (zero: open).
type window struct{ since, until time.Time }

func (w window) in(t time.Time) bool {
	return (w.since.IsZero() || !t.Before(w.since)) && (w.until.IsZero() || !t.After(w.until))
}

// times calls fn with the time of every signal of in that lies in w.
func (w window) times(in *input, fn func(time.Time)) {
	sv := in.survey
	each := func(t time.Time) {
		if w.in(t) {
			fn(t)
		}
	}
	for i := range sv.Logs.Len() {
		each(sv.Logs.At(i))
	}
	for _, s := range sv.Metrics {
		for i := 0; i < s.Len(); i++ {
			if _, ok := s.At(i); ok {
				each(s.TimeAt(i))
			}
		}
	}
	for _, t := range sv.Traces {
		for i := range t.Spans {
			each(t.Spans[i].At)
		}
	}
	for i := range sv.Events {
		each(sv.Events[i].At)
	}
}

// earliest is the first signal time of a survey.
func earliest(sv *pack.Survey) (time.Time, bool) {
	var first time.Time
	window{}.times(&input{survey: sv}, func(t time.Time) {
		if first.IsZero() || t.Before(first) {
			first = t
		}
	})
	return first, !first.IsZero()
}

// makeDraft works the scenario out from the inputs that hold signals in w.
func makeDraft(ins []*input, w window) *draft {
	d := &draft{}
	var lo, hi time.Time
	for _, in := range ins {
		w.times(in, func(t time.Time) {
			if lo.IsZero() || t.Before(lo) {
				lo = t
			}
			if hi.IsZero() || t.After(hi) {
				hi = t
			}
		})
	}
	d.start = lo.Truncate(time.Minute)
	if !w.since.IsZero() {
		d.start = w.since
	}
	end := hi
	if !w.until.IsZero() {
		end = w.until
	}
	d.duration = end.Sub(d.start)
	if r := d.duration % time.Minute; r != 0 {
		d.duration += time.Minute - r
	}
	if d.duration < time.Minute {
		d.duration = time.Minute
	}
	d.services = servicesOf(ins, w)
	d.changes = proposeChanges(ins, w)
	d.sampled = sampledFraction(ins, w)
	d.errors, d.errorLog = suspects(ins, w)
	return d
}

// servicesOf lists every service a log line, sample, span or event in w names,
// with the calls parent/child spans show, sorted by name.
func servicesOf(ins []*input, w window) []serviceCalls {
	names := map[string]bool{}
	calls := map[string]map[string]bool{}
	for _, in := range ins {
		sv := in.survey
		for i := range sv.Logs.Len() {
			if w.in(sv.Logs.At(i)) {
				names[sv.Logs.Service(i)] = true
			}
		}
		for i := range sv.Events {
			if e := &sv.Events[i]; e.Service != "" && w.in(e.At) {
				names[e.Service] = true // a Kubernetes object's workload: the change log then names it
			}
		}
		for _, s := range sv.Metrics {
			if seriesIn(s, w) {
				names[s.Service] = true
			}
		}
		for _, t := range sv.Traces {
			byID := map[string]*game.Span{}
			for i := range t.Spans {
				if w.in(t.Spans[i].At) {
					if _, dup := byID[t.Spans[i].ID]; !dup {
						byID[t.Spans[i].ID] = &t.Spans[i]
					}
				}
			}
			for _, sp := range byID {
				names[sp.Service] = true
				p := byID[sp.Parent]
				if p == nil || p.Service == sp.Service {
					continue
				}
				if calls[p.Service] == nil {
					calls[p.Service] = map[string]bool{}
				}
				calls[p.Service][sp.Service] = true
			}
		}
	}
	var out []serviceCalls
	for _, n := range sortedKeys(names) {
		out = append(out, serviceCalls{name: n, calls: sortedKeys(calls[n])})
	}
	return out
}

func seriesIn(s *game.Series, w window) bool {
	for i := 0; i < s.Len(); i++ {
		if _, ok := s.At(i); ok && w.in(s.TimeAt(i)) {
			return true
		}
	}
	return false
}

// Log lines that read like a change to the system: a rollout, or a
// configuration or feature flag change.
var (
	deployLine = regexp.MustCompile(`(?i)\b(deploy(ed|ing|ment)?|roll(ed|ing)?[ -]?out|rollout|releas(e|ed|ing)|upgrad(e|ed|ing)|new version|pulling image|image .* pulled)\b`)
	configLine = regexp.MustCompile(`(?i)\b(config(uration)?( file)? (reload(ed)?|change[sd]?|update[sd]?|push(ed)?|applied)|reload(ed|ing)? (the )?config(uration)?|feature flag|flag .* (enabled|disabled|changed|set))\b`)
)

// maxChanges bounds the proposed change events: a proposal is for an
// author to check, and a hundred would be read by no one.
const maxChanges = 20

// proposeChanges picks the log lines in w that look like deploys or config
// changes, once per service and message, earliest first.
func proposeChanges(ins []*input, w window) []game.Event {
	var out []game.Event
	seen := map[string]bool{}
	for _, in := range ins {
		for i := range in.survey.Logs.Len() {
			l := in.survey.Logs.Line(i)
			kind := ""
			switch {
			case !w.in(l.At):
				continue
			case deployLine.MatchString(l.Msg):
				kind = game.EventDeploy
			case configLine.MatchString(l.Msg):
				kind = game.EventConfig
			default:
				continue
			}
			key := l.Service + "\x00" + l.Msg
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, game.Event{At: l.At, Kind: kind, Service: l.Service, Text: clip(l.Msg, 160)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if len(out) > maxChanges {
		out = out[:maxChanges]
	}
	n := map[string]int{}
	for i := range out {
		n[out[i].Kind]++
		out[i].ID = out[i].Kind + "-" + itoa(n[out[i].Kind])
	}
	return out
}

// sampledFraction is the share of the trace ids log lines name that the
// traces hold; 0 when they hold all (or no line names one).
func sampledFraction(ins []*input, w window) float64 {
	named, have := map[string]bool{}, map[string]bool{}
	for _, in := range ins {
		for i := range in.survey.Logs.Len() {
			if l := in.survey.Logs.Line(i); l.Trace != "" && w.in(l.At) {
				named[l.Trace] = true
			}
		}
		for _, t := range in.survey.Traces {
			for i := range t.Spans {
				if w.in(t.Spans[i].At) {
					have[t.ID] = true
					break
				}
			}
		}
	}
	found := 0
	for id := range named {
		if have[id] {
			found++
		}
	}
	if found == len(named) {
		return 0
	}
	f := float64(found) / float64(len(named))
	f = float64(int(f*100)) / 100
	return max(f, 0.01)
}

// suspects ranks services by their ERROR-or-worse lines and error spans in
// w, and finds the first such line, for the answer's comments.
func suspects(ins []*input, w window) ([]suspect, *game.LogLine) {
	count := map[string]int{}
	var first *game.LogLine
	for _, in := range ins {
		for i := range in.survey.Logs.Len() {
			if l := in.survey.Logs.Line(i); l.Level >= game.LevelError && w.in(l.At) {
				count[l.Service]++
				if first == nil || l.At.Before(first.At) {
					first = &l
				}
			}
		}
		for _, t := range in.survey.Traces {
			for i := range t.Spans {
				if sp := &t.Spans[i]; sp.Error && w.in(sp.At) {
					count[sp.Service]++
				}
			}
		}
	}
	var out []suspect
	for s, n := range count {
		out = append(out, suspect{s, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].errors != out[j].errors {
			return out[i].errors > out[j].errors
		}
		return out[i].service < out[j].service
	})
	return out, first
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
