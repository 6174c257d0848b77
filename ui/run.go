// Package ui starts the terminal UI. The screens live in sub-packages;
// ui/app is the root model (see ui/README.md).
package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/game/seal"
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
	if o.Scenario != nil && o.Packs == nil {
		// the debrief's "back to the list" shows the pack that was played
		o.Packs = []*game.Pack{o.Pack}
	}
	if o.Best == nil {
		o.Best = bestTimes()
	}
	if o.DataDir == "" {
		if dir, err := play.DataDir(); err == nil {
			o.DataDir = dir
		}
	}
	if o.Status == nil {
		o.Status = CheckPacks(append([]*game.Pack{o.Pack}, o.Packs...))
	}
	_, err := tea.NewProgram(app.New(o)).Run()
	return err
}

// CheckPacks verifies every sealed pack before play (it reads every file,
// so it runs here, never in Update). Unsealed packs get no entry.
func CheckPacks(packs []*game.Pack) map[*game.Pack]seal.PackStatus {
	out := map[*game.Pack]seal.PackStatus{}
	for _, p := range packs {
		if p == nil {
			continue
		}
		if _, done := out[p]; !done {
			out[p] = seal.CheckPack(p)
		}
	}
	return out
}

// bestTimes reads the leaderboard for the picker's records; a missing or
// unreadable leaderboard just means no records.
func bestTimes() map[grade.ScenarioRef]grade.Best {
	dir, err := play.DataDir()
	if err != nil {
		return nil
	}
	rows, _, err := grade.ReadLeaderboard(dir)
	if err != nil {
		return nil
	}
	return grade.BestTimes(rows)
}

// Resolve finds what `firedrill play ARG` names: a pack folder or scenario
// file on disk, else an embedded pack id, optionally with /scenario-id.
// A pack with several scenarios and no scenario id comes back with a nil
// scenario: the caller lets the player pick from that pack.
func Resolve(arg string) (*game.Pack, *game.Scenario, []error) {
	if _, err := os.Stat(arg); err == nil {
		p, errs := pack.Open(arg)
		if len(errs) > 0 {
			return nil, nil, errs
		}
		return p, only(p), nil
	}
	packID, scenarioID, _ := strings.Cut(arg, "/")
	p, errs := packByID(packID)
	if p == nil {
		if len(errs) == 0 {
			errs = []error{errors.New(arg + ": no such file, and no embedded or installed pack with that id (firedrill list shows them)")}
		}
		return nil, nil, errs
	}
	if scenarioID == "" {
		return p, only(p), nil
	}
	if s := p.Scenario(scenarioID); s != nil {
		return p, s, nil
	}
	return nil, nil, []error{fmt.Errorf("pack %q has no scenario %q", packID, scenarioID)}
}

// packByID finds a pack by id: the embedded library first, then the packs
// installed under pack.InstalledDir (the ids firedrill list shows). A broken
// installed pack with that id comes back as its errors.
func packByID(id string) (*game.Pack, []error) {
	dir, err := pack.InstalledDir()
	if err != nil {
		dir = "" // no home to find installed packs in: the embedded ones still play
	}
	packs, errs := pack.LoadCatalog(scenarios.FS, scenarios.Packs(), dir)
	for _, p := range packs {
		if p.ID == id {
			return p, nil
		}
	}
	if dir == "" {
		return nil, nil
	}
	// A pack installed in a folder named like the id that failed to load:
	// its errors say more than "no such pack".
	var mine []error
	folder := filepath.Join(dir, id) + string(os.PathSeparator)
	for _, err := range errs {
		var pe *game.Error
		if errors.As(err, &pe) && strings.HasPrefix(pe.File, folder) {
			mine = append(mine, err)
		}
	}
	return nil, mine
}

// only is a pack's scenario when it has exactly one.
func only(p *game.Pack) *game.Scenario {
	if len(p.Scenarios) == 1 {
		return p.Scenarios[0]
	}
	return nil
}
