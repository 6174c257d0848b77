// Package timefmt formats the game's durations the same way on every
// screen: incident-clock offsets as +mm:ss, spans of time as m:ss.
package timefmt

import (
	"fmt"
	"time"
)

// Offset formats an incident-clock offset as +mm:ss (or -mm:ss before the
// start); minutes may pass 59, as the incident clock never shows hours.
func Offset(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	s := int(d / time.Second)
	return fmt.Sprintf("%s%02d:%02d", sign, s/60, s%60)
}

// Span formats a length of time, rounded to the second, as m:ss.
func Span(d time.Duration) string {
	s := int(max(0, d).Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Countdown formats a game clock as mm:ss, never below 00:00, counting a
// started second as whole: the status bar and the submit screen both use
// it, so they never show a second apart.
func Countdown(d time.Duration) string {
	s := int((max(0, d) + time.Second - 1) / time.Second)
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}
