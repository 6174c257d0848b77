package game_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/gametest"
)

// pinsOf is every signal of s as the pane that shows it would pin it.
func pinsOf(s *game.Scenario) []game.Pin {
	var out []game.Pin
	for i := range s.Logs.Len() {
		out = append(out, game.LogPin(s, i))
	}
	for i := range s.Events {
		out = append(out, game.EventPin(s, i))
	}
	for _, t := range s.Traces {
		for _, sp := range t.Spans {
			out = append(out, game.SpanPin(t, sp))
		}
	}
	for _, sr := range s.Metrics {
		for i := 0; i < sr.Len(); i++ {
			out = append(out, game.MetricPin(sr, sr.TimeAt(i)))
		}
	}
	return out
}

func TestProofMatches(t *testing.T) {
	s := gametest.CacheScenario()
	proof := s.Answer.Proof
	matched := func(it game.ProofItem) []string {
		var refs []string
		for _, p := range pinsOf(s) {
			if it.Matches(p) {
				refs = append(refs, string(p.Kind)+":"+p.Ref+"@"+p.At.Sub(s.Start).String())
			}
		}
		return refs
	}
	want := []string{
		"event:cache-config@10m0s",
		"log:0@9m58s",
		"metric:cache/cache_hit_ratio@10m0s metric:cache/cache_hit_ratio@15m0s metric:cache/cache_hit_ratio@20m0s",
		"log:3@13m0s",
		"span:t1/a2@12m0.001s",
	}
	for i, it := range proof {
		if got := strings.Join(matched(it), " "); got != want[i] {
			t.Errorf("item %d (%s) matches %q; want %q", i, it.Describe(s.Start), got, want[i])
		}
	}
}

func TestProofMatchRules(t *testing.T) {
	s := gametest.CacheScenario()
	logPin := game.LogPin(s, 0)
	sel := func(l game.LogSelector) game.ProofItem { return game.ProofItem{Step: 1, Log: &l} }
	cases := []struct {
		name string
		it   game.ProofItem
		pin  game.Pin
		want bool
	}{
		{"contains is case-sensitive", sel(game.LogSelector{Contains: "MAXMEMORY"}), logPin, false},
		{"regex", sel(game.LogSelector{Regex: `policy=allkeys-\w+ \(was`}), logPin, true},
		{"window start inclusive", sel(game.LogSelector{Service: "cache", From: logPin.At}), logPin, true},
		{"window end inclusive", sel(game.LogSelector{Service: "cache", To: logPin.At}), logPin, true},
		{"after the window", sel(game.LogSelector{Service: "cache", To: logPin.At.Add(-time.Millisecond)}), logPin, false},
		{"other service", sel(game.LogSelector{Service: "checkout", Contains: "maxmemory"}), logPin, false},
		{"a log selector never matches an event pin", sel(game.LogSelector{Service: "cache"}), game.EventPin(s, 1), false},
		{"a bad regex matches nothing", sel(game.LogSelector{Regex: "("}), logPin, false},
		{"an old pin without identity matches nothing", sel(game.LogSelector{Service: "cache"}),
			game.Pin{Kind: game.PinLog, Ref: "0", At: logPin.At, Service: "cache", Label: "x"}, false},
		{"span ok vs error", game.ProofItem{Step: 1, Span: &game.SpanSelector{Name: "db.Query", Status: game.StatusOK}},
			game.SpanPin(s.Traces[0], s.Traces[0].Spans[1]), false},
		{"span before its window", game.ProofItem{Step: 1, Span: &game.SpanSelector{Name: "db.Query", From: s.Traces[0].Spans[1].At.Add(time.Millisecond)}},
			game.SpanPin(s.Traces[0], s.Traces[0].Spans[1]), false},
		{"span in its window", game.ProofItem{Step: 1, Span: &game.SpanSelector{Name: "db.Query", From: s.Traces[0].Spans[1].At, To: s.Traces[0].Spans[1].At}},
			game.SpanPin(s.Traces[0], s.Traces[0].Spans[1]), true},
		{"metric cursor before the window", game.ProofItem{Step: 1, Metric: &game.MetricSelector{Name: "cache_hit_ratio", From: gametest.At(10 * time.Minute)}},
			game.MetricPin(s.Metrics[0], gametest.At(9*time.Minute)), false},
		{"metric of another service", game.ProofItem{Step: 1, Metric: &game.MetricSelector{Service: "api-gateway", Name: "cache_hit_ratio"}},
			game.MetricPin(s.Metrics[0], gametest.At(11*time.Minute)), false},
	}
	for _, c := range cases {
		if got := c.it.Matches(c.pin); got != c.want {
			t.Errorf("%s: Matches = %v; want %v", c.name, got, c.want)
		}
	}
}

// A pin saved before pins carried their identity (kind, ref, time,
// service, label) is completed from the scenario and then matches.
func TestCompletePin(t *testing.T) {
	s := gametest.CacheScenario()
	for _, full := range pinsOf(s) {
		old := game.Pin{Kind: full.Kind, Ref: full.Ref, At: full.At, Service: full.Service, Label: "as shown"}
		got := game.CompletePin(s, old)
		full.Label = "as shown"
		if got != full {
			t.Errorf("CompletePin(%+v) = %+v; want %+v", old, got, full)
		}
	}
	// a log ref into another version of the scenario borrows nothing
	stale := game.Pin{Kind: game.PinLog, Ref: "0", At: gametest.At(time.Minute)}
	if got := game.CompletePin(s, stale); got.Text != "" {
		t.Errorf("a stale ref was completed: %+v", got)
	}
	// events: by id, by "#i" and by the bare index older logs used
	for _, ref := range []string{"cache-config", "#1", "1"} {
		if e, ok := s.EventByRef(ref); !ok || e.ID != "cache-config" {
			t.Errorf("EventByRef(%q) = %+v, %v", ref, e, ok)
		}
	}
}

// Old session and result files (pins with no identity fields) still
// decode, and a new pin round-trips through JSON.
func TestPinJSON(t *testing.T) {
	var old game.Pin
	if err := json.Unmarshal([]byte(`{"kind":"log","ref":"3","at":"2025-08-20T14:13:00Z","service":"postgres","label":"x"}`), &old); err != nil {
		t.Fatal(err)
	}
	if old.HasIdentity() {
		t.Errorf("an old pin claims identity: %+v", old)
	}
	s := gametest.CacheScenario()
	p := game.SpanPin(s.Traces[0], s.Traces[0].Spans[1])
	data, _ := json.Marshal(p)
	var back game.Pin
	if err := json.Unmarshal(data, &back); err != nil || back != p {
		t.Errorf("round trip: %+v, %v; want %+v", back, err, p)
	}
}

func TestProofCheck(t *testing.T) {
	cases := []struct {
		it    game.ProofItem
		field string
		want  string
	}{
		{game.ProofItem{Step: 1}, "", "names no selector"},
		{game.ProofItem{Step: 1, Event: "x", Span: &game.SpanSelector{Status: "ok"}}, "", "names event and span: one selector per item"},
		{game.ProofItem{Event: "x"}, "step", "missing or below 1"},
		{game.ProofItem{Step: 1, Event: "Not An Id"}, "event", "must be an event id"},
		{game.ProofItem{Step: 1, Log: &game.LogSelector{}}, "log", "give at least one"},
		{game.ProofItem{Step: 1, Log: &game.LogSelector{Regex: "a(", Service: "x"}}, "regex", "bad regular expression"},
		{game.ProofItem{Step: 1, Log: &game.LogSelector{Regex: "a", Contains: "b"}}, "regex", "not both"},
		{game.ProofItem{Step: 1, Span: &game.SpanSelector{Status: "failed"}}, "status", "is not ok or error"},
		{game.ProofItem{Step: 1, Metric: &game.MetricSelector{From: gametest.At(0)}}, "metric", "names no series"},
		{game.ProofItem{Step: 1, Metric: &game.MetricSelector{Name: "m", From: gametest.At(time.Minute), To: gametest.At(0)}}, "to", "before from"},
		{game.ProofItem{Step: 1, Span: &game.SpanSelector{Name: "s", From: gametest.At(time.Minute), To: gametest.At(0)}}, "to", "before from"},
	}
	for _, c := range cases {
		field, err := c.it.Check()
		if err == nil || field != c.field || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%+v) = %q, %v; want %q, %q", c.it, field, err, c.field, c.want)
		}
	}
	for _, it := range gametest.CacheScenario().Answer.Proof {
		if field, err := it.Check(); err != nil {
			t.Errorf("fixture item %+v: %s: %v", it, field, err)
		}
	}
}

func TestProofDescribe(t *testing.T) {
	s := gametest.CacheScenario()
	want := []string{
		"the change event cache-config",
		`a log line: service cache, containing "maxmemory-policy=allkeys-random"`,
		"the metric cache_hit_ratio of cache, pinned with the cursor between +10:00 and +20:00",
		"a log line: service postgres, matching /too many connections/",
		`a span: service checkout, named "db.Query", status error`,
	}
	for i, it := range s.Answer.Proof {
		if got := it.Describe(s.Start); got != want[i] {
			t.Errorf("Describe(%d) = %q; want %q", i, got, want[i])
		}
	}
	// offsets as the panes show them; clock times without a start
	for _, c := range []struct {
		from, to time.Duration
		start    time.Time
		want     string
	}{
		{12*time.Minute + 30*time.Second, time.Hour, s.Start, "from +12:30 to +60:00"},
		{-time.Minute, 90*time.Minute + 500*time.Millisecond, s.Start, "from -01:00 to +90:00"},
		{0, 45 * time.Second, s.Start, "from +00:00 to +00:45"},
		{10 * time.Minute, 20 * time.Minute, time.Time{}, "from 14:10:00 to 14:20:00"},
	} {
		it := game.ProofItem{Step: 1, Log: &game.LogSelector{Contains: "x", From: s.Start.Add(c.from), To: s.Start.Add(c.to)}}
		if got := it.Describe(c.start); !strings.HasSuffix(got, c.want) {
			t.Errorf("Describe = %q; want it to end %q", got, c.want)
		}
	}
	// a metric item says where the cursor must stand, open ends included
	for _, c := range []struct {
		from, to time.Duration
		want     string
	}{
		{13 * time.Minute, 0, "the metric m of api, pinned with the cursor at +13:00 or later"},
		{0, 20 * time.Minute, "the metric m of api, pinned with the cursor at +20:00 or earlier"},
	} {
		sel := &game.MetricSelector{Service: "api", Name: "m"}
		if c.from > 0 {
			sel.From = s.Start.Add(c.from)
		}
		if c.to > 0 {
			sel.To = s.Start.Add(c.to)
		}
		if got := (game.ProofItem{Step: 1, Metric: sel}).Describe(s.Start); got != c.want {
			t.Errorf("Describe = %q; want %q", got, c.want)
		}
	}
}

// DecodeProof reads back what json.Marshal writes (the sealed form), and
// refuses what Check refuses.
func TestDecodeProof(t *testing.T) {
	proof := gametest.CacheScenario().Answer.Proof
	data, err := json.Marshal(proof)
	if err != nil {
		t.Fatal(err)
	}
	got, err := game.DecodeProof(data)
	if err != nil || len(got) != len(proof) {
		t.Fatalf("DecodeProof: %v, %d items", err, len(got))
	}
	s := gametest.CacheScenario()
	for i := range got {
		for _, p := range pinsOf(s) {
			if got[i].Matches(p) != proof[i].Matches(p) {
				t.Errorf("item %d decoded matches %s differently", i, p.Ref)
			}
		}
	}
	for _, bad := range []string{`{}`, `[{"step":1}]`, `[{"step":1,"event":"a","extra":1}]`, `[{"step":1,"log":{"regex":"("}}]`, `[] []`} {
		if _, err := game.DecodeProof([]byte(bad)); err == nil {
			t.Errorf("DecodeProof(%s) accepted", bad)
		}
	}
	if got, err := game.DecodeProof(nil); err != nil || got != nil {
		t.Errorf("no proof: %v, %v", got, err)
	}
}

// FirstMatch finds the earliest signal an item selects, and that signal's
// pin matches the item.
func TestProofFirstMatch(t *testing.T) {
	s := gametest.CacheScenario()
	want := []string{"cache-config", "0", "cache/cache_hit_ratio", "3", "t1/a2"}
	for i, it := range s.Answer.Proof {
		p, ok := it.FirstMatch(s)
		if !ok || p.Ref != want[i] || !it.Matches(p) {
			t.Errorf("FirstMatch(%s) = %+v, %v", it.Describe(s.Start), p, ok)
		}
	}
	if p, _ := s.Answer.Proof[2].FirstMatch(s); !p.At.Equal(gametest.At(10 * time.Minute)) {
		t.Errorf("the metric's pin is at %v; want the first sample in the window", p.At)
	}
	none := game.ProofItem{Step: 1, Log: &game.LogSelector{Contains: "no such line"}}
	if _, ok := none.FirstMatch(s); ok {
		t.Error("an item that selects nothing found a match")
	}
}
