package grade

import (
	"strconv"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/pack"
)

// Finding 6: coaching called the answer's own evidence "unrelated" when a
// decoy choice names the cause's service. The pack new example shows it:
// its red herring is the choice postgres-down, the cause (a dropped index)
// is postgres's, and the evidence is postgres's seq-scan line at +09m30s.
// A decoy choice that blames the cause's own service does not make that
// service a decoy: looking at postgres is not visiting a red herring.
func TestCoachDecoyChoiceOnTheCauseService(t *testing.T) {
	p, errs := pack.Open("../../cmd/firedrill/skeleton/scenarios/example.yaml")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := p.Scenarios[0]
	if got := s.Answer.RedHerrings; len(got) != 1 || got[0] != "postgres-down" {
		t.Fatalf("the example's red herrings are %v: the test is wrong", got)
	}
	ref := -1
	for i, l := range s.Logs.All() {
		if l.Service == "postgres" && l.At.Equal(s.Start.Add(9*time.Minute+30*time.Second)) {
			ref = i
		}
	}
	if ref < 0 {
		t.Fatal("no postgres line at +09m30s in the example")
	}
	pin := act(60, game.ActPin, strconv.Itoa(ref), string(game.PinLog), "postgres")
	pin.At = s.Logs.At(ref)
	log := []game.Action{
		act(0, game.ActTab, "", "logs", ""),
		act(30, game.ActFilter, "postgres", "service=postgres", "postgres"),
		pin,
		act(90, game.ActSubmit, "missing-index", "", ""),
	}
	got := Coach(s, s.Answer, log, game.Notebook{})
	if got.FirstPinRole != RoleCause {
		t.Errorf("the answer's own evidence is %q, want %q", got.FirstPinRole, RoleCause)
	}
	if len(got.RedHerrings) != 0 {
		t.Errorf("looking at postgres counted as red herring visits: %+v", got.RedHerrings)
	}
}
