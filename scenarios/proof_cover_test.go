package scenarios_test

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"firedrill/game"
	"firedrill/game/heuristic"
)

// The debrief shows the answer's evidence as what proved the cause; a
// player who pins exactly that must be credited. So every evidence line is
// covered by a proof item that selects a signal it cites, and every metric
// the chain or the evidence names can be proven by a pin of it (the rule
// is written out in docs/SCENARIOS.md, "Proof covers the evidence").
func TestProofCoversTheEvidence(t *testing.T) {
	for _, s := range loadLibrary(t) {
		problems := coverProblems(s)
		if len(problems) > 0 {
			t.Errorf("%s:\n  %s", s.ID, strings.Join(problems, "\n  "))
		}
	}
}

// coverProblems lists the evidence lines no proof item covers and the
// metrics cited in the chain or evidence that no metric item proves.
func coverProblems(s *game.Scenario) []string {
	var out []string
	a := s.Answer
	for i, line := range a.Evidence {
		if !slices.ContainsFunc(a.Proof, func(it game.ProofItem) bool { return citesItem(s, line, it) }) {
			out = append(out, "evidence "+strconv.Itoa(i+1)+" is covered by no proof item: "+line)
		}
	}
	texts := append(append([]string{}, a.Chain...), a.Evidence...)
	for _, line := range texts {
		for _, c := range citedMetrics(s, line) {
			if !familyMoves(s, c) {
				continue // cited as the contrast that stays flat: nothing to pin
			}
			if !slices.ContainsFunc(a.Proof, func(it game.ProofItem) bool { return provesMetric(it, c) }) {
				out = append(out, "no metric proof item for "+c.service+"/"+c.family+", cited in: "+line)
			}
		}
	}
	return out
}

// citesItem reports whether an evidence line cites what the item selects:
// its metric's family, its log text (contains, or a regex match in the
// line), its event's id, its span's name. Case is ignored.
func citesItem(s *game.Scenario, line string, it game.ProofItem) bool {
	low := strings.ToLower(line)
	switch {
	case it.Metric != nil:
		return it.Metric.Name != "" && mentionsName(line, familyOf(it.Metric.Name))
	case it.Log != nil && it.Log.Contains != "":
		return strings.Contains(low, strings.ToLower(it.Log.Contains))
	case it.Log != nil && it.Log.Regex != "":
		re, err := regexp.Compile("(?i)" + it.Log.Regex)
		return err == nil && re.MatchString(line)
	case it.Event != "":
		return game.Mentions(line, it.Event)
	case it.Span != nil:
		return it.Span.Name != "" && strings.Contains(low, strings.ToLower(it.Span.Name))
	}
	return false
}

// cited is one metric an answer line names: a family (the series name
// without its labels) and the service the line names it for ("" when the
// line names no service that has the family).
type cited struct{ service, family string }

// citedMetrics are the metric families of s a line names as a whole word,
// each with the service the line names it for: "name (svc)", "name of
// svc", "svc's name" or "svc name" ("" when none is next to it). Only
// names with a '_' or '.' count, so a series called "errors" is not cited
// by the English word.
func citedMetrics(s *game.Scenario, line string) []cited {
	owners := map[string][]string{} // family -> services that have it
	for _, sr := range s.Metrics {
		f := familyOf(sr.Name)
		if !slices.Contains(owners[f], sr.Service) {
			owners[f] = append(owners[f], sr.Service)
		}
	}
	var out []cited
	for f, svcs := range owners {
		if !strings.ContainsAny(f, "_.") {
			continue
		}
		for _, at := range nameAt(line, f) {
			c := cited{family: f, service: serviceNextTo(line, at, at+len(f), svcs)}
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].service+out[i].family < out[j].service+out[j].family })
	return out
}

// serviceNextTo is the service of svcs named right next to the metric
// name at line[i:end]: "(svc)" or "of svc" after it (past its labels),
// "svc's" or "svc" just before it.
func serviceNextTo(line string, i, end int, svcs []string) string {
	after := line[end:]
	if strings.HasPrefix(after, "{") {
		if j := strings.IndexByte(after, '}'); j >= 0 {
			after = after[j+1:]
		}
	}
	before := strings.TrimRight(line[:i], " ")
	for _, sv := range svcs {
		for _, p := range []string{" (" + sv + ")", " of " + sv} {
			if strings.HasPrefix(after, p) {
				return sv
			}
		}
		for _, suf := range []string{sv + "'s", sv + "'", sv} {
			if strings.HasSuffix(before, suf) && (len(before) == len(suf) || !identByte(before[len(before)-len(suf)-1])) {
				return sv
			}
		}
	}
	return ""
}

// familyMoves reports whether a series of the cited family (of the cited
// service, if any) shows a move after the onset: two samples in a row
// outside its band (heuristic.Baseline, the band the generator fits
// proof windows with). A metric cited as the one that "stays
// flat" has no move to pin and needs no proof item.
func familyMoves(s *game.Scenario, c cited) bool {
	for _, sr := range s.Metrics {
		if familyOf(sr.Name) != c.family || c.service != "" && sr.Service != c.service {
			continue
		}
		mean, band, ok := heuristic.Baseline(s.Metrics, sr, s.Start, s.End())
		if !ok {
			continue
		}
		run := 0
		for i := 0; i < sr.Len(); i++ {
			v, ok := sr.At(i)
			switch {
			case !ok:
			case sr.TimeAt(i).Before(s.Answer.Onset) || math.Abs(v-mean) <= band:
				run = 0
			default:
				if run++; run >= 2 {
					return true
				}
			}
		}
	}
	return false
}

// provesMetric reports whether a metric item proves the cited family (of
// the cited service, when the line named one).
func provesMetric(it game.ProofItem, c cited) bool {
	m := it.Metric
	return m != nil && familyOf(m.Name) == c.family && (c.service == "" || m.Service == "" || m.Service == c.service)
}

// familyOf is a series name without its labels (heuristic.Family).
func familyOf(name string) string { return heuristic.Family(name) }

// mentionsName reports whether text names a metric as a whole name.
func mentionsName(text, name string) bool { return len(nameAt(text, name)) > 0 }

// nameAt are the offsets where text names a metric as a whole name: not
// inside a longer identifier (http_errors_ratio is not named by
// pg_http_errors_ratio_total); a sentence's full stop may follow it.
func nameAt(text, name string) []int {
	var out []int
	for off := 0; ; {
		i := strings.Index(text[off:], name)
		if i < 0 {
			return out
		}
		i += off
		end := i + len(name)
		startOK := i == 0 || !identByte(text[i-1])
		endOK := end == len(text) || !identByte(text[end]) ||
			text[end] == '.' && (end+1 == len(text) || !identByte(text[end+1]))
		if startOK && endOK {
			out = append(out, i)
		}
		off = i + 1
	}
}

func identByte(b byte) bool {
	return b == '_' || b == '.' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
