package play

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestAutosaver drives the state machine with a script of UI events and
// checks each answer: c = a change, f = the timer fires, w = a write
// succeeds, e = a write fails. The answers read "timer" (start a timer),
// "save" (snapshot and write) or "-".
func TestAutosaver(t *testing.T) {
	for _, tc := range []struct {
		name   string
		script string
		want   string
		dirty  bool
	}{
		{"one change is saved once", "c f w f", "timer save - -", false},
		{"a burst shares one timer", "c c c f w", "timer - - save -", false},
		{"the timer with nothing new does nothing", "c f w c f w f", "timer save - timer save - -", false},
		{"a change mid-write restarts the timer after it", "c f c w f w", "timer save - timer save -", false},
		{"a timer firing mid-write waits for it", "c f c w c f w", "timer save - timer - save -", false},
		{"a failed write retries at the next change", "c f e c f w", "timer save - timer save -", false},
		{"a failed write leaves it dirty", "c f e", "timer save -", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := NewAutosaver()
			var got []string
			for _, ev := range strings.Fields(tc.script) {
				var answer bool
				word := "timer"
				switch ev {
				case "c":
					answer = a.Changed()
				case "f":
					answer, word = a.Fire(), "save"
				case "w":
					answer = a.Written(nil)
				case "e":
					answer = a.Written(errors.New("disk full"))
				}
				if !answer {
					word = "-"
				}
				got = append(got, word)
			}
			if strings.Join(got, " ") != tc.want || a.Dirty() != tc.dirty || !a.Idle() {
				t.Errorf("script %q: got %q dirty %v idle %v; want %q dirty %v idle", tc.script,
					strings.Join(got, " "), a.Dirty(), a.Idle(), tc.want, tc.dirty)
			}
		})
	}
}

func TestAutosaverNeverTwoWritesInFlight(t *testing.T) {
	a := NewAutosaver()
	inFlight := 0
	for i := range 50 {
		if a.Changed() || i%3 == 0 {
			if a.Fire() {
				inFlight++
			}
		}
		if inFlight > 1 {
			t.Fatalf("step %d: %d writes in flight", i, inFlight)
		}
		if i%4 == 0 && inFlight == 1 {
			inFlight--
			a.Written(nil)
		}
	}
	if fmt.Sprint(a.Delay) != "500ms" {
		t.Errorf("delay %v, want 500ms", a.Delay)
	}
}
