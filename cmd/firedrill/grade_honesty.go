package main

import (
	"fmt"
	"io"
	"time"

	"firedrill/game/grade"
)

// printHonesty is grade's honesty section: the flags, one a line, or a
// clean line with the clocks that agree, then what offline checks cannot
// prove.
func printHonesty(w io.Writer, h grade.Honesty) {
	if len(h.Flags) == 0 {
		fmt.Fprintf(w, "honesty:  no flags (game clock %s, wall clock %s, open %s, %d %s; action log chain intact)\n",
			roundSecond(h.GameClock), roundSecond(h.WallClock), roundSecond(h.Open), h.Runs, plural(h.Runs, "run", "runs"))
	} else {
		fmt.Fprintf(w, "honesty:  %d %s\n", len(h.Flags), plural(len(h.Flags), "flag", "flags"))
		for _, f := range h.Flags {
			fmt.Fprintf(w, "  ! %s: %s\n", f.Code, f.Text)
		}
	}
	if h.LatePick > 0 && h.LatePick <= grade.LatePickGrace {
		fmt.Fprintf(w, "  time ran out; the pick came %s later, at the time's-up screen\n", roundSecond(h.LatePick))
	}
	for _, n := range h.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	fmt.Fprintf(w, "  limits: %s\n", h.Limits)
}

func roundSecond(d time.Duration) time.Duration { return d.Round(time.Second) }
