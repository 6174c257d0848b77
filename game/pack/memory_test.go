package pack

import (
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
	want := "s.yaml: too big to open: its includes hold 64 KiB, about 128 KiB in memory once loaded, over the memory budget of 100 KiB"
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), want) {
		t.Fatalf("errors = %v\nwant one: %s", errs, want)
	}
	// Within the budget the include is read (and its errors reported).
	_, _, errs = loadScenario(fsys, "s.yaml", &packBudget{left: MaxPackBytes, memLimit: 200 << 10})
	if len(errs) == 0 || strings.Contains(errs[0].Error(), "memory budget") {
		t.Fatalf("within budget: %v", errs)
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
	budget := int64(len(data)) * memoryPerIncludeByte * 3 / 2
	if _, errs := load(fsys, ".", &packBudget{left: MaxPackBytes, memLimit: 2 * budget}); len(errs) > 0 {
		t.Fatalf("both fit: %v", errs)
	}
	_, errs := load(fsys, ".", &packBudget{left: MaxPackBytes, memLimit: budget})
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "s/b.yaml: too big to open") ||
		!strings.Contains(errs[0].Error(), "on top of the 62 KiB the pack's other scenarios take") {
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
