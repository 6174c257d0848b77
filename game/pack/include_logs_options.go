package pack

import (
	"errors"
	"strings"
	"time"

	"firedrill/game"
)

// logOptions are what a log include's entry says about reading its
// records: which field is which (fields, preset), how levels and times are
// written (levels, level_numbers, time_format, zone). nil means the
// defaults, and keeps the sink on its fast path.
type logOptions struct {
	roles    map[string]roleRank // field path -> its role; nil: the default names
	prefixes map[string]bool     // objects the mapped paths reach into
	// bytesMessage reads a message written as an array of byte values
	// (journald's way to carry text that is not UTF-8).
	bytesMessage bool
	// envelope names the array that holds the records when the file is one
	// object (CloudWatch's {"events": [...]}).
	envelope  string
	levelMap  map[string]game.Level // lower-cased value -> level
	numeric   func(string) (game.Level, bool)
	timeParse func(val []byte, start time.Time) (time.Time, error)
}

// fieldRole is what a record's field means to the log sink.
type fieldRole uint8

const (
	roleAttr fieldRole = iota
	roleTime
	roleLevel
	roleMsg
	roleService
	roleTrace
	roleDrop // addressing fields of the exporter (journald's cursor), not shown
	numRoles
)

// roleRank is a field's role and its rank among the candidates for that
// role: when a record has several, the lowest rank wins and the others
// stay as attributes.
type roleRank struct {
	role fieldRole
	rank uint8
}

// fieldRoles names the roles as `fields:` writes them.
var fieldRoles = map[string]fieldRole{"time": roleTime, "level": roleLevel, "message": roleMsg,
	"service": roleService, "trace": roleTrace}

// defaultFields are the field names read when nothing says otherwise.
var defaultFields = map[fieldRole][]string{
	roleTime:    {"ts", "time", "timestamp", "@timestamp"},
	roleLevel:   {"level", "lvl", "severity"},
	roleMsg:     {"msg", "message"},
	roleService: {"service", "service.name", "app"},
	roleTrace:   {"trace", "trace_id", "traceId"},
}

// preset is a named field mapping for what a common tool writes.
type preset struct {
	fields       map[fieldRole][]string
	drop         []string
	timeFormat   string
	levelNumbers string
	bytesMessage bool
	envelope     string
}

var presets = map[string]preset{
	// Elastic Common Schema loggers (ecs-logging): dotted keys, flat or nested.
	PresetECS: {fields: map[fieldRole][]string{roleTime: {"@timestamp"}, roleLevel: {"log.level"},
		roleMsg: {"message"}, roleService: {"service.name"}, roleTrace: {"trace.id"}}},
	// CloudWatch Logs: `aws logs filter-log-events` / `get-log-events`
	// output ({"events": [...]}, timestamp in ms) and exports that
	// capitalise the names.
	PresetCloudWatch: {fields: map[fieldRole][]string{roleTime: {"timestamp", "Timestamp", "@timestamp"},
		roleMsg: {"message", "Message", "@message"}}, envelope: "events"},
	// journalctl -o json / json-pretty.
	PresetJournald: {fields: map[fieldRole][]string{roleTime: {"__REALTIME_TIMESTAMP"}, roleLevel: {"PRIORITY"},
		roleMsg: {"MESSAGE"}, roleService: {"SYSLOG_IDENTIFIER", "_SYSTEMD_UNIT", "_COMM"}, roleTrace: {"TRACE_ID"}},
		drop: []string{"__CURSOR", "__MONOTONIC_TIMESTAMP", "__SEQNUM", "__SEQNUM_ID", "_BOOT_ID", "_MACHINE_ID",
			"_SOURCE_REALTIME_TIMESTAMP", "_SOURCE_MONOTONIC_TIMESTAMP", "_CAP_EFFECTIVE", "_SELINUX_CONTEXT",
			"_STREAM_ID", "_SYSTEMD_INVOCATION_ID", "_RUNTIME_SCOPE"},
		timeFormat: "unix_us", levelNumbers: "syslog", bytesMessage: true},
}

// maxFieldPathDots bounds how deep a mapped path reaches into nested objects.
const maxFieldPathDots = 8

// logOptions builds the options of log include i in format; nil when the
// entry sets none (and the format has no preset of its own).
func (l *loader) logOptions(format string, o *rawIncludeOpts, i int) *logOptions {
	switch o.LineFormat {
	case "", "auto", "json", "logfmt", "raw":
	default:
		l.fail("line_format", []any{"logs", i, "line_format"}, "%q: want auto, json, logfmt or raw", short(o.LineFormat))
	}
	if o.Year != 0 && (o.Year < 1970 || o.Year > 9999) {
		l.fail("year", []any{"logs", i, "year"}, "%d: want a year such as 2025", o.Year)
	}
	presetName := o.Preset
	if format == FormatJournald {
		presetName = PresetJournald
	}
	if presetName == "" && o.Fields == nil && o.TimeFormat == "" && o.Zone == "" && o.Levels == nil && o.LevelNumbers == "" {
		return nil
	}
	opts := &logOptions{}
	keys := func(field string, more ...any) []any { return append([]any{"logs", i, field}, more...) }
	pr, ok := presets[presetName]
	if presetName != "" && !ok {
		l.fail("preset", keys("preset"), "%q: presets are ecs, cloudwatch and journald", short(presetName))
	}
	if presetName != "" || o.Fields != nil {
		opts.mapFields(pr, o.Fields, func(role string, msg string) { l.fail("fields", keys("fields", role), "%s", msg) })
	}
	opts.bytesMessage, opts.envelope = pr.bytesMessage, pr.envelope
	zone := time.UTC
	if o.Zone != "" {
		z, err := parseZone(o.Zone)
		if err != nil {
			l.fail("zone", keys("zone"), "%v", err)
		}
		zone = z
	}
	timeFormat := o.TimeFormat
	if timeFormat == "" {
		timeFormat = pr.timeFormat
	}
	if tp, err := timeParser(timeFormat, zone); err != nil {
		l.fail("time_format", keys("time_format"), "%v", err)
	} else {
		opts.timeParse = tp
	}
	numbers := o.LevelNumbers
	if numbers == "" {
		numbers = pr.levelNumbers
	}
	if numbers != "" {
		if opts.numeric = levelSchemes[numbers]; opts.numeric == nil {
			l.fail("level_numbers", keys("level_numbers"), "%q: level_numbers are pino, syslog or otlp", short(numbers))
		}
	}
	for value, name := range o.Levels {
		lv, ok := levelName(name)
		if !ok {
			l.fail("levels", keys("levels", value), "%q is not a level (TRACE DEBUG INFO WARN ERROR FATAL)", short(name))
			continue
		}
		if opts.levelMap == nil {
			opts.levelMap = map[string]game.Level{}
		}
		opts.levelMap[strings.ToLower(value)] = lv
	}
	return opts
}

// mapFields sets the roles: the defaults, then the preset's, then the
// include's own `fields:` (each replacing the names of the roles it sets).
func (o *logOptions) mapFields(pr preset, fields map[string]pathList, fail func(role, msg string)) {
	names := map[fieldRole][]string{}
	for role, paths := range defaultFields {
		names[role] = paths
	}
	for role, paths := range pr.fields {
		names[role] = paths
	}
	for name, paths := range fields {
		role, ok := fieldRoles[name]
		if !ok {
			fail(name, "unknown role "+quote(name)+": fields are time, level, message, service and trace")
			continue
		}
		for _, p := range paths {
			if p == "" || len(p) > 128 || strings.Count(p, ".") > maxFieldPathDots {
				fail(name, "field path "+quote(p)+" must be 1 to 128 characters with at most 8 dots")
			}
		}
		names[role] = paths
	}
	o.roles, o.prefixes = map[string]roleRank{}, map[string]bool{}
	for role, paths := range names {
		for rank, p := range paths {
			if _, taken := o.roles[p]; !taken {
				o.roles[p] = roleRank{role: role, rank: uint8(min(rank, 255))}
			}
			for j := range len(p) {
				if p[j] == '.' {
					o.prefixes[p[:j]] = true
				}
			}
		}
	}
	for _, p := range pr.drop {
		if _, taken := o.roles[p]; !taken {
			o.roles[p] = roleRank{role: roleDrop}
		}
	}
}

func quote(s string) string { return `"` + short(s) + `"` }

// parseTime reads a record's time as the include says times are written.
func (o *logOptions) parseTime(val []byte, start time.Time) (time.Time, error) {
	if o == nil || o.timeParse == nil {
		return parseStamp(val, start)
	}
	return o.timeParse(val, start)
}

// mappedLevel looks a level value up in the include's `levels:` map.
func (o *logOptions) mappedLevel(val []byte) (game.Level, bool) {
	if o == nil || o.levelMap == nil {
		return 0, false
	}
	lv, ok := o.levelMap[strings.ToLower(string(val))]
	return lv, ok
}

// numericLevel reads a level written as a number, by the include's scheme
// (pino's 10–60 unless level_numbers says otherwise).
func (o *logOptions) numericLevel(s string) (game.Level, bool) {
	if o == nil || o.numeric == nil {
		return pinoLevel(s)
	}
	return o.numeric(s)
}

// levelSchemes are the ways exporters write levels as numbers.
var levelSchemes = map[string]func(string) (game.Level, bool){
	"pino":   pinoLevel,
	"syslog": syslogLevel,
	"otlp":   otlpNumber,
}

// syslogSeverity maps a syslog severity (0 emerg … 7 debug) to a level.
func syslogSeverity(n int) game.Level {
	switch {
	case n <= 2:
		return game.LevelFatal
	case n == 3:
		return game.LevelError
	case n == 4:
		return game.LevelWarn
	case n <= 6:
		return game.LevelInfo
	}
	return game.LevelDebug
}

func syslogLevel(s string) (game.Level, bool) {
	if len(s) != 1 || s[0] < '0' || s[0] > '7' {
		return game.LevelInfo, false
	}
	return syslogSeverity(int(s[0] - '0')), true
}

// otlpSeverity maps an OTLP severityNumber (1–4 TRACE … 21–24 FATAL).
func otlpSeverity(n int64) (game.Level, bool) {
	if n < 1 || n > 24 {
		return game.LevelInfo, false
	}
	return game.Level((n - 1) / 4), true
}

func otlpNumber(s string) (game.Level, bool) {
	n := int64(0)
	for _, c := range s {
		if c < '0' || c > '9' || n > 24 {
			return game.LevelInfo, false
		}
		n = n*10 + int64(c-'0')
	}
	return otlpSeverity(n)
}

// extraLevels are the level names real loggers write beyond game.ParseLevel:
// .NET's Information/Verbose/Critical, java.util.logging's SEVERE and
// FINE…, syslog's Emergency/Informational, Serilog's three-letter forms.
var extraLevels = map[string]game.Level{
	"INFORMATION": game.LevelInfo, "INFORMATIONAL": game.LevelInfo, "INF": game.LevelInfo, "CONFIG": game.LevelDebug,
	"VERBOSE": game.LevelTrace, "VRB": game.LevelTrace, "FINEST": game.LevelTrace, "FINER": game.LevelTrace,
	"FINE": game.LevelDebug, "DBG": game.LevelDebug, "WRN": game.LevelWarn, "SEVERE": game.LevelError,
	"EMERGENCY": game.LevelFatal, "FTL": game.LevelFatal, "CRT": game.LevelFatal,
}

// levelName reads a level name: game.ParseLevel's, the extra names above,
// and OTLP's numbered severity texts (INFO2, WARN4).
func levelName(s string) (game.Level, bool) {
	if lv, ok := game.ParseLevel(s); ok {
		return lv, true
	}
	u := strings.ToUpper(strings.TrimSpace(s))
	if lv, ok := extraLevels[u]; ok {
		return lv, true
	}
	if n := len(u); n > 1 && u[n-1] >= '1' && u[n-1] <= '4' {
		if lv, ok := game.ParseLevel(u[:n-1]); ok {
			return lv, true
		}
	}
	return game.LevelInfo, false
}

// timeParser returns the parser for a time_format: auto (RFC 3339, +offset
// or a Unix epoch told apart by its digits), rfc3339, unix, unix_ms,
// unix_us, unix_ns, or a Go layout (2006-01-02 15:04:05) read in zone.
func timeParser(format string, zone *time.Location) (func([]byte, time.Time) (time.Time, error), error) {
	units := map[string]int64{"unix": int64(time.Second), "unix_ms": int64(time.Millisecond),
		"unix_us": int64(time.Microsecond), "unix_ns": 1}
	switch {
	case format == "" || format == "auto":
		return nil, nil // parseStamp; its formats carry their own zone
	case format == "rfc3339":
		return func(b []byte, _ time.Time) (time.Time, error) {
			if t, ok := parseRFC3339Fast(b); ok {
				return t, nil
			}
			t, err := time.Parse(time.RFC3339Nano, string(b))
			if err != nil {
				return time.Time{}, errors.New("want RFC 3339 (time_format: rfc3339)")
			}
			return t.UTC(), nil
		}, nil
	case units[format] != 0:
		unit := units[format]
		return func(b []byte, _ time.Time) (time.Time, error) { return parseEpochUnit(b, unit, format) }, nil
	case strings.Contains(format, "2006") || strings.Contains(format, "15:04"):
		return func(b []byte, _ time.Time) (time.Time, error) {
			t, err := time.ParseInLocation(format, string(b), zone)
			if err != nil {
				return time.Time{}, errors.New("does not match time_format " + quote(format))
			}
			return t.UTC(), nil
		}, nil
	}
	return nil, errors.New(quote(format) + ": want auto, rfc3339, unix, unix_ms, unix_us, unix_ns or a Go layout such as 2006-01-02 15:04:05")
}

// parseZone reads a zone option: UTC, an offset (+02:00, -0700) or an IANA
// name (Europe/Paris, where the system has the zone database).
func parseZone(s string) (*time.Location, error) {
	if s == "UTC" || s == "Z" {
		return time.UTC, nil
	}
	for _, layout := range []string{"-07:00", "-0700", "-07"} {
		if t, err := time.Parse(layout, s); err == nil {
			_, off := t.Zone()
			return time.FixedZone(s, off), nil
		}
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, errors.New(quote(s) + ": want UTC, an offset such as +02:00, or a zone name such as Europe/Paris")
	}
	return loc, nil
}
