package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/team"
)

// recordPlays appends graded rows to the isolated data dir's leaderboard.
func recordPlays(t *testing.T, dir string, rows ...grade.Result) {
	t.Helper()
	for _, r := range rows {
		must(t, grade.AppendResult(filepath.Join(dir, "data", "firedrill"), r))
	}
}

func teamPlay(scenario string, v grade.Verdict, used time.Duration, head string) grade.Result {
	return grade.Result{PackID: "starter", ScenarioID: scenario, Pick: "x", Correct: v != grade.VerdictWrong, Verdict: v,
		Score: grade.Score{Total: 500}, TimeUsed: used, Mode: game.ModeDrill, Trusted: true,
		Date:       time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		PackDigest: "builtin:starter@1", ChainHead: head + strings.Repeat("0", 64-len(head))}
}

func TestResultsExportNeedsIdentityThenWritesOnce(t *testing.T) {
	dir := isolate(t)
	recordPlays(t, dir, teamPlay("a", grade.VerdictProven, time.Minute, "aa"))
	teamDir := filepath.Join(dir, "team")
	if _, code, err := run(t, "results", "export"); code != 2 || !strings.Contains(err.Error(), "config set team") {
		t.Errorf("no team folder: exit %d, %v", code, err)
	}
	if _, code, err := run(t, "results", "export", "--to", teamDir); code != 1 || !strings.Contains(err.Error(), "keygen") {
		t.Errorf("no key: exit %d, %v", code, err)
	}
	key := filepath.Join(dir, "player.key")
	mustRun(t, "keygen", key)
	mustRun(t, "config", "set", "key", key)
	if _, code, err := run(t, "results", "export", "--to", teamDir); code != 1 || !strings.Contains(err.Error(), "config set name") {
		t.Errorf("no name: exit %d, %v", code, err)
	}
	mustRun(t, "config", "set", "name", "Ann")
	mustRun(t, "config", "set", "team", teamDir)
	out := mustRun(t, "results", "export")
	if !strings.Contains(out, "1 exported to "+filepath.Join(teamDir, "results")) {
		t.Errorf("export printed %q", out)
	}
	entries, _ := os.ReadDir(filepath.Join(teamDir, "results"))
	if len(entries) != 1 || !strings.HasSuffix(entries[0].Name(), team.FileSuffix) {
		t.Fatalf("results folder: %v", entries)
	}
	if out := mustRun(t, "results", "export"); !strings.Contains(out, "0 exported") || !strings.Contains(out, "1 exported before") {
		t.Errorf("second export printed %q", out)
	}
}
