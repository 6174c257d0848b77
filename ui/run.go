// Package ui starts the terminal UI. The screens live in sub-packages;
// ui/app is the root model (see ui/README.md).
package ui

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/game/seal"
	"firedrill/game/team"
	"firedrill/ui/app"
)

// Options is how the command line starts the UI.
type Options = app.Options

// Run runs the program until the player quits: on the briefing when
// o.Scenario is set, else on the picker over o.Packs (all packs when nil).
func Run(o Options) error {
	if o.Scenario == nil && o.Packs == nil {
		packs, errs := pack.Library().Packs()
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
		o.Status = seal.CheckPacks(append([]*game.Pack{o.Pack}, o.Packs...))
	}
	if o.TeamDir == "" {
		o.TeamDir = teamDir()
	}
	// Bubble Tea's own handler quits at once on SIGTERM, without a save,
	// and nothing catches SIGHUP (a closed terminal): the game takes both,
	// and SIGINT (sent by kill: in the terminal ctrl+c is a key), and saves
	// before it quits.
	TuneCollector()
	p := tea.NewProgram(app.New(o), tea.WithoutSignalHandler())
	stop := forwardSignals(p)
	defer stop()
	_, err := p.Run()
	return err
}

// forwardSignals sends the first SIGTERM, SIGHUP or SIGINT to the game as
// an app.Shutdown (save, then quit); a second one kills the program, for
// a save that hangs. stop ends the forwarding.
func forwardSignals(p *tea.Program) (stop func()) {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGHUP, os.Interrupt)
	done := make(chan struct{})
	go func() {
		asked := false
		for {
			select {
			case s := <-sig:
				if asked {
					p.Kill()
					return
				}
				asked = true
				go p.Send(app.Shutdown{Signal: s}) // Send blocks until the program reads it
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
	}
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

// teamDir is the configured team folder, "" when none (or the config is
// unreadable: the team view is a convenience, play goes on).
func teamDir() string {
	path, err := team.ConfigPath()
	if err != nil {
		return ""
	}
	c, err := team.LoadConfig(path)
	if err != nil {
		return ""
	}
	return c.Team
}
