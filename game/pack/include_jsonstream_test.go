package pack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"firedrill/game"
)

// TestJSONStreamSameAsWhole: a JSON export read as a stream (a window of
// it held at a time) gives the same signals and the same errors, at the
// same lines, as the same export read whole, for every reader that
// streams, with exports big enough for the window to move many times:
// valid, pretty-printed, with wrong-typed fields and bad values far into
// the file, and cut short.
func TestJSONStreamSameAsWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("builds megabytes of exports")
	}
	spans := benchTraces(4000)
	exports := map[string][]byte{
		FormatOTLPJSON:       otlpJSON(spans),
		FormatJaegerJSON:     jaegerJSON(spans),
		FormatZipkinJSON:     zipkinJSON(spans),
		FormatPrometheusJSON: metricsPrometheus(20, 3600),
	}
	for format, data := range exports {
		spoiled := spoil(data)
		variants := map[string][]byte{
			"as written":          data,
			"indented":            indentJSON(t, data),
			"bad values":          spoiled,
			"bad values indented": indentJSON(t, spoiled),
		}
		variants["cut short"] = data[:len(data)*4/5]
		variants["cut short indented"] = variants["indented"][:len(variants["indented"])*4/5]
		for name, body := range variants {
			t.Run(format+"/"+name, func(t *testing.T) {
				whole, wholeErrs := loadJSONExport(t, format, body, false)
				stream, streamErrs := loadJSONExport(t, format, body, true)
				if strings.Join(streamErrs, "\n") != strings.Join(wholeErrs, "\n") {
					t.Fatalf("streamed errors:\n%s\nwhole:\n%s", strings.Join(streamErrs, "\n"), strings.Join(wholeErrs, "\n"))
				}
				if len(wholeErrs) > 0 {
					t.Logf("%d errors, the last %s", len(wholeErrs), wholeErrs[len(wholeErrs)-1])
				}
				if stream != whole {
					t.Fatalf("streamed signals %s, whole %s", stream, whole)
				}
				if name == "as written" && (len(wholeErrs) > 0 || whole == "") {
					t.Fatalf("the valid export loads with errors %v (signals %q)", wholeErrs, whole)
				}
				if strings.HasPrefix(name, "bad values") && len(wholeErrs) < 3 {
					t.Fatalf("the spoiled export gives %d errors: %v", len(wholeErrs), wholeErrs)
				}
			})
		}
	}
}

// loadJSONExport loads one export of format, streamed or whole, and says
// what it gave: a digest of its signals and its errors.
func loadJSONExport(t *testing.T, format string, body []byte, streamed bool) (string, []string) {
	t.Helper()
	defer func(was bool) { streamJSON = was }(streamJSON)
	streamJSON = streamed
	scenario := traceScenario("x.json", format)
	if format == FormatPrometheusJSON {
		scenario = metricScenario("x.json", format)
	}
	s, errs := LoadScenario(fstest.MapFS{"s.yaml": {Data: []byte(scenario)}, "x.json": {Data: body}}, "s.yaml")
	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	return signalDigest(s), msgs
}

// signalDigest sums up a scenario's traces and series, every field a
// reader fills.
func signalDigest(s *game.Scenario) string {
	if s == nil {
		return ""
	}
	var b strings.Builder
	for _, tr := range s.Traces {
		fmt.Fprintf(&b, "%s:", tr.ID)
		for _, sp := range tr.Spans {
			fmt.Fprintf(&b, "%s/%s/%s/%s/%d/%d/%v/%v;", sp.ID, sp.Parent, sp.Service, sp.Name, sp.At.UnixNano(), sp.Dur, sp.Error, sp.Attrs)
		}
	}
	for _, sr := range s.Metrics {
		fmt.Fprintf(&b, "%s/%s/%s/%v/%v:", sr.Name, sr.Service, sr.Unit, sr.From, sr.Step)
		for i := 0; i < sr.Len(); i++ {
			v, ok := sr.At(i)
			fmt.Fprintf(&b, "%v,%v;", v, ok)
		}
	}
	return fmt.Sprintf("%d traces, %d series, %x", len(s.Traces), len(s.Metrics), b.String())
}

// indentJSON pretty-prints every top-level value of data, one field a line.
func indentJSON(t *testing.T, data []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if err := json.Indent(&out, v, "", "  "); err != nil {
			t.Fatal(err)
		}
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// spoil makes eight records of an export wrong, all through the file
// (a time outside the scenario, a span id that is no hex id, a sample
// that is no number), and one record about three quarters into it fatally
// so (a name of the wrong type ends the walk).
func spoil(data []byte) []byte {
	out := bytes.Clone(data)
	for _, bad := range []struct{ from, to string }{
		{`"startTimeUnixNano":"17`, `"startTimeUnixNano":"7`}, {`"startTime":17`, `"startTime":7`},
		{`"timestamp":17`, `"timestamp":7`}, {`"spanId":"`, `"spanId":"zz`},
		{`"]`, `x"]`},
	} {
		every := max(bytes.Count(out, []byte(bad.from))/8, 1)
		for i, at := 0, 0; ; i++ {
			j := bytes.Index(out[at:], []byte(bad.from))
			if j < 0 {
				break
			}
			at += j
			if i%every == every/2 {
				out = append(out[:at], append([]byte(bad.to), out[at+len(bad.from):]...)...)
			}
			at += len(bad.from)
		}
	}
	for _, name := range []string{`"name":"`, `"operationName":"`} {
		if j := bytes.Index(out[len(out)*3/4:], []byte(name)); j >= 0 {
			at := len(out)*3/4 + j
			out = append(out[:at], append([]byte(name[:len(name)-1]+`7,"was":"`), out[at+len(name):]...)...)
			break
		}
	}
	return out
}

// TestJSONStreamWindow: walking a stream holds a window of it, not the
// file: after a 4 MB export the window is a small part of it and lies at
// its end, and lines are still counted right.
func TestJSONStreamWindow(t *testing.T) {
	data := zipkinJSON(benchTraces(10_000))
	if len(data) < 4e6 {
		t.Fatalf("the export is %d bytes; want a bigger one", len(data))
	}
	w := newJSONStream(bytes.NewReader(data), &includeErrors{l: &loader{}, file: "x"})
	most, spans, lastLine := 0, 0, 0
	span := func() error {
		lastLine = w.line(w.offset())
		var sp zipkinSpan
		most = max(most, cap(w.src.buf))
		spans++
		return w.decode(&sp)
	}
	ok := w.documents(func() error { return w.array(span) }) // a list of traces
	if !ok || spans != 10_000 {
		t.Fatalf("walked %d spans (ok %v)", spans, ok)
	}
	if most > 1<<20 || w.src.base < len(data)/2 {
		t.Errorf("the window reached %d bytes and ends at %d..%d of %d", most, w.src.base, w.src.end(), len(data))
	}
	if want := lineAt(data, bytes.LastIndex(data, []byte(`{"traceId"`))); lastLine != want {
		t.Errorf("the last span is on line %d; want %d", lastLine, want)
	}
}

// TestJSONString: jsonString reads a string as encoding/json does, escapes
// and bad UTF-8 included, and anything else as its JSON text.
func TestJSONString(t *testing.T) {
	for _, raw := range []string{`"GET"`, `""`, `"a\"b"`, `"tab\there"`, `"caf\u00e9"`, "\"caf\xc3\xa9\"", "\"bad \xff byte\"",
		"\"del\x7f\"", `"back\\slash"`, `"quote"x"`, `"unterminated`, `42`, `-1.5e3`, `true`, `null`, `{"a":1}`, `["x"]`} {
		want := raw
		var s string
		if raw[0] == '"' && json.Unmarshal([]byte(raw), &s) == nil {
			want = s
		}
		if got := jsonString(json.RawMessage(raw)); got != want {
			t.Errorf("jsonString(%s) = %q; want %q", raw, got, want)
		}
	}
}
