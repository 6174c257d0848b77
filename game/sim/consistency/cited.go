package consistency

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/heuristic"
)

// citedTime finds the offsets an answer cites: +14m10s, +14m, +45s.
var citedTime = regexp.MustCompile(`\+(\d+)m(\d{2})s|\+(\d+)m\b|\+(\d+)s\b`)

// answerTexts are the answer's sentences a player reads after grading.
func answerTexts(sc *game.Scenario) []string {
	a := sc.Answer
	if a == nil {
		return nil
	}
	out := append(append([]string{}, a.Chain...), a.Evidence...)
	for _, id := range sortedKeys(a.Wrong) {
		out = append(out, a.Wrong[id])
	}
	return append(out, a.Debrief)
}

// citedTimesExist checks that every time the answer cites is the time of
// something in the data: an event, a log line or a span starting in that
// second, or a metric sample stamped then.
func citedTimesExist(sc *game.Scenario, r *Report) {
	known := map[time.Duration]bool{}
	sec := func(t time.Time) { known[t.Sub(sc.Start).Truncate(time.Second)] = true }
	for _, e := range sc.Events {
		sec(e.At)
	}
	for _, l := range sc.Logs.All() {
		sec(l.At)
	}
	for _, tr := range sc.Traces {
		for _, sp := range tr.Spans {
			sec(sp.At)
		}
	}
	for _, sr := range sc.Metrics {
		for i := range sr.Len() {
			if _, ok := sr.At(i); ok {
				sec(sr.TimeAt(i))
			}
		}
	}
	for _, text := range answerTexts(sc) {
		for _, m := range citedTime.FindAllStringSubmatch(text, -1) {
			var d time.Duration
			switch {
			case m[1] != "":
				d = minutes(m[1]) + seconds(m[2])
			case m[3] != "":
				d = minutes(m[3])
			default:
				d = seconds(m[4])
			}
			r.count("cited-times", 1)
			if !known[d] {
				r.add("cited-times", "", sc.Start.Add(d), "the answer cites %s (%q) but nothing happens in that second", m[0], excerpt(text, m[0]))
			}
		}
	}
}

func minutes(s string) time.Duration { n, _ := strconv.Atoi(s); return time.Duration(n) * time.Minute }
func seconds(s string) time.Duration { n, _ := strconv.Atoi(s); return time.Duration(n) * time.Second }

// excerpt is a few words of text around the citation.
func excerpt(text, cite string) string {
	i := strings.Index(text, cite)
	lo, hi := max(0, i-40), min(len(text), i+len(cite)+10)
	return text[lo:hi]
}

// movedWords are what a sentence says of a service it blames for moving.
var movedWords = regexp.MustCompile(`(?i)\b(guilty|moved|spiked?|spikes|jumped|climbed|rose|surged|saturated|spiking)\b`)

// flatNotBlamed checks that a sentence of the answer that says a service
// moved (spiked, rose, looks guilty) names only services whose series
// left their band for a minute or more (the robust band of game/heuristic).
func flatNotBlamed(sc *game.Scenario, r *Report) {
	moved := map[string]bool{}
	for _, sr := range sc.Metrics {
		for _, sh := range heuristic.Shifts(sr, sc.Start, sc.End()) {
			if sh.Lasts() >= time.Minute {
				moved[sr.Service] = true
			}
		}
	}
	var names []string
	for _, sv := range sc.Services {
		names = append(names, sv.Name)
	}
	for _, text := range answerTexts(sc) {
		for _, clause := range splitClauses(text) {
			for _, m := range movedWords.FindAllStringIndex(clause, -1) {
				svc := lastNamed(clause[:m[0]], names)
				if svc == "" {
					continue
				}
				r.count("flat-blamed", 1)
				if !moved[svc] && hasSeries(sc, svc) {
					r.add("flat-blamed", svc, time.Time{}, "the answer says %q, but every series of %s stayed in its band", clause, svc)
				}
			}
		}
	}
}

// lastNamed is the service named last in text: the subject of a verb
// that follows it.
func lastNamed(text string, names []string) string {
	best, at := "", -1
	lower := strings.ToLower(text)
	for _, svc := range heuristic.ServicesNamed(text, names) {
		if i := strings.LastIndex(lower, strings.ToLower(svc)); i > at {
			best, at = svc, i
		}
	}
	return best
}

func hasSeries(sc *game.Scenario, svc string) bool {
	for _, sr := range sc.Metrics {
		if sr.Service == svc {
			return true
		}
	}
	return false
}

// splitClauses splits on sentence ends, semicolons, commas and brackets:
// a verb's subject is in its own clause.
func splitClauses(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(".;,()\n", r) })
}
