package pack

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestMemoryBudget checks a scenario whose includes would take more than
// the budget is refused before they are parsed: the include below is not
// even valid JSONL, and the only error is the budget's, naming the sizes.
func TestMemoryBudget(t *testing.T) {
	yaml := scenarioWith("logs:\n  - include: x.jsonl\n    format: jsonl\n")
	fsys := fstest.MapFS{
		"s.yaml":  {Data: []byte(yaml)},
		"x.jsonl": {Data: []byte(strings.Repeat("not json at all\n", 4096))}, // 64 KiB
	}
	_, _, errs := loadScenario(fsys, "s.yaml", &packBudget{left: MaxPackBytes, memLimit: 100 << 10})
	want := "s.yaml: too big to open: its includes hold 64 KiB, about 134 KiB in memory once loaded, over the memory budget of 100 KiB"
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), want) {
		t.Fatalf("errors = %v\nwant one: %s", errs, want)
	}
	// Within the budget the include is read (and its errors reported).
	_, _, errs = loadScenario(fsys, "s.yaml", &packBudget{left: MaxPackBytes, memLimit: 140 << 10})
	if len(errs) == 0 || strings.Contains(errs[0].Error(), "memory budget") {
		t.Fatalf("within budget: %v", errs)
	}
}

// TestMemoryBudgetFormats checks each format is held to its own measured
// factor: the same 100 KiB take about 210 KiB as JSON Lines, 320 KiB as
// text, 290 KiB as a Loki answer without values; a budget a byte short of the estimate
// refuses the scenario, one equal to it does not.
func TestMemoryBudgetFormats(t *testing.T) {
	const size = 100 << 10
	tests := []struct {
		section, format, preset string
		first                   string // how the file starts
		want                    string // the estimate, as the message writes it
	}{
		{"logs", "jsonl", "", `{"msg":"x"}`, "210 KiB"},
		{"logs", "jsonl", "ecs", `{"msg":"x"}`, "210 KiB"},
		{"logs", "jsonl", "", `[{"msg":"x"}`, "260 KiB"},
		{"logs", "jsonl", "cloudwatch", `{"events":[]}`, "260 KiB"},
		{"logs", "journald", "", `{"MESSAGE":"x"}`, "210 KiB"},
		{"logs", "logfmt", "", `msg=x`, "250 KiB"},
		{"logs", "text", "", `x`, "320 KiB"},
		{"logs", "syslog", "", `x`, "430 KiB"},
		{"logs", "access-log", "", `x`, "320 KiB"},
		{"logs", "loki-json", "", `{}`, "290 KiB"},
		{"logs", "otlp-json", "", `{}`, "320 KiB"},
		{"logs", "k8s-events", "", `{}`, "190 KiB"},
		{"events", "k8s-events", "", `{}`, "190 KiB"},
		{"traces", "otlp-json", "", `{}`, "200 KiB"},
		{"metrics", "csv", "", `x`, "200 KiB"},
	}
	for _, tt := range tests {
		name := tt.section + " " + tt.format + " " + tt.preset
		data := tt.first + "\n" + strings.Repeat(" ", size-len(tt.first)-1)
		entry := fmt.Sprintf("%s:\n  - include: x.data\n    format: %s\n", tt.section, tt.format)
		if tt.preset != "" {
			entry += "    preset: " + tt.preset + "\n"
		}
		yaml := scenarioWith(entry)
		fsys := fstest.MapFS{"s.yaml": {Data: []byte(yaml)}, "x.data": {Data: []byte(data)}}
		l := newLoader(fsys, "s.yaml", nil, &packBudget{left: MaxPackBytes, memLimit: 1 << 40})
		r := &rawScenario{}
		switch tt.section {
		case "logs":
			r.Logs = []rawLog{{Include: "x.data", Format: tt.format}}
			r.Logs[0].rawIncludeOpts.Preset = tt.preset
		case "events":
			r.Events = []rawEvent{{Include: "x.data", Format: tt.format}}
		case "traces":
			r.Traces = []rawTrace{{Include: "x.data", Format: tt.format}}
		case "metrics":
			r.Metrics = []rawMetric{{Include: "x.data", Format: tt.format}}
		}
		if err := l.checkMemory(r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		need := l.memNeed
		if got := sizeText(need); got != tt.want {
			t.Errorf("%s: estimate %s, want %s", name, got, tt.want)
		}
		refused := func(budget int64) string {
			_, _, errs := loadScenario(fsys, "s.yaml", &packBudget{left: MaxPackBytes, memLimit: budget})
			for _, err := range errs {
				if strings.Contains(err.Error(), "too big to open") {
					return err.Error()
				}
			}
			return ""
		}
		msg := refused(need - 1)
		if want := fmt.Sprintf("its includes hold 100 KiB, about %s in memory once loaded", tt.want); !strings.Contains(msg, want) {
			t.Errorf("%s: a byte over the budget: %q, want the refusal with %q", name, msg, want)
		}
		if msg := refused(need); msg != "" {
			t.Errorf("%s: within the budget, refused: %s", name, msg)
		}
	}
}

// TestMemoryBudgetLokiValues checks a Loki answer is estimated by its
// bytes and its values: short values cost far more than their bytes.
func TestMemoryBudgetLokiValues(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"api"},"values":[`)
	for i := range 3000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `["%d","cache \"miss\" [%d]"]`, 1755698400000000000+int64(i)*1e6, i)
	}
	b.WriteString(`]}]}}`)
	data := b.String()
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(scenarioWith("logs:\n  - include: x.json\n    format: loki-json\n"))}, "x.json": {Data: []byte(data)}}
	l := newLoader(fsys, "s.yaml", nil, &packBudget{left: MaxPackBytes, memLimit: 1 << 40})
	if err := l.checkMemory(&rawScenario{Logs: []rawLog{{Include: "x.json", Format: FormatLokiJSON}}}); err != nil {
		t.Fatal(err)
	}
	size := int64(len(data))
	if want := size/10*lokiPerByte + 3000*lokiPerValue; l.memNeed != want {
		t.Errorf("estimate %d for %d bytes and 3000 values, want %d", l.memNeed, size, want)
	}
	if l.memNeed < size*8 {
		t.Errorf("estimate %d: short values should cost more than 8 times their %d bytes", l.memNeed, size)
	}
}

// TestMemoryBudgetPack checks the budget is the pack's: each scenario
// fits alone, the second one does not beside the first.
func TestMemoryBudgetPack(t *testing.T) {
	line := `{"ts":"2025-08-20T14:00:01Z","level":"INFO","service":"checkout","msg":"hello"}` + "\n"
	data := []byte(strings.Repeat(line, 400)) // about 32 KiB
	inc := "logs:\n  - include: ../data/x.jsonl\n    format: jsonl\n"
	fsys := fstest.MapFS{
		"pack.yaml":    {Data: []byte("format: firedrill/v1\nid: two\ntitle: Two\nscenarios: [s/a.yaml, s/b.yaml]\n")},
		"s/a.yaml":     {Data: []byte(strings.Replace(scenarioWith(inc), "id: inc", "id: a", 1))},
		"s/b.yaml":     {Data: []byte(strings.Replace(scenarioWith(inc), "id: inc", "id: b", 1))},
		"data/x.jsonl": {Data: data},
	}
	need := int64(len(data)) / 10 * memoryFactors[FormatJSONL]
	budget := need * 3 / 2
	if _, errs := load(fsys, ".", &packBudget{left: MaxPackBytes, memLimit: 2 * need}); len(errs) > 0 {
		t.Fatalf("both fit: %v", errs)
	}
	_, errs := load(fsys, ".", &packBudget{left: MaxPackBytes, memLimit: budget})
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "s/b.yaml: too big to open") ||
		!strings.Contains(errs[0].Error(), "on top of the 66 KiB the pack's other scenarios take") {
		t.Fatalf("errors = %v", errs)
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"1048576", 1 << 20}, {"512MiB", 512 << 20}, {"2G", 2 << 30}, {"2g", 2 << 30}, {"1.5GiB", 3 << 29},
		{"64 KB", 64 << 10}, {"1T", 1 << 40}, {"0", 0}, {"", 0}, {"-1G", 0}, {"12 apples", 0}, {"GiB", 0}, {"1e30", 0},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if tt.want == 0 {
			if err == nil {
				t.Errorf("ParseSize(%q) = %d, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}
