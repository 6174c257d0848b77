package grade

import (
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
	"firedrill/game/play"
)

// pins of the cache fixture, as the panes make them
func cachePins(s *game.Scenario) map[string]game.Pin {
	return map[string]game.Pin{
		"config-event":  game.EventPin(s, 1),                             // step 1
		"config-line":   game.LogPin(s, 0),                               // step 1
		"pg-line":       game.LogPin(s, 3),                               // step 2
		"db-span":       game.SpanPin(s.Traces[0], s.Traces[0].Spans[1]), // step 3
		"timeout-line":  game.LogPin(s, 1),                               // loud symptom, no step
		"deploy-event":  game.EventPin(s, 0),                             // the red herring inventory-deploy
		"inventory-log": game.LogPin(s, 4),                               // inventory: blamed by the decoy choice
		"alert":         game.EventPin(s, 2),                             // the page
	}
}

func pick(pins map[string]game.Pin, names ...string) []game.Pin {
	var out []game.Pin
	for _, n := range names {
		out = append(out, pins[n])
	}
	return out
}

func TestProveVerdicts(t *testing.T) {
	s := gametest.CacheScenario()
	pins := cachePins(s)
	for _, tc := range []struct {
		name    string
		correct bool
		pins    []string
		want    Verdict
		shown   []int // steps shown
		missing string
	}{
		{"trigger and a later step", true, []string{"config-line", "db-span"}, VerdictProven, []int{1, 3}, "Proven: your evidence showed the trigger (step 1) and step 3."},
		{"nothing attached", true, nil, VerdictUnproven, nil, "You named the cause but attached no evidence"},
		{"trigger only", true, []string{"config-event", "config-line"}, VerdictUnproven, []int{1},
			`You showed the trigger but not what it led to: a log line: service postgres, matching /too many connections/ (step 2: Misses tripled database QPS; postgres saturated) would have proven it.`},
		{"symptoms only", true, []string{"pg-line", "db-span", "timeout-line"}, VerdictUnproven, []int{2, 3},
			"You named the cause but never showed the trigger (step 1: A cache invalidation bug evicted hot keys): the change event cache-config would have."},
		{"loud signals only", true, []string{"timeout-line", "alert"}, VerdictUnproven, nil, "none of your pins showed a step of the chain"},
		{"wrong pick with the trigger", false, []string{"config-event"}, VerdictWrong, []int{1}, "but your pick named another cause"},
		{"proven with decoys", true, []string{"config-event", "pg-line", "deploy-event", "inventory-log"}, VerdictProven, []int{1, 2},
			"2 attached pins proved nothing (−50 each): attach what shows the chain, not everything you pinned. Planted to mislead: inventory-deploy, inventory-down."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Prove(s, s.Answer, tc.correct, pick(pins, tc.pins...))
			if r.Verdict != tc.want || !r.Checked {
				t.Fatalf("verdict %s (checked %v); want %s", r.Verdict, r.Checked, tc.want)
			}
			var shown []int
			for _, st := range r.Steps {
				if st.ShownBy != nil {
					shown = append(shown, st.Step)
				}
			}
			if fmtInts(shown) != fmtInts(tc.shown) {
				t.Errorf("steps shown %v; want %v", shown, tc.shown)
			}
			if all := strings.Join(r.Missing, "\n"); !strings.Contains(all, tc.missing) {
				t.Errorf("coaching:\n%s\nwant it to contain %q", all, tc.missing)
			}
			if len(r.Attached) != len(tc.pins) {
				t.Errorf("%d attached pins reported; want %d", len(r.Attached), len(tc.pins))
			}
		})
	}
}

func fmtInts(v []int) string {
	var b strings.Builder
	for _, x := range v {
		b.WriteString(string(rune('0' + x)))
	}
	return b.String()
}

// A stray pin names the red herring it belongs to; a pin that proved a
// step names none; every step lists what would have shown it.
func TestProveReport(t *testing.T) {
	s := gametest.CacheScenario()
	pins := cachePins(s)
	r := Prove(s, s.Answer, true, pick(pins, "config-event", "deploy-event", "inventory-log", "timeout-line"))
	want := []struct {
		steps   string
		herring string
	}{{"1", ""}, {"", "inventory-deploy"}, {"", "inventory-down"}, {"", ""}}
	for i, a := range r.Attached {
		if fmtInts(a.Steps) != want[i].steps || a.RedHerring != want[i].herring {
			t.Errorf("attached %d (%s): steps %v herring %q; want %s %q", i, a.Pin.Ref, a.Steps, a.RedHerring, want[i].steps, want[i].herring)
		}
	}
	if r.StrayPins() != 3 {
		t.Errorf("stray pins %d; want 3", r.StrayPins())
	}
	if len(r.Steps) != 3 || len(r.Steps[0].WouldShow) != 3 || r.Steps[0].WouldShow[0] != "the change event cache-config" ||
		r.Steps[0].ShownBy == nil || r.Steps[0].ShownBy.Ref != "cache-config" {
		t.Errorf("steps: %+v", r.Steps)
	}
}

// Only the first game.MaxAttached pins count; pins saved before pins carried
// their identity are completed from the scenario; a key without proof
// grades the pick alone.
func TestProveEdges(t *testing.T) {
	s := gametest.CacheScenario()
	pins := cachePins(s)
	six := pick(pins, "timeout-line", "alert", "deploy-event", "inventory-log", "pg-line", "config-event")
	if r := Prove(s, s.Answer, true, six); r.Verdict != VerdictUnproven || len(r.Attached) != game.MaxAttached {
		t.Errorf("a sixth pin counted: %s, %d attached", r.Verdict, len(r.Attached))
	}
	old := func(p game.Pin) game.Pin {
		return game.Pin{Kind: p.Kind, Ref: p.Ref, At: p.At, Service: p.Service, Label: "old"}
	}
	if r := Prove(s, s.Answer, true, []game.Pin{old(pins["config-line"]), old(pins["db-span"])}); r.Verdict != VerdictProven {
		t.Errorf("old pins: %s", r.Verdict)
	}
	noProof := *s.Answer
	noProof.Proof = nil
	r := Prove(s, &noProof, true, pick(pins, "alert"))
	if r.Verdict != VerdictRight || r.Checked || r.StrayPins() != 0 || len(r.Missing) != 0 {
		t.Errorf("no proof in the key: %+v", r)
	}
	if r := Prove(s, &noProof, false, nil); r.Verdict != VerdictWrong {
		t.Errorf("wrong pick, no proof: %s", r.Verdict)
	}
}

// The proof lines of the score: unproven halves the base and forfeits the
// speed bonus; each stray pin costs 50; the lines add up to the total.
func TestScoreProof(t *testing.T) {
	s := gametest.CacheScenario()
	pins := cachePins(s)
	base := ScoreResult(s, true, 9*time.Minute, 15*time.Minute, 1, 0, false) // 1500 + 900 − 100
	if base.Total != 2300 {
		t.Fatalf("base score %+v", base)
	}
	for _, tc := range []struct {
		name                     string
		pins                     []string
		total, cut, speed, stray int
	}{
		{"proven", []string{"config-line", "db-span"}, 2300, 0, 900, 0},
		{"proven with a decoy", []string{"config-line", "db-span", "deploy-event"}, 2250, 0, 900, 50},
		{"unproven, nothing attached", nil, 650, 750, 0, 0},
		{"unproven with two strays", []string{"timeout-line", "alert"}, 550, 750, 0, 100},
	} {
		sc := ScoreProof(base, Prove(s, s.Answer, true, pick(pins, tc.pins...)))
		if sc.Total != tc.total || sc.UnprovenCut != tc.cut || sc.SpeedBonus != tc.speed || sc.StrayPinPenalty != tc.stray {
			t.Errorf("%s: %+v; want total %d cut %d speed %d stray %d", tc.name, sc, tc.total, tc.cut, tc.speed, tc.stray)
		}
		if sum := sc.Base - sc.UnprovenCut + sc.SpeedBonus - sc.HintPenalty - sc.WrongPenalty - sc.StrayPinPenalty; sum != sc.Total {
			t.Errorf("%s: the lines add up to %d, the total is %d", tc.name, sum, sc.Total)
		}
		if tc.cut > 0 && sc.SpeedForfeited != 900 {
			t.Errorf("%s: forfeited %d; want the 900 proof would have kept", tc.name, sc.SpeedForfeited)
		}
	}
	wrong := ScoreResult(s, false, 9*time.Minute, 15*time.Minute, 0, 0, false)
	if sc := ScoreProof(wrong, Prove(s, s.Answer, false, pick(pins, "alert"))); sc.Total != 0 || sc.StrayPinPenalty != 0 {
		t.Errorf("a wrong pick: %+v", sc)
	}
}

// A pin left in the notebook that would have shown a step nothing
// attached showed is named in the coaching; one that shows an already
// shown step, or nothing, is not.
func TestNoteNotebook(t *testing.T) {
	s := gametest.CacheScenario()
	pins := cachePins(s)
	nb := game.Notebook{Hypotheses: []game.Hypothesis{
		{ID: 1, Evidence: []game.Pin{pins["config-line"], pins["db-span"], pins["alert"]}},
		{ID: 2, Evidence: []game.Pin{pins["config-line"], pins["pg-line"]}},
	}}
	r := Prove(s, s.Answer, true, pick(pins, "db-span"))
	r.NoteNotebook(s, s.Answer, nb)
	if len(r.PinnedNotAttached) != 2 || fmtInts(r.PinnedNotAttached[0].Steps) != "1" || fmtInts(r.PinnedNotAttached[1].Steps) != "2" {
		t.Fatalf("pinned, not attached: %+v", r.PinnedNotAttached)
	}
	if all := strings.Join(r.Missing, "\n"); !strings.Contains(all, "(it shows step 1) but did not attach it") {
		t.Errorf("coaching:\n%s", all)
	}
	if r.Verdict != VerdictUnproven {
		t.Errorf("noting the notebook changed the verdict: %s", r.Verdict)
	}
}

// The attached pins are not in the action log's hash chain, but the attach
// actions are: a result whose attached evidence was edited by hand is
// flagged, an honest one is not.
func TestHonestyAttached(t *testing.T) {
	s := gametest.CacheScenario()
	pins := cachePins(s)
	clock := gametest.NewClock()
	sess, err := play.NewSession(play.SessionConfig{PackID: "mini", PackDigest: strings.Repeat("a", 64), Scenario: s,
		Mode: game.ModeInterview, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	attached := pick(pins, "config-line", "db-span")
	sess.AttachEvidence(attached)
	clock.Advance(time.Minute)
	sess.Submit("cache-invalidation", "", clock.Now())
	r, err := play.NewInterviewResult(sess, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := hasFlag(CheckTime(r, s.TimeLimit), FlagAttachedEdited); ok {
		t.Errorf("an honest result is flagged: %+v", CheckTime(r, s.TimeLimit).Flags)
	}
	r.Attached = append(r.Attached, pins["pg-line"])
	if _, ok := hasFlag(CheckTime(r, s.TimeLimit), FlagAttachedEdited); !ok {
		t.Error("a pin added by hand is not flagged")
	}
	r.Attached = pick(pins, "pg-line", "db-span")
	if _, ok := hasFlag(CheckTime(r, s.TimeLimit), FlagAttachedEdited); !ok {
		t.Error("a pin swapped by hand is not flagged")
	}
}
