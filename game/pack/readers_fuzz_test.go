package pack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"firedrill/game"
)

// One fuzz target per export reader, seeded from the real exports in
// testdata/import. Whatever the bytes, a load ends (no panic, no hang)
// with errors that name the file, or with signals — never with neither,
// and never with text that reaches the terminal unsanitized.

// fuzzServices are declared in the fuzz scenario: every service the
// fixtures name, so their seeds load and mutations explore past the
// service check.
var fuzzServices = []string{"my.service", "telemetrygen", "service1", "service2", "routing", "unknown", "yelp_main/api_proxy",
	"yelp-main", "mobile_api", "spectre", "prometheus", "node", "varlogs", "no-image-deployment", "oom-kill-job3", "web",
	"kernel", "program", "su", "myproc", "evntslog", "pulseaudio", "systemd-coredump", "spring-petclinic", "api"}

func fuzzScenario(section, entry string) []byte {
	var b strings.Builder
	b.WriteString("format: firedrill/v1\nid: fuzz\ntitle: F\ndifficulty: 1\ntime_limit: 10m\nstart: 1970-01-01T00:00:00Z\n")
	b.WriteString("duration: 2562047h\nbriefing: b\ntraces_sampled: 1\nservices:\n")
	for _, s := range fuzzServices {
		b.WriteString("  - name: \"" + s + "\"\n")
	}
	b.WriteString("choices:\n  - {id: a, text: A}\n  - {id: b, text: B}\n  - {id: c, text: C}\n")
	b.WriteString(section + ":\n  - include: x\n")
	for _, line := range strings.Split(entry, "\n") {
		b.WriteString("    " + line + "\n")
	}
	return []byte(b.String())
}

// fuzzReader seeds f with the fixtures of dir and checks loading any
// bytes as that section's include with that entry.
func fuzzReader(f *testing.F, dir, section, entry string) {
	files, _ := filepath.Glob(importDir + dir + "/*")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	yaml := fuzzScenario(section, entry)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, errs := LoadScenario(fstest.MapFS{"s.yaml": {Data: yaml}, "x": {Data: data}}, "s.yaml")
		for _, err := range errs {
			if msg := err.Error(); !strings.HasPrefix(msg, "x:") && !strings.HasPrefix(msg, "x: ") {
				t.Fatalf("an error that does not name the include: %q", msg)
			}
		}
		if len(errs) > 0 {
			return
		}
		if s == nil || s.Logs.Len()+len(s.Traces)+len(s.Metrics)+len(s.Events) == 0 {
			t.Fatalf("no errors and no signals: a silent zero")
		}
		checkShown(t, s)
	})
}

// checkShown fails when text the player will see was not sanitized.
func checkShown(t *testing.T, s *game.Scenario) {
	t.Helper()
	clean := func(what, v string) {
		if v != game.SanitizeLine(v) {
			t.Fatalf("%s %q reaches the screen unsanitized", what, v)
		}
	}
	for _, l := range s.Logs.All() {
		clean("message", l.Msg)
		clean("service", l.Service)
		clean("trace", l.Trace)
		for _, a := range l.Attrs {
			clean("attribute", a.Key+a.Value)
		}
	}
	for _, tr := range s.Traces {
		for _, sp := range tr.Spans {
			clean("span", sp.ID+sp.Parent+sp.Name+sp.Service)
			for _, a := range sp.Attrs {
				clean("span attribute", a.Key+a.Value)
			}
		}
	}
	for _, m := range s.Metrics {
		clean("series", m.Name+m.Service+m.Unit)
	}
	for _, e := range s.Events {
		clean("event", e.Text+e.Service)
	}
}

func FuzzOTLPTraces(f *testing.F) { fuzzReader(f, "otlp-json", "traces", "format: otlp-json") }
func FuzzOTLPLogs(f *testing.F) {
	fuzzReader(f, "otlp-json", "logs", "format: otlp-json\nservice: api")
}
func FuzzJaeger(f *testing.F) { fuzzReader(f, "jaeger-json", "traces", "format: jaeger-json") }
func FuzzZipkin(f *testing.F) { fuzzReader(f, "zipkin-json", "traces", "format: zipkin-json") }
func FuzzPrometheus(f *testing.F) {
	fuzzReader(f, "prometheus-json", "metrics", "format: prometheus-json")
}
func FuzzLoki(f *testing.F)      { fuzzReader(f, "loki-json", "logs", "format: loki-json\nservice: api") }
func FuzzK8sEvents(f *testing.F) { fuzzReader(f, "k8s-events", "events", "format: k8s-events") }
func FuzzK8sEventLogs(f *testing.F) {
	fuzzReader(f, "k8s-events", "logs", "format: k8s-events\nservice: api")
}
func FuzzAccessLog(f *testing.F) {
	fuzzReader(f, "access-log", "logs", "format: access-log\nservice: api")
}
func FuzzSyslog(f *testing.F)   { fuzzReader(f, "syslog", "logs", "format: syslog\nservice: api") }
func FuzzJournald(f *testing.F) { fuzzReader(f, "journald", "logs", "format: journald") }
func FuzzECSLogs(f *testing.F) {
	fuzzReader(f, "ecs", "logs", "format: jsonl\npreset: ecs\nservice: api")
}
func FuzzCloudWatch(f *testing.F) {
	fuzzReader(f, "cloudwatch", "logs", "format: jsonl\npreset: cloudwatch\nservice: api")
}

// FuzzDetect: Detect never panics, and what it detects is a format of the
// section it names.
func FuzzDetect(f *testing.F) {
	files, _ := filepath.Glob(importDir + "*/*")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, filepath.Base(p))
		}
	}
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		d, err := Detect(head, name)
		if err != nil {
			return
		}
		if _, ok := sectionFormats[d.Section][d.Format]; !ok || d.Kind == "" {
			t.Fatalf("Detect = %+v: not a format of its section", d)
		}
	})
}
