package grade

import (
	"strconv"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
)

// Coaching reads the proof verdict: a pin the answer's proof credits is
// never "unrelated", and pinning it is never a visit to a red herring,
// whatever its service and time suggest. A pin the proof does not credit
// is judged as before.
func TestCoachNeverCallsACreditedPinUnrelated(t *testing.T) {
	s := gametest.CacheScenario()
	ans := *s.Answer
	// The onset put three minutes after the config line (so by time alone
	// that line is "before the onset": unrelated), and postgres named a
	// decoy (so by service alone its lines are a red herring's).
	ans.Onset = gametest.At(13 * time.Minute)
	ans.RedHerrings = append([]string{"postgres"}, ans.RedHerrings...)
	s.Answer = &ans
	line := func(svc, text string) int {
		for i, l := range s.Logs.All() {
			if l.Service == svc && l.Msg == text {
				return i
			}
		}
		t.Fatalf("no %s line %q in the fixture", svc, text)
		return -1
	}
	pinLine := func(offset, i int) game.Action {
		a := act(offset, game.ActPin, strconv.Itoa(i), string(game.PinLog), s.Logs.Line(i).Service)
		a.At = s.Logs.Line(i).At
		return a
	}
	config := line("cache", "config reload: maxmemory-policy=allkeys-random (was allkeys-lru)")
	tooMany := line("postgres", "too many connections (max 100)")
	if !s.Logs.Line(config).At.Before(ans.Onset.Add(-defaultCauseWindow)) {
		t.Fatalf("the config line at %v is within the cause window of the onset: the test is wrong", s.Logs.Line(config).At)
	}
	nb := game.Notebook{Hypotheses: []game.Hypothesis{{ID: 1, Evidence: []game.Pin{
		game.LogPin(s, config), game.LogPin(s, tooMany)}}}}

	cases := []struct {
		name     string
		pin      int
		wantRole string
		wantStep int
	}{
		{"a step 1 line before the onset is the cause's own signal", config, RoleCause, 1},
		{"a later step's line on a decoy's service is part of the chain", tooMany, RoleSymptom, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// the role the service and time alone would give
			if got := newCauseProfile(s, &ans).role(s, &ans, game.LogPin(s, c.pin)); got != RoleUnrelated {
				t.Fatalf("without the proof the pin is %q; the test needs a pin the old rule calls unrelated", got)
			}
			log := []game.Action{act(0, game.ActTab, "", "logs", ""), pinLine(30, c.pin), act(60, game.ActSubmit, ans.Choice, "", "")}
			got := Coach(s, &ans, log, nb)
			if got.FirstPinRole != c.wantRole {
				t.Errorf("first pin role %q; want %q", got.FirstPinRole, c.wantRole)
			}
			if len(got.FirstPinSteps) != 1 || got.FirstPinSteps[0] != c.wantStep {
				t.Errorf("first pin shows steps %v; want [%d]", got.FirstPinSteps, c.wantStep)
			}
			for _, rh := range got.RedHerrings {
				if rh.ID == "postgres" {
					t.Errorf("pinning a credited postgres line counted as a red herring visit: %+v", rh)
				}
			}
		})
	}

	// a line no proof item selects, on a decoy's service, is judged as before
	t.Run("an uncredited pin on a decoy stays unrelated", func(t *testing.T) {
		health := line("inventory", "health check ok")
		nb := game.Notebook{Hypotheses: []game.Hypothesis{{ID: 1, Evidence: []game.Pin{game.LogPin(s, health)}}}}
		log := []game.Action{act(0, game.ActTab, "", "logs", ""), pinLine(30, health), act(60, game.ActSubmit, ans.Choice, "", "")}
		got := Coach(s, &ans, log, nb)
		if got.FirstPinRole != RoleUnrelated || len(got.FirstPinSteps) != 0 {
			t.Errorf("an uncredited decoy line is %q showing steps %v; want unrelated, none", got.FirstPinRole, got.FirstPinSteps)
		}
		if len(got.RedHerrings) == 0 || got.RedHerrings[0].ID != "inventory-down" {
			t.Errorf("pinning the decoy's line is no visit: %+v", got.RedHerrings)
		}
	})
}
