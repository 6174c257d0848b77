package grade

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"firedrill/game"
)

// row is a trusted leaderboard row.
func row(pack, scenario string, correct bool, total int, used time.Duration, tags ...string) Result {
	return Result{PackID: pack, ScenarioID: scenario, Correct: correct, Score: Score{Correct: correct, Total: total},
		TimeUsed: used, Tags: tags, Trusted: true, Mode: game.ModeDrill,
		Date: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
}

func scenarioIDs(rows []Result) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.ScenarioID)
	}
	return out
}

func appendRows(t *testing.T, dir string, rows ...Result) {
	t.Helper()
	for _, r := range rows {
		if err := AppendResult(dir, r); err != nil {
			t.Fatal(err)
		}
	}
}

// appendRawLeaderboard appends text as is, as a crash or an editor might.
func appendRawLeaderboard(t testing.TB, dir, text string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, LeaderboardFile), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(text)
	f.Close()
}

func TestAppendAndReadLeaderboard(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "firedrill")
	if rows, skipped, err := ReadLeaderboard(dir); rows != nil || skipped != 0 || err != nil {
		t.Errorf("missing file: %v %d %v; want empty", rows, skipped, err)
	}
	untrusted := row("p", "s", true, 1000, time.Minute)
	untrusted.Trusted = false
	if err := AppendResult(dir, untrusted); !errors.Is(err, ErrUntrusted) {
		t.Errorf("untrusted result: %v, want ErrUntrusted", err)
	}
	if _, err := os.Stat(filepath.Join(dir, LeaderboardFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an untrusted result created the leaderboard")
	}
	want := []Result{row("p", "a", true, 2000, time.Minute, "cache"), row("p", "b", false, 0, 3*time.Minute)}
	appendRows(t, dir, want...)
	rows, skipped, err := ReadLeaderboard(dir)
	if err != nil || skipped != 0 || !reflect.DeepEqual(rows, want) {
		t.Errorf("read %+v (skipped %d, %v)\nwant %+v", rows, skipped, err, want)
	}
	data, _ := os.ReadFile(filepath.Join(dir, LeaderboardFile))
	if n := strings.Count(string(data), "\n"); n != 2 || !strings.HasPrefix(string(data), `{"pack":"p","scenario":"a"`) {
		t.Errorf("file is not one JSON object a line:\n%s", data)
	}
	if info, _ := os.Stat(filepath.Join(dir, LeaderboardFile)); runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
}

func TestReadLeaderboardSkipsDamage(t *testing.T) {
	for _, tc := range []struct {
		name        string
		damage      string // raw text appended after two good rows
		after       bool   // append one more good row after the damage
		wantRows    []string
		wantSkipped int
	}{
		{"torn last line", `{"pack":"p","scenario":"c","cor`, false, []string{"a", "b"}, 1},
		{"an append after a torn line is not glued to it", `{"pack":"p","scen`, true, []string{"a", "b", "d"}, 1},
		{"garbage lines", "garbage\n{}\n\n[1,2]\n", true, []string{"a", "b", "d"}, 3},
		{"untrusted row", `{"pack":"p","scenario":"x","trusted":false}` + "\n", true, []string{"a", "b", "d"}, 1},
		{"over-long line", strings.Repeat("x", maxLeaderboardLine+10) + "\n", true, []string{"a", "b", "d"}, 1},
		{"blank lines are not damage", "\n\n", true, []string{"a", "b", "d"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			appendRows(t, dir, row("p", "a", true, 1, 0), row("p", "b", true, 1, 0))
			appendRawLeaderboard(t, dir, tc.damage)
			if tc.after {
				appendRows(t, dir, row("p", "d", true, 1, 0))
			}
			rows, skipped, err := ReadLeaderboard(dir)
			if err != nil || skipped != tc.wantSkipped || !reflect.DeepEqual(scenarioIDs(rows), tc.wantRows) {
				t.Errorf("got %v skipped %d (%v); want %v skipped %d", scenarioIDs(rows), skipped, err, tc.wantRows, tc.wantSkipped)
			}
		})
	}
}

// Fastest proven wins: proven plays first, then right plays from before
// proof grading (no verdict), then unproven, then wrong; within each, the
// shorter time, then the higher score, then the earlier date.
func TestLeaderboardOrder(t *testing.T) {
	with := func(r Result, v Verdict) Result { r.Verdict = v; return r }
	rows := []Result{
		with(row("p", "slow-proven", true, 2000, 9*time.Minute), VerdictProven),
		with(row("q", "other-pack", true, 5000, time.Minute), VerdictProven),
		with(row("p", "fast-proven", true, 2000, 4*time.Minute), VerdictProven),
		with(row("p", "wrong", false, 0, 2*time.Minute), VerdictWrong),
		with(row("p", "fast-unproven", true, 750, 3*time.Minute), VerdictUnproven),
		row("p", "legacy-right", true, 2600, 7*time.Minute), // recorded before proof grading
		row("p", "legacy-wrong", false, 0, time.Minute),
		with(row("p", "fast-proven-low", true, 1500, 4*time.Minute), VerdictProven),
	}
	later := with(row("p", "fast-proven-later", true, 2000, 4*time.Minute), VerdictProven)
	later.Date = later.Date.Add(time.Hour)
	rows = append(rows, later)
	for _, tc := range []struct {
		pack string
		want []string
	}{
		{"p", []string{"fast-proven", "fast-proven-later", "fast-proven-low", "slow-proven", "legacy-right",
			"fast-unproven", "legacy-wrong", "wrong"}},
		{"", []string{"other-pack", "fast-proven", "fast-proven-later", "fast-proven-low", "slow-proven",
			"legacy-right", "fast-unproven", "legacy-wrong", "wrong"}},
		{"none", nil},
	} {
		if got := scenarioIDs(Leaderboard(rows, tc.pack)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("pack %q: %v, want %v", tc.pack, got, tc.want)
		}
	}
	if rows[0].ScenarioID != "slow-proven" {
		t.Error("Leaderboard reordered its input")
	}
}

// An unproven play is not a solve: the picker's mark and best time, and
// the archetype rate, count proven plays (and right ones from before
// proof grading).
func TestUnprovenIsNotSolved(t *testing.T) {
	unproven := row("p", "a", true, 750, time.Minute, "cache")
	unproven.Verdict = VerdictUnproven
	proven := row("p", "a", true, 2000, 5*time.Minute, "cache")
	proven.Verdict = VerdictProven
	legacy := row("p", "b", true, 2000, 6*time.Minute, "cache")
	best := BestTimes([]Result{unproven})
	if b := best[ScenarioRef{"p", "a"}]; b.Solved || b.BestTime != 0 || b.Attempts != 1 {
		t.Errorf("unproven only: %+v", b)
	}
	best = BestTimes([]Result{unproven, proven, legacy})
	if b := best[ScenarioRef{"p", "a"}]; !b.Solved || b.BestTime != 5*time.Minute {
		t.Errorf("the best time must be the proven play's: %+v", b)
	}
	if b := best[ScenarioRef{"p", "b"}]; !b.Solved {
		t.Errorf("a right play from before proof grading is a solve: %+v", b)
	}
	got := ArchetypeStats([]Result{unproven, proven, legacy}, nil)
	want := []TagStat{{Tag: "cache", Attempts: 3, Solved: 2, Unproven: 1, Rate: 2.0 / 3}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stats %+v; want %+v", got, want)
	}
}

func TestBestTimes(t *testing.T) {
	rows := []Result{
		row("p", "a", false, 0, time.Minute),
		row("p", "a", true, 1500, 6*time.Minute),
		row("p", "a", true, 2100, 4*time.Minute),
		row("p", "b", false, 0, 2*time.Minute),
		row("q", "a", true, 900, 9*time.Minute),
	}
	want := map[ScenarioRef]Best{
		{"p", "a"}: {Solved: true, BestTime: 4 * time.Minute, BestScore: 2100, Attempts: 3},
		{"p", "b"}: {Attempts: 1},
		{"q", "a"}: {Solved: true, BestTime: 9 * time.Minute, BestScore: 900, Attempts: 1},
	}
	if got := BestTimes(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestArchetypeStats(t *testing.T) {
	rows := []Result{
		row("p", "a", true, 1, 0, "cache", "database"),
		row("p", "a", false, 0, 0, "cache", "database"),
		row("p", "b", true, 1, 0, "dns", "dns"), // a repeated tag counts once
		row("p", "c", false, 0, 0, "stale-tag"), // retagged in the installed pack
		row("p", "d", true, 1, 0),               // no tags
	}
	current := map[ScenarioRef][]string{{"p", "c"}: {"dns"}}
	want := []TagStat{
		{Tag: "cache", Attempts: 2, Solved: 1, Rate: 0.5},
		{Tag: "database", Attempts: 2, Solved: 1, Rate: 0.5},
		{Tag: "dns", Attempts: 2, Solved: 1, Rate: 0.5},
	}
	if got := ArchetypeStats(rows, current); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := ArchetypeStats(nil, nil); len(got) != 0 {
		t.Errorf("no rows: %+v", got)
	}
}
