package picker

import (
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func TestStarsAndLimit(t *testing.T) {
	stars := map[int]string{0: "☆☆☆☆☆", 1: "★☆☆☆☆", 3: "★★★☆☆", 5: "★★★★★", 9: "★★★★★"}
	for d, want := range stars {
		if got := Stars(d); got != want {
			t.Errorf("Stars(%d) = %s, want %s", d, got, want)
		}
	}
	limits := map[time.Duration]string{15 * time.Minute: "15m", 90 * time.Minute: "1h30m", 2 * time.Hour: "2h", 45 * time.Second: "45s"}
	for d, want := range limits {
		if got := FormatLimit(d); got != want {
			t.Errorf("FormatLimit(%v) = %s, want %s", d, got, want)
		}
	}
}

func testPacks() []*game.Pack {
	a := &game.Pack{ID: "a", Title: "Pack A", Scenarios: []*game.Scenario{
		{ID: "cache", Title: "Checkout slow", Difficulty: 3, TimeLimit: 15 * time.Minute, Tags: []string{"cache", "database"}},
		{ID: "dns", Title: "Everything down", Difficulty: 5, TimeLimit: 20 * time.Minute, Tags: []string{"dns"}},
	}}
	b := &game.Pack{ID: "b", Title: "Pack B", Scenarios: []*game.Scenario{
		{ID: "leak", Title: "Memory leak", Difficulty: 2, TimeLimit: 10 * time.Minute},
	}}
	return []*game.Pack{a, b}
}

func TestItemsGroupedAndFilterable(t *testing.T) {
	m := New(testPacks(), styles.New(true, true))
	items := m.list.Items()
	var order []string
	for _, it := range items {
		order = append(order, it.(item).scenario.ID)
	}
	if strings.Join(order, ",") != "cache,dns,leak" {
		t.Errorf("items in order %v, want pack order", order)
	}
	first := items[0].(item)
	for _, want := range []string{"Checkout slow", "★★★☆☆", "difficulty 3", "15m", "cache", "database", "Pack A"} {
		if !strings.Contains(first.FilterValue(), want) {
			t.Errorf("filter text %q lacks %q", first.FilterValue(), want)
		}
	}
	if d := first.Description(); d != "★★★☆☆ · 15m · cache, database · Pack A" {
		t.Errorf("description %q", d)
	}
}

func TestRecords(t *testing.T) {
	best := map[game.ScenarioRef]game.Best{
		{Pack: "a", Scenario: "cache"}: {Solved: true, BestTime: 4*time.Minute + 12*time.Second, Attempts: 3},
		{Pack: "a", Scenario: "dns"}:   {Attempts: 2},
	}
	m := New(testPacks(), styles.New(true, true)).SetBest(best)
	want := []string{"✓ 4:12 · ★★★☆☆", "✗ 2 tries · ★★★★★", "★★☆☆☆ · 10m"}
	for i, it := range m.list.Items() {
		if d := it.(item).Description(); !strings.HasPrefix(d, want[i]) {
			t.Errorf("item %d: %q, want it to start %q", i, d, want[i])
		}
	}
}

func TestEnterChoosesSelected(t *testing.T) {
	m := New(testPacks(), styles.New(true, true)).SetSize(80, 24)
	m, _ = m.Update(uitest.Key("down"))
	_, cmd := m.Update(uitest.Key("enter"))
	if cmd == nil {
		t.Fatal("enter sent nothing")
	}
	got, ok := cmd().(Chosen)
	if !ok || got.Scenario.ID != "dns" || got.Pack.ID != "a" {
		t.Errorf("enter sent %+v, want the second scenario of pack a", got)
	}
}
