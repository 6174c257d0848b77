package debrief

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/msgs"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

// miniPin pins the mini scenario's signal as the panes do, with the label
// a pane gives it: the eviction line (step 1), the failing gateway span
// (step 3), the checkout timeout line (step 3), the inventory deploy (a
// red herring).
func miniPin(s *game.Scenario, name string) game.Pin {
	var p game.Pin
	switch name {
	case "eviction":
		p, p.Label = game.LogPin(s, 1), "WARN cache evicted 48213 keys (prefix catalog:v2:)"
	case "span":
		p, p.Label = game.SpanPin(s.Traces[0], s.Traces[0].Spans[0]), "GET /checkout (api-gateway) error 2.41s"
	case "timeout":
		p, p.Label = game.LogPin(s, 2), "ERROR checkout upstream timeout calling postgres after 2000ms"
	case "deploy":
		p, p.Label = game.EventPin(s, 0), "deploy inventory: inventory v2.14.1 rolled out (3/3 pods)"
	}
	return p
}

// proved grades data's pick with the named pins attached, as the root does.
func proved(s *game.Scenario, data DebriefData, pins ...string) DebriefData {
	var attached []game.Pin
	for _, n := range pins {
		attached = append(attached, miniPin(s, n))
	}
	data.Proof = grade.Prove(s, s.Answer, data.Correct, attached)
	data.Score = grade.ScoreProof(data.Score, data.Proof)
	return data
}

// correctRun is a proven right answer after 7:28 with one hint.
func correctRun(s *game.Scenario) DebriefData {
	return proved(s, rightRun(s), "eviction", "span")
}

// unprovenRun is the same right pick with a decoy and a symptom attached.
func unprovenRun(s *game.Scenario) DebriefData {
	return proved(s, rightRun(s), "deploy", "timeout")
}

// rightRun is a right answer after 7:28 with one hint, before proof.
func rightRun(s *game.Scenario) DebriefData {
	return DebriefData{
		Pick: "cache-invalidation", Correct: true, Answer: s.Answer, TimeUsed: 7*time.Minute + 28*time.Second, Hints: 1,
		Score: grade.ScoreResult(s, true, 7*time.Minute+32*time.Second, s.TimeLimit, 1, 0, false),
		Coaching: grade.Coaching{
			FirstRightHypothesis: 4*time.Minute + 12*time.Second, FoundRightHypothesis: true,
			RedHerrings: []grade.RedHerringVisit{{ID: "inventory-deploy", Visits: 2, Time: 80 * time.Second}},
			TabTime: map[string]time.Duration{"logs": 190 * time.Second, "metrics": 90 * time.Second,
				"events": 45 * time.Second, "notebook": 2 * time.Minute},
			FirstPin: &game.Pin{Kind: game.PinMetric, Ref: "cache/cache_hit_ratio", At: s.Start.Add(10 * time.Minute),
				Service: "cache", Label: "cache_hit_ratio 55 %"},
			FirstPinRole: "cause",
		},
	}
}

// wrongRun picked the decoy and never wrote the right hypothesis.
func wrongRun(s *game.Scenario, pick string) DebriefData {
	return proved(s, wrongPick(s, pick))
}

func wrongPick(s *game.Scenario, pick string) DebriefData {
	return DebriefData{
		Pick: pick, Answer: s.Answer, TimeUsed: 15 * time.Minute,
		Score: grade.ScoreResult(s, false, 0, s.TimeLimit, 0, 0, false),
		Coaching: grade.Coaching{
			TabTime: map[string]time.Duration{"logs": 10 * time.Minute, "events": 5 * time.Minute},
			FirstPin: &game.Pin{Kind: game.PinLog, Ref: "2", At: s.Start.Add(12*time.Minute + 3*time.Second),
				Service: "checkout", Label: "upstream timeout calling postgres after 2000ms"},
			FirstPinRole: "symptom",
		},
	}
}

func newModel(t *testing.T, data func(*game.Scenario) DebriefData, w, h int) (Model, *game.Scenario) {
	t.Helper()
	s := uitest.Mini(t)
	return New(s, styles.New(true, true), data(s)).SetSize(w, h), s
}

var run = uitest.Press[Model]

func TestKeysAskTheRoot(t *testing.T) {
	tests := []struct {
		keys []string
		want tea.Msg
	}{
		{[]string{"l"}, OpenLeaderboard{}},
		{[]string{"p"}, BackToPicker{}},
		{[]string{"esc"}, BackToPicker{}},
		{[]string{"q"}, tea.QuitMsg{}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.keys, " "), func(t *testing.T) {
			m, _ := newModel(t, correctRun, 80, 24)
			_, cmd := run(m, tt.keys...)
			if cmd == nil {
				t.Fatal("no command")
			}
			if got := cmd(); got != tt.want {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestEnterOnEvidenceJumps(t *testing.T) {
	m, s := newModel(t, rightRun, 80, 24)
	_, cmd := run(m, "enter")
	got, ok := cmd().(msgs.RevealPin)
	if !ok {
		t.Fatalf("enter yields %#v, want RevealPin", cmd())
	}
	if got.Pin.Kind != game.PinMetric || got.Pin.Ref != "cache/cache_hit_ratio" || !got.Pin.At.Equal(s.Start.Add(10*time.Minute)) {
		t.Errorf("pin = %+v", got.Pin)
	}
}

// The chain's proof lines come first in the tab order: the pin that showed
// a step jumps to that pin, a step not shown to the signal that would have
// shown it; then the evidence lines.
func TestProofLinesJump(t *testing.T) {
	m, _ := newModel(t, unprovenRun, 80, 24)
	want := []struct {
		kind game.PinKind
		ref  string
	}{
		{game.PinLog, "1"},                        // step 1 not shown: the eviction line would have
		{game.PinLog, "2"},                        // step 3 shown by the timeout line
		{game.PinMetric, "cache/cache_hit_ratio"}, // the evidence line
		{game.PinLog, "1"},                        // tab wraps
	}
	for i, w := range want {
		var cmd tea.Cmd
		if i == 0 {
			_, cmd = run(m, "enter")
		} else {
			m, _ = run(m, "tab")
			_, cmd = run(m, "enter")
		}
		got, ok := cmd().(msgs.RevealPin)
		if !ok || got.Pin.Kind != w.kind || got.Pin.Ref != w.ref {
			t.Errorf("jump %d: %#v; want %s %s", i, cmd(), w.kind, w.ref)
		}
	}
	text := uitest.Plain(strings.Join(func() []string { l, _ := m.content(); return l }(), "\n"))
	for _, want := range []string{"◐ RIGHT BUT UNPROVEN", "Unproven       half the base", "−750",
		"forfeited: +753 with proof", "Stray pins", "✗ not shown — a log line: service cache, containing \"evicted 48213 keys\"",
		"✓ shown by your pin: log ERROR checkout upstream timeout", "it belongs to the red herring inventory-deploy",
		"You named the cause but never showed the trigger"} {
		if !strings.Contains(text, want) {
			t.Errorf("unproven debrief lacks %q:\n%s", want, text)
		}
	}
}

func TestEvidenceWithoutASignalSaysSo(t *testing.T) {
	s := uitest.Mini(t)
	a := *s.Answer
	a.Evidence = []string{"cache_hit_ratio falls at +10m", "the author's hunch"}
	data := rightRun(s)
	data.Answer = &a
	m := New(s, styles.New(true, true), data).SetSize(80, 24)
	m, cmd := run(m, "tab", "enter")
	if st, ok := cmd().(msgs.Status); !ok || !strings.Contains(st.Text, "no direct jump") {
		t.Errorf("enter on the hunch yields %#v", cmd())
	}
	lines, _ := m.content()
	if !strings.Contains(uitest.Plain(strings.Join(lines, "\n")), "no direct jump") {
		t.Error("the list does not say the hunch has no jump")
	}
	// tab wraps back to the first line.
	m, cmd = run(m, "tab", "enter")
	if _, ok := cmd().(msgs.RevealPin); !ok || m.sel != 0 {
		t.Errorf("after wrapping: sel %d, %#v", m.sel, cmd())
	}
}

func TestTabScrollsToTheEvidence(t *testing.T) {
	s := uitest.Mini(t)
	a := *s.Answer
	a.Evidence = []string{"first clue at +10m", "second clue", "third clue", "last clue"}
	a.Debrief = strings.Repeat("A long debrief paragraph.\n", 40)
	data := rightRun(s)
	data.Answer = &a
	m := New(s, styles.New(true, true), data).SetSize(80, 24)
	m, _ = run(m, "G")
	if strings.Contains(m.View(), "clue") {
		t.Fatal("the evidence should be above the window after G")
	}
	m, _ = run(m, "shift+tab") // wraps to the last clue
	if v := uitest.Plain(m.View()); !strings.Contains(v, "▸ last clue") {
		t.Errorf("shift+tab did not scroll back to the last clue:\n%s", v)
	}
	m, _ = run(m, "g", "tab")
	if v := uitest.Plain(m.View()); !strings.Contains(v, "▸ first clue") {
		t.Errorf("tab did not wrap to the first clue:\n%s", v)
	}
}

func TestScrolling(t *testing.T) {
	m, _ := newModel(t, correctRun, 80, 24)
	m, _ = run(m, "down", "down", "down")
	if m.vp.YOffset() != 3 {
		t.Errorf("YOffset after 3 downs = %d", m.vp.YOffset())
	}
	m, _ = run(m, "G")
	if !strings.Contains(m.View(), "first thing that moved") {
		t.Errorf("G should show the end:\n%s", m.View())
	}
	m, _ = run(m, "g")
	if m.vp.YOffset() != 0 {
		t.Errorf("g: YOffset = %d", m.vp.YOffset())
	}
}

func TestWrongPickExplains(t *testing.T) {
	tests := []struct {
		pick, want string
	}{
		{"inventory-down", "inventory's latency stays normal"},
		{"db-slow-query", "The author left no note on this choice"},
	}
	for _, tt := range tests {
		t.Run(tt.pick, func(t *testing.T) {
			m, _ := newModel(t, func(s *game.Scenario) DebriefData { return wrongRun(s, tt.pick) }, 80, 24)
			lines, _ := m.content()
			text := uitest.Plain(strings.Join(lines, "\n"))
			for _, want := range []string{"✗ WRONG", tt.want, "2. A cache invalidation bug", "never —", "the symptom"} {
				if !strings.Contains(text, want) {
					t.Errorf("missing %q in\n%s", want, text)
				}
			}
		})
	}
}

func TestNoAnswerKey(t *testing.T) {
	m, _ := newModel(t, func(s *game.Scenario) DebriefData {
		d := wrongRun(s, "inventory-down")
		d.Answer = nil
		return d
	}, 80, 24)
	lines, _ := m.content()
	if text := strings.Join(lines, "\n"); !strings.Contains(text, "no answer key") {
		t.Errorf("no-answer debrief:\n%s", text)
	}
	if _, cmd := run(m, "enter"); cmd != nil {
		t.Error("enter with no evidence should do nothing")
	}
}

func TestDebriefGolden(t *testing.T) {
	runs := map[string]func(*game.Scenario) DebriefData{
		"correct":  correctRun,
		"unproven": unprovenRun,
		"wrong":    func(s *game.Scenario) DebriefData { return wrongRun(s, "inventory-down") },
	}
	for name, data := range runs {
		for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", name, sz.w, sz.h), func(t *testing.T) {
				m, _ := newModel(t, data, sz.w, sz.h)
				uitest.FitsIn(t, m.View(), sz.w, sz.h)
				uitest.Golden(t, fmt.Sprintf("debrief_%s_%dx%d.txt", name, sz.w, sz.h), m.View())
				// The whole scrolled text, to read by eye.
				lines, _ := m.content()
				full := strings.Join(lines, "\n")
				uitest.FitsIn(t, full, sz.w, len(lines))
				uitest.Golden(t, fmt.Sprintf("debrief_%s_%dx%d_full.txt", name, sz.w, sz.h), full)
			})
		}
	}
}

// TestFromAGradedResult builds the screen the way the root will: grade
// through the AnswerKey, reveal, coach, then DataFrom.
func TestFromAGradedResult(t *testing.T) {
	s := uitest.Mini(t)
	key := game.NewPlainKey(s)
	res, err := grade.Grade(key, s, "inventory-down", grade.Input{Mode: game.ModePractice,
		TimeUsed: 6 * time.Minute, TimeLeft: 9 * time.Minute, Hints: 2})
	if err != nil {
		t.Fatal(err)
	}
	ans, err := key.Reveal()
	if err != nil {
		t.Fatal(err)
	}
	log := []game.Action{
		{Offset: 0, Kind: game.ActTab, Detail: "logs"},
		{Offset: time.Minute, Kind: game.ActNote, Detail: "the cache is evicting keys"},
		{Offset: 6 * time.Minute, Kind: game.ActSubmit, Target: "inventory-down"},
	}
	m := New(s, styles.New(true, true), DataFrom(res, ans, grade.Coach(s, ans, log, game.Notebook{}))).SetSize(120, 40)
	lines, _ := m.content()
	text := uitest.Plain(strings.Join(lines, "\n"))
	for _, want := range []string{"✗ WRONG", "time used 6:00 of 15:00 · 2 hints", "inventory's latency stays normal",
		"First right hypothesis  1:00 into the session", "logs"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
}

func TestUntimedShowsNoSpeedBonus(t *testing.T) {
	m, _ := newModel(t, func(s *game.Scenario) DebriefData {
		d := correctRun(s)
		d.Untimed = true
		d.Score = grade.ScoreResult(s, true, 0, s.TimeLimit, 1, 0, true)
		return d
	}, 80, 24)
	lines, _ := m.content()
	text := uitest.Plain(strings.Join(lines, "\n"))
	if !strings.Contains(text, "Speed bonus    untimed") || !strings.Contains(text, "untimed, 7:28") {
		t.Errorf("untimed play:\n%s", text)
	}
}

func TestAnswerTextIsSanitized(t *testing.T) {
	s := uitest.Mini(t)
	a := *s.Answer
	a.Chain = []string{"evil\x1b]0;pwned\x07 step"}
	a.Debrief = "bidi \u202e trick"
	data := correctRun(s)
	data.Answer = &a
	m := New(s, styles.New(true, true), data).SetSize(80, 24)
	lines, _ := m.content()
	text := strings.Join(lines, "\n")
	if strings.Contains(text, "\x1b]") || strings.Contains(text, "\u202e") {
		t.Errorf("raw control text reached the screen")
	}
	if !strings.Contains(text, "^[]0;pwned^G step") || !strings.Contains(text, "<U+202E>") {
		t.Errorf("escapes not shown:\n%s", uitest.Plain(text))
	}
}

func TestTinySizesNeverOverflow(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{40, 6}, {20, 3}} {
		m, _ := newModel(t, correctRun, sz.w, sz.h)
		uitest.FitsIn(t, m.View(), sz.w, sz.h)
	}
}

func TestParagraphsReflowAuthorText(t *testing.T) {
	text := "ledger's certificate expired at 14:00. Its renewal had been failing\nfor weeks.\n\nCoaching: ask what\nmoved first.\n- one\n- two\n1. three\n"
	got := paragraphs(text)
	want := []string{
		"ledger's certificate expired at 14:00. Its renewal had been failing for weeks.",
		"",
		"Coaching: ask what moved first.",
		"- one",
		"- two",
		"1. three",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("paragraphs =\n%q\nwant\n%q", got, want)
	}
}

// A step whose proof is a metric says, when not shown, where the cursor
// had to stand for a pin of it to count, in the panes' clock: a player
// who pinned the series before it moved learns the cursor time matters.
func TestNotShownMetricSaysTheCursorWindow(t *testing.T) {
	s := uitest.Mini(t)
	a := *s.Answer
	a.Proof = nil
	for _, it := range s.Answer.Proof {
		if it.Metric != nil { // the hit ratio first: it is the step's offer
			a.Proof = append([]game.ProofItem{it}, a.Proof...)
		} else {
			a.Proof = append(a.Proof, it)
		}
	}
	if a.Proof[0].Metric == nil || a.Proof[0].Step != 1 {
		t.Fatal("the mini scenario has no metric proof for step 1: the test is wrong")
	}
	s.Answer = &a
	data := rightRun(s)
	data.Answer = &a
	// the hit ratio pinned at +05:00, before the drop: it shows no step
	early := game.MetricPin(s.Metrics[0], s.Start.Add(5*time.Minute))
	if early.Metric != "cache_hit_ratio" {
		t.Fatalf("the mini's first series is %q: the test is wrong", early.Metric)
	}
	data.Proof = grade.Prove(s, &a, true, []game.Pin{early, miniPin(s, "timeout")})
	m := New(s, styles.New(true, true), data).SetSize(120, 40)
	lines, _ := m.content()
	text := uitest.Plain(strings.Join(lines, "\n"))
	want := "✗ not shown — the metric cache_hit_ratio of cache, pinned with the cursor between +10:00 and +30:00 would have"
	if !strings.Contains(text, want) {
		t.Errorf("the debrief lacks %q:\n%s", want, text)
	}
	if !strings.Contains(text, "proved no step") {
		t.Errorf("the early pin is not called stray:\n%s", text)
	}
}

// A first pin the proof credits for a later step is praised as evidence
// of that step before the lesson to look upstream; an uncredited symptom
// keeps the plain lesson.
func TestFirstPinCreditedForALaterStep(t *testing.T) {
	s := uitest.Mini(t)
	for _, c := range []struct {
		steps []int
		want  string
	}{
		{[]int{3}, "It shows step 3 of the chain: good evidence of what the cause led to."},
		{nil, "That was a symptom downstream of the cause."},
	} {
		data := rightRun(s)
		data.Coaching.FirstPin = &game.Pin{Kind: game.PinLog, Ref: "2", At: s.Start.Add(12 * time.Minute), Label: "ERROR checkout upstream timeout"}
		data.Coaching.FirstPinRole, data.Coaching.FirstPinSteps = grade.RoleSymptom, c.steps
		m := New(s, styles.New(true, true), data).SetSize(120, 40)
		lines, _ := m.content()
		if text := uitest.Plain(strings.Join(lines, "\n")); !strings.Contains(text, c.want) {
			t.Errorf("steps %v: the coaching lacks %q:\n%s", c.steps, c.want, text)
		}
	}
}

// A proven right pick whose hypothesis has no text (a pin made #1,
// untitled): "never" would be false, the player did pick the cause. The
// coaching line says what is true — it was never written down.
func TestRightPickWithNoWrittenHypothesisIsNotNever(t *testing.T) {
	m, _ := newModel(t, func(s *game.Scenario) DebriefData {
		d := correctRun(s)
		d.Coaching.FirstRightHypothesis, d.Coaching.FoundRightHypothesis = 0, false
		return d
	}, 120, 40)
	lines, _ := m.content()
	text := strings.Join(strings.Fields(uitest.Plain(strings.Join(lines, "\n"))), " ")
	if strings.Contains(text, "First right hypothesis never —") {
		t.Errorf("a proven right pick is told it never found the cause:\n%s", text)
	}
	if !strings.Contains(text, "First right hypothesis only in your pick") {
		t.Errorf("the coaching does not say the cause was only in the pick:\n%s", text)
	}
}
