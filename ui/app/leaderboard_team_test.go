package app

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/seal"
	"firedrill/game/team"
)

// The leaderboard's Team view (t) reads the configured team folder in a
// command and ranks its signed results; without a team folder, t does
// nothing and the footer does not offer it.
func TestLeaderboardTeamView(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(base, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(base, "data"))
	_, priv, err := seal.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(base, "player.key")
	if err := seal.WriteKeyPair(keyPath, priv); err != nil {
		t.Fatal(err)
	}
	cfgPath, _ := team.ConfigPath()
	teamDir := filepath.Join(base, "team")
	if err := team.SaveConfig(cfgPath, team.Config{Name: "Ann", Key: keyPath, Team: teamDir}); err != nil {
		t.Fatal(err)
	}
	r := grade.Result{PackID: "starter", ScenarioID: "payments-failing", Correct: true, Verdict: grade.VerdictProven,
		Score: grade.Score{Total: 1234}, TimeUsed: 150 * time.Second, Mode: game.ModeDrill, Date: wallStart, Trusted: true,
		PackDigest: "builtin:starter@1.0.0", ChainHead: strings.Repeat("ab", 32), Flags: []string{grade.FlagClockBack}}
	data, err := team.Sign(team.Payload{Player: "Ann", Result: r}, priv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(teamDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(teamDir, "ann"+team.FileSuffix), data, 0o644); err != nil {
		t.Fatal(err)
	}
	r2 := r
	r2.ScenarioID, r2.ChainHead, r2.Flags = "transfers-failing", strings.Repeat("cd", 32), nil
	data2, err := team.Sign(team.Payload{Player: "Ann", Result: r2}, priv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(teamDir, "ann-2"+team.FileSuffix), data2, 0o644); err != nil {
		t.Fatal(err)
	}

	m := send(submitted(t, 120, 24, "2"), press("enter"), press("y"))
	m = send(m, press("l"))
	if screen := ansi.Strip(m.render()); strings.Contains(screen, "team / mine") {
		t.Errorf("no team folder, yet the footer offers the team view:\n%s", screen)
	}
	if m = send(m, press("t")); strings.Contains(ansi.Strip(m.render()), "Team board") {
		t.Error("t without a team folder opened the team view")
	}
	m.opts.TeamDir = teamDir
	m = send(m, press("esc"), press("l")) // l opens the board through a command: t after it
	m = send(m, press("t"))
	screen := ansi.Strip(m.render())
	for _, want := range []string{"Team board", "starter/payments-failing", "Ann", "✓ proven", "2:30", "1234", "⚑ clock-back",
		"2 result(s) from 1 player(s)", "t team / mine"} {
		if !strings.Contains(screen, want) {
			t.Errorf("team view lacks %q:\n%s", want, screen)
		}
	}
	m = send(m, press("down"), press("down"))
	if screen := ansi.Strip(m.render()); m.end.board.team.top != 1 || strings.Contains(screen, "payments-failing") ||
		!strings.Contains(screen, "starter/transfers-failing") {
		t.Errorf("down twice on a two-row team board: top %d\n%s", m.end.board.team.top, screen)
	}
	if m = send(m, press("t")); !strings.Contains(ansi.Strip(m.render()), "Leaderboard · fastest proven first") {
		t.Errorf("t again did not go back to the player's board:\n%s", ansi.Strip(m.render()))
	}
}

// After a daily drill the debrief's notice is the line to share, whole.
func TestDailyDebriefShowsTheShareLine(t *testing.T) {
	for _, w := range []int{80, 120} {
		m := send(submitted(t, w, 24, "2"), press("enter"), press("y"))
		r := grade.Result{PackID: "daily", ScenarioID: "x", Correct: true, Verdict: grade.VerdictProven,
			TimeUsed: 462 * time.Second, Mode: game.ModeDaily, Daily: "2026-12-03", Trusted: true}
		m.end.graded.recorded, m.end.graded.result = true, r
		want := "firedrill daily 2026-12-03: ✓ proven in 7:42 · 0 wrong picks · 0 hints"
		if screen := ansi.Strip(m.render()); !strings.Contains(screen, want) {
			t.Errorf("%d wide: the debrief lacks the share line %q:\n%s", w, want, screen)
		}
	}
}
