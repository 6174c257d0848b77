package grade

import (
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
	"firedrill/game/pack"
	"firedrill/game/play"
)

// TestGradingFlowOnLoadedPack plays the loader's mini fixture pack end to
// end through the session API, so grading and coaching are checked against
// what the loader really produces, not only hand-built scenarios.
func TestGradingFlowOnLoadedPack(t *testing.T) {
	p, errs := pack.Open("../../testdata/packs/mini")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	sc := p.Scenario("cache-stampede")
	if sc == nil || sc.Answer == nil {
		t.Fatal("mini pack lacks cache-stampede with an answer")
	}
	key := game.NewPlainKey(sc)
	clk := gametest.NewClock()
	s, err := play.NewSession(play.SessionConfig{PackID: p.ID, PackSource: "../../testdata/packs/mini", Scenario: sc, Mode: game.ModeDrill, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	step := func(d time.Duration) { clk.Advance(d) }

	s.Record(game.ActTab, "", "events")
	step(20 * time.Second)
	s.RecordAction(game.Action{Kind: game.ActView, Target: "inventory-deploy", Service: "inventory"}) // a planted decoy
	step(40 * time.Second)
	s.Record(game.ActTab, "", "metrics")
	step(30 * time.Second)
	id := s.AddHypothesis("cache hit ratio fell: hot keys evicted?", sc.Answer.Onset)
	s.PinEvidence(id, game.Pin{Kind: game.PinMetric, Ref: "cache/cache_hit_ratio", Service: "cache", At: sc.Answer.Onset})
	step(90 * time.Second)
	s.Submit(sc.Answer.Choice, "the cache moved first", clk.T)

	r, err := Grade(key, sc, s.Pick, SessionInput(s, clk.T))
	if err != nil {
		t.Fatal(err)
	}
	used := 3 * time.Minute
	wantTotal := ScoreResult(sc, true, sc.TimeLimit-used, sc.TimeLimit, 0, 0, false).Total
	if !r.Correct || r.TimeUsed != used || r.Score.Total != wantTotal || r.Score.SpeedBonus == 0 {
		t.Errorf("result %+v; want correct in %v for %d points", r, used, wantTotal)
	}

	ans, err := key.Reveal()
	if err != nil {
		t.Fatal(err)
	}
	c := Coach(sc, ans, s.Actions, s.Notebook)
	if !c.FoundRightHypothesis || c.FirstRightHypothesis != 90*time.Second {
		t.Errorf("first right hypothesis %v (found %v); want 1m30s", c.FirstRightHypothesis, c.FoundRightHypothesis)
	}
	if c.FirstPinRole != RoleCause {
		t.Errorf("first pin %+v is %q; want the cause", c.FirstPin, c.FirstPinRole)
	}
	if len(c.RedHerrings) == 0 || c.RedHerrings[0].ID != "inventory-deploy" || c.RedHerrings[0].Time != 40*time.Second {
		t.Errorf("red herrings %+v; want 40 s on inventory-deploy", c.RedHerrings)
	}
	if c.TabTime["events"] != 60*time.Second || c.TabTime["metrics"] != 2*time.Minute {
		t.Errorf("tab time %v; want events 1m, metrics 2m", c.TabTime)
	}
}
