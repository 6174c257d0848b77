package pack

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// OTLP/JSON logs, as the SDKs' and the collector's file exporters write
// them: {"resourceLogs": [{resource, scopeLogs: [{logRecords: [...]}]}]},
// one export, JSON Lines of them, or an array. A record's time is
// timeUnixNano, else observedTimeUnixNano; its level is severityNumber
// (1–4 TRACE … 21–24 FATAL), else severityText; its message is the body
// (a string as is, any other value as JSON); the service is the resource's
// service.name, else the include's service; traceId links to a trace
// (hex or base64); spanId, eventName, the record's attributes and the
// resource's other attributes become attributes.

type otlpLogRecord struct {
	Time           otlpUint64         `json:"timeUnixNano"`
	ObservedTime   otlpUint64         `json:"observedTimeUnixNano"`
	SeverityNumber otlpSeverityNumber `json:"severityNumber"`
	SeverityText   string             `json:"severityText"`
	Body           *otlpAny           `json:"body"`
	Attributes     []otlpKV           `json:"attributes"`
	TraceID        string             `json:"traceId"`
	SpanID         string             `json:"spanId"`
	EventName      string             `json:"eventName"`

	line int
}

// otlpSeverityNumber is a severityNumber written as a number or as its
// enum name (SEVERITY_NUMBER_WARN).
type otlpSeverityNumber int64

var otlpSeverityNames = map[string]int64{"TRACE": 1, "DEBUG": 5, "INFO": 9, "WARN": 13, "ERROR": 17, "FATAL": 21}

func (n *otlpSeverityNumber) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && len(b) <= 18 && isDigits(b) { // the usual case, without json.Unmarshal's allocations
		v, _ := strconv.ParseInt(string(b), 10, 64)
		*n = otlpSeverityNumber(v)
		return nil
	}
	var f flexInt
	if err := f.UnmarshalJSON(b); err == nil {
		*n = otlpSeverityNumber(f)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return shapeErr("severityNumber: want a number, got %s", quote(string(b)))
	}
	name := strings.TrimPrefix(s, "SEVERITY_NUMBER_")
	base, digit := name, int64(1)
	if m := len(name); m > 1 && name[m-1] >= '2' && name[m-1] <= '4' {
		base, digit = name[:m-1], int64(name[m-1]-'0')
	}
	if v, ok := otlpSeverityNames[base]; ok {
		*n = otlpSeverityNumber(v + digit - 1)
	}
	return nil
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (l *loader) readOTLPLogs(file string, k *logSink) {
	data, ok := l.readInto(file, k.errs)
	if !ok {
		return
	}
	w := newJSONWalk(data, k.errs)
	seen := false
	w.documents(func() error {
		if w.next() != '{' {
			return shapeErr(`an OTLP/JSON export is an object: {"resourceLogs": [...]}`)
		}
		return w.object(func(key string) error {
			if key != "resourceLogs" {
				return w.skip()
			}
			seen = true
			return w.array(func() error { return otlpResourceLogs(w, k) })
		})
	})
	if k.kept == 0 && k.errs.count == 0 {
		noSignals(k.errs, data, seen, SectionLogs, FormatOTLPJSON, `"resourceLogs"`, "log records")
	}
}

// otlpResourceLogs reads one element of resourceLogs.
func otlpResourceLogs(w *jsonWalk, k *logSink) error {
	var res otlpResource
	known := false
	var pending []otlpLogRecord // records seen before their resource
	// Once the resource is known each record goes straight to the sink, so
	// one record is decoded into again and again, its attribute list's
	// array with it (cleared first: the decoder leaves alone what a record
	// does not write). The loader runs with the collector paused
	// (gcpause.go): a fresh list per record would stay until the load ends.
	var reused otlpLogRecord
	scope := func() error {
		return w.object(func(key string) error {
			if key != "logRecords" {
				return w.skip()
			}
			return w.array(func() error {
				var fresh otlpLogRecord
				rec := &fresh
				if known {
					attrs := reused.Attributes[:cap(reused.Attributes)]
					clear(attrs)
					reused = otlpLogRecord{Attributes: attrs[:0]}
					rec = &reused
				}
				rec.line = w.line(w.offset())
				if err := w.decode(rec); err != nil {
					return err
				}
				if known {
					otlpLogLine(k, rec, &res)
				} else {
					pending = append(pending, *rec)
				}
				if k.full {
					return errStop
				}
				return nil
			})
		})
	}
	err := w.object(func(key string) error {
		switch key {
		case "resource":
			known = true
			return w.decode(&res)
		case "scopeLogs", "instrumentationLibraryLogs":
			return w.array(scope)
		}
		return w.skip()
	})
	for i := range pending {
		otlpLogLine(k, &pending[i], &res)
	}
	return err
}

// otlpLogLine feeds one log record to the sink.
func otlpLogLine(k *logSink, rec *otlpLogRecord, res *otlpResource) {
	k.begin(rec.line)
	at := rec.Time
	if at == 0 {
		at = rec.ObservedTime
	}
	if at == 0 || at > 1<<63-1 {
		k.fail("timeUnixNano", "missing or out of range (and no observedTimeUnixNano)")
	} else {
		k.setAt(time.Unix(0, int64(at)).UTC())
	}
	if lv, ok := otlpSeverity(int64(rec.SeverityNumber)); ok {
		k.setLevelValue(lv)
	} else if rec.SeverityText != "" {
		k.setLevel(bytesOf(rec.SeverityText))
	}
	if rec.Body != nil {
		k.setMsg(bytesOf(rec.Body.String()))
	}
	if service := res.service(); service != "" {
		k.setService(bytesOf(service))
	}
	if rec.TraceID != "" {
		k.setTrace(bytesOf(otlpID(rec.TraceID, 16)))
	}
	if rec.SpanID != "" {
		k.attr([]byte("span_id"), bytesOf(otlpID(rec.SpanID, 8)))
	}
	if rec.EventName != "" {
		k.attr([]byte("event.name"), bytesOf(rec.EventName))
	}
	for _, kv := range rec.Attributes {
		k.attr(bytesOf(kv.Key), bytesOf(kv.Value.String()))
	}
	for _, kv := range res.Attributes {
		if kv.Key != "service.name" {
			k.attr(bytesOf(kv.Key), bytesOf(kv.Value.String()))
		}
	}
	k.end()
}

// bytesOf views a string as bytes without copying. The sink only reads
// what it is given (it copies what it keeps), so the view is never written.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
