package sim

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
)

// Pack ids of generated scenarios. The scenario id carries the archetype,
// seed and difficulty (gen-retry-storm-42-d3), so every recipe has its own
// leaderboard row.
const (
	GeneratedPackID = "generated"
	DailyPackID     = "daily"
)

// SourceGenerated is Pack.Source for a scenario made by the simulator.
const SourceGenerated = "generated"

// Recipe is what the simulator needs to make one scenario; the same recipe
// (and firedrill version) always makes the same scenario.
type Recipe struct {
	Archetype  string // or "random": picked from the seed
	Seed       uint64
	Difficulty int
}

func (r Recipe) String() string {
	return fmt.Sprintf("%s, seed %d, difficulty %d", r.Archetype, r.Seed, r.Difficulty)
}

// Blind is the recipe without its archetype: what a player may see of a
// drill they have not played (the archetype names the root cause).
func (r Recipe) Blind() string {
	return fmt.Sprintf("seed %d, difficulty %d", r.Seed, r.Difficulty)
}

// GeneratePack runs the simulator for r and loads its scenario through the
// real loader (validation and Sanitize included), as a pack of one. It
// takes up to a second: call it from a tea.Cmd, never from Update.
func GeneratePack(r Recipe) (*game.Pack, *game.Scenario, error) {
	o, data, err := generateYAML(r, "", "")
	if err != nil {
		return nil, nil, err
	}
	return loadGenerated(o, data, &game.Pack{ID: GeneratedPackID, Title: "Generated",
		Description: "Made by the incident simulator from " + r.String() + "."})
}

// DailyRecipe is the daily drill's recipe for a UTC date (the same for
// everyone on that day, from the date alone).
func DailyRecipe(date time.Time) Recipe {
	a, seed, d := Daily(date)
	return Recipe{Archetype: a, Seed: seed, Difficulty: d}
}

// DailyTitleSuffix ends the daily scenario's title, so the briefing says
// which day it is (at the end: a narrow header keeps the page's words).
func DailyTitleSuffix(date time.Time) string {
	return " · daily " + date.UTC().Format(time.DateOnly)
}

// DailyPack generates and loads the daily drill of date, in the pack
// "daily".
func DailyPack(date time.Time) (Recipe, *game.Pack, *game.Scenario, error) {
	r := DailyRecipe(date)
	o, data, err := generateYAML(r, DailyTitleSuffix(date), DailyScenarioID(date))
	if err != nil {
		return r, nil, nil, err
	}
	p, s, err := loadGenerated(o, data, &game.Pack{ID: DailyPackID, Title: "Daily drill",
		Description: "The daily drill of " + date.UTC().Format(time.DateOnly) + ": " + r.Blind() + "."})
	return r, p, s, err
}

// DailyScenarioID names a day's drill by its date alone: the simulator's
// own ids carry the archetype, which would name the cause on the
// leaderboard and in the session files before the drill is played.
func DailyScenarioID(date time.Time) string { return "daily-" + date.UTC().Format(time.DateOnly) }

// DailyYAML is the daily drill's source scenario: byte-identical for the
// same date and firedrill version.
func DailyYAML(date time.Time) ([]byte, error) {
	_, data, err := generateYAML(DailyRecipe(date), DailyTitleSuffix(date), DailyScenarioID(date))
	return data, err
}

// generateYAML runs the simulator and writes its scenario. A panic in the
// simulator becomes an error: a bad seed must never crash the game.
// A non-empty id replaces the simulator's scenario id.
func generateYAML(r Recipe, titleSuffix, id string) (o *Output, data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			o, data, err = nil, nil, fmt.Errorf("the simulator failed on %s: %v", r, p)
		}
	}()
	o, err = Generate(r.Archetype, r.Seed, r.Difficulty)
	if err != nil {
		return nil, nil, err
	}
	o.Scenario.Title += titleSuffix
	if id != "" {
		o.Scenario.ID = id
	}
	var buf bytes.Buffer
	if err := o.WriteYAML(&buf); err != nil {
		return nil, nil, err
	}
	return o, buf.Bytes(), nil
}

// loadGenerated reads the written scenario back from memory through the
// loader, so a generated scenario is checked like any pack's.
func loadGenerated(o *Output, data []byte, p *game.Pack) (*game.Pack, *game.Scenario, error) {
	s, errs := pack.LoadScenarioData(o.Scenario.ID+".yaml", data)
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("the generated scenario did not load: %w", errors.Join(errs...))
	}
	p.Version = Version
	p.Author = "firedrill simulator"
	p.Source = SourceGenerated
	p.Scenarios = []*game.Scenario{s}
	return p, s, nil
}
