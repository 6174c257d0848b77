package pack

import (
	"strings"
	"testing"
	"time"

	"firedrill/game"
)

// Real metric and Kubernetes event exports (testdata/import) load with
// their exact series and change events.

func TestImportPrometheus(t *testing.T) {
	tests := []struct {
		fixture
		series  []string
		summary string
	}{
		{fixture{file: "prometheus-json/prometheus-docs-query-range-up.json", start: "2015-07-01T20:00:00Z", services: []string{"prometheus", "node"}},
			[]string{"prometheus up 15s 2015-07-01T20:10:30.781Z [1 1 1]", "node up 15s 2015-07-01T20:10:30.781Z [0 0 1]"},
			"2 series, 6 samples"},
		// An instant query: one sample a series; the step is a minute.
		{fixture{file: "prometheus-json/prometheus-docs-query-up.json", start: "2015-07-01T20:00:00Z", services: []string{"prometheus", "node"}},
			[]string{"prometheus up 1m0s 2015-07-01T20:10:51.781Z [1]", "node up 1m0s 2015-07-01T20:10:51.781Z [0]"},
			"2 series, 2 samples"},
		// Missing steps are gaps, never zeros; the step is the data's (1s).
		{fixture{file: "prometheus-json/grafana-range-missing.json", start: "2022-01-11T08:00:00Z", services: []string{"prometheus"}},
			[]string{"prometheus go_goroutines 1s 2022-01-11T08:25:33Z [21 32 - - 43]"},
			"1 series, 3 samples (2 gaps)"},
		// No __name__ (an expression's result): the file names the series;
		// service_name is one of the labels that name a service.
		{fixture{file: "prometheus-json/jaeger-spm-matrix.json", start: "2021-05-07T01:00:00Z", services: []string{"emailservice"}},
			[]string{"emailservice jaeger-spm-matrix 1m0s 2021-05-07T01:43:06Z [9.223372036854e+12]"},
			"1 series, 1 sample"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tt.section, tt.entry, tt.duration = "metrics", "format: prometheus-json", "1h"
			s, sum := mustLoadFixture(t, tt.fixture)
			var got []string
			for _, m := range s.Metrics {
				got = append(got, seriesRow(m))
			}
			sameRows(t, "series", got, tt.series)
			if !strings.Contains(sum.String(), tt.summary) {
				t.Errorf("summary %q, want %q", sum, tt.summary)
			}
		})
	}
}

// TestImportPrometheusOptions: name, step, service_label and a default
// service on the include entry.
func TestImportPrometheusOptions(t *testing.T) {
	s, sum := mustLoadFixture(t, fixture{file: "prometheus-json/prometheus-docs-query-range-up.json", section: "metrics",
		entry: "format: prometheus-json\nname: scrape_up\nservice_label: instance\nstep: 5s\nunit: bool",
		start: "2015-07-01T20:00:00Z", duration: "1h", services: []string{"localhost:9090", "localhost:9091"}})
	var got []string
	for _, m := range s.Metrics {
		got = append(got, seriesRow(m)+" "+m.Unit)
	}
	sameRows(t, "series", got, []string{
		"localhost:9090 scrape_up 5s 2015-07-01T20:10:30.781Z [1 - - 1 - - 1] bool",
		"localhost:9091 scrape_up 5s 2015-07-01T20:10:30.781Z [0 - - 0 - - 1] bool",
	})
	if sum.Gaps != 8 || sum.Samples != 6 {
		t.Errorf("summary %+v", sum)
	}
	// One service for both: the series are told apart by the labels that differ.
	s, _ = mustLoadFixture(t, fixture{file: "prometheus-json/prometheus-docs-query-range-up.json", section: "metrics",
		entry: "format: prometheus-json\nservice_label: none\nservice: scraper", start: "2015-07-01T20:00:00Z", duration: "1h",
		services: []string{"scraper"}})
	got = nil
	for _, m := range s.Metrics {
		got = append(got, m.Service+" "+m.Name)
	}
	sameRows(t, "names", got, []string{`scraper up{instance="localhost:9090",job="prometheus"}`, `scraper up{instance="localhost:9091",job="node"}`})
}

func TestImportK8sEvents(t *testing.T) {
	f := fixture{file: "k8s-events/minikube-eventlist.json", section: "events", entry: "format: k8s-events",
		start: "2024-11-17T10:19:00Z", duration: "1h", services: []string{"coredns", "kube-proxy", "kube-system/storage-provisioner"}}
	s, sum := mustLoadFixture(t, f)
	kinds := map[string]int{}
	byService := map[string]int{}
	for _, e := range s.Events {
		kinds[e.Kind]++
		byService[e.Service]++
	}
	if len(s.Events) != 40 || sum.Events != 40 || kinds[game.EventNote] != 30 || kinds[game.EventScale] != 6 || kinds[game.EventAlert] != 4 {
		t.Errorf("%d events, kinds %v, summary %q", len(s.Events), kinds, sum)
	}
	// Pods and ReplicaSets belong to their workload; namespace/name works too.
	if byService["coredns"] != 17 || byService["kube-proxy"] != 5 || byService["kube-system/storage-provisioner"] != 4 || byService[""] != 14 {
		t.Errorf("events by service = %v", byService)
	}
	first, last := s.Events[0], s.Events[len(s.Events)-1]
	if !first.At.Equal(time.Date(2024, 11, 17, 10, 19, 23, 0, time.UTC)) || !last.At.Equal(time.Date(2024, 11, 17, 10, 20, 19, 0, time.UTC)) {
		t.Errorf("window %v .. %v", first.At, last.At)
	}
	want := map[string]string{
		"Deployment/coredns ScalingReplicaSet: Scaled up replica set coredns-6f6b679f8f to 2":                                           game.EventScale,
		"Pod/coredns-6f6b679f8f-rgq7r Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503 (×4, last at 10:20:12)": game.EventAlert,
		"Pod/storage-provisioner Started: Started container storage-provisioner (×2, last at 10:20:18)":                                 game.EventNote,
	}
	for _, e := range s.Events {
		if k, ok := want[e.Text]; ok {
			if e.Kind != k {
				t.Errorf("%q is %s, want %s", e.Text, e.Kind, k)
			}
			delete(want, e.Text)
		}
	}
	if len(want) > 0 {
		t.Errorf("events not found: %v", want)
	}
	// kinds: maps a reason to another kind.
	f.entry += "\nkinds: {ScalingReplicaSet: deploy}"
	s, _ = mustLoadFixture(t, f)
	deploys := 0
	for _, e := range s.Events {
		if e.Kind == game.EventDeploy {
			deploys++
		}
	}
	if deploys != 2 {
		t.Errorf("%d deploys, want the 2 ScalingReplicaSet events", deploys)
	}
}

// TestImportK8sEventsAsLogs: the same file under logs: reason and message
// as the text, WARN for the Warnings, object and reason as attributes.
func TestImportK8sEventsAsLogs(t *testing.T) {
	s, sum := mustLoadFixture(t, fixture{file: "k8s-events/minikube-eventlist.json", section: "logs",
		entry: "format: k8s-events\nservice: cluster", start: "2024-11-17T10:19:00Z", duration: "1h",
		services: []string{"coredns", "kube-proxy", "storage-provisioner", "cluster"}})
	levels := map[game.Level]int{}
	for _, l := range s.Logs {
		levels[l.Level]++
	}
	if len(s.Logs) != 40 || sum.Lines != 40 || levels[game.LevelWarn] != 4 || levels[game.LevelInfo] != 36 {
		t.Errorf("%d lines, levels %v", len(s.Logs), levels)
	}
	l := s.Logs[0]
	if l.Service != "cluster" || l.Msg != `Pulled: Container image "registry.k8s.io/etcd:3.5.15-0" already present on machine` ||
		attrOf(l.Attrs, "object") != "Pod/etcd-minikube" || attrOf(l.Attrs, "source") != "kubelet" {
		t.Errorf("first line %+v", l)
	}
}
