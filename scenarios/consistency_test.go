package scenarios_test

import (
	"strings"
	"testing"

	"firedrill/game"
	"firedrill/game/sim/consistency"
	"firedrill/game/sim/telemetry"
)

// A scenario written with the standard families (scenarios/gen/std.go)
// tells one story in all its signals: error ratios, access-log statuses
// and badges agree; a rollout gives new pod names and versions; restarts
// reset counters; every time the answer cites exists in the data.
func TestStandardTelemetryScenariosAreConsistent(t *testing.T) {
	checked := 0
	for _, s := range loadLibrary(t) {
		if !hasStandardFamilies(s) {
			continue
		}
		checked++
		t.Run(s.ID, func(t *testing.T) {
			for _, p := range consistency.Check(s).Problems {
				t.Error(p)
			}
		})
	}
	if checked == 0 {
		t.Skip("no library scenario has the standard families yet")
	}
}

func hasStandardFamilies(s *game.Scenario) bool {
	for _, sr := range s.Metrics {
		if strings.HasPrefix(sr.Name, telemetry.CPUName+"{pod=") {
			return true
		}
	}
	return false
}
