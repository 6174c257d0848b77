package sim

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"firedrill/game"
)

func TestGeneratePackRefusesBadRecipes(t *testing.T) {
	if _, _, err := GeneratePack(Recipe{Archetype: "nope", Seed: 1, Difficulty: 3}); err == nil {
		t.Error("an unknown archetype generated something")
	}
	if _, _, err := GeneratePack(Recipe{Archetype: "random", Seed: 1, Difficulty: 9}); err == nil {
		t.Error("difficulty 9 generated something")
	}
}

// The same date gives the same bytes, and they load as the scenario the
// daily command plays.
func TestDailyScenarioIsByteIdentical(t *testing.T) {
	day := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	a, err := DailyYAML(day)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := DailyYAML(day.Add(23 * time.Hour)) // later the same day
	if !bytes.Equal(a, b) {
		t.Error("two generations of the same day differ")
	}
	_, pack, s, err := DailyPack(day)
	if err != nil {
		t.Fatal(err)
	}
	if pack.ID != DailyPackID || !strings.HasSuffix(s.Title, " · daily 2026-03-14") || s.Answer == nil {
		t.Errorf("daily scenario %s/%s %q", pack.ID, s.ID, s.Title)
	}
	if !bytes.Contains(a, []byte("id: "+s.ID+"\n")) {
		t.Error("the loaded scenario is not the one written")
	}
}

// BenchmarkGenerateAndLoad is what the spinner covers: the simulator, the
// YAML writer and the loader for a difficulty-3 scenario.
func BenchmarkGenerateAndLoad(b *testing.B) {
	r := Recipe{Archetype: "retry-storm", Seed: 251671, Difficulty: 3}
	for b.Loop() {
		o, data, err := generateYAML(r, "", "")
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := loadGenerated(o, data, &game.Pack{}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(data))/1e6, "MB-yaml")
		b.ReportMetric(float64(o.Lines), "lines")
	}
}
