package pack

import (
	"encoding/json"
	"maps"
	"slices"
	"sort"
)

// Grafana Loki query_range (and query) responses with resultType
// "streams": {"data": {"result": [{"stream": {labels}, "values": [[ns,
// line], ...]}]}}, values optionally carrying structured metadata as a
// third element ({"name": "value"}, or, when the query asked for
// categorize-labels, {"structuredMetadata": {…}, "parsed": {…}}). The
// stream's labels give the service (service_label, else service_name,
// service, app, job, container, else the include's service) and the level
// (level, detected_level, severity, lvl); the other labels and the
// metadata become attributes.
//
// A line is often itself structured. line_format says how to read it:
// auto (the default) reads a line that is a JSON object as jsonl does and
// a line that starts key=value as logfmt, and keeps any other line whole
// as the message; json and logfmt insist (a line that does not parse is
// kept whole); raw never parses. Loki's timestamp stays the line's time
// (a time field inside the line becomes an attribute), the stream's
// service wins over one in the line, and a level in the line wins over
// the stream's (it is the more precise).

var (
	lokiServiceLabels = []string{"service_name", "service", "app", "job", "container"}
	lokiLevelLabels   = []string{"level", "detected_level", "severity", "lvl"}
)

type lokiStream struct {
	Stream map[string]string   `json:"stream"`
	Values [][]json.RawMessage `json:"values"`
}

func (l *loader) readLoki(file string, o *rawIncludeOpts, k *logSink) {
	data, ok := l.readInto(file, k.errs)
	if !ok {
		return
	}
	w := newJSONWalk(data, k.errs)
	r := &lokiReader{k: k, lineFormat: o.LineFormat, serviceLabel: o.ServiceLabel}
	seen := w.queryResponses(func(t string) error {
		if t != "streams" {
			return shapeErr("resultType %s holds no log lines: want streams (a log query); read a metric query with prometheus-json", quote(t))
		}
		return nil
	}, func(line int) error {
		var s lokiStream
		if err := w.decode(&s); err != nil {
			return err
		}
		r.stream(&s, line)
		if k.full {
			return errStop
		}
		return nil
	})
	if k.kept == 0 && k.errs.count == 0 {
		noSignals(k.errs, data, seen, SectionLogs, FormatLokiJSON, `"data"`, "log lines")
	}
}

type lokiReader struct {
	k                        *logSink
	lineFormat, serviceLabel string
	js                       jsonScanner
	lf                       logfmtParser
	labelKeys                []string
	meta                     [][2]string // the current value's structured metadata
}

// stream feeds one stream's lines to the sink.
func (r *lokiReader) stream(s *lokiStream, line int) {
	k := r.k
	service, level := r.serviceLabel, ""
	if service == "" {
		service = firstLabel(s.Stream, lokiServiceLabels)
	}
	level = firstLabel(s.Stream, lokiLevelLabels)
	r.labelKeys = r.labelKeys[:0]
	for key := range s.Stream {
		if key != service && key != level {
			r.labelKeys = append(r.labelKeys, key)
		}
	}
	sort.Strings(r.labelKeys)
	for _, v := range s.Values {
		k.begin(line)
		if len(v) < 2 {
			k.fail("values", "want [\"<ns>\", \"<line>\"] pairs")
			continue
		}
		// The value's own errors are reported once, before the line is read
		// (it may be read twice: structured, then whole).
		at, err := parseEpochUnit([]byte(jsonString(v[0])), 1, "unix_ns")
		if err != nil {
			k.fail("values", "%q: %v", short(jsonString(v[0])), err)
			continue
		}
		r.meta = r.meta[:0]
		if len(v) > 2 && !r.metadata(v[2]) {
			continue
		}
		text := jsonString(v[1])
		labels := func() {
			k.setAt(at)
			if service != "" {
				k.setService(bytesOf(s.Stream[service]))
			}
			if level != "" {
				k.setLevel(bytesOf(s.Stream[level]))
			}
			for _, key := range r.labelKeys {
				k.attr(bytesOf(key), bytesOf(s.Stream[key]))
			}
			for _, m := range r.meta {
				k.attr(bytesOf(m[0]), bytesOf(m[1]))
			}
		}
		labels()
		if !r.parse(text) {
			k.begin(line) // start the line again, whole
			labels()
		}
		if k.cur.Msg == "" {
			k.setMsg(bytesOf(text))
		}
		k.end()
	}
}

// metadata reads a value's third element into r.meta: structured metadata
// as the push API writes it, {"name": "value"}, or, in the answer to a
// query sent with X-Loki-Response-Encoding-Flags: categorize-labels,
// {"structuredMetadata": {…}, "parsed": {…}} (parsed: the labels the
// query's parser stages extracted). Anything else fails the line.
func (r *lokiReader) metadata(raw json.RawMessage) bool {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		r.k.fail("values", `structured metadata: want {"name": "value"} or {"structuredMetadata": {…}, "parsed": {…}}`)
		return false
	}
	for _, key := range slices.Sorted(maps.Keys(fields)) {
		var value string
		if json.Unmarshal(fields[key], &value) == nil {
			r.meta = append(r.meta, [2]string{key, value})
			continue
		}
		var group map[string]string
		if (key != "structuredMetadata" && key != "parsed") || json.Unmarshal(fields[key], &group) != nil {
			r.k.fail("values", "structured metadata %s: want a string, or under structuredMetadata or parsed an object of strings", quote(key))
			return false
		}
		for _, name := range sortedKeys(group) {
			r.meta = append(r.meta, [2]string{name, group[name]})
		}
	}
	return true
}

// parse reads a structured line's fields into the sink; false when the
// line is to be kept whole (raw, or not of the expected form).
func (r *lokiReader) parse(text string) bool {
	b := bytesOf(text)
	switch {
	case r.lineFormat == "raw":
		return false
	case (r.lineFormat == "" || r.lineFormat == "auto" || r.lineFormat == "json") && len(b) > 0 && b[skipWS(b, 0)] == '{':
		end, err := skipNested(b, skipWS(b, 0))
		if err != nil || skipWS(b, end) != len(b) || !json.Valid(b) {
			return false
		}
		return r.js.object(b, r.k) == nil
	case (r.lineFormat == "" || r.lineFormat == "auto") && !looksLogfmt(b):
		return false
	case r.lineFormat == "json":
		return false
	}
	return r.lf.line(b, r.k) == nil
}

// looksLogfmt says whether a line starts with key=value.
func looksLogfmt(b []byte) bool {
	for i, c := range b {
		switch {
		case c == '=':
			return i > 0
		case c == '_' || c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return false
}

func firstLabel(labels map[string]string, names []string) string {
	for _, n := range names {
		if labels[n] != "" {
			return n
		}
	}
	return ""
}
