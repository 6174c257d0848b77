package scenarios_test

import (
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
