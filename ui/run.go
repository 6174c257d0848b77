// Package ui starts the terminal UI. The screens live in sub-packages;
// ui/app is the root model (see ui/README.md).
package ui

import (
	"errors"
	"fmt"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/scenarios"
	"firedrill/ui/app"
	"firedrill/ui/picker"
)

// Options is how the command line starts the UI.
type Options = app.Options

// Run runs the program until the player quits: on the briefing when
// o.Scenario is set, else on the picker over o.Packs (all packs when nil).
func Run(o Options) error {
	if o.Scenario == nil && o.Packs == nil {
		packs, errs := picker.LoadPacks()
		for _, err := range errs {
			fmt.Fprintln(os.Stderr, "firedrill: skipping pack:", err)
		}
		o.Packs = packs
	}
	if o.Scenario == nil && o.Best == nil {
		o.Best = bestTimes()
	}
	_, err := tea.NewProgram(app.New(o)).Run()
	return err
}

// bestTimes reads the leaderboard for the picker's records; a missing or
// unreadable leaderboard just means no records.
func bestTimes() map[game.ScenarioRef]game.Best {
	dir, err := game.DataDir()
	if err != nil {
		return nil
	}
	rows, _, err := game.ReadLeaderboard(dir)
	if err != nil {
		return nil
	}
	return game.BestTimes(rows)
}

// Resolve finds what `firedrill play ARG` names: a pack folder or scenario
// file on disk, else an embedded pack id, optionally with /scenario-id.
// A pack with several scenarios and no scenario id comes back with a nil
// scenario: the caller lets the player pick from that pack.
func Resolve(arg string) (*game.Pack, *game.Scenario, []error) {
	if _, err := os.Stat(arg); err == nil {
		p, errs := game.Open(arg)
		if len(errs) > 0 {
			return nil, nil, errs
		}
		return p, only(p), nil
	}
	packID, scenarioID, _ := strings.Cut(arg, "/")
	for _, dir := range scenarios.Packs() {
		p, errs := game.LoadPack(scenarios.FS, dir)
		if len(errs) > 0 || p.ID != packID {
			continue
		}
		p.Source = "embedded"
		if scenarioID == "" {
			return p, only(p), nil
		}
		if s := p.Scenario(scenarioID); s != nil {
			return p, s, nil
		}
		return nil, nil, []error{fmt.Errorf("pack %q has no scenario %q", packID, scenarioID)}
	}
	return nil, nil, []error{errors.New(arg + ": no such file, and no embedded pack with that id")}
}

// only is a pack's scenario when it has exactly one.
func only(p *game.Pack) *game.Scenario {
	if len(p.Scenarios) == 1 {
		return p.Scenarios[0]
	}
	return nil
}
