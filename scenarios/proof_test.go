package scenarios_test

import (
	"math"
	"strings"
	"testing"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/heuristic"
)

// Every library scenario carries proof for at least two chain steps, step
// 1 among them. Attaching its own proof proves it; attaching the five
// loudest signals (the top ERROR lines, the first alert, the biggest jump)
// does not; the right pick with nothing attached is right but unproven.
func TestLibraryProof(t *testing.T) {
	for _, s := range loadLibrary(t) {
		t.Run(s.ID, func(t *testing.T) {
			a := s.Answer
			steps := map[int]bool{}
			for _, it := range a.Proof {
				steps[it.Step] = true
			}
			if !steps[1] || len(steps) < 2 {
				t.Fatalf("proof covers steps %v; want step 1 and at least one more", steps)
			}
			own := grade.ProofPins(s, a)
			if r := grade.Prove(s, a, true, own); r.Verdict != grade.VerdictProven || r.StrayPins() != 0 {
				t.Errorf("its own proof (%s) is %s with %d stray pins", summaries(s, own), r.Verdict, r.StrayPins())
			}
			loud := heuristic.LoudPins(s)
			if len(loud) < 4 {
				t.Errorf("only %d loud signals to try: %s", len(loud), summaries(s, loud))
			}
			if r := grade.Prove(s, a, true, loud); r.Verdict == grade.VerdictProven {
				t.Errorf("the loudest signals prove it: %s\n%s", summaries(s, loud), strings.Join(r.Missing, "\n"))
			}
			if r := grade.Prove(s, a, true, nil); r.Verdict != grade.VerdictUnproven {
				t.Errorf("the right pick with nothing attached is %s; want unproven", r.Verdict)
			}
		})
	}
}

func summaries(s *game.Scenario, pins []game.Pin) string {
	var out []string
	for _, p := range pins {
		out = append(out, p.Summary(s.Start))
	}
	return strings.Join(out, "; ")
}

// A metric proof shows a move: every sample of its series inside the
// window lies outside the series' band (the first quarter's mean ± max(4
// sd, 5 %)), so a pin anywhere in the window shows the moved value, never
// the baseline just before the change.
func TestLibraryMetricProofShowsTheMove(t *testing.T) {
	for _, s := range loadLibrary(t) {
		for _, it := range s.Answer.Proof {
			m := it.Metric
			if m == nil {
				continue
			}
			for _, sr := range s.Metrics {
				if !m.MatchSeries(sr.Service, sr.Name) {
					continue
				}
				st := heuristic.QuarterStats(sr, s.Start, s.End())
				band := math.Max(4*st.SD, 0.05*math.Abs(st.Mean))
				for i := 0; i < sr.Len(); i++ {
					v, ok := sr.At(i)
					at := sr.TimeAt(i)
					if ok && !at.Before(m.From) && !at.After(m.To) && math.Abs(v-st.Mean) <= band {
						t.Errorf("%s: %s/%s = %v at +%v is inside its band %.4g ± %.4g, yet in the proof window",
							s.ID, sr.Service, sr.Name, v, at.Sub(s.Start), st.Mean, band)
						break
					}
				}
			}
		}
	}
}
