package emit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"firedrill/game"
)

// Logs writes lines as JSONL, one object a line, keys in the order a
// Kubernetes log shipper tends to give them: the time and level, where it
// came from (service, then the pod attribute), the message, the ids that
// correlate it (the request_id attribute, then the trace id), then every
// other attribute in the order given.
func Logs(w io.Writer, lines []game.LogLine) error {
	b := bufio.NewWriterSize(w, 1<<16)
	for _, l := range lines {
		pod, _ := attr(l.Attrs, "pod")
		req, _ := attr(l.Attrs, "request_id")
		b.WriteString(`{"ts":` + js(l.At.Format("2006-01-02T15:04:05.000Z07:00")) + `,"level":` + js(l.Level.String()) +
			`,"service":` + js(l.Service))
		if pod != "" {
			b.WriteString(`,"pod":` + js(pod))
		}
		b.WriteString(`,"msg":` + js(l.Msg))
		if req != "" {
			b.WriteString(`,"request_id":` + js(req))
		}
		if l.Trace != "" {
			b.WriteString(`,"trace_id":` + js(l.Trace))
		}
		for _, a := range l.Attrs {
			if a.Key != "pod" && a.Key != "request_id" {
				b.WriteString("," + js(a.Key) + ":" + js(a.Value))
			}
		}
		b.WriteString("}\n")
	}
	return b.Flush()
}

// attr finds key in attributes that need not be sorted.
func attr(attrs game.Attrs, key string) (string, bool) {
	for _, a := range attrs {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// js quotes a JSON string without HTML escaping (SQL holds < and >).
func js(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}
