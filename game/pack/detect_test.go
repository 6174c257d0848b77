package pack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDetectFixtures: Detect names the right section, format and preset
// for every real export in testdata/import, from its first DetectHead
// bytes, and each loads with what Detect said (the import command relies
// on both).
func TestDetectFixtures(t *testing.T) {
	want := map[string]Detected{
		"otlp-json/trace.json":                                {Section: SectionTraces, Format: FormatOTLPJSON},
		"otlp-json/telemetrygen-duplicate-span.json":          {Section: SectionTraces, Format: FormatOTLPJSON},
		"otlp-json/logs.json":                                 {Section: SectionLogs, Format: FormatOTLPJSON},
		"jaeger-json/query-api-duplicate-span.json":           {Section: SectionTraces, Format: FormatJaegerJSON},
		"jaeger-json/ui-trace.json":                           {Section: SectionTraces, Format: FormatJaegerJSON},
		"jaeger-json/ui-conflicting-span-ids.json":            {Section: SectionTraces, Format: FormatJaegerJSON},
		"zipkin-json/yelp.json":                               {Section: SectionTraces, Format: FormatZipkinJSON},
		"prometheus-json/prometheus-docs-query-range-up.json": {Section: SectionMetrics, Format: FormatPrometheusJSON},
		"prometheus-json/prometheus-docs-query-up.json":       {Section: SectionMetrics, Format: FormatPrometheusJSON},
		"prometheus-json/jaeger-spm-matrix.json":              {Section: SectionMetrics, Format: FormatPrometheusJSON},
		"prometheus-json/prometheus-ui-range-gap.json":        {Section: SectionMetrics, Format: FormatPrometheusJSON},
		"loki-json/loki-http-api-streams.json":                {Section: SectionLogs, Format: FormatLokiJSON},
		"loki-json/loki-marshal-structured-metadata.json":     {Section: SectionLogs, Format: FormatLokiJSON},
		"k8s-events/troubleshoot-image-pull-fail.json":        {Section: SectionEvents, Format: FormatK8sEvents},
		"access-log/nginx-debian9-access.log":                 {Section: SectionLogs, Format: FormatAccessLog},
		"access-log/nginx-rockylinux9-access.log":             {Section: SectionLogs, Format: FormatAccessLog},
		"access-log/apache-debian11-access.log":               {Section: SectionLogs, Format: FormatAccessLog},
		"syslog/debian11-messages":                            {Section: SectionLogs, Format: FormatSyslog},
		"syslog/rfc3164-continuation.log":                     {Section: SectionLogs, Format: FormatSyslog},
		"syslog/rfc5424-examples.log":                         {Section: SectionLogs, Format: FormatSyslog},
		"journald/beats-sample-journal-event.json":            {Section: SectionLogs, Format: FormatJournald},
		"journald/beats-corner-cases.json":                    {Section: SectionLogs, Format: FormatJournald},
		"ecs/ecs-logging-intro.ndjson":                        {Section: SectionLogs, Format: FormatJSONL, Preset: PresetECS},
		"ecs/ecs-pino-http-pretty.json":                       {Section: SectionLogs, Format: FormatJSONL, Preset: PresetECS},
		"cloudwatch/aws-cli-filter-log-events.json":           {Section: SectionLogs, Format: FormatJSONL, Preset: PresetCloudWatch},
		"cloudwatch/aws-cli-get-log-events.json":              {Section: SectionLogs, Format: FormatJSONL, Preset: PresetCloudWatch},
	}
	seen := 0
	err := filepath.WalkDir(importDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "LICENSES" {
			return filepath.SkipDir // the fixtures' licence texts, not telemetry
		}
		if d.IsDir() || d.Name() == "SOURCES" {
			return nil
		}
		rel := strings.TrimPrefix(filepath.ToSlash(p), importDir)
		w, ok := want[rel]
		if !ok {
			t.Errorf("%s: no expected detection (add it to this table)", rel)
			return nil
		}
		seen++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		got, err := Detect(data[:min(len(data), DetectHead)], d.Name())
		if err != nil || got.Section != w.Section || got.Format != w.Format || got.Preset != w.Preset || got.Kind == "" {
			t.Errorf("Detect(%s) = %+v, %v; want %+v", rel, got, err, w)
		}
		return nil
	})
	if err != nil || seen != len(want) {
		t.Fatalf("walked %d of %d fixtures: %v", seen, len(want), err)
	}
}

func TestDetectText(t *testing.T) {
	tests := []struct{ head, format, section string }{
		{"time,service,name,value\n+0s,api,p95,1\n", FormatCSV, SectionMetrics},
		{"name,value,service,time,unit\n", FormatCSV, SectionMetrics},
		{"2025-08-20T14:00:01Z INFO checkout GET /cart 200\n", FormatText, SectionLogs},
		{"time=2025-08-20T14:00:01Z level=warn msg=\"pool exhausted\"\n", FormatLogfmt, SectionLogs},
		{"2023-01-01T13:15:24.123456-08:00 host5 sshd[12]: Accepted key\n", FormatSyslog, SectionLogs},
		{`{"ts":"2025-08-20T14:00:01Z","level":"info","msg":"hi"}` + "\n", FormatJSONL, SectionLogs},
		{`{"Timestamp": 1712567843827, "Message": "x"}`, FormatJSONL, SectionLogs},
		{"\xef\xbb\xbf" + `[{"traceId":"5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","kind":"CLIENT","timestamp":1556604172355737}]`, FormatZipkinJSON, SectionTraces},
		{`{"apiVersion":"events.k8s.io/v1","kind":"Event","regarding":{"kind":"Pod"},"note":"x"}`, FormatK8sEvents, SectionEvents},
	}
	for _, tt := range tests {
		got, err := Detect([]byte(tt.head), "x")
		if err != nil || got.Format != tt.format || got.Section != tt.section {
			t.Errorf("Detect(%.40q) = %+v, %v; want %s in %s", tt.head, got, err, tt.format, tt.section)
		}
	}
}

func TestDetectErrors(t *testing.T) {
	tests := []struct{ head, name, want string }{
		{"", "x", "the file is empty"},
		{"\x1f\x8b\x08\x00", "logs.json.gz", "gzip-compressed: decompress it first"},
		{"LPKSHHRH\x00\x00", "system.journal", "a binary systemd journal: export it with journalctl -o json"},
		{`{"resourceMetrics":[]}`, "m.json", "OTLP/JSON metrics, which no include reads"},
		{`{"status":"success","data":{"resultType":"scalar","result":[1,"2"]}}`, "q.json", "a Prometheus scalar result, which holds no series"},
		{`[{"traceId":"a","id":"b","annotations":[{"value":"cs"}],"binaryAnnotations":[]}]`, "z.json", "Zipkin v1 JSON"},
		{`{"foo": 1, "bar": {"baz": 2}}`, "x.json", "JSON of no known shape (keys: bar, baz, foo)"},
		{"hello world\n", "notes.txt", "text of no known log format (first line: hello world)"},
		{"a,b,c,d\n", "m.csv", "a CSV without the columns time, service, name and value"},
	}
	for _, tt := range tests {
		if d, err := Detect([]byte(tt.head), tt.name); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Detect(%q) = %+v, %v; want an error starting %q", tt.head, d, err, tt.want)
		}
	}
}
