package pack

import (
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The include formats, which section each belongs in, and the options each
// takes. One table, so the loader, the validator's messages and Detect
// agree on the names (docs/FORMAT_NOTES.md lists them for authors).

// Include formats, as docs/PACK_FORMAT.md names them.
const (
	FormatJSONL          = "jsonl"
	FormatLogfmt         = "logfmt"
	FormatText           = "text"
	FormatCSV            = "csv"
	FormatOTLPJSON       = "otlp-json"
	FormatJaegerJSON     = "jaeger-json"
	FormatZipkinJSON     = "zipkin-json"
	FormatPrometheusJSON = "prometheus-json"
	FormatLokiJSON       = "loki-json"
	FormatK8sEvents      = "k8s-events"
	FormatAccessLog      = "access-log"
	FormatSyslog         = "syslog"
	FormatJournald       = "journald"
)

// Include sections: the scenario lists an include entry can stand in.
const (
	SectionLogs    = "logs"
	SectionMetrics = "metrics"
	SectionTraces  = "traces"
	SectionEvents  = "events"
)

// Presets of the jsonl format: field mappings for what common tools write.
const (
	PresetECS        = "ecs"
	PresetCloudWatch = "cloudwatch"
	PresetJournald   = "journald"
)

// sectionFormats lists, per section, the formats an include may name and
// the options each takes besides include and format.
var sectionFormats = map[string]map[string][]string{
	SectionLogs: {
		FormatJSONL:     {"service", "preset", "fields", "time_format", "zone", "levels", "level_numbers", "clip"},
		FormatLogfmt:    {"service", "fields", "time_format", "zone", "levels", "level_numbers", "clip"},
		FormatText:      {"service", "time_format", "zone", "levels", "clip"},
		FormatJournald:  {"service", "fields", "levels", "clip"},
		FormatOTLPJSON:  {"service", "levels", "clip"},
		FormatLokiJSON:  {"service", "service_label", "line_format", "levels", "level_numbers", "clip"},
		FormatK8sEvents: {"service", "clip"},
		FormatAccessLog: {"service", "clip"},
		FormatSyslog:    {"service", "year", "zone", "levels", "clip"},
	},
	SectionMetrics: {
		FormatCSV:            {"step", "unit", "clip"},
		FormatPrometheusJSON: {"service", "service_label", "name", "step", "unit", "clip"},
	},
	SectionTraces: {
		FormatOTLPJSON:   {"clip"},
		FormatJaegerJSON: {"clip"},
		FormatZipkinJSON: {"clip"},
	},
	SectionEvents: {
		FormatK8sEvents: {"kinds", "clip"},
	},
}

// formatNames lists the formats of a section for a message: "a, b or c".
func formatNames(section string) string {
	var names []string
	for f := range sectionFormats[section] {
		names = append(names, f)
	}
	sort.Strings(names)
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// rawIncludeOpts are the options an include entry may carry; which apply
// depends on the format (sectionFormats). Inline entries take none.
type rawIncludeOpts struct {
	Preset       string              `yaml:"preset"`
	Fields       map[string]pathList `yaml:"fields"`
	TimeFormat   string              `yaml:"time_format"`
	Zone         string              `yaml:"zone"`
	Levels       map[string]string   `yaml:"levels"`
	LevelNumbers string              `yaml:"level_numbers"`
	ServiceLabel string              `yaml:"service_label"`
	LineFormat   string              `yaml:"line_format"`
	Year         int                 `yaml:"year"`
	Kinds        map[string]string   `yaml:"kinds"`
	Clip         bool                `yaml:"clip"`
}

// set lists the options that are present, by YAML name.
func (o *rawIncludeOpts) set() []string {
	var out []string
	add := func(name string, present bool) {
		if present {
			out = append(out, name)
		}
	}
	add("preset", o.Preset != "")
	add("fields", o.Fields != nil)
	add("time_format", o.TimeFormat != "")
	add("zone", o.Zone != "")
	add("levels", o.Levels != nil)
	add("level_numbers", o.LevelNumbers != "")
	add("service_label", o.ServiceLabel != "")
	add("line_format", o.LineFormat != "")
	add("year", o.Year != 0)
	add("kinds", o.Kinds != nil)
	add("clip", o.Clip)
	return out
}

// pathList is one dotted field path or a list of them, first match wins:
// `fields: {service: [SYSLOG_IDENTIFIER, _SYSTEMD_UNIT]}`.
type pathList []string

func (p *pathList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*p = pathList{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*p = list
	return nil
}

// includeFormat resolves entry i of section: its path, and whether the
// format belongs there and takes the options given (extra names options
// outside rawIncludeOpts that the entry set: "service", "step"…). "" when
// the entry is unusable; the errors are recorded.
func (l *loader) includeFormat(section string, i int, rel, format string, opts *rawIncludeOpts, extra ...string) string {
	file := l.includePath(rel, section, i, "include")
	allowed, ok := sectionFormats[section][format]
	if !ok {
		what := strings.TrimSuffix(section, "s")
		if section == SectionEvents {
			what = "event"
		}
		l.fail("format", []any{section, i, "format"}, "%q: %s includes are %s", short(format), what, formatNames(section))
		return ""
	}
	bad := false
	for _, name := range append(opts.set(), extra...) {
		if !contains(allowed, name) {
			l.fail(name, []any{section, i, name}, "a %s include takes no %s (it takes %s)", format, name, optionNames(allowed))
			bad = true
		}
	}
	if bad {
		return ""
	}
	return file
}

func optionNames(allowed []string) string {
	if len(allowed) == 0 {
		return "only include and format"
	}
	return strings.Join(allowed, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
