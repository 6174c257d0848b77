package scenarios_test

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"firedrill/game"
	"firedrill/game/heuristic"
)

// The checks below are docs/SCENARIOS.md's rules against shortcuts and its
// signal floor, applied to loaded scenarios. Each returns human-readable problems;
// an empty list means the scenario (or library) passes.

// scenarioProblems checks the rules that hold for one scenario alone.
func scenarioProblems(s *game.Scenario) []string {
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	a := s.Answer
	if a == nil {
		return []string{"no answer block"}
	}
	if n := len(s.Services); n < 4 || n > 9 {
		bad("%d services; want 4-9", n)
	}
	if n := len(s.Choices); n < 5 || n > 10 {
		bad("%d choices; want 5-10", n)
	}
	if n := len(a.Chain); n < 3 || n > 5 {
		bad("chain has %d links; want 3-5", n)
	}
	if n := len(s.Hints); n < 2 || n > 3 {
		bad("%d hints; want 2-3", n)
	}
	if strings.TrimSpace(a.Debrief) == "" || len(a.Evidence) == 0 {
		bad("answer needs evidence and a debrief")
	}
	for _, c := range s.Choices {
		if _, ok := a.Wrong[c.ID]; c.ID != a.Choice && !ok {
			bad("wrong choice %q has no answer.wrong note", c.ID)
		}
	}
	p = append(p, lengthProblems(s)...)
	p = append(p, herringProblems(s)...)
	p = append(p, signalProblems(s)...)
	p = append(p, timingProblems(s)...)
	p = append(p, leakProblems(s)...)
	p = append(p, uniqueServiceProblems(s)...)
	p = append(p, briefingOverlapProblems(s)...)
	p = append(p, changeIDProblems(s)...)
	return p
}

// briefingOverlapProblems: some wrong choice shares at least as many tokens
// with title, briefing and tags as the correct one (rule 1).
func briefingOverlapProblems(s *game.Scenario) []string {
	brief := heuristic.Tokens(s.Title + " " + s.Briefing + " " + strings.Join(s.Tags, " "))
	overlap := func(c game.Choice) int {
		n := 0
		for t := range heuristic.Tokens(c.ID + " " + c.Text) {
			if brief[t] {
				n++
			}
		}
		return n
	}
	right, _ := s.Choice(s.Answer.Choice)
	best := -1
	for _, c := range s.Choices {
		if c.ID != right.ID {
			best = max(best, overlap(c))
		}
	}
	if r := overlap(right); r > best {
		return []string{fmt.Sprintf("the correct choice shares %d briefing words, more than any wrong choice (%d)", r, best)}
	}
	return nil
}

// changeIDProblems: when any change event carries an id, all do, so an id
// in the evidence does not single out the cause (rule 7).
func changeIDProblems(s *game.Scenario) []string {
	with, without := 0, 0
	for _, e := range s.Events {
		if !e.IsChange() {
			continue
		}
		if e.ID != "" {
			with++
		} else {
			without++
		}
	}
	if with > 0 && without > 0 {
		return []string{fmt.Sprintf("%d change events carry ids and %d do not; decoys need ids too", with, without)}
	}
	return nil
}

// uniqueServiceProblems: each service the correct choice names is named by
// a wrong choice too (rule 2), so naming a service gives nothing away.
func uniqueServiceProblems(s *game.Scenario) []string {
	var p []string
	names := func(c game.Choice, svc string) bool {
		return strings.Contains(strings.ToLower(c.ID+" "+c.Text), strings.ToLower(svc))
	}
	right, _ := s.Choice(s.Answer.Choice)
	for _, sv := range s.Services {
		if !names(right, sv.Name) {
			continue
		}
		shared := false
		for _, c := range s.Choices {
			shared = shared || c.ID != right.ID && names(c, sv.Name)
		}
		if !shared {
			p = append(p, fmt.Sprintf("only the correct choice names service %q", sv.Name))
		}
	}
	return p
}

// lengthProblems: choices are 0.6-1.6x their scenario's median length.
func lengthProblems(s *game.Scenario) []string {
	var p []string
	med := medianLength(s)
	for _, c := range s.Choices {
		if r := float64(utf8.RuneCountInString(c.Text)) / med; r < 0.6 || r > 1.6 {
			p = append(p, fmt.Sprintf("choice %q is %.2fx the median length; want 0.6-1.6x", c.ID, r))
		}
	}
	return p
}

func medianLength(s *game.Scenario) float64 {
	var ls []int
	for _, c := range s.Choices {
		ls = append(ls, utf8.RuneCountInString(c.Text))
	}
	sort.Ints(ls)
	n := len(ls)
	if n == 0 {
		return 1
	}
	if n%2 == 1 {
		return float64(ls[n/2])
	}
	return float64(ls[n/2-1]+ls[n/2]) / 2
}

// herringProblems: at least two declared red herrings, one of them a change.
func herringProblems(s *game.Scenario) []string {
	var p []string
	if len(s.Answer.RedHerrings) < 2 {
		p = append(p, fmt.Sprintf("%d red herrings; want >= 2", len(s.Answer.RedHerrings)))
	}
	change := false
	for _, e := range s.Events {
		if e.IsChange() && slices.Contains(s.Answer.RedHerrings, e.ID) {
			change = true
		}
	}
	if !change {
		p = append(p, "no red-herring change event (deploy, config, flag or scale) among answer.red_herrings")
	}
	return p
}

// signalProblems: volume, noise before onset, gaps, sampled traces.
func signalProblems(s *game.Scenario) []string {
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	want := 300
	if s.Difficulty >= 3 {
		want = 1500
	}
	if s.Logs.Len() < want {
		bad("%d log lines; want >= %d at difficulty %d", s.Logs.Len(), want, s.Difficulty)
	}
	early := 0
	for _, i := range s.Index.AtLeast(game.LevelError) {
		if s.Logs.At(int(i)).Before(s.Answer.Onset) {
			early++
		}
	}
	if early == 0 {
		bad("no ERROR lines before onset: baseline noise is missing")
	}
	gaps := 0
	for _, sr := range s.Metrics {
		gaps += sr.Gaps()
		if sr.Step < 10*time.Second || sr.Step > 30*time.Second {
			bad("metric %s/%s step %v; want 10-30s", sr.Service, sr.Name, sr.Step)
		}
	}
	if gaps == 0 {
		bad("no metric has a scrape gap")
	}
	if len(s.Traces) < 8 {
		bad("%d traces; want >= 8", len(s.Traces))
	}
	orphans := 0
	for _, t := range s.Traces {
		orphans += len(t.Orphans())
	}
	if orphans == 0 && s.TracesSampled == 0 {
		bad("no missing span and no traces_sampled")
	} else if orphans == 0 {
		bad("no missing span: the curated library shows one behind an uninstrumented or dropped hop in every scenario")
	}
	linked := 0
	for _, l := range s.Logs.All() {
		if l.Trace != "" && s.Trace(l.Trace) != nil {
			linked++
		}
	}
	if linked < 3 {
		bad("%d log lines link to a sampled trace; want >= 3 (a player follows a request from its log line)", linked)
	}
	return p
}

// timingProblems: the cause comes before the symptoms (rule 4).
func timingProblems(s *game.Scenario) []string {
	var p []string
	a := s.Answer
	if q := s.Start.Add(s.Duration / 4); !a.Onset.After(q) {
		p = append(p, fmt.Sprintf("onset %v is not after the window's first quarter (%v)", a.Onset.Sub(s.Start), q.Sub(s.Start)))
	}
	alert := firstAlert(s)
	if alert.IsZero() {
		p = append(p, "no alert event")
	} else if lag := alert.Sub(a.Onset); lag < 2*time.Minute || lag > 10*time.Minute {
		p = append(p, fmt.Sprintf("the first alert trails onset by %v; want 2m-10m (alerts carry for: 5m)", lag))
	}
	named, moved := 0, false
	for _, sr := range s.Metrics {
		if !evidenceNames(a.Evidence, sr.Name) {
			continue
		}
		named++
		if movesByOnset(s, sr) {
			moved = true
		}
	}
	switch {
	case named == 0:
		p = append(p, "the evidence names no metric")
	case !moved:
		p = append(p, "no metric named in the evidence moves (> 3x its baseline spread) within one step of onset")
	}
	return p
}

func firstAlert(s *game.Scenario) time.Time {
	for _, e := range s.Events {
		if e.Kind == game.EventAlert {
			return e.At
		}
	}
	return time.Time{}
}

func evidenceNames(evidence []string, metric string) bool {
	for _, e := range evidence {
		if strings.Contains(e, metric) {
			return true
		}
	}
	return false
}

// movesByOnset reports whether the series leaves its first-quarter mean by
// more than 3 sd at some sample no later than one step after onset (and
// not before the first quarter ends: a move there is baseline).
func movesByOnset(s *game.Scenario, sr *game.Series) bool {
	st := heuristic.QuarterStats(sr, s.Start, s.End())
	if !st.OK {
		return false
	}
	from := s.Start.Add(s.Duration / 4)
	until := s.Answer.Onset.Add(sr.Step)
	for i := range sr.Len() {
		v, ok := sr.At(i)
		t := sr.TimeAt(i)
		if ok && !t.Before(from) && !t.After(until) && math.Abs(v-st.Mean) > 3*math.Max(st.SD, 1e-9) {
			return true
		}
	}
	return false
}

// leakProblems: the id (shown in lists), tags, title and the first hint
// hold no token that only the correct choice has (rule 7).
func leakProblems(s *game.Scenario) []string {
	wrong := map[string]bool{}
	var right map[string]bool
	for _, c := range s.Choices {
		toks := heuristic.Tokens(c.ID + " " + c.Text)
		if c.ID == s.Answer.Choice {
			right = toks
			continue
		}
		for t := range toks {
			wrong[t] = true
		}
	}
	hint := ""
	if len(s.Hints) > 0 {
		hint = s.Hints[0]
	}
	var p []string
	for t := range heuristic.Tokens(s.ID + " " + s.Title + " " + strings.Join(s.Tags, " ") + " " + hint) {
		if right[t] && !wrong[t] {
			p = append(p, fmt.Sprintf("id, title, tags or first hint leak %q, a word only the correct choice uses", t))
		}
	}
	sort.Strings(p)
	return p
}
