package pack

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestClip: an include with clip: true leaves out what lies outside the
// window (and says how much); without it, each such signal is an error;
// with nothing left inside, the error says the window took it all.
func TestClip(t *testing.T) {
	logs := "ts=2025-08-20T13:59:00Z level=info service=api msg=before\n" +
		"ts=2025-08-20T14:10:00Z level=info service=api msg=inside\n" +
		"ts=2025-08-20T15:30:00Z level=info service=api msg=after\n"
	metrics := "time,service,name,value\n2025-08-20T13:00:00Z,api,rps,1\n2025-08-20T14:00:00Z,api,rps,2\n2025-08-20T14:00:10Z,api,rps,3\n"
	files := func(clip string) map[string]string {
		return map[string]string{
			"scenarios/s.yaml": scenarioWith("logs:\n  - include: ../data/a.logfmt\n    format: logfmt\n" + clip +
				"metrics:\n  - include: ../data/m.csv\n    format: csv\n" + clip),
			"data/a.logfmt": logs, "data/m.csv": metrics,
		}
	}
	s := mustLoad(t, files("    clip: true\n"))
	if s.Logs.Len() != 1 || s.Logs.Msg(0) != "inside" || len(s.Metrics) != 1 || s.Metrics[0].Len() != 2 {
		t.Fatalf("clipped load: %d logs %v, %d series; want the one line inside and a series of 2 samples", s.Logs.Len(), s.Logs, len(s.Metrics))
	}
	fsys := fstest.MapFS{}
	for name, body := range files("    clip: true\n") {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	var sums []IncludeSummary
	budget := newBudget()
	budget.summaries = &sums
	if _, _, errs := loadScenario(regularFS{fsys}, "scenarios/s.yaml", budget); len(errs) > 0 {
		t.Fatal(errs)
	}
	// metrics load before logs: the 13:00 sample, then the lines at 13:59 and 15:30
	if len(sums) != 2 || sums[0].Clipped != 1 || sums[1].Clipped != 2 || !strings.HasSuffix(sums[1].String(), "1 log line (2 outside the window, clipped) (logfmt)") {
		t.Errorf("summaries %+v; want 1 and 2 clipped, said so", sums)
	}
	_, errs := loadMap(t, files(""))
	if len(errs) != 3 || !strings.Contains(errs[0].Error(), "outside the scenario window") {
		t.Errorf("without clip: %v; want the three signals outside the window as errors", errs)
	}
	all := files("    clip: true\n")
	all["data/a.logfmt"] = "ts=2025-08-20T13:00:00Z level=info service=api msg=early\n"
	_, errs = loadMap(t, all)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "data/a.logfmt:1: no log lines in the scenario window: all 1 lie outside it") {
		t.Errorf("everything clipped: %v; want one error saying so", errs)
	}
}

// TestTODOFields: a field that still reads TODO (what pack import leaves
// for the author) is an error naming the field and what to write there,
// and only that: no "names no choice" or "bad time" beside it.
func TestTODOFields(t *testing.T) {
	yaml := strings.Replace(scenarioWith(`answer:
  choice: TODO
  onset: TODO
  chain: [TODO, "real step"]
  debrief: TODO
`), "briefing: test", "briefing: TODO", 1)
	yaml = strings.Replace(yaml, "{id: b, text: B}", "{id: b, text: TODO}", 1)
	_, errs := loadMap(t, map[string]string{"scenarios/s.yaml": yaml})
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		"scenarios/s.yaml:8: briefing: still TODO: write what the pager said: the symptom, never the cause",
		"scenarios/s.yaml:17: text: still TODO: write a possible root cause (the real one must be among the choices)",
		"scenarios/s.yaml:20: choice: still TODO: write the id of the choice that is the root cause",
		"scenarios/s.yaml:21: onset: still TODO: write when the root cause began (+offset from start, or RFC 3339)",
		"scenarios/s.yaml:22: chain: still TODO: write a step of the causal chain, root first",
		"scenarios/s.yaml:23: debrief: still TODO: write what the player reads after grading",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
