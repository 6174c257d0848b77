package pack

import (
	"bytes"
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
	Stream map[string]string `json:"stream"`
	Values lokiValues        `json:"values"`
}

// lokiValues is a stream's values, [[ns, line (, metadata)], …], read
// without a json.RawMessage per element: the decoder hands over the
// array's text, which is copied into a buffer reused stream after stream
// and split there by hand. (The loader runs with the collector paused,
// gcpause.go: the copies would stay until the load ends, ten times the
// file's bytes at a million lines.) Anything but an array of arrays is
// left to encoding/json, for its verdict and message.
type lokiValues struct {
	text  []byte
	items []textSpan // each element's values, in text
	rows  []int      // where each element's items end
}

func (v *lokiValues) reset() { v.text, v.items, v.rows = v.text[:0], v.items[:0], v.rows[:0] }

// len is the number of elements.
func (v *lokiValues) len() int { return len(v.rows) }

// row is element i: its values' JSON text, appended to dst.
func (v *lokiValues) row(dst [][]byte, i int) [][]byte {
	from := 0
	if i > 0 {
		from = v.rows[i-1]
	}
	for _, s := range v.items[from:v.rows[i]] {
		dst = append(dst, v.text[s.from:s.to])
	}
	return dst
}

func (v *lokiValues) UnmarshalJSON(b []byte) error {
	v.reset()
	v.text = append(v.text, b...)
	if v.split() {
		return nil
	}
	v.reset()
	var rows [][]json.RawMessage
	if err := json.Unmarshal(b, &rows); err != nil {
		return err
	}
	for _, row := range rows { // what split could not read, encoding/json could
		for _, item := range row {
			from := len(v.text)
			v.text = append(v.text, item...)
			v.items = append(v.items, textSpan{from, len(v.text)})
		}
		v.rows = append(v.rows, len(v.items))
	}
	return nil
}

// split reads v.text, an array of arrays (or nulls) of JSON values, as
// decoding it into [][]json.RawMessage would; false for any other shape.
// The decoder has checked its syntax.
func (v *lokiValues) split() bool {
	b := v.text
	i := skipWS(b, 0)
	if string(b[i:]) == "null" {
		return true
	}
	if i >= len(b) || b[i] != '[' {
		return false
	}
	if i = skipWS(b, i+1); i < len(b) && b[i] == ']' {
		return skipWS(b, i+1) == len(b)
	}
	for i < len(b) {
		switch {
		case bytes.HasPrefix(b[i:], []byte("null")):
			i += 4
		case b[i] == '[':
			if i = skipWS(b, i+1); i < len(b) && b[i] == ']' {
				i++
				break
			}
			for i < len(b) {
				end := jsonValueEnd(b, i)
				if end < 0 {
					return false
				}
				v.items = append(v.items, textSpan{i, end})
				if i = skipWS(b, end); i < len(b) && b[i] == ',' {
					i = skipWS(b, i+1)
					continue
				}
				if i >= len(b) || b[i] != ']' {
					return false
				}
				i++
				break
			}
		default:
			return false
		}
		v.rows = append(v.rows, len(v.items))
		if i = skipWS(b, i); i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
			continue
		}
		return i < len(b) && b[i] == ']' && skipWS(b, i+1) == len(b)
	}
	return false
}

// jsonValueEnd is the end of the (well-formed) JSON value at b[i]; -1 if
// it does not end.
func jsonValueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		end, err := skipNested(b, i)
		if err != nil {
			return -1
		}
		return end
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != ']' && b[j] != '}' && b[j] != ' ' && b[j] != '\t' && b[j] != '\r' && b[j] != '\n' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

func (l *loader) readLoki(file string, o *rawIncludeOpts, k *logSink) {
	data, ok := l.readInto(file, k.errs)
	if !ok {
		return
	}
	w := newJSONWalk(data, k.errs)
	r := &lokiReader{k: k, lineFormat: o.LineFormat, serviceLabel: o.ServiceLabel}
	var s lokiStream // its values' buffers serve every stream
	seen := w.queryResponses(func(t string) error {
		if t != "streams" {
			return shapeErr("resultType %s holds no log lines: want streams (a log query); read a metric query with prometheus-json", quote(t))
		}
		return nil
	}, func(line int) error {
		s.Stream = nil
		s.Values.reset()
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
	row                      [][]byte    // the current value's elements
	stamp, text              []byte      // scratch for their text
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
	for i := range s.Values.len() {
		v := s.Values.row(r.row[:0], i)
		r.row = v
		k.begin(line)
		if len(v) < 2 {
			k.fail("values", "want [\"<ns>\", \"<line>\"] pairs")
			continue
		}
		// The value's own errors are reported once, before the line is read
		// (it may be read twice: structured, then whole).
		at, err := parseEpochUnit(jsonText(v[0], &r.stamp), 1, "unix_ns")
		if err != nil {
			k.fail("values", "%q: %v", short(jsonString(v[0])), err)
			continue
		}
		r.meta = r.meta[:0]
		if len(v) > 2 && !r.metadata(v[2]) {
			continue
		}
		text := jsonText(v[1], &r.text)
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
			k.setMsg(text)
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
func (r *lokiReader) parse(b []byte) bool {
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
