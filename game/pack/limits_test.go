package pack

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"
)

// hostile builds the inputs that try to exhaust the loader.
var hostile = map[string]func() []byte{
	// "Billion laughs": nine levels of aliases, each ten times the last.
	"alias bomb": func() []byte {
		var b strings.Builder
		b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
		for i := 1; i <= 9; i++ {
			fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i,
				i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
		}
		return []byte(b.String())
	},
	"50000 keys": func() []byte {
		var b strings.Builder
		b.WriteString("format: firedrill/v1\nanswer:\n  wrong:\n")
		for i := 0; i < 50000; i++ {
			fmt.Fprintf(&b, "    k%d: v\n", i)
		}
		return []byte(b.String())
	},
	"10000 deep": func() []byte {
		return []byte("x: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n")
	},
	"33 MiB": func() []byte {
		return []byte("briefing: \"" + strings.Repeat("x", 33<<20) + "\"\n")
	},
	// As many nodes as the pre-scan lets through, in lists at their limit.
	"most nodes allowed": func() []byte {
		var b strings.Builder
		b.WriteString("x:\n")
		for i := 0; i < MaxNodes/MaxListEntries-1; i++ {
			fmt.Fprintf(&b, "  - [%s1]\n", strings.Repeat("1,", MaxListEntries-1))
		}
		return []byte(b.String())
	},
	"31 MiB of tiny nodes": func() []byte {
		return []byte("logs:\n" + strings.Repeat("- 1\n", 31<<20/4))
	},
}

var hostileWant = map[string]string{
	"alias bomb":           "s.yaml:1: YAML anchors and aliases are not allowed",
	"50000 keys":           "s.yaml:4: a mapping of 50000 keys; the limit is 1000",
	"10000 deep":           "s.yaml:1: nesting deeper than 64 levels",
	"33 MiB":               "s.yaml: file is",
	"31 MiB of tiny nodes": "s.yaml: too many YAML entries",
	"most nodes allowed":   "s.yaml:1: x: unknown field",
}

// TestHostileInputs checks each hostile file is refused with a clear error,
// quickly and without a memory blow-up. The time and memory bounds are
// asserted loosely here (the benchmarks measure them); what must hold is
// the refusal and its message.
func TestHostileInputs(t *testing.T) {
	for name, gen := range hostile {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{"s.yaml": {Data: gen()}}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, errs := LoadScenario(fsys, "s.yaml")
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			// A limit stops the load with its one error; the largest legal
			// tree goes on to validation, which reports the rest too.
			one := name != "most nodes allowed"
			if len(errs) == 0 || one && len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), hostileWant[name]) {
				t.Fatalf("errors = %v\nwant %s starting %q", errs, map[bool]string{true: "one", false: "the first"}[one], hostileWant[name])
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			if alloc > 512<<20 {
				t.Errorf("allocated %d MiB; the limit is 512", alloc>>20)
			}
			t.Logf("%s: %v, %d MiB allocated", name, took, alloc>>20)
		})
	}
}

func TestTreeLimits(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"two documents", "a: 1\n---\nb: 2\n", "s.yaml:2: more than one YAML document"},
		{"duplicate key", "format: x\nid: a\nformat: y\n", `s.yaml:3: format: duplicate key (first at line 1)`},
		{"duplicate key in a big mapping", "m:\n" + keys(20) + "  k3: again\n", `s.yaml:22: k3: duplicate key (first at line 5)`},
		{"anchor", "a: &x 1\n", "s.yaml:1: YAML anchors and aliases"},
		{"long list", "l: [" + strings.Repeat("1,", MaxListEntries) + "1]\n", "s.yaml:1: a list of 100001 entries"},
		{"empty", "", "s.yaml: empty file"},
		{"comments only", "# nothing\n", "s.yaml: empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := LoadScenario(fstest.MapFS{"s.yaml": {Data: []byte(tt.yaml)}}, "s.yaml")
			if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Fatalf("errors = %v\nwant one starting %q", errs, tt.want)
			}
		})
	}
}

func keys(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  k%d: v\n", i)
	}
	return b.String()
}

func benchHostile(b *testing.B, name string) {
	fsys := fstest.MapFS{"s.yaml": {Data: hostile[name]()}}
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := LoadScenario(fsys, "s.yaml"); len(errs) == 0 {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkHostileAliasBomb(b *testing.B) { benchHostile(b, "alias bomb") }
func BenchmarkHostile50kKeys(b *testing.B)   { benchHostile(b, "50000 keys") }
func BenchmarkHostileDeep(b *testing.B)      { benchHostile(b, "10000 deep") }
func BenchmarkHostile33MiB(b *testing.B)     { benchHostile(b, "33 MiB") }
func BenchmarkHostileTinyNodes(b *testing.B) { benchHostile(b, "31 MiB of tiny nodes") }

// TestPackBudget checks the pack-wide byte limit is enforced across the
// scenario file and its includes (with a small budget standing in for
// MaxPackBytes).
func TestPackBudget(t *testing.T) {
	yaml := scenarioWith("logs:\n  - include: x.log\n    format: text\n")
	fsys := fstest.MapFS{
		"s.yaml": {Data: []byte(yaml)},
		"x.log":  {Data: []byte(strings.Repeat("2025-08-20T14:00:01Z INFO api hello\n", 100))},
	}
	if _, _, errs := loadScenario(fsys, "s.yaml", &packBudget{left: int64(len(yaml) + 4000)}); len(errs) != 0 {
		t.Fatalf("within budget: %v", errs)
	}
	_, _, errs := loadScenario(fsys, "s.yaml", &packBudget{left: int64(len(yaml) + 1000)})
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "x.log: the pack is over its 1024 MiB limit") {
		t.Fatalf("errors = %v; want the include refused", errs)
	}
}

// TestPackBudgetCSV: a metrics CSV, which is streamed rather than read
// whole, is refused before it is parsed when it is over the budget left,
// and the bytes it was read in are charged, so a later include that would
// fit on its own is refused.
func TestPackBudgetCSV(t *testing.T) {
	yaml := scenarioWith("metrics:\n  - include: m.csv\n    format: csv\n")
	csv := "time,service,name,value\n" + strings.Repeat("+0s,api,rps,1\n", 1) + strings.Repeat("+10s,nope,rps,x\n", 60)
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(yaml)}, "m.csv": {Data: []byte(csv)}}
	_, _, errs := loadScenario(fsys, "s.yaml", &packBudget{left: int64(len(yaml) + 100)})
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "m.csv: the pack is over its 1024 MiB limit") {
		t.Fatalf("errors = %v; want only the include refused", errs)
	}
	fsys["m.csv"] = &fstest.MapFile{Data: []byte("time,service,name,value\n+0s,api,rps,1\n")}
	yaml2 := scenarioWith("metrics:\n  - include: m.csv\n    format: csv\n  - include: m2.csv\n    format: csv\n")
	fsys["s.yaml"] = &fstest.MapFile{Data: []byte(yaml2)}
	fsys["m2.csv"] = &fstest.MapFile{Data: []byte("time,service,name,value\n+0s,api,qps,1\n")}
	size := int64(len(fsys["m.csv"].Data))
	if _, _, errs := loadScenario(fsys, "s.yaml", &packBudget{left: int64(len(yaml2)) + 2*size}); len(errs) != 0 {
		t.Fatalf("within budget: %v", errs)
	}
	_, _, errs = loadScenario(fsys, "s.yaml", &packBudget{left: int64(len(yaml2)) + size + size/2})
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "m2.csv: the pack is over its 1024 MiB limit") {
		t.Fatalf("errors = %v; want the second include refused", errs)
	}
}

// TestSpanLimit checks MaxSpans is an error, not a truncation (with a
// budget of one span standing in for it).
func TestSpanLimit(t *testing.T) {
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(scenarioWith(""))}, "t.json": {Data: []byte(otlpLines)}}
	l := newLoader(fsys, "s.yaml", &yaml.Node{}, newBudget())
	l.scope = scope{start: t0, end: t0.Add(time.Hour), services: map[string]string{"checkout": "checkout", "postgres": "postgres"}}
	budget := 1
	if traces, _ := l.readOTLP("t.json", &budget); traces != nil || len(l.errs) != 1 ||
		!strings.Contains(l.errs[0].Error(), "more than 1000000 spans") {
		t.Fatalf("traces %v, errors %v", traces, l.errs)
	}
}

// TestLogLineLimit: five million and one (blank) lines are refused before
// any is parsed.
func TestLogLineLimit(t *testing.T) {
	_, errs := loadMap(t, map[string]string{
		"scenarios/s.yaml": scenarioWith("logs:\n  - include: x.log\n    format: text\n"),
		"scenarios/x.log":  strings.Repeat("\n", MaxLogLines+1),
	})
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "scenarios/s.yaml:19: logs: 5000001 log lines; the limit is 5000000") {
		t.Fatalf("errors = %v", errs)
	}
}

// BenchmarkMaxMapKeys decodes a mapping at the MaxMapKeys limit: yaml.v3's
// duplicate-key check during Decode is quadratic, and this is the largest
// mapping the walk lets through to it.
func BenchmarkMaxMapKeys(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(scenarioWith("answer:\n  choice: a\n  wrong:\n"))
	for i := 0; i < MaxMapKeys; i++ {
		fmt.Fprintf(&sb, "    k%d: v\n", i)
	}
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(sb.String())}}
	for b.Loop() {
		if _, errs := LoadScenario(fsys, "s.yaml"); len(errs) == 0 {
			b.Fatal("accepted unknown choices")
		}
	}
}

// BenchmarkManyEvents loads the most events one list may hold, in reverse
// time order: sorting them must not be quadratic.
func BenchmarkManyEvents(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(strings.Replace(scenarioWith("events:\n"), "duration: 1h", "duration: 48h", 1))
	for i := MaxListEntries; i > 0; i-- {
		fmt.Fprintf(&sb, "  - {at: +%ds, kind: note, text: n}\n", i)
	}
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(sb.String())}}
	for b.Loop() {
		s, errs := LoadScenario(fsys, "s.yaml")
		if len(errs) > 0 || !s.Events[0].At.Before(s.Events[1].At) {
			b.Fatalf("%v", errs)
		}
	}
}

func BenchmarkHostileMostNodes(b *testing.B) { benchHostile(b, "most nodes allowed") }
