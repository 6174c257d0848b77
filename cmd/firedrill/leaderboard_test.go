package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/grade"
)

var playedAt = time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)

func result(pack, scenario string, correct bool, total int, used time.Duration, hints int, tags ...string) grade.Result {
	return grade.Result{PackID: pack, ScenarioID: scenario, Correct: correct, Tags: tags, Hints: hints,
		Score: grade.Score{Correct: correct, Total: total}, TimeUsed: used, Mode: game.ModeDrill,
		Date: playedAt, Trusted: true}
}

// runLeaderboard runs `firedrill leaderboard args…` in-process against a
// data dir holding rows (and then raw, appended as is).
func runLeaderboard(t *testing.T, rows []grade.Result, raw string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	t.Setenv("NO_COLOR", "1")
	dir := filepath.Join(xdg, "firedrill")
	for _, r := range rows {
		if err := grade.AppendResult(dir, r); err != nil {
			t.Fatal(err)
		}
	}
	if raw != "" {
		f, err := os.OpenFile(filepath.Join(dir, grade.LeaderboardFile), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(raw)
		f.Close()
	}
	var out, errOut bytes.Buffer
	cmd := newRootCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(append([]string{"leaderboard"}, args...))
	err = cmd.Execute()
	return out.String(), errOut.String(), err
}

var sampleRows = []grade.Result{
	withVerdict(result("starter", "dns-ttl", false, 0, 10*time.Minute, 0, "dns"), grade.VerdictWrong),
	withVerdict(result("starter", "cache-stampede", true, 2300, 6*time.Minute, 1, "cache", "database"), grade.VerdictProven),
	result("extra", "pool-leak", true, 2300, 5*time.Minute+7*time.Second, 0, "database"), // before proof grading
	withVerdict(result("starter", "dns-negative", true, 625, 2*time.Minute, 0, "dns"), grade.VerdictUnproven),
}

func withVerdict(r grade.Result, v grade.Verdict) grade.Result { r.Verdict = v; return r }

func TestLeaderboardText(t *testing.T) {
	date := playedAt.Local().Format("2006-01-02 15:04")
	for _, tc := range []struct {
		name       string
		args       []string
		raw        string
		wantLines  []string // in this order, each a substring of one line
		absent     []string
		wantStderr string
	}{
		{
			name: "all packs, fastest proven first",
			wantLines: []string{
				"│ # │ scenario",
				"│ 1 │ starter/cache-stampede │ ✓ proven   │ 2300  │ 6:00  │ 1     │ drill │ " + date,
				"│ 2 │ extra/pool-leak        │ ✓ right    │ 2300  │ 5:07  │ 0     │ drill │ " + date,
				"│ 3 │ starter/dns-negative   │ ◐ unproven │ 625   │ 2:00  │ 0     │ drill │ " + date,
				"│ 4 │ starter/dns-ttl        │ ✗ wrong    │ 0     │ 10:00 │ 0     │ drill │ " + date,
				grade.RightNote,
				"│ archetype │ solved │ rate │ unproven │",
				"│ cache     │ 1/1    │ 100% │ 0        │",
				"│ database  │ 2/2    │ 100% │ 0        │",
				"│ dns       │ 0/2    │ 0%   │ 1        │",
			},
		},
		{
			name:      "one pack",
			args:      []string{"--pack", "starter"},
			wantLines: []string{"│ 1 │ cache-stampede │ ✓ proven", "│ 2 │ dns-negative   │ ◐ unproven", "│ 3 │ dns-ttl        │ ✗ wrong", "│ database  │ 1/1    │ 100% │"},
			absent:    []string{"pool-leak", "extra/", "✓ right:"},
		},
		{
			name:       "a torn last line is skipped and reported",
			raw:        `{"pack":"starter","scenario":"tor`,
			wantLines:  []string{"│ 2 │ extra/pool-leak"},
			wantStderr: "firedrill: leaderboard.jsonl: skipped 1 damaged line(s)\n",
		},
		{name: "a pack with no results", args: []string{"--pack", "none"}, wantLines: []string{"No results for pack none yet."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runLeaderboard(t, sampleRows, tc.raw, tc.args...)
			if err != nil || errOut != tc.wantStderr {
				t.Fatalf("err %v, stderr %q; want stderr %q", err, errOut, tc.wantStderr)
			}
			lines, next := strings.Split(out, "\n"), 0
			for _, want := range tc.wantLines {
				for next < len(lines) && !strings.Contains(lines[next], want) {
					next++
				}
				if next == len(lines) {
					t.Fatalf("output lacks %q (in order):\n%s", want, out)
				}
			}
			for _, no := range tc.absent {
				if strings.Contains(out, no) {
					t.Errorf("output has %q:\n%s", no, out)
				}
			}
			if strings.Contains(out, "\x1b[") {
				t.Errorf("escape codes in plain output:\n%q", out)
			}
		})
	}
}

func TestLeaderboardEmpty(t *testing.T) {
	out, _, err := runLeaderboard(t, nil, "")
	if err != nil || out != "No results yet. Graded plays of trusted packs appear here.\n" {
		t.Errorf("got %q, %v", out, err)
	}
	out, _, err = runLeaderboard(t, nil, "", "--json")
	if err != nil || !strings.Contains(out, `"results": []`) || !strings.Contains(out, `"skipped_lines": 0`) {
		t.Errorf("empty JSON: %s, %v", out, err)
	}
}

func TestLeaderboardJSON(t *testing.T) {
	out, errOut, err := runLeaderboard(t, sampleRows, "garbage\n", "--json", "--pack", "starter")
	if err != nil || errOut != "" {
		t.Fatalf("err %v stderr %q", err, errOut)
	}
	var got leaderboardJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got.Results) != 3 || got.Results[0].ScenarioID != "cache-stampede" || got.Results[2].ScenarioID != "dns-ttl" ||
		got.Results[0].TimeUsed != 6*time.Minute || !got.Results[0].Date.Equal(playedAt) || got.Results[1].Verdict != grade.VerdictUnproven {
		t.Errorf("results %+v", got.Results)
	}
	if got.SkippedLines != 1 {
		t.Errorf("skipped_lines %d, want 1", got.SkippedLines)
	}
	want := []grade.TagStat{{Tag: "cache", Attempts: 1, Solved: 1, Rate: 1}, {Tag: "database", Attempts: 1, Solved: 1, Rate: 1},
		{Tag: "dns", Attempts: 2, Solved: 0, Unproven: 1, Rate: 0}}
	if len(got.Archetypes) != len(want) {
		t.Fatalf("archetypes %+v, want %+v", got.Archetypes, want)
	}
	for i := range want {
		if got.Archetypes[i] != want[i] {
			t.Errorf("archetype %d: %+v, want %+v", i, got.Archetypes[i], want[i])
		}
	}
	// The field names are the documented, stable contract.
	for _, field := range []string{`"results"`, `"archetypes"`, `"skipped_lines"`, `"pack"`, `"scenario"`, `"correct"`,
		`"total"`, `"time_used_ns"`, `"hints"`, `"mode"`, `"date"`, `"tag"`, `"rate"`, `"verdict"`, `"unproven"`} {
		if !strings.Contains(out, field) {
			t.Errorf("JSON lacks %s", field)
		}
	}
}

func TestLeaderboardErrors(t *testing.T) {
	_, _, err := runLeaderboard(t, nil, "", "extra-arg")
	var ee *exitError
	if err == nil || errors.As(err, &ee) {
		t.Errorf("extra argument: %v; want cobra's usage error (exit 2)", err)
	}

	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	// A directory where the file should be: unreadable, exit 1.
	if err := os.MkdirAll(filepath.Join(xdg, "firedrill", grade.LeaderboardFile), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := newRootCmd()
	cmd.SetOut(new(bytes.Buffer))
	cmd.SetArgs([]string{"leaderboard"})
	if err := cmd.Execute(); !errors.As(err, &ee) || ee.code != 1 {
		t.Errorf("unreadable leaderboard: %v; want exit 1", err)
	}
}

func TestClockTime(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00"}, {59*time.Second + 600*time.Millisecond, "1:00"}, {5*time.Minute + 7*time.Second, "5:07"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1:02:03"},
	} {
		if got := clockTime(tc.d); got != tc.want {
			t.Errorf("clockTime(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
