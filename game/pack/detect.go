package pack

import (
	"bytes"
	"errors"
	"regexp"
	"sort"
	"strings"

	"firedrill/game"
)

// DetectHead is how much of a file Detect needs: its first bytes, enough
// for the first records of any format it knows.
const DetectHead = 16 << 10

// Detected says what an export file is and how a scenario includes it.
type Detected struct {
	Section string // where an include of it goes: logs, metrics, traces or events
	Format  string // the include's format: FormatJSONL, FormatJaegerJSON…
	Preset  string // for jsonl, the field mapping to name (preset:), or ""
	Kind    string // what it is, for people: "Jaeger query JSON", "journalctl -o json"
}

// Detect tells an export's format from its content: head is the file's
// first bytes (up to DetectHead; a cut-off record is fine) and name its
// file name, which only breaks ties. Kubernetes events are detected for
// the events section (they may also be included under logs). An error
// says what the file looks like and why no include format reads it:
// compressed, binary, OTLP metrics, a Zipkin v1 or Prometheus scalar
// result, or JSON or text of no known shape.
func Detect(head []byte, name string) (Detected, error) {
	head = head[:min(len(head), DetectHead)]
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if err := detectBinary(head); err != nil {
		return Detected{}, err
	}
	i := skipWS(head, 0)
	if i == len(head) {
		return Detected{}, errors.New("the file is empty")
	}
	if head[i] == '{' || head[i] == '[' {
		return detectJSON(head[i:])
	}
	return detectText(head[i:], name)
}

func detectBinary(head []byte) error {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return errors.New("gzip-compressed: decompress it first (gunzip)")
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return errors.New("zstd-compressed: decompress it first (unzstd)")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return errors.New("a zip archive: extract it first")
	case bytes.HasPrefix(head, []byte("LPKSHHRH")):
		return errors.New("a binary systemd journal: export it with journalctl -o json")
	case bytes.IndexByte(head, 0) >= 0:
		return errors.New("a binary file, not text")
	}
	return nil
}

var resultTypeRE = regexp.MustCompile(`"resultType"\s*:\s*"(\w+)"`)

// detectJSON tells JSON exports apart by the keys they use.
func detectJSON(head []byte) (Detected, error) {
	keys := jsonKeys(head)
	has := func(names ...string) bool {
		for _, n := range names {
			if keys[n] {
				return true
			}
		}
		return false
	}
	logs := func(format, preset, kind string) (Detected, error) {
		return Detected{Section: SectionLogs, Format: format, Preset: preset, Kind: kind}, nil
	}
	switch {
	case has("resourceSpans"):
		return Detected{Section: SectionTraces, Format: FormatOTLPJSON, Kind: "OTLP/JSON traces"}, nil
	case has("resourceLogs"):
		return logs(FormatOTLPJSON, "", "OTLP/JSON logs")
	case has("resourceMetrics"):
		return Detected{}, errors.New("OTLP/JSON metrics, which no include reads: export them from Prometheus (prometheus-json) or as CSV")
	case has("resultType"):
		return detectResult(head)
	case keys["traceID"] && has("spans", "processes", "operationName", "spanID"):
		return Detected{Section: SectionTraces, Format: FormatJaegerJSON, Kind: "Jaeger query JSON"}, nil
	case has("binaryAnnotations"):
		return Detected{}, errors.New("Zipkin v1 JSON, which no include reads: fetch the trace from Zipkin's /api/v2 instead")
	case keys["traceId"] && keys["id"] && has("localEndpoint", "remoteEndpoint", "timestamp", "kind", "shared"):
		return Detected{Section: SectionTraces, Format: FormatZipkinJSON, Kind: "Zipkin v2 JSON"}, nil
	case has("involvedObject", "regarding") || bytes.Contains(head, []byte(`"EventList"`)):
		return Detected{Section: SectionEvents, Format: FormatK8sEvents, Kind: "Kubernetes events (kubectl get events -o json)"}, nil
	case has("__REALTIME_TIMESTAMP") || keys["MESSAGE"] && has("PRIORITY", "_SYSTEMD_UNIT", "SYSLOG_IDENTIFIER"):
		return logs(FormatJournald, "", "journalctl -o json")
	case has("logStreamName", "ingestionTime") || keys["Timestamp"] && keys["Message"]:
		return logs(FormatJSONL, PresetCloudWatch, "CloudWatch Logs JSON")
	case has("log.level", "ecs.version") || keys["ecs"] && keys["@timestamp"]:
		return logs(FormatJSONL, PresetECS, "Elastic Common Schema (ECS) JSON logs")
	case has("ts", "time", "timestamp", "@timestamp", "t", "date", "datetime", "eventTime"):
		return logs(FormatJSONL, "", "JSON logs")
	}
	return Detected{}, errors.New("JSON of no known shape (keys: " + keyList(keys) + ")")
}

func detectResult(head []byte) (Detected, error) {
	m := resultTypeRE.FindSubmatch(head)
	if m == nil {
		return Detected{}, errors.New("a query response whose resultType is not in its first bytes")
	}
	switch string(m[1]) {
	case "streams":
		return Detected{Section: SectionLogs, Format: FormatLokiJSON, Kind: "Loki query_range JSON"}, nil
	case "matrix":
		return Detected{Section: SectionMetrics, Format: FormatPrometheusJSON, Kind: "Prometheus query_range JSON"}, nil
	case "vector":
		return Detected{Section: SectionMetrics, Format: FormatPrometheusJSON, Kind: "Prometheus query JSON"}, nil
	}
	return Detected{}, errors.New("a Prometheus " + game.SanitizeLine(string(m[1])) + " result, which holds no series: export a range query (matrix)")
}

// jsonKeys collects the object keys that appear in the head of a JSON
// file, at any depth: quoted strings followed by a colon.
func jsonKeys(b []byte) map[string]bool {
	keys := map[string]bool{}
	for i := 0; i < len(b) && len(keys) < 512; i++ {
		if b[i] != '"' {
			continue
		}
		end := stringEnd(b, i)
		if end < 0 {
			break
		}
		if j := skipWS(b, end); j < len(b) && b[j] == ':' && end-i-2 <= 64 {
			keys[string(b[i+1:end-1])] = true
		}
		i = end - 1
	}
	return keys
}

func keyList(keys map[string]bool) string {
	var list []string
	for k := range keys {
		list = append(list, k)
	}
	sort.Strings(list)
	if len(list) > 8 {
		list = append(list[:8], "…")
	}
	if len(list) == 0 {
		return "none"
	}
	return game.SanitizeLine(strings.Join(list, ", "))
}

var (
	syslog5424RE = regexp.MustCompile(`^<\d{1,3}>\d \d{4}-\d\d-\d\dT`)
	syslog3164RE = regexp.MustCompile(`^(<\d{1,3}>)?[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d `)
	isoLineRE    = regexp.MustCompile(`^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S*\s+(\S+)\s+(\S+)`)
	logfmtPairRE = regexp.MustCompile(`(?:^|\s)([A-Za-z_][\w.-]*)=`)
)

// detectText tells line formats apart by their first non-blank line.
func detectText(head []byte, name string) (Detected, error) {
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, "\r")
	logs := func(format, kind string) (Detected, error) {
		return Detected{Section: SectionLogs, Format: format, Kind: kind}, nil
	}
	if fields := strings.Split(strings.ToLower(string(line)), ","); len(fields) >= 4 {
		if _, err := csvColumns(fields); err == nil {
			return Detected{Section: SectionMetrics, Format: FormatCSV, Kind: "metrics CSV"}, nil
		}
	}
	switch {
	case syslog5424RE.Match(line):
		return logs(FormatSyslog, "syslog (RFC 5424)")
	case syslog3164RE.Match(line):
		return logs(FormatSyslog, "syslog (BSD, RFC 3164)")
	case accessLine.Match(line):
		return logs(FormatAccessLog, "a web server access log (common/combined)")
	}
	if m := isoLineRE.FindSubmatch(line); m != nil {
		if _, ok := levelName(string(m[1])); ok {
			return logs(FormatText, "text logs (<time> <LEVEL> <service> <message>)")
		}
		if bytes.HasSuffix(m[2], []byte(":")) {
			return logs(FormatSyslog, "syslog with RFC 3339 times (rsyslog's file format)")
		}
	}
	if pairs := logfmtPairRE.FindAllSubmatch(line, -1); len(pairs) >= 2 {
		for _, p := range pairs {
			switch strings.ToLower(string(p[1])) {
			case "ts", "time", "timestamp", "t", "date":
				return logs(FormatLogfmt, "logfmt")
			}
		}
	}
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		return Detected{}, errors.New("a CSV without the columns time, service, name and value")
	}
	return Detected{}, errors.New("text of no known log format (first line: " + short(string(line)) + ")")
}
