package heuristic_test

import (
	"bytes"
	"testing"
	"testing/fstest"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/heuristic"
	"firedrill/game/pack"
	"firedrill/game/sim"
)

// Every archetype's generated scenarios (game/sim) carry proof written from the run: step 1 and
// at least one later step, within the validator's bounds (the file loads).
// Their own proof proves them; the five loudest signals do not; the right
// pick with nothing attached is unproven. 27 scenarios: each archetype at
// difficulties 1, 3 and 5.
func TestGeneratedProof(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("27 generations are slow under -race or -short")
	}
	for i, a := range sim.Archetypes() {
		for _, d := range []int{1, 3, 5} {
			o, err := sim.Generate(a, uint64(300+10*i+d), d)
			if err != nil {
				t.Fatal(err)
			}
			s := o.Scenario
			steps := map[int]bool{}
			for _, it := range s.Answer.Proof {
				steps[it.Step] = true
			}
			if !steps[1] || len(steps) < 2 {
				t.Errorf("%s: proof covers steps %v; want step 1 and another", s.ID, steps)
				continue
			}
			var b bytes.Buffer
			if err := o.WriteYAML(&b); err != nil {
				t.Fatal(err)
			}
			loaded, errs := pack.LoadScenario(fstest.MapFS{"s.yaml": {Data: b.Bytes()}}, "s.yaml")
			for _, err := range errs {
				t.Errorf("%s: %v", s.ID, err)
			}
			if loaded == nil || len(loaded.Answer.Proof) != len(s.Answer.Proof) {
				continue
			}
			own := grade.ProofPins(loaded, loaded.Answer)
			if r := grade.Prove(loaded, loaded.Answer, true, own); r.Verdict != grade.VerdictProven {
				t.Errorf("%s: its own proof is %s", s.ID, r.Verdict)
			}
			if r := grade.Prove(loaded, loaded.Answer, true, heuristic.LoudPins(loaded)); r.Verdict == grade.VerdictProven {
				t.Errorf("%s: the loudest signals prove it: %v", s.ID, pinRefs(heuristic.LoudPins(loaded)))
			}
			if r := grade.Prove(loaded, loaded.Answer, true, nil); r.Verdict != grade.VerdictUnproven {
				t.Errorf("%s: nothing attached is %s", s.ID, r.Verdict)
			}
		}
	}
}

func pinRefs(pins []game.Pin) []string {
	var out []string
	for _, p := range pins {
		out = append(out, string(p.Kind)+" "+p.Ref)
	}
	return out
}
