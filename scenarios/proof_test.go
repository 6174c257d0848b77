package scenarios_test

import (
	"math"
	"strings"
	"testing"
	"time"

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

// A metric proof shows a move: its window opens and closes on samples
// outside the series' band (heuristic.Baseline: the first quarter's mean ±
// max(4 sd, 5 %)), never holds two samples in a row inside it (one is
// noise; two are the recovery), and runs on to the recovery or the end of
// the data (heuristic.MoveWindow), so a pin anywhere in the period the move
// is visible counts.
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
				mean, band, ok := heuristic.Baseline(s.Metrics, sr, s.Start, s.End())
				if !ok {
					t.Errorf("%s: %s/%s has no baseline", s.ID, sr.Service, sr.Name)
					continue
				}
				var first, last time.Time
				for i := 0; i < sr.Len(); i++ {
					v, ok := sr.At(i)
					at := sr.TimeAt(i)
					if !ok || at.Before(m.From) || at.After(m.To) {
						continue
					}
					moved := math.Abs(v-mean) > band
					if first.IsZero() {
						first = at
						if !moved {
							t.Errorf("%s: %s/%s = %v at +%v opens the proof window inside its band %.4g ± %.4g",
								s.ID, sr.Service, sr.Name, v, at.Sub(s.Start), mean, band)
						}
					}
					last = at
					if !moved && i > 0 {
						if pv, pok := sr.At(i - 1); pok && !sr.TimeAt(i-1).Before(m.From) && math.Abs(pv-mean) <= band {
							t.Errorf("%s: %s/%s is back in its band at +%v and +%v, yet both are in the proof window",
								s.ID, sr.Service, sr.Name, sr.TimeAt(i-1).Sub(s.Start), at.Sub(s.Start))
						}
					}
				}
				if v, ok := sr.Value(last); ok && math.Abs(v-mean) <= band {
					t.Errorf("%s: %s/%s closes its proof window at +%v inside its band", s.ID, sr.Service, sr.Name, last.Sub(s.Start))
				}
				if _, to, ok := heuristic.MoveWindow(s.Metrics, sr, s.Start, s.End(), first); ok && to.After(m.To) {
					t.Errorf("%s: %s/%s still shows its move at +%v, after its proof window closes at +%v",
						s.ID, sr.Service, sr.Name, to.Sub(s.Start), m.To.Sub(s.Start))
				}
			}
		}
	}
}
