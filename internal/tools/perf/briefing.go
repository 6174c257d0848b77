package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// briefingShown is text only the briefing screen shows: its page box.
const briefingShown = "The page"

// playToBriefing times what a player waits for: `firedrill play <pack>`
// in a terminal (a detached tmux session of 120×40) from the command's
// start to the briefing on screen, which the game draws once the pack is
// read, checked and indexed. The screen is read every 2 ms, so a figure
// may run up to that, plus tmux's own start (a few ms), over the truth.
// HOME is a temporary folder, so no save or setting of the player's is
// read or written.
func playToBriefing(tmux, bin, pack string) (float64, error) {
	home, err := os.MkdirTemp("", "firedrill-perf-home-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(home)
	name := fmt.Sprintf("firedrill-perf-%d", os.Getpid())
	command := fmt.Sprintf("env HOME=%q %q play %q", home, bin, pack)
	start := time.Now()
	if out, err := exec.Command(tmux, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("tmux: %v: %s", err, firstLine(string(out)))
	}
	defer exec.Command(tmux, "kill-session", "-t", name).Run()
	for time.Since(start) < time.Minute {
		screen, err := exec.Command(tmux, "capture-pane", "-p", "-t", name).Output()
		if err != nil {
			return 0, fmt.Errorf("tmux capture-pane: %v (did firedrill play exit?)", err)
		}
		if strings.Contains(string(screen), briefingShown) {
			return time.Since(start).Seconds(), nil
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("firedrill play showed no briefing within a minute")
}
