package heuristic

import (
	"testing"

	"firedrill/game"
)

func TestNamesIn(t *testing.T) {
	services := []string{"api", "api-gateway", "geo", "auth", "payments", "payments-db"}
	for _, tc := range []struct {
		text    string
		want    map[string]int
		subject string
	}{
		{"export-geo-job saturated geo", map[string]int{"geo": 2}, "geo"},
		{"oauth tokens expire", map[string]int{}, ""},
		{"api-gateway's pool to api is small", map[string]int{"api-gateway": 1, "api": 1}, "api-gateway"},
		{"payments-db is slow for payments", map[string]int{"payments-db": 1, "payments": 1}, "payments-db"},
		{"AUTH is failing", map[string]int{"auth": 1}, "auth"},
	} {
		n := namesIn(tc.text, services)
		if len(n.count) != len(tc.want) {
			t.Errorf("namesIn(%q) = %v; want %v", tc.text, n.count, tc.want)
		}
		for svc, k := range tc.want {
			if n.count[svc] != k {
				t.Errorf("namesIn(%q) names %s %d times; want %d", tc.text, svc, n.count[svc], k)
			}
		}
		if got := n.subject(); got != tc.subject {
			t.Errorf("subject of %q = %q; want %q", tc.text, got, tc.subject)
		}
	}
}

func aboutFixture(choices ...game.Choice) *Analysis {
	s := &game.Scenario{Services: []game.Service{{Name: "checkout"}, {Name: "inventory"}, {Name: "payments"}},
		Choices: choices}
	return Analyze(s)
}

func TestAboutServicePicksTheChoiceAboutIt(t *testing.T) {
	a := aboutFixture(
		game.Choice{ID: "surge", Text: "a surge of checkout orders overwhelmed inventory"},
		game.Choice{ID: "undersized", Text: "inventory is undersized for checkout's volume"},
		game.Choice{ID: "timeout", Text: "checkout's config cut its inventory timeout"},
		game.Choice{ID: "release", Text: "checkout's new release slows every order"},
		game.Choice{ID: "card", Text: "the card network declines charges"},
	)
	for _, tc := range []struct {
		svc  string
		want map[string]float64
	}{
		// inventory is the subject of one choice only, though three name it.
		{"inventory", map[string]float64{"undersized": 1}},
		// three choices open with checkout; "release" names nothing else.
		{"checkout", map[string]float64{"release": 1}},
		// nobody names payments: abstain rather than guess.
		{"payments", map[string]float64{}},
	} {
		g := a.aboutService(tc.svc, "")
		if len(g.Odds) != len(tc.want) {
			t.Errorf("about %s = %v; want %v", tc.svc, g.Odds, tc.want)
		}
		for id, p := range tc.want {
			if g.Chance(id) != p {
				t.Errorf("about %s: %s has chance %v; want %v", tc.svc, id, g.Chance(id), p)
			}
		}
	}
}

func TestAboutServiceTiesAreARandomPick(t *testing.T) {
	// Today's first-choice-wins mapping would credit "leak" every time.
	a := aboutFixture(
		game.Choice{ID: "leak", Text: "checkout leaks connections"},
		game.Choice{ID: "gc", Text: "checkout pauses for garbage collection"},
		game.Choice{ID: "flag", Text: "checkout's new flag throws on coupons"},
	)
	g := a.aboutService("checkout", "")
	for _, id := range []string{"leak", "gc", "flag"} {
		if got := g.Chance(id); got < 0.333 || got > 0.334 {
			t.Errorf("chance of %s = %v; want 1/3", id, got)
		}
	}
	if got := mapCue(a.s, "checkout", nil); got != "leak" {
		t.Errorf("mapCue = %q; want leak (its first-choice tie rule)", got)
	}
}

func TestAboutChangePrefersItsKind(t *testing.T) {
	a := aboutFixture(
		game.Choice{ID: "surge", Text: "checkout-traffic surge: checkout orders flood inventory"},
		game.Choice{ID: "timeout", Text: "checkout's config cut its inventory timeout"},
		game.Choice{ID: "release", Text: "checkout's new release slows every order"},
		game.Choice{ID: "upgrade", Text: "payments upgraded its client and checkout waits"},
	)
	for _, tc := range []struct {
		kind, text, want string
	}{
		{game.EventConfig, "checkout config push: client settings rev 84", "timeout"},
		{game.EventDeploy, "checkout v2.1.0 rolled out", "release"},
	} {
		g := a.aboutChange(game.Event{Kind: tc.kind, Service: "checkout", Text: tc.text})
		if g.Chance(tc.want) != 1 {
			t.Errorf("about a %s of checkout = %v; want %s", tc.kind, g.Odds, tc.want)
		}
	}
	// A change logged without a service is about the one its text names first.
	g := a.aboutChange(game.Event{Kind: game.EventDeploy, Text: "checkout v2.1.0 rolled out"})
	if g.Chance("release") != 1 {
		t.Errorf("about an unattributed checkout deploy = %v; want release", g.Odds)
	}
}

func TestGuessArithmetic(t *testing.T) {
	g := mix([]Guess{uniform([]string{"a", "b"}, ""), uniform([]string{"a"}, ""), {}, {}}, "")
	if g.Chance("a") != 0.375 || g.Chance("b") != 0.125 {
		t.Errorf("mix = %v; want a 3/8, b 1/8 (two abstaining branches are misses)", g.Odds)
	}
	if picks := g.Picks(); len(picks) != 2 || picks[0] != "a" {
		t.Errorf("Picks = %v; want [a b]", picks)
	}
	b := best(map[string][]float64{"x": {1, 0.5}, "y": {1, 0.7}, "z": {0, 9}}, "")
	if b.Chance("y") != 1 {
		t.Errorf("best = %v; want y (tuples compare first element first)", b.Odds)
	}
	if p := positive(map[string]float64{"x": 0, "y": 2}); len(p) != 1 || p["y"][0] != 2 {
		t.Errorf("positive = %v; want only y", p)
	}
	if len(best(nil, "").Odds) != 0 {
		t.Error("best of nothing should abstain")
	}
}

func TestStem(t *testing.T) {
	for _, pair := range [][2]string{
		{"retries", "retry"}, {"throttled", "throttling"}, {"certificate", "certificates"},
		{"leaks", "leaking"}, {"misses", "miss"}, {"caches", "cache"}, {"released", "release"},
	} {
		if stem(pair[0]) != stem(pair[1]) {
			t.Errorf("stem(%q) = %q, stem(%q) = %q; want the same", pair[0], stem(pair[0]), pair[1], stem(pair[1]))
		}
	}
	for _, pair := range [][2]string{{"config", "conflict"}, {"status", "state"}} {
		if stem(pair[0]) == stem(pair[1]) {
			t.Errorf("stem(%q) = stem(%q) = %q; want them apart", pair[0], pair[1], stem(pair[0]))
		}
	}
}

func TestHoldsWord(t *testing.T) {
	for _, tc := range []struct {
		text, w string
		want    bool
	}{
		{"tls handshake failed: certificate expired", stem("certificates"), true},
		{"pod=checkout-7f9 restarted", stem("pods"), true}, // short, but as common as any word
		{"podcast", stem("pods"), false},
		{"oauth refresh failed", stem("auth"), false},
		{"retried after timeout", stem("retries"), false}, // "retri" is not "retry": crude, as documented
		{"config reloaded", stem("configs"), true},
	} {
		if got := holdsWord(tc.text, tc.w); got != tc.want {
			t.Errorf("holdsWord(%q, %q) = %v; want %v", tc.text, tc.w, got, tc.want)
		}
	}
}
