package scenarios_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

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

func TestDebugEvidence(t *testing.T) {
	if os.Getenv("DEBUG_EVIDENCE") == "" {
		return
	}
	for _, s := range loadLibrary(t) {
		fmt.Println("==", s.ID, "onset", s.Answer.Onset.Format("15:04:05"))
		for _, sr := range s.Metrics {
			if !evidenceNames(s.Answer.Evidence, sr.Name) {
				continue
			}
			var vs []string
			for i := range sr.Len() {
				tm := sr.TimeAt(i)
				if tm.Before(s.Answer.Onset.Add(-time.Minute)) || tm.After(s.Answer.Onset.Add(2*time.Minute)) {
					continue
				}
				v, ok := sr.At(i)
				if !ok {
					vs = append(vs, tm.Format("04:05")+"=~")
					continue
				}
				vs = append(vs, fmt.Sprintf("%s=%.4g", tm.Format("04:05"), v))
			}
			fmt.Println("  ", sr.Service, sr.Name, strings.Join(vs, " "))
		}
	}
}
