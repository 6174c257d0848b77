package grade

import (
	"reflect"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
)

const sec = time.Second

// act builds one action at offset seconds.
func act(offset int, kind game.ActionKind, target, detail, service string) game.Action {
	return game.Action{Offset: time.Duration(offset) * sec, Kind: kind, Target: target, Detail: detail, Service: service}
}

func TestCoachFullSession(t *testing.T) {
	s := gametest.CacheScenario()
	pin := act(100, game.ActPin, "cache/cache_hit_ratio", string(game.PinMetric), "cache")
	pin.At = gametest.At(10 * time.Minute)
	log := []game.Action{
		act(0, game.ActTab, "", "logs", ""),
		act(10, game.ActFilter, "inventory", "service=inventory", "inventory"), // decoy choice's service: 30 s
		act(40, game.ActTab, "", "events", ""),
		act(50, game.ActView, "inventory-deploy", "", "inventory"), // both decoys: 20 s
		act(70, game.ActCursor, "", "", ""),
		act(80, game.ActNote, "1", "inventory deploy broke checkout?", ""), // writes about the decoy choice's service: 10 s
		act(90, game.ActTab, "", "metrics", ""),
		pin,
		act(130, game.ActView, "inventory", "", "inventory"), // decoy choice again: 10 s
		act(140, game.ActNote, "2", "keys evicted from the cache?", ""),
		act(150, game.ActTab, "", "notebook", ""),
		act(200, game.ActSubmit, "cache-invalidation", "", ""),
	}
	nb := game.Notebook{Hypotheses: []game.Hypothesis{{ID: 1, Text: "inventory deploy broke checkout?"},
		{ID: 2, Text: "keys evicted from the cache?", Evidence: []game.Pin{{Kind: game.PinMetric,
			Ref: "cache/cache_hit_ratio", Service: "cache", At: gametest.At(10 * time.Minute), Label: "cache_hit_ratio 55%"}}}}}

	got := Coach(s, s.Answer, log, nb)

	if !got.FoundRightHypothesis || got.FirstRightHypothesis != 140*sec {
		t.Errorf("first right hypothesis: found %v at %v; want at 2m20s", got.FoundRightHypothesis, got.FirstRightHypothesis)
	}
	wantHerrings := []RedHerringVisit{
		{ID: "inventory-deploy", Visits: 1, Time: 20 * sec},
		{ID: "inventory-down", Visits: 4, Time: 70 * sec},
	}
	if !reflect.DeepEqual(got.RedHerrings, wantHerrings) {
		t.Errorf("red herrings %+v\nwant %+v", got.RedHerrings, wantHerrings)
	}
	wantTabs := map[string]time.Duration{"logs": 40 * sec, "events": 50 * sec, "metrics": 60 * sec, "notebook": 50 * sec}
	if !reflect.DeepEqual(got.TabTime, wantTabs) {
		t.Errorf("tab time %v, want %v", got.TabTime, wantTabs)
	}
	if got.FirstPin == nil || got.FirstPin.Label != "cache_hit_ratio 55%" || got.FirstPinRole != RoleCause {
		t.Errorf("first pin %+v role %q; want the notebook's cache_hit_ratio pin as the cause", got.FirstPin, got.FirstPinRole)
	}
}

func TestCoachResumeExcludesClosedTime(t *testing.T) {
	s := gametest.CacheScenario()
	// Drill: offsets keep running while the game is closed. The player quit
	// at 40 s and came back 5 minutes later.
	log := []game.Action{
		act(0, game.ActTab, "", "logs", ""),
		act(30, game.ActView, "inventory", "", "inventory"), // decoy until the quit at 40 s: 10 s
		act(340, game.ActResume, "", "5m0s", ""),
		act(350, game.ActTab, "", "traces", ""),
		act(380, game.ActOpenTrace, "4bf92f", "", "inventory"), // 10 s
		act(390, game.ActView, "inventory", "", "inventory"),   // back to back: the same visit, 10 s
		act(400, game.ActSubmit, "inventory-down", "", ""),
	}
	got := Coach(s, s.Answer, log, game.Notebook{})
	wantTabs := map[string]time.Duration{"logs": 50 * sec, "traces": 50 * sec}
	if !reflect.DeepEqual(got.TabTime, wantTabs) {
		t.Errorf("tab time %v, want %v (logs: 40 s before the quit + 10 s after)", got.TabTime, wantTabs)
	}
	want := []RedHerringVisit{{ID: "inventory-down", Visits: 2, Time: 30 * sec}}
	if !reflect.DeepEqual(got.RedHerrings, want) {
		t.Errorf("red herrings %+v, want %+v", got.RedHerrings, want)
	}
	if got.FoundRightHypothesis || got.FirstPin != nil || got.FirstPinRole != "" {
		t.Errorf("no notes, no pins: got %+v", got)
	}
}

func TestCoachTabTimeEnds(t *testing.T) {
	for _, tc := range []struct {
		name string
		log  []game.Action
		want map[string]time.Duration
	}{
		{"empty log", nil, map[string]time.Duration{}},
		{"time up ends the last tab", []game.Action{act(0, game.ActTab, "", "logs", ""), act(90, game.ActTimeUp, "", "", ""),
			act(120, game.ActSubmit, "x", "", "")}, map[string]time.Duration{"logs": 90 * sec}},
		{"no submit: the last action ends it", []game.Action{act(5, game.ActTab, "", "logs", ""), act(25, game.ActSearch, "", "timeout", "")},
			map[string]time.Duration{"logs": 20 * sec}},
		{"time before the first tab is not counted", []game.Action{act(0, game.ActSearch, "", "x", ""), act(10, game.ActTab, "", "metrics", ""),
			act(15, game.ActTab, "", "metrics", ""), act(30, game.ActSubmit, "x", "", "")}, map[string]time.Duration{"metrics": 20 * sec}},
		{"tab name from Target when Detail is empty", []game.Action{act(0, game.ActTab, "traces", "", ""), act(7, game.ActSubmit, "x", "", "")},
			map[string]time.Duration{"traces": 7 * sec}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Coach(gametest.CacheScenario(), nil, tc.log, game.Notebook{}).TabTime; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCoachHypotheses(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"cache is evicting hot keys", true},         // the cause's service
		{"CACHE!", true},                             // case-insensitive
		{"keys evicted after the deploy?", true},     // a distinctive word of the chain's root
		{"Invalidation storm", true},                 // a distinctive word of the right choice
		{"the database is overloaded", true},         // "overloaded" ~ "overload", no other choice says it
		{"inventory deploy broke checkout", false},   // the decoy
		{"slow postgres query", false},               // another choice's words
		{"api-gateway timeouts after a push", false}, // a symptom's service
		{"services are slow", false},                 // stop words and another choice's word
	} {
		log := []game.Action{act(0, game.ActTab, "", "logs", ""), act(42, game.ActNote, "1", tc.text, "")}
		got := Coach(gametest.CacheScenario(), gametest.CacheScenario().Answer, log, game.Notebook{})
		if got.FoundRightHypothesis != tc.want || (tc.want && got.FirstRightHypothesis != 42*sec) {
			t.Errorf("%q: found %v at %v; want %v at 42s", tc.text, got.FoundRightHypothesis, got.FirstRightHypothesis, tc.want)
		}
	}
}

func TestCoachFirstPinRole(t *testing.T) {
	pinAct := func(kind game.PinKind, ref, service string, when time.Duration) game.Action {
		a := act(60, game.ActPin, ref, string(kind), service)
		if when >= 0 {
			a.At = gametest.At(when)
		}
		return a
	}
	m := time.Minute
	for _, tc := range []struct {
		name string
		pin  game.Action
		want string
	}{
		{"cause metric at the onset", pinAct(game.PinMetric, "cache/cache_hit_ratio", "cache", 10*m), RoleCause},
		{"cause metric 3 steps (15m) after", pinAct(game.PinMetric, "cache/cache_hit_ratio", "cache", 25*m), RoleCause},
		{"cause metric past 3 steps", pinAct(game.PinMetric, "cache/cache_hit_ratio", "cache", 26*m), RoleSymptom},
		{"cause log within 2m", pinAct(game.PinLog, "2", "cache", 11*m+59*sec), RoleCause},
		{"cause log 2m before onset", pinAct(game.PinLog, "2", "cache", 8*m), RoleCause},
		{"cause log seen late", pinAct(game.PinLog, "2", "cache", 13*m), RoleSymptom},
		{"another service after onset", pinAct(game.PinLog, "1", "checkout", 12*m), RoleSymptom},
		{"another service before onset", pinAct(game.PinLog, "0", "checkout", 3*m), RoleUnrelated},
		{"the event the answer names", pinAct(game.PinEvent, "cache-config", "", -1), RoleCause},
		{"a decoy event by index", pinAct(game.PinEvent, "0", "", -1), RoleUnrelated},
		{"an alert after onset", pinAct(game.PinEvent, "gateway-alert", "", -1), RoleSymptom},
		{"the decoy choice's service", pinAct(game.PinSpan, "4bf92f/a2", "inventory", 12*m), RoleUnrelated},
		{"unknown time", pinAct(game.PinLog, "7", "checkout", -1), RoleUnrelated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log := []game.Action{act(0, game.ActTab, "", "logs", ""), tc.pin, act(90, game.ActPin, "cache/cache_hit_ratio", "metric", "cache")}
			got := Coach(gametest.CacheScenario(), gametest.CacheScenario().Answer, log, game.Notebook{})
			if got.FirstPin == nil || got.FirstPin.Ref != tc.pin.Target || got.FirstPinRole != tc.want {
				t.Errorf("first pin %+v role %q; want %s as %q", got.FirstPin, got.FirstPinRole, tc.pin.Target, tc.want)
			}
		})
	}
}

func TestCoachFirstPinFromNotebook(t *testing.T) {
	nb := game.Notebook{Hypotheses: []game.Hypothesis{{ID: 1}, {ID: 2, Evidence: []game.Pin{
		{Kind: game.PinLog, Ref: "1", Service: "checkout", At: gametest.At(12 * time.Minute), Label: "upstream timeout"}}}}}
	got := Coach(gametest.CacheScenario(), gametest.CacheScenario().Answer, nil, nb)
	if got.FirstPin == nil || got.FirstPin.Label != "upstream timeout" || got.FirstPinRole != RoleSymptom {
		t.Errorf("first pin %+v role %q; want the notebook's checkout log as a symptom", got.FirstPin, got.FirstPinRole)
	}
}

func TestServiceMentions(t *testing.T) {
	services := []game.Service{{Name: "api"}, {Name: "api-gateway"}, {Name: "api.v2"}, {Name: "cache"}, {Name: "db"}}
	for _, tc := range []struct {
		text string
		want map[string]int
	}{
		{"api-gateway calls api", map[string]int{"api": 1, "api-gateway": 1, "api.v2": 0, "cache": 0, "db": 0}},
		// "api" is a whole word inside "api.v2": the longer name is masked
		{"api.v2 calls api", map[string]int{"api": 1, "api-gateway": 0, "api.v2": 1, "cache": 0, "db": 0}},
		{"cached, cache's, CACHE-invalidation", map[string]int{"api": 0, "api-gateway": 0, "api.v2": 0, "cache": 1, "db": 0}},
		{"dbx db_pool db", map[string]int{"api": 0, "api-gateway": 0, "api.v2": 0, "cache": 0, "db": 1}},
	} {
		got := map[string]int{}
		for name, m := range serviceMentions(tc.text, services) {
			got[name] = m.count
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestMostNamedService(t *testing.T) {
	services := []game.Service{{Name: "checkout"}, {Name: "cache"}, {Name: "postgres"}}
	for _, tc := range []struct{ text, want string }{
		{"cache-invalidation A cache invalidation bug evicts hot keys; misses overload the database", "cache"},
		{"postgres is slow; checkout waits on postgres", "postgres"},
		{"checkout and cache", "checkout"}, // a tie goes to the first named
		{"aliens", ""},
	} {
		if got := mostNamedService(tc.text, services); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

// A choice id is names joined by '-': it names the services that are runs
// of its parts, though prose would not ("pricing" in "new-pricing").
func TestChoiceService(t *testing.T) {
	services := []game.Service{{Name: "pricing"}, {Name: "coupons"}, {Name: "order-events"},
		{Name: "order-events-dlq"}, {Name: "storefront"}, {Name: "recs"}}
	for _, tc := range []struct {
		choice game.Choice
		want   string
	}{
		{game.Choice{ID: "pricing-flag", Text: "the new-pricing flag routes carts to a quote path that fails on coupons"}, "pricing"},
		{game.Choice{ID: "order-events-lag", Text: "consumers fall behind"}, "order-events"},
		{game.Choice{ID: "dlq-full", Text: "order-events-dlq is full"}, "order-events-dlq"},
		{game.Choice{ID: "storefront-widget", Text: "storefront's recs widget now waits on recs instead of timing out"}, "storefront"},
		{game.Choice{ID: "aliens", Text: "aliens"}, ""},
	} {
		if got := choiceService(tc.choice, services); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.choice.ID, got, tc.want)
		}
	}
}

func TestSameWord(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"evicts", "evicting", true},
		{"invalidation", "invalidated", true},
		{"cache", "cached", true},
		{"inventory", "invention", false},
		{"checkout", "checking", false},
		{"saturated", "saturation", true},
		{"keys", "key", false}, // under 5 letters only equal words match
		{"slow", "slow", true},
	} {
		if got := sameWord(tc.a, tc.b); got != tc.want {
			t.Errorf("sameWord(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

// A red herring is visited when the player dwelt on it: a view only
// when it lasted 5 s (or something deliberate followed on the same decoy),
// an open, a filter or search naming it, a pin, a note or the submit's
// justification always; never a cursor scrolling past.
func TestCoachHerringDwell(t *testing.T) {
	s := gametest.CacheScenario()
	for _, tc := range []struct {
		name string
		log  []game.Action
		want []RedHerringVisit
	}{
		{"scrolled past in the services list", []game.Action{
			act(0, game.ActTab, "", "services", ""),
			act(10, game.ActView, "inventory", "", "inventory"), // 1 s
			act(11, game.ActView, "cache", "", "cache"),
			act(60, game.ActSubmit, "cache-invalidation", "", ""),
		}, nil},
		{"a short view then a pin of it", []game.Action{
			act(10, game.ActView, "inventory", "", "inventory"), // 2 s
			act(12, game.ActPin, "4", "log", "inventory"),       // 3 s
			act(15, game.ActView, "cache", "", "cache"),
		}, []RedHerringVisit{{ID: "inventory-down", Visits: 1, Time: 5 * sec}}},
		{"searched for it", []game.Action{
			act(10, game.ActSearch, "", "Inventory", ""), // 4 s
			act(14, game.ActCursor, "", "", ""),
		}, []RedHerringVisit{{ID: "inventory-down", Visits: 1, Time: 4 * sec}}},
		{"opened a trace through it", []game.Action{
			act(10, game.ActOpenTrace, "t1", "", ""), // t1 has no inventory span
			act(12, game.ActView, "inventory-deploy", "", "inventory"),
			act(13, game.ActTab, "", "logs", ""),
		}, nil},
		{"a note about the cause that names a decoy's service in passing", []game.Action{
			act(10, game.ActNote, "1", "cache evictions overload postgres, not inventory", ""),
			act(20, game.ActCursor, "", "", ""),
		}, nil},
		{"named in the justification", []game.Action{
			act(10, game.ActSubmit, "inventory-down", "the inventory-deploy at +5m broke it", ""),
		}, []RedHerringVisit{{ID: "inventory-deploy", Visits: 1}, {ID: "inventory-down", Visits: 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Coach(s, s.Answer, tc.log, game.Notebook{}).RedHerrings; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v; want %+v", got, tc.want)
			}
		})
	}
}

// The first right hypothesis comes from the notebook; with no note naming
// the cause, the submit's justification counts, at the submit.
func TestCoachJustification(t *testing.T) {
	s := gametest.CacheScenario()
	log := []game.Action{act(0, game.ActTab, "", "logs", ""), act(30, game.ActNote, "1", "inventory?", ""),
		act(90, game.ActSubmit, "cache-invalidation", "hot keys evicted by the cache config push", "")}
	got := Coach(s, s.Answer, log, game.Notebook{})
	if !got.FoundRightHypothesis || !got.RightAtSubmit || got.FirstRightHypothesis != 90*sec {
		t.Errorf("justification naming the cause: %+v", got)
	}
	log[1].Detail = "cache evicting keys?"
	got = Coach(s, s.Answer, log, game.Notebook{})
	if !got.FoundRightHypothesis || got.RightAtSubmit || got.FirstRightHypothesis != 30*sec {
		t.Errorf("a note came first: %+v", got)
	}
	log[1].Detail, log[2].Detail = "inventory?", "inventory looked odd"
	if got := Coach(s, s.Answer, log, game.Notebook{}); got.FoundRightHypothesis {
		t.Errorf("nothing named the cause: %+v", got)
	}
}
