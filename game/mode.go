package game

import "fmt"

// Mode is how a scenario is played: it decides the timer, whether hints
// exist and where the result may go. Practice has a soft timer and hints;
// drill, daily and interview have a hard timer and none ("firedrill play
// --help" and the README's Playing section describe them to players).
type Mode string

// The modes.
const (
	ModePractice  Mode = "practice"  // soft timer (may pause, --untimed), hints allowed
	ModeDrill     Mode = "drill"     // hard timer that survives quit, no hints, no retries
	ModeInterview Mode = "interview" // hard timer, no hints, graded by the interviewer
	ModeDaily     Mode = "daily"     // a generated drill for the date
)

// ParseMode reads a --mode flag value; "" means practice.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case "":
		return ModePractice, nil
	case ModePractice, ModeDrill, ModeInterview, ModeDaily:
		return m, nil
	}
	return "", fmt.Errorf("unknown mode %q: want practice, drill, interview or daily", s)
}

// HardTimer reports whether the clock keeps running while the game is
// closed and cannot be paused: every mode except practice.
func (m Mode) HardTimer() bool { return m != ModePractice && m != "" }

// AllowsHints reports whether hints may be revealed: practice only
// ("no tutorials, no hints" everywhere else).
func (m Mode) AllowsHints() bool { return m == ModePractice || m == "" }

// AllowsUntimed reports whether --untimed is legal: practice only.
func (m Mode) AllowsUntimed() bool { return m == ModePractice || m == "" }
