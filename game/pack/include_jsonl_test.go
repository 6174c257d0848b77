package pack

import (
	"bytes"
	"encoding/json"
	"testing"

	"firedrill/game"
)

// scanFlat runs the JSONL scanner over line and returns its fields and
// whether a key came twice (where the sink's rules, not encoding/json's
// last-wins, decide).
func scanFlat(line []byte) (map[string]string, bool, error) {
	got := map[string]string{}
	dup := false
	var js jsonScanner
	err := js.objectFunc(line, func(key, val []byte) {
		// encoding/json turns invalid UTF-8 in keys into U+FFFD, as Sanitize does.
		k := game.Sanitize(string(key))
		_, seen := got[k]
		dup = dup || seen
		got[k] = string(val)
	}, nil)
	return got, dup, err
}

// FuzzJSONLine checks the hand-rolled scanner against encoding/json: every
// line encoding/json reads as an object, the scanner reads too, with the
// same keys and the same string, number and literal values.
func FuzzJSONLine(f *testing.F) {
	for _, seed := range []string{
		`{"ts":"2025-08-20T14:00:01Z","level":"info","msg":"hello","n":12,"ok":true,"nil":null}`,
		`{"msg":"tab\there \u001b[2J \ud83d\ude00 \"q\" \\","nested":{"a":[1,{"b":"}"}]}}`,
		` { "a" : "b" , "c" : -1.5e3 } `,
		`{}`, `{"a":"\xff"}`, `{"a":"\ud800"}`, `{"a":1,"a":2}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if bytes.IndexByte(line, '\n') >= 0 {
			return // one line at a time, as eachLine hands them over
		}
		got, dup, err := scanFlat(line)
		var want map[string]json.RawMessage
		if json.Unmarshal(line, &want) != nil || want == nil || dup || !uniqueKeys(line) {
			return // not an object, or repeated keys: the scanner may differ
		}
		if err != nil {
			t.Fatalf("scanner refused valid JSON %q: %v", line, err)
		}
		for key, raw := range want {
			key = game.Sanitize(key)
			var s string
			var v any
			switch {
			case string(raw) == "null":
				if _, ok := got[key]; ok {
					t.Fatalf("%q: null field %q kept", line, key)
				}
				continue
			case json.Unmarshal(raw, &s) == nil:
			case raw[0] == '{' || raw[0] == '[':
				if !json.Valid([]byte(got[key])) {
					t.Fatalf("%q: nested %q = %q", line, key, got[key])
				}
				continue
			case json.Unmarshal(raw, &v) == nil:
				s = string(raw)
			}
			if game.Sanitize(got[key]) != game.Sanitize(s) {
				t.Fatalf("%q: field %q = %q, want %q", line, key, got[key], s)
			}
		}
		if len(got) != len(want)-countNulls(want) {
			t.Fatalf("%q: %d fields, want %d", line, len(got), len(want))
		}
	})
}

func countNulls(m map[string]json.RawMessage) int {
	n := 0
	for _, v := range m {
		if string(v) == "null" {
			n++
		}
	}
	return n
}

// uniqueKeys reports whether the top-level object in line names no key twice.
func uniqueKeys(line []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(line))
	if _, err := dec.Token(); err != nil {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok || seen[key] {
			return false
		}
		seen[key] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return true
}
