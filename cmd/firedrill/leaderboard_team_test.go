package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"firedrill/game/grade"
	"firedrill/game/team"
)

// becomePlayer switches the test's XDG folders to one player's and sets
// them up: key, name, team folder.
func becomePlayer(t *testing.T, base, name, teamDir string) {
	t.Helper()
	home := filepath.Join(base, strings.ToLower(name))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("HOME", home)
	key := filepath.Join(home, "player.key")
	if _, err := os.Stat(key); err != nil {
		mustRun(t, "keygen", key)
		mustRun(t, "config", "set", "key", key)
		mustRun(t, "config", "set", "name", name)
		mustRun(t, "config", "set", "team", teamDir)
	}
}

func builtinPlay(scenario string, v grade.Verdict, used time.Duration, head string) grade.Result {
	r := teamPlay(scenario, v, used, head)
	r.PackDigest = "builtin:starter@1.0.0"
	r.Tags = []string{"deploy"}
	return r
}

func TestTeamBoardTwoPlayersOneFolder(t *testing.T) {
	base := isolate(t)
	teamDir := filepath.Join(base, "team")
	becomePlayer(t, base, "Ann", teamDir)
	recordPlays(t, filepath.Join(base, "ann"), builtinPlay("payments-failing", grade.VerdictProven, 6*time.Minute, "a1"),
		builtinPlay("transfers-failing", grade.VerdictWrong, 2*time.Minute, "a2"))
	out := mustRun(t, "results", "export")
	if !strings.Contains(out, "trust add --player "+filepath.Join(teamDir, "players", "ann.pub")) {
		t.Errorf("Ann's export printed %q", out)
	}
	becomePlayer(t, base, "Bob", teamDir)
	recordPlays(t, filepath.Join(base, "bob"), builtinPlay("payments-failing", grade.VerdictProven, 4*time.Minute, "b1"))
	mustRun(t, "results", "export")

	// Bob has not trusted Ann yet: her files are refused, with the way out
	out = mustRun(t, "leaderboard", "--team", teamDir)
	if !strings.Contains(out, "untrusted-key") || !strings.Contains(out, "trust add --player "+filepath.Join(teamDir, "players", "ann.pub")) {
		t.Errorf("board before trusting Ann:\n%s", out)
	}
	mustRun(t, "trust", "add", "--player", filepath.Join(teamDir, "players", "ann.pub"), "--name", "Ann")
	if out := mustRun(t, "trust", "list"); strings.Contains(out, "Ann") {
		t.Errorf("a player key landed among the pack authors: %q", out)
	}
	out = mustRun(t, "leaderboard", "--team", teamDir)
	if strings.Contains(out, "Refused") || !strings.Contains(out, "3 result(s), 0 refused") {
		t.Errorf("board after trusting Ann:\n%s", out)
	}
	// Bob's 4 minutes before Ann's 6
	i, j := strings.Index(out, "│ 1 │ Bob"), strings.Index(out, "│ 2 │ Ann")
	if i < 0 || j < i {
		t.Errorf("payments-failing not Bob then Ann:\n%s", out)
	}

	// a hand edit to Ann's file is refused as tampered
	files, _ := filepath.Glob(filepath.Join(teamDir, "results", "*-ann-*-transfers-failing-*"+team.FileSuffix))
	if len(files) != 1 {
		t.Fatalf("Ann's transfers-failing file: %v", files)
	}
	data, _ := os.ReadFile(files[0])
	must(t, os.WriteFile(files[0], []byte(strings.Replace(string(data), `"verdict":"wrong"`, `"verdict":"proven"`, 1)), 0o644))
	var b team.Board
	if err := json.Unmarshal([]byte(mustRun(t, "leaderboard", "--team", teamDir, "--json")), &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Refused) != 1 || b.Refused[0].Reason != team.ReasonTampered || b.Accepted != 2 {
		t.Errorf("after the edit: refused %+v, accepted %d", b.Refused, b.Accepted)
	}
	if len(b.Players) != 2 || b.Players[0].Player != "Bob" || b.Players[0].Wins != 1 {
		t.Errorf("players %+v", b.Players)
	}
	if _, code, _ := run(t, "leaderboard", "--team", teamDir, "--daily", "yesterday"); code != 2 {
		t.Errorf("--daily yesterday: exit %d; want 2", code)
	}
}
