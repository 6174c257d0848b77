package scenarios_test

import (
	"fmt"
	"math"
	"os"
	"testing"

	"firedrill/game/heuristic"
)

func TestDebugMovers(t *testing.T) {
	want := os.Getenv("DEBUG_SCENARIO")
	for _, s := range loadLibrary(t) {
		if s.ID != want {
			continue
		}
		for _, sr := range s.Metrics {
			st := heuristic.QuarterStats(sr, s.Start, s.End())
			ex, ok := heuristic.FirstExit(sr, s.Start, s.End())
			fmt.Printf("%-12s %-32s mean=%8.2f sd=%6.2f last=%8.2f rel=%7.2f exit=%v %v\n", sr.Service, sr.Name, st.Mean, st.SD, st.Last, math.Abs(st.Last-st.Mean)/st.Mean, ex.Sub(s.Start), ok)
		}
		errs := map[string]int{}
		for _, l := range s.Logs {
			if l.Level >= 4 {
				errs[l.Service]++
			}
		}
		fmt.Println("errors:", errs, "lines:", len(s.Logs)); for _, st := range heuristic.Strategies() { fmt.Println(st.Name, st.Pick(s)) }
	}
}
