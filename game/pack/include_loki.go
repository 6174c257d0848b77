package pack

import (
	"encoding/json"
	"sort"
)

// Grafana Loki query_range (and query) responses with resultType
// "streams": {"data": {"result": [{"stream": {labels}, "values": [[ns,
// line], ...]}]}}, values optionally carrying structured metadata as a
// third element. The stream's labels give the service (service_label,
// else service_name, service, app, job, container, else the include's
// service) and the level (level, detected_level, severity, lvl); the
// other labels and the metadata become attributes.
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
		if len(v) < 2 {
			k.begin(line)
			k.fail("values", "want [\"<ns>\", \"<line>\"] pairs")
			continue
		}
		at, err := parseEpochUnit([]byte(jsonString(v[0])), 1, "unix_ns")
		text := jsonString(v[1])
		labels := func() {
			if err != nil {
				k.fail("values", "%q: %v", short(jsonString(v[0])), err)
			} else {
				k.setAt(at)
			}
			if service != "" {
				k.setService(bytesOf(s.Stream[service]))
			}
			if level != "" {
				k.setLevel(bytesOf(s.Stream[level]))
			}
			for _, key := range r.labelKeys {
				k.attr(bytesOf(key), bytesOf(s.Stream[key]))
			}
			if len(v) > 2 {
				var meta map[string]string
				if json.Unmarshal(v[2], &meta) == nil {
					for _, key := range sortedKeys(meta) {
						k.attr(bytesOf(key), bytesOf(meta[key]))
					}
				}
			}
		}
		k.begin(line)
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
