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
		// Missing steps are gaps, never zeros: Prometheus answered 23 of
		// the 76 steps (28s, the data's) from 22:23:12 to 22:58:12, none
		// of the 53 between 22:27:52 and 22:53:04. No __name__ (an
		// expression's result): the file names the series; job, its service.
		{fixture{file: "prometheus-json/prometheus-ui-range-gap.json", start: "2019-10-26T22:00:00Z", services: []string{"prometheus"}},
			[]string{"prometheus prometheus-ui-range-gap 28s 2019-10-26T22:23:12Z [23 2 4 1 2 12 1 0 0 2 5 " +
				strings.Repeat("- ", 53) + "6 7 19 33 14 7 6 0 0 0 0 0]"},
			"1 series, 23 samples (53 gaps)"},
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

// The troubleshoot fixture: a minikube namespace where a Deployment's pod
// cannot pull its image, a Job's pod is OOM-killed and a pod waits for a
// GPU; old-style events (count, first/lastTimestamp) and scheduler ones
// (eventTime, series) mixed, as kubectl prints them.
func TestImportK8sEvents(t *testing.T) {
	f := fixture{file: "k8s-events/troubleshoot-image-pull-fail.json", section: "events", entry: "format: k8s-events",
		start: "2023-07-11T04:00:00Z", duration: "2h", services: []string{"no-image-deployment", "message-image-pull-fail/oom-kill-job3"}}
	s, sum := mustLoadFixture(t, f)
	kinds := map[string]int{}
	byService := map[string]int{}
	for _, e := range s.Events {
		kinds[e.Kind]++
		byService[e.Service]++
	}
	if len(s.Events) != 17 || sum.Events != 17 || kinds[game.EventNote] != 8 || kinds[game.EventScale] != 3 || kinds[game.EventAlert] != 6 {
		t.Errorf("%d events, kinds %v, summary %q", len(s.Events), kinds, sum)
	}
	// Pods and ReplicaSets belong to their workload (a Job's pod too);
	// namespace/name works as well; the pending pods name no service.
	if byService["no-image-deployment"] != 8 || byService["message-image-pull-fail/oom-kill-job3"] != 7 || byService[""] != 2 {
		t.Errorf("events by service = %v", byService)
	}
	// Sorted by when each first happened: the scheduler's eventTime (to
	// the microsecond) for the first, firstTimestamp for the last.
	first, last := s.Events[0], s.Events[len(s.Events)-1]
	if !first.At.Equal(time.Date(2023, 7, 11, 4, 25, 44, 224298000, time.UTC)) || !last.At.Equal(time.Date(2023, 7, 11, 5, 34, 46, 0, time.UTC)) {
		t.Errorf("window %v .. %v", first.At, last.At)
	}
	want := map[string]string{
		"Deployment/no-image-deployment ScalingReplicaSet: Scaled up replica set no-image-deployment-849c4c4958 to 1":        game.EventScale,
		"Job/oom-kill-job3 SuccessfulCreate: Created pod: oom-kill-job3-gbb89":                                               game.EventScale,
		"Job/oom-kill-job3 BackoffLimitExceeded: Job has reached the specified backoff limit":                                game.EventAlert,
		`Pod/no-image-deployment-849c4c4958-rxqmt Pulling: Pulling image "noimage.com/no-such-image" (×4, last at 05:36:11)`: game.EventNote,
		// A scheduler event repeats as a series, not a count.
		"Pod/pending-pod-resources-5fddcf7688-djjfc FailedScheduling: 0/1 nodes are available: 1 Insufficient nvidia.com/gpu. " +
			"preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod. (×3, last at 04:40:44)": game.EventAlert,
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
	kinds = map[string]int{}
	for _, e := range s.Events {
		kinds[e.Kind]++
	}
	if kinds[game.EventDeploy] != 1 || kinds[game.EventScale] != 2 {
		t.Errorf("kinds %v, want the ScalingReplicaSet event a deploy and the two SuccessfulCreate still scale", kinds)
	}
}

// TestImportK8sEventsAsLogs: the same file under logs: reason and message
// as the text, WARN for the Warnings, object, namespace, source and host
// as attributes; an event whose object names no declared service goes to
// the include's.
func TestImportK8sEventsAsLogs(t *testing.T) {
	s, sum := mustLoadFixture(t, fixture{file: "k8s-events/troubleshoot-image-pull-fail.json", section: "logs",
		entry: "format: k8s-events\nservice: cluster", start: "2023-07-11T04:00:00Z", duration: "2h",
		services: []string{"no-image-deployment", "oom-kill-job3", "cluster"}})
	levels := map[game.Level]int{}
	byService := map[string]int{}
	for _, l := range s.Logs.All() {
		levels[l.Level]++
		byService[l.Service]++
	}
	if s.Logs.Len() != 17 || sum.Lines != 17 || levels[game.LevelWarn] != 6 || levels[game.LevelInfo] != 11 {
		t.Errorf("%d lines, levels %v", s.Logs.Len(), levels)
	}
	if byService["no-image-deployment"] != 8 || byService["oom-kill-job3"] != 7 || byService["cluster"] != 2 {
		t.Errorf("lines by service = %v", byService)
	}
	l := s.Logs.Line(0)
	if l.Service != "cluster" || l.Level != game.LevelWarn || !l.At.Equal(time.Date(2023, 7, 11, 4, 25, 44, 224298000, time.UTC)) ||
		!strings.HasPrefix(l.Msg, "FailedScheduling: 0/1 nodes are available: 1 Insufficient nvidia.com/gpu.") ||
		attrOf(l.Attrs, "object") != "Pod/pending-pod-resources-5fddcf7688-djjfc" || attrOf(l.Attrs, "namespace") != "message-image-pull-fail" ||
		attrOf(l.Attrs, "source") != "default-scheduler" || attrOf(l.Attrs, "host") != "" {
		t.Errorf("first line %+v", l)
	}
	l = s.Logs.Line(s.Logs.Len() - 1)
	if l.Service != "no-image-deployment" || l.Level != game.LevelWarn || l.Msg != "Failed: Error: ImagePullBackOff (×5, last at 05:36:25)" ||
		attrOf(l.Attrs, "reason") != "Failed" || attrOf(l.Attrs, "source") != "kubelet" || attrOf(l.Attrs, "host") != "minikube" {
		t.Errorf("last line %+v", l)
	}
}
