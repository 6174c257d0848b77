package main

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/sim/consistency"
	"firedrill/game/sim/telemetry"
)

// stdScript is a small scenario with standard telemetry: api (3 pods,
// rolled to v2 at +10m), postgres (a StatefulSet) and node families.
func stdScript() *Script {
	api := &Std{Kind: telemetry.HTTP, Runtime: telemetry.Go,
		Req: func(m float64) telemetry.Requests {
			return telemetry.Requests{RPS: 50, Err: 0.001, P50: 20, P95: 60, P99: 90}
		},
		Res: func(p telemetry.Pod, m float64) telemetry.Resources {
			mem := 300.0
			if p.Version == "v2" {
				mem += 20 * (m - minutes(p.From)) // v2 leaks from its pod's start
			}
			return telemetry.Resources{CPU: 0.3, MemMiB: mem, GCPauseMs: 4, Busy: 0.2, Pool: 0.1}
		},
		Gaps: [][2]float64{{5, 5.5}}}
	pg := &Std{Kind: telemetry.Postgres, Runtime: telemetry.Native,
		Req: func(m float64) telemetry.Requests { return telemetry.Requests{RPS: 400, P50: 1, P95: 3, P99: 6} },
		Res: func(p telemetry.Pod, m float64) telemetry.Resources {
			return telemetry.Resources{CPU: 0.5, MemMiB: 2000, Busy: 0.1}
		}}
	return &Script{ID: "std-test", Title: "std", Difficulty: 1, TimeLimit: 5 * time.Minute,
		Start: time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC), Minutes: 20, Step: 15, Briefing: "b\n", Sampled: 0.01,
		Services: []Svc{
			{Name: "api", Calls: []string{"postgres"}, Std: api, Version: "v1", Rollouts: []Rollout{{At: 10, Version: "v2"}}},
			{Name: "postgres", Pods: 1, Sts: true, Std: pg},
			{Name: "nodes"},
		},
		Hosts: &Hosts{Service: "nodes", Names: []string{"ip-10-0-1-10", "ip-10-0-2-20"},
			F: func(i int, m float64) telemetry.NodeState {
				return telemetry.NodeState{CPU: 0.4, DiskFreeGiB: 80 - m, NetMbps: 30, Conntrack: 0.1}
			}},
		Events: []Ev{{At: 10, ID: "api-deploy", Kind: "deploy", Svc: "api", Text: "api v2 rolled out"}},
		Logs:   []Src{Access("api", C(30), C(20), 0.3, "GET /v1/things 200"), Lines("postgres", "INFO", C(1), "checkpoint complete")},
		Traces: func(g *G) []Tr {
			return []Tr{{At: 3, Root: S("api", "GET /v1/things", 0, 20, S("postgres", "SELECT things", 1, 5))}}
		},
		Choices: []Choice{{"a", "a"}, {"b", "b"}, {"c", "c"}},
		Answer: Answer{Choice: "a", Onset: 10, Chain: []string{"api v2 leaks", "its pods grow"}, Evidence: []string{"memory grows"},
			Proof: []Proof{ProveEvent(1, "api-deploy"), ProvePod(2, "api", telemetry.MemoryName, 0, 11, 20)}},
	}
}

func TestStdTelemetryLoadsAsTelemetryNamesIt(t *testing.T) {
	s := stdScript()
	files := mustRenderScript(t, s, false)
	if _, ok := files["data/std-test-metrics.csv"]; ok {
		t.Errorf("a script with no hand-drawn series writes an empty CSV")
	}
	if !strings.Contains(string(files["scenarios/std-test.yaml"]), "format: prometheus-json") {
		t.Fatalf("the scenario file names no Prometheus include:\n%s", files["scenarios/std-test.yaml"])
	}
	sc := loadFrom(t, files, "scenarios/std-test.yaml")
	if sc == nil {
		t.FailNow()
	}
	fams := map[string]map[string]bool{}
	for _, sr := range sc.Metrics {
		fam, _, _ := strings.Cut(sr.Name, "{")
		if fams[sr.Service] == nil {
			fams[sr.Service] = map[string]bool{}
		}
		fams[sr.Service][fam] = true
		if sr.Unit == "" {
			t.Errorf("%s/%s lost its unit", sr.Service, sr.Name)
		}
	}
	for _, want := range [][2]string{{"api", telemetry.RateName(telemetry.HTTP)}, {"api", telemetry.MemoryName},
		{"api", telemetry.GCPauseName}, {"postgres", telemetry.DurationName(telemetry.Postgres, "p99")},
		{"nodes", telemetry.NodeDiskName}} {
		if !fams[want[0]][want[1]] {
			t.Errorf("%s has no %s: %v", want[0], want[1], fams[want[0]])
		}
	}
	if fams["postgres"][telemetry.GCPauseName] {
		t.Errorf("postgres is native and has no GC family")
	}
	// the services' own families load first: the Metrics tab opens on them
	for i, sr := range sc.Metrics[:5] {
		if strings.Contains(sr.Name, "{") {
			t.Errorf("series %d is %s/%s; the service-wide families should load before any pod's", i, sr.Service, sr.Name)
		}
	}
	// the scrape gap at +5m is a gap in every api series
	for _, sr := range sc.Metrics {
		if sr.Service != "api" {
			continue
		}
		if _, ok := sr.At(sr.Index(s.at(5.25))); ok {
			t.Errorf("%s has a sample in the scrape gap", sr.Name)
		}
	}
	// the proof's window fitted on a leaking v2 pod
	if m := sc.Answer.Proof[1].Metric; m == nil || m.From.Before(s.at(11)) || !strings.HasPrefix(m.Name, telemetry.MemoryName+"{pod=") {
		t.Errorf("the memory proof's window is %+v", sc.Answer.Proof[1].Metric)
	}
	// logs come from pods alive then, labelled with their version, and
	// the rollout replaces every pod
	before, after := map[string]bool{}, map[string]bool{}
	for _, l := range sc.Logs.All() {
		if l.Service != "api" {
			continue
		}
		pod, _ := l.Attrs.Get("pod")
		ver, _ := l.Attrs.Get("version")
		switch {
		case l.At.Before(s.at(10)):
			before[pod] = true
			if ver != "v1" {
				t.Fatalf("a line before the rollout from %s %s", pod, ver)
			}
		case l.At.After(s.at(11)):
			after[pod] = true
			if ver != "v2" {
				t.Fatalf("a line after the rollout from %s %s", pod, ver)
			}
		}
	}
	if len(before) != 3 || len(after) != 3 {
		t.Errorf("pods logging before/after the rollout: %d/%d; want 3/3", len(before), len(after))
	}
	for p := range after {
		if before[p] {
			t.Errorf("pod %s outlived the rollout", p)
		}
	}
	if r := consistency.Check(sc); len(r.Problems) > 0 {
		for _, p := range r.Problems {
			t.Error(p)
		}
	}
	// the inline form loads the same series
	inline := loadFrom(t, mustRenderScript(t, s, true), "scenarios/std-test.yaml")
	names := func(sc *game.Scenario) []string {
		var out []string
		for _, sr := range sc.Metrics {
			out = append(out, sr.Service+"/"+sr.Name)
		}
		slices.Sort(out)
		return out
	}
	if !reflect.DeepEqual(names(sc), names(inline)) {
		t.Errorf("the inline form has other series")
	}
}
