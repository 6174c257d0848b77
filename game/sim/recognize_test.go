package sim

import (
	"testing"
	"time"
)

// The marks the simulator writes read back as the recipe that made them.
func TestRecipeMarksReadBack(t *testing.T) {
	o, err := Generate("retry-storm", 7, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := Recipe{Archetype: "retry-storm", Seed: 7, Difficulty: 3}
	if r, ok := RecipeFromID(o.Scenario.ID); !ok || r != want {
		t.Errorf("RecipeFromID(%q) = %v, %v", o.Scenario.ID, r, ok)
	}
	data, err := DailyYAML(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := RecipeFromText(data); !ok || r != DailyRecipe(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("RecipeFromText(daily) = %v, %v", r, ok)
	}
	if d, ok := DailyDateFromID(DailyScenarioID(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC))); !ok || d.Format(time.DateOnly) != "2026-02-03" {
		t.Errorf("DailyDateFromID = %v, %v", d, ok)
	}
	for _, id := range []string{"gen-no-such-archetype-7-d3", "gen-retry-storm-7-d9", "my-retry-storm", "daily-2026-13-45"} {
		if r, ok := RecipeFromID(id); ok {
			t.Errorf("RecipeFromID(%q) = %v: not a generated id", id, r)
		}
		if d, ok := DailyDateFromID(id); ok {
			t.Errorf("DailyDateFromID(%q) = %v", id, d)
		}
	}
	if _, ok := RecipeFromText([]byte("# written by hand: archetype retry-storm, seed 7\n")); ok {
		t.Error("a hand-written comment read as the simulator's mark")
	}
}
