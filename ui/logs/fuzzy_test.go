package logs

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/internal/count"
	"firedrill/ui/uitest"
)

func TestFuzzyRanksAndGoesToLine(t *testing.T) {
	m, out := drive(newTestPane(), keys("ctrl+f", "type:req19", "enter")...)
	if !m.fz.active || len(m.fz.hits) == 0 {
		t.Fatalf("fuzzy found nothing")
	}
	if m.fz.hits[0].line != 19 {
		t.Errorf("best fuzzy hit is line %d, want 19 (request 19 ok)", m.fz.hits[0].line)
	}
	wantAct(t, out, game.ActFuzzy, "req19")
	m, _ = drive(m, press("enter"))
	if m.fz.active || m.CursorLine() != 19 {
		t.Errorf("enter on a fuzzy hit: active %v, line %d; want the pager on line 19", m.fz.active, m.CursorLine())
	}
}

func TestStaleFuzzyResultDropped(t *testing.T) {
	m := newTestPane()
	m, _ = m.Update(press("ctrl+f"))
	m, first := m.Update(tea.KeyPressMsg{Code: 'c', Text: "c"})  // query "c"
	m, second := m.Update(tea.KeyPressMsg{Code: 'a', Text: "a"}) // query "ca"
	stale, fresh := findFuzzy(uitest.Run(first)), findFuzzy(uitest.Run(second))
	m, _ = m.Update(fresh)
	want := len(m.fz.hits)
	m, _ = m.Update(stale) // arrives late
	if m.fz.query != "ca" || len(m.fz.hits) != want {
		t.Errorf("a stale answer replaced the fresh one: query %q, %d hits", m.fz.query, len(m.fz.hits))
	}
}

func findFuzzy(out []tea.Msg) fuzzyResultMsg {
	for _, msg := range out {
		if f, ok := msg.(fuzzyResultMsg); ok {
			return f
		}
	}
	panic("no fuzzy result")
}

func TestSupersededFuzzyStopsEarly(t *testing.T) {
	s := testScenario()
	res := apply(s, filter{})
	if hits, _ := fuzzyFind("req", s, res, 2, func() bool { return true }); len(hits) != 0 {
		t.Errorf("a superseded fuzzy request still matched %d lines", len(hits))
	}
	if hits, n := fuzzyFind("req", s, res, 2, func() bool { return false }); len(hits) == 0 || n != len(hits) {
		t.Errorf("a live request found %d hits of %d matches", len(hits), n)
	}
}

// The fuzzy header says "N matches" when every match is listed and only
// says "best K of N" when the list is capped.
func TestFuzzyHeaderCount(t *testing.T) {
	m, _ := drive(newTestPane(), keys("ctrl+f", "type:req19", "enter")...)
	head := strings.SplitN(m.View(), "\n", 2)[0]
	want := count.Of(len(m.fz.hits), "match", "matches")
	if !strings.Contains(head, ": "+want+" ·") || strings.Contains(head, "best") {
		t.Errorf("header = %q, want %q without best of", head, want)
	}
	m.fz.matches = 9000 // as if capped
	if head := strings.SplitN(m.View(), "\n", 2)[0]; !strings.Contains(head, "best "+strconv.Itoa(len(m.fz.hits))+" of 9,000 matches") {
		t.Errorf("capped header = %q", head)
	}
}

// TestFuzzyPrefilterExact checks the index's pre-filter drops no line the
// matcher would rank: the hits with it equal the hits without it (no
// index), on ASCII lines and on lines whose Unicode folds to ASCII.
func TestFuzzyPrefilterExact(t *testing.T) {
	words := []string{"upstream", "Timeout", "calling", "POSTGRES", "cache", "miss", "Clas\u017f", "\u212Aelvin", "pod", "req-42", "Straße"}
	s := &game.Scenario{Start: t0}
	var lines []game.LogLine
	for i := range 3000 {
		l := game.LogLine{At: t0, Service: "api", Msg: words[i%len(words)] + " " + words[(i*7)%len(words)] + " " + words[(i*13)%len(words)]}
		if i%3 == 0 {
			l.Attrs = game.Attrs{{Key: "pod", Value: words[(i*5)%len(words)]}}
		}
		lines = append(lines, l)
	}
	s.Logs = game.NewLogStore(lines)
	res := result{all: true, total: s.Logs.Len()}
	plain := &game.Scenario{Start: t0, Logs: s.Logs}
	game.IndexLogs(s)
	for _, q := range []string{"uptmout pg", "class", "kelvin", "cm pod", "REQ42", "strasse", "sse", "zzz", "a"} {
		with, n1 := fuzzyFind(q, s, res, 2, nil)
		without, n2 := fuzzyFind(q, plain, res, 2, nil)
		if n1 != n2 || len(with) != len(without) {
			t.Fatalf("%q: %d/%d matches with the pre-filter, %d/%d without", q, n1, len(with), n2, len(without))
		}
		for i := range with {
			if with[i].line != without[i].line || with[i].score != without[i].score || !slices.Equal(with[i].matched, without[i].matched) {
				t.Fatalf("%q: hit %d differs: %+v vs %+v", q, i, with[i], without[i])
			}
		}
	}
}

// TestFuzzyStreamsInSteps checks a find over more rows than one step
// shows each step's results as they come ("so far"), and ends with exactly
// the list one pass gives.
func TestFuzzyStreamsInSteps(t *testing.T) {
	defer func(n int) { fuzzySegment = n }(fuzzySegment)
	fuzzySegment = 6 // the test scenario's 20 lines take four steps
	m, cmd := uitest.Send(newTestPane(), keys("ctrl+f", "type:req")...)
	var steps []string
	for cmd != nil {
		var next tea.Cmd
		for _, msg := range uitest.Run(cmd) {
			if f, ok := msg.(fuzzyResultMsg); ok {
				m, next = m.Update(f)
				steps = append(steps, strings.SplitN(m.View(), "\n", 2)[0])
			}
		}
		cmd = next
	}
	if len(steps) != 4 {
		t.Fatalf("%d steps, want 4: %q", len(steps), steps)
	}
	for i, head := range steps {
		if so := strings.Contains(head, " so far"); so != (i < 3) {
			t.Errorf("step %d header %q: want \"so far\" on every step but the last", i, head)
		}
	}
	want, n := fuzzyFind("req", m.scenario, apply(m.scenario, filter{}), 2, nil)
	if m.fz.matches != n || len(m.fz.hits) != len(want) {
		t.Fatalf("streamed %d hits of %d matches; one pass %d of %d", len(m.fz.hits), m.fz.matches, len(want), n)
	}
	for i := range want {
		if m.fz.hits[i].line != want[i].line || m.fz.hits[i].score != want[i].score {
			t.Fatalf("hit %d: streamed %+v, one pass %+v", i, m.fz.hits[i], want[i])
		}
	}
}
