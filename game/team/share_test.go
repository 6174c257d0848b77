package team

import (
	"strings"
	"testing"
	"time"

	"firedrill/game/grade"
)

func TestShareLineIsSpoilerFree(t *testing.T) {
	r := play("svc-7c1f-checkout-db-pool", grade.VerdictProven, 7*time.Minute+42*time.Second, "a1")
	r.Daily, r.Pick, r.Tags, r.Hints, r.WrongPicks = "2026-12-03", "db-pool-exhausted", []string{"pool-exhaustion"}, 1, 0
	got := ShareLine(r)
	if want := "firedrill daily 2026-12-03: ✓ proven in 7:42 · 0 wrong picks · 1 hint"; got != want {
		t.Errorf("ShareLine = %q; want %q", got, want)
	}
	for _, spoiler := range []string{"checkout", "pool", "db", r.PackID} {
		if strings.Contains(got, spoiler) {
			t.Errorf("the share line %q gives away %q", got, spoiler)
		}
	}
	r.Verdict, r.Elapsed, r.Flags = grade.VerdictWrong, 65*time.Minute, []string{grade.FlagOvertime}
	if got := ShareLine(r); got != "firedrill daily 2026-12-03: ✗ wrong in 1:05:00 · 1 wrong pick · 1 hint · ⚑ flagged" {
		t.Errorf("wrong, flagged: %q", got)
	}
	if _, ok := DailyResult([]grade.Result{play("x", grade.VerdictProven, time.Minute, "b")}, "2026-12-03"); ok {
		t.Error("a play that is not a daily drill was taken for one")
	}
	if got, ok := DailyResult([]grade.Result{r}, "2026-12-03"); !ok || got.ChainHead != r.ChainHead {
		t.Error("the day's drill was not found")
	}
}
