package team

import (
	"fmt"
	"time"

	"firedrill/game/grade"
)

// ShareLine is the daily drill's one line to paste in a chat: the date,
// the verdict, the honest time, the wrong picks and the hints, and a mark
// when the play raised honesty flags. It names no scenario, service, cause
// or pick, so it spoils the day's drill for nobody:
//
//	firedrill daily 2026-12-03: ✓ proven in 7:42 · 0 wrong picks · 0 hints
//
// The wrong picks count the final one too when it was wrong.
func ShareLine(r grade.Result) string {
	wrong := WrongPicks(r)
	line := fmt.Sprintf("firedrill daily %s: %s in %s · %s · %s", r.Daily, grade.VerdictShort(r.Outcome()),
		clock(r.HonestTime()), plural(wrong, "wrong pick"), plural(r.Hints, "hint"))
	if len(r.Flags) > 0 {
		line += " · ⚑ flagged"
	}
	return line
}

// WrongPicks counts a play's wrong picks, the final one included when it
// was wrong (a drill's only pick is its final one).
func WrongPicks(r grade.Result) int {
	if r.Outcome() == grade.VerdictWrong {
		return r.WrongPicks + 1
	}
	return r.WrongPicks
}

// DailyResult is the counted (not practice) play of the daily drill of
// date among rows, and whether there is one.
func DailyResult(rows []grade.Result, date string) (grade.Result, bool) {
	for _, r := range rows {
		if r.Daily == date && r.Daily != "" {
			return r, true
		}
	}
	return grade.Result{}, false
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// clock is m:ss, or h:mm:ss from an hour.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
