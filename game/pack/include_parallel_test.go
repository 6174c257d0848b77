package pack

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"firedrill/game"
)

// loadOn loads a scenario with n cores.
func loadOn(t *testing.T, procs int, fsys fstest.MapFS) (*game.Scenario, []string) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	s, errs := LoadScenario(fsys, "s.yaml")
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	return s, msgs
}

// bigInclude is a JSONL include over parallelMinBytes, with blank lines,
// CRLF endings and bad lines sprinkled through (every chunk gets some),
// and no newline at the end.
func bigInclude(bad bool) string {
	var b strings.Builder
	for i := 0; b.Len() < parallelMinBytes+parallelMinBytes/2; i++ {
		at := t0.Add(time.Duration(i) * time.Millisecond).Format(time.RFC3339Nano)
		switch {
		case i%997 == 0:
			b.WriteString("\n")
		case bad && i%5003 == 17:
			fmt.Fprintf(&b, `{"ts":"%s","level":"LOUD","service":"api","msg":"bad level %d"}`+"\n", at, i)
		case bad && i%7919 == 3:
			fmt.Fprintf(&b, `{"ts":"%s","service":"nope","msg":"undeclared %d"}`+"\n", at, i)
		case i%3 == 0:
			fmt.Fprintf(&b, `{"ts":"%s","level":"WARN","service":"checkout","msg":"slow %d","pod":"checkout-%d","req":"r%d"}`+"\r\n", at, i, i%5, i)
		default:
			fmt.Fprintf(&b, `{"ts":"%s","level":"INFO","service":"api","msg":"GET /x %d"}`+"\n", at, i)
		}
	}
	return b.String() + `{"ts":"2025-08-20T14:59:00Z","level":"ERROR","service":"api","msg":"last, no newline"}`
}

// TestParallelParseSameAsOnePass checks that a big include parsed on four
// cores gives exactly the lines, attributes and errors of one pass.
func TestParallelParseSameAsOnePass(t *testing.T) {
	for _, bad := range []bool{false, true} {
		fsys := fstest.MapFS{
			"s.yaml":  {Data: []byte(scenarioWith("logs:\n  - include: x.jsonl\n    format: jsonl\n"))},
			"x.jsonl": {Data: []byte(bigInclude(bad))},
		}
		one, oneErrs := loadOn(t, 1, fsys)
		four, fourErrs := loadOn(t, 4, fsys)
		if !reflect.DeepEqual(oneErrs, fourErrs) {
			t.Fatalf("bad=%v: errors differ:\none pass: %q\nfour cores: %q", bad, oneErrs, fourErrs)
		}
		if bad {
			if len(oneErrs) != maxErrorsPerInclude+1 || !strings.Contains(oneErrs[len(oneErrs)-1], "more errors in this file") {
				t.Fatalf("want %d errors and a count of the rest, got %d: %q", maxErrorsPerInclude, len(oneErrs), oneErrs)
			}
			continue
		}
		if len(oneErrs) > 0 {
			t.Fatal(oneErrs)
		}
		if one.Logs.Len() != four.Logs.Len() || one.Logs.Len() < 50_000 {
			t.Fatalf("%d lines in one pass, %d on four cores", one.Logs.Len(), four.Logs.Len())
		}
		if !reflect.DeepEqual(one.Logs, four.Logs) {
			for i := range one.Logs.Len() {
				if !reflect.DeepEqual(one.Logs.Line(i), four.Logs.Line(i)) {
					t.Fatalf("line %d differs:\n%+v\n%+v", i, one.Logs.Line(i), four.Logs.Line(i))
				}
			}
		}
	}
}

// TestParallelParseStopsAtLongLine checks a line over MaxLineBytes in a
// later chunk ends the file there, as one pass does.
func TestParallelParseStopsAtLongLine(t *testing.T) {
	data := bigInclude(false)
	cut := len(data) * 3 / 4
	cut += strings.IndexByte(data[cut:], '\n') + 1
	data = data[:cut] + `{"msg":"` + strings.Repeat("x", MaxLineBytes) + "\"}\n" + data[cut:]
	fsys := fstest.MapFS{
		"s.yaml":  {Data: []byte(scenarioWith("logs:\n  - include: x.jsonl\n    format: jsonl\n"))},
		"x.jsonl": {Data: []byte(data)},
	}
	_, oneErrs := loadOn(t, 1, fsys)
	_, fourErrs := loadOn(t, 4, fsys)
	if len(oneErrs) != 1 || !strings.Contains(oneErrs[0], "longer than") || !reflect.DeepEqual(oneErrs, fourErrs) {
		t.Fatalf("one pass: %q\nfour cores: %q", oneErrs, fourErrs)
	}
}

// TestCountLinesAtSameAsSeq checks counting a file in chunks on several
// cores gives the line count, cuts and size of one sequential read.
func TestCountLinesAtSameAsSeq(t *testing.T) {
	files := []string{
		"a\nbb\nccc\n",
		"a\nbb\nccc",       // no newline at the end
		"\n\n\n\n\n\n\n\n", // blank lines only
		"one very long line, no newline at all",
		strings.Repeat("x", 50) + "\n" + strings.Repeat("y", 3) + "\r\nz", // two targets in one line
		strings.Repeat("line of text\n", 40000),                           // several read buffers
	}
	for _, data := range files {
		size := int64(len(data))
		for _, targets := range [][]int64{{size / 2}, {size / 4, size / 2, size * 3 / 4}, {1, 2, 3}, {size - 1}} {
			l1, s1, z1, e1 := countLinesSeq(strings.NewReader(data), slices.Clone(targets), 1<<30)
			l2, s2, z2, e2 := countLinesAt(strings.NewReader(data), size, slices.Clone(targets))
			if e1 != nil || e2 != nil || l1 != l2 || z1 != z2 || !reflect.DeepEqual(s1, s2) {
				t.Errorf("%.20q targets %v: seq %d %v %d %v; at %d %v %d %v", data, targets, l1, s1, z1, e1, l2, s2, z2, e2)
			}
		}
	}
}
