package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/play"
	"firedrill/game/sim"
)

func runDaily(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(append([]string{"daily"}, args...))
	err := cmd.Execute()
	return out.String(), err
}

// The recipe of a fixed day is pinned: changing sim.Daily changes every
// player's past and future days, which must be a deliberate choice.
func TestDailyPrintIsStable(t *testing.T) {
	first, err := runDaily(t, "--print", "--date", "2026-01-05")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := runDaily(t, "--print", "--date", "2026-01-05")
	if first != again {
		t.Errorf("--print differs between runs:\n%s\n%s", first, again)
	}
	want := "daily drill 2026-01-05 (UTC): seed 17569416426204342352, difficulty 3\n" +
		"daily/daily-2026-01-05: "
	if !strings.HasPrefix(first, want) || !strings.HasSuffix(first, " · daily 2026-01-05\n") {
		t.Errorf("--print for 2026-01-05:\n%s\nwant it to start\n%s", first, want)
	}
	if strings.Contains(first, "third-party") || strings.Contains(first, "provider") {
		t.Errorf("--print names the archetype, which gives the cause away:\n%s", first)
	}
	// sim/3 grew the catalogue from 9 to 17 archetypes, which re-dealt the
	// days (bad-config-dns under sim/2).
	if a := sim.DailyRecipe(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)).Archetype; a != "third-party-slow" {
		t.Errorf("the 2026-01-05 drill is %s, want third-party-slow", a)
	}
	saturday, _ := runDaily(t, "--print", "--date", "2026-01-10")
	if !strings.Contains(saturday, "difficulty 4") || saturday == first {
		t.Errorf("Saturday's drill: %s", saturday)
	}
}

func TestDailyArgumentErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--date", "2026-13-01", "--print"}, "want YYYY-MM-DD"},
		{[]string{"--date", "yesterday", "--print"}, "want YYYY-MM-DD"},
		{[]string{"--date", "2999-01-01", "--print"}, "in the future"},
		{[]string{"--print", "extra"}, "unknown command"},
		{[]string{"--seed", "1"}, "unknown flag"},
	}
	for _, c := range cases {
		_, err := runDaily(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("daily %v: error %v, want one saying %q", c.args, err, c.want)
			continue
		}
		var ee *exitError
		if errors.As(err, &ee) && ee.code != 2 {
			t.Errorf("daily %v: exit code %d, want 2 (usage)", c.args, ee.code)
		}
	}
}

// A day already finished is not started again (that would need a
// terminal): the command says so and points at --practice.
func TestDailyAlreadyFinished(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	day := time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)
	_, pack, s, err := sim.DailyPack(day)
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := play.DataDir()
	row := grade.Result{PackID: pack.ID, ScenarioID: s.ID, Correct: true, Score: grade.Score{Total: 1840},
		Mode: game.ModeDrill, Date: day.Add(9 * time.Hour), Trusted: true}
	if err := grade.AppendResult(dir, row); err != nil {
		t.Fatal(err)
	}
	out, err := runDaily(t, "--date", "2026-02-03")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"already finished the daily drill of 2026-02-03", "solved, 1840 points", "--practice"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// --share prints the finished day's line again, and says when there is
// none; it needs no simulator run.
func TestDailyShare(t *testing.T) {
	dir := isolate(t)
	if _, code, err := run(t, "daily", "--share", "--date", "2026-02-03"); code != 1 || !strings.Contains(err.Error(), "not finished the daily drill of 2026-02-03") {
		t.Errorf("no play yet: exit %d, %v", code, err)
	}
	r := teamPlay("daily-seed", grade.VerdictUnproven, 9*time.Minute+5*time.Second, "d1")
	r.Daily, r.Hints = "2026-02-03", 0
	recordPlays(t, dir, r)
	out := mustRun(t, "daily", "--share", "--date", "2026-02-03")
	if out != "firedrill daily 2026-02-03: ◐ unproven in 9:05 · 0 wrong picks · 0 hints\n" {
		t.Errorf("--share printed %q", out)
	}
}
