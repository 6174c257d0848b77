package scenarios_test

import (
	"math"
	"testing"
	"time"
)

// A story's one-off lines (a config reload, a kernel warning) are placed by
// the script at a fraction of a minute. If their stamps kept the round
// milliseconds of that fraction while sampled lines have random ones, a
// player could find the story by scanning for .000 and .800: the stamps
// would give the answer away. Over the whole library, stamps on a round
// hundred of milliseconds must be as rare as chance makes them (1 in 100).
func TestNoLineStandsOutByItsStamp(t *testing.T) {
	for _, s := range loadLibrary(t) {
		round, all := 0, 0
		for _, ln := range s.Logs.All() {
			all++
			if ln.At.Nanosecond()%int(100*time.Millisecond) == 0 {
				round++
			}
		}
		// chance gives 1 in 100: allow three standard deviations and two
		want := float64(all) / 100
		if float64(round) > want+3*math.Sqrt(want)+2 {
			t.Errorf("%s: %d of %d log lines are stamped on a round 100 ms", s.ID, round, all)
		}
	}
}
