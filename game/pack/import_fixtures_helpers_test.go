package pack

import (
	"fmt"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"firedrill/game"
)

// The fixtures under testdata/import are real exports (testdata/import/
// SOURCES says whose); these helpers load one as a scenario's include.

const importDir = "../../testdata/import/"

// fixture describes one real export loaded into a scenario.
type fixture struct {
	file     string   // under testdata/import
	section  string   // logs, metrics, traces, events
	entry    string   // the include entry's other lines ("format: jsonl\npreset: ecs")
	start    string   // the scenario window
	duration string   //
	services []string // declared services ("name" or "name=alias1,alias2")
}

// scenarioYAML is a minimal valid scenario around the fixture's include.
func (f fixture) scenarioYAML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "format: firedrill/v1\nid: fixture\ntitle: Fixture\ndifficulty: 1\ntime_limit: 10m\nstart: %s\nduration: %s\n", f.start, f.duration)
	b.WriteString("briefing: b\ntraces_sampled: 0.5\nservices:\n")
	for _, s := range f.services {
		name, aliases, _ := strings.Cut(s, "=")
		fmt.Fprintf(&b, "  - name: %q\n", name)
		if aliases != "" {
			fmt.Fprintf(&b, "    aliases: [%s]\n", quoteAll(strings.Split(aliases, "|")))
		}
	}
	b.WriteString("choices:\n  - {id: a, text: A}\n  - {id: b, text: B}\n  - {id: c, text: C}\n")
	fmt.Fprintf(&b, "%s:\n  - include: ../data/%s\n", f.section, path.Base(f.file))
	for _, line := range strings.Split(f.entry, "\n") {
		if line != "" {
			b.WriteString("    " + line + "\n")
		}
	}
	return b.String()
}

func quoteAll(ss []string) string {
	for i, s := range ss {
		ss[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(ss, ", ")
}

// load loads the fixture and returns the scenario, what its include gave,
// and the errors.
func (f fixture) load(t *testing.T) (*game.Scenario, []IncludeSummary, []error) {
	t.Helper()
	data, err := os.ReadFile(importDir + f.file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"scenarios/s.yaml":          {Data: []byte(f.scenarioYAML())},
		"data/" + path.Base(f.file): {Data: data},
	}
	var sums []IncludeSummary
	budget := newBudget()
	budget.summaries = &sums
	s, _, errs := loadScenario(regularFS{fsys}, "scenarios/s.yaml", budget)
	return s, sums, errs
}

// mustLoadFixture loads a fixture that must load without errors.
func mustLoadFixture(t *testing.T, f fixture) (*game.Scenario, IncludeSummary) {
	t.Helper()
	s, sums, errs := f.load(t)
	if len(errs) > 0 {
		t.Fatalf("load %s: %v", f.file, errs)
	}
	if len(sums) != 1 {
		t.Fatalf("summaries = %v, want one", sums)
	}
	return s, sums[0]
}

// logRows renders log lines as "time LEVEL service msg".
func logRows(lines *game.LogStore) []string {
	var out []string
	for _, l := range lines.All() {
		out = append(out, fmt.Sprintf("%s %s %s %s", l.At.Format(time.RFC3339Nano), l.Level, l.Service, l.Msg))
	}
	return out
}

// spanRows renders a trace as "id<-parent service name +offset dur [E]",
// offsets from the trace's first span.
func spanRows(tr *game.Trace) []string {
	start, _ := tr.Bounds()
	var out []string
	for _, sp := range tr.Spans {
		e := ""
		if sp.Error {
			e = " E"
		}
		out = append(out, fmt.Sprintf("%s<-%s %s %q +%v %v%s", sp.ID, sp.Parent, sp.Service, sp.Name, sp.At.Sub(start), sp.Dur, e))
	}
	return out
}

// seriesRow renders a series as "service name step from [v v - v]".
func seriesRow(s *game.Series) string {
	var vals []string
	for i := 0; i < s.Len(); i++ {
		if v, ok := s.At(i); ok {
			vals = append(vals, fmt.Sprint(v))
		} else {
			vals = append(vals, "-")
		}
	}
	return fmt.Sprintf("%s %s %v %s [%s]", s.Service, s.Name, s.Step, s.From.Format(time.RFC3339Nano), strings.Join(vals, " "))
}

func attrOf(a game.Attrs, key string) string {
	v, _ := a.Get(key)
	return v
}

// sameRows fails with both lists when got differs from want.
func sameRows(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot\n  %s\nwant\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func unixMicro(us int64) time.Time { return time.UnixMicro(us).UTC() }
