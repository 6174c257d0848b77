package app

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"firedrill/game"
	"firedrill/game/grade"
)

// playToDebrief runs the real program on the mini scenario: pin log
// lines, write a hypothesis, submit choice n, and waits for text on the
// debrief. With proof it pins the eviction line and the checkout timeout
// (the proof of steps 1 and 3) and attaches both; without, it pins the
// first line and attaches nothing. It returns the final model.
func playToDebrief(t *testing.T, choice string, proof bool, want ...string) Model {
	t.Helper()
	clock := &fakeClock{t: wallStart}
	p := miniPack(t)
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: clock.now})
	m.shell.NoColor = true
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	waitFor := func(texts ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			s := ansi.Strip(string(b))
			for _, text := range texts {
				if !strings.Contains(s, text) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(10*time.Second))
	}
	waitFor("What is graded")
	tm.Send(press("enter"))
	waitFor("3 of 3 lines")
	if proof {
		tm.Send(press("down"))
		tm.Send(press("m")) // the eviction line; its status is the same as the next pin's
		tm.Send(press("down"))
	}
	tm.Send(press("m")) // pin the line under the cursor
	// the renderer draws only the cells that change: when the app's own
	// "pinned: …" status came first, "pinned" stays and only the rest is
	// drawn, so wait for the part that is always written
	waitFor("log to hypothesis #1")
	tm.Send(press("6"))
	tm.Send(press("a"))
	tm.Type("cache misses overload postgres")
	tm.Send(press("ctrl+s")) // the final model's session shows the note (asserted by the callers)
	clock.set(wallStart.Add(5 * time.Minute))
	tm.Send(press("S"))
	waitFor("Submit your root cause")
	tm.Send(press(choice))
	tm.Send(press("enter")) // choose
	waitFor("of at most 5 attached")
	if proof {
		tm.Send(press("space")) // the eviction line
		tm.Send(press("down"))
		tm.Send(press("space")) // the timeout line
	}
	tm.Send(press("enter")) // attach
	tm.Send(press("enter")) // no justification
	tm.Send(press("y"))     // final
	waitFor(want...)
	tm.Send(press("q"))
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
}

func TestFlowSubmitRightChoice(t *testing.T) {
	m := playToDebrief(t, "2", true, "PROVEN", "Causal chain", "A cache invalidation bug evicted hot keys", "Total")
	if m.Screen() != "debrief" {
		t.Fatalf("ended on %s, want debrief", m.Screen())
	}
	g := m.end.graded
	if g == nil || !g.result.Correct || g.result.Verdict != grade.VerdictProven || g.result.Score.Total <= 0 ||
		g.result.Score.UnprovenCut != 0 {
		t.Fatalf("graded %+v, want a proven result with its full score", g)
	}
	if s := m.Session(); len(s.Attached) != 2 || s.Attached[0].Text != "evicted 48213 keys (prefix catalog:v2:)" {
		t.Errorf("attached %+v; want the two pinned lines", s.Attached)
	}
	s := m.Session()
	// the pin opened an "untitled" hypothesis; a wrote the second
	if !s.Finished || s.Pick != "cache-invalidation" || len(s.Notebook.Hypotheses) != 2 ||
		s.Notebook.Hypotheses[1].Text != "cache misses overload postgres" {
		t.Errorf("session after submit: finished %v pick %q notebook %+v", s.Finished, s.Pick, s.Notebook)
	}
	if last := s.Actions[len(s.Actions)-1]; last.Kind != game.ActSubmit || last.Target != "cache-invalidation" {
		t.Errorf("last action %+v, want the submit", last)
	}
	if a := s.Actions[len(s.Actions)-2]; a.Kind != game.ActAttach || a.Target != "2" {
		t.Errorf("the action before the submit %+v; want attaching the second pin", a)
	}
	if g.result.TimeUsed != 5*time.Minute {
		t.Errorf("time used %v, want 5m from the injected clock", g.result.TimeUsed)
	}
}

// The right pick with nothing attached is right but unproven: half the
// base and no speed bonus.
func TestFlowSubmitRightUnproven(t *testing.T) {
	m := playToDebrief(t, "2", false, "RIGHT BUT UNPROVEN", "Unproven", `not shown — a log line: service cache, containing "evicted 48213 keys" would have`)
	g := m.end.graded
	if g == nil || g.result.Verdict != grade.VerdictUnproven || g.result.Score.Total != 750 || g.result.Score.SpeedForfeited == 0 {
		t.Fatalf("graded %+v, want unproven for 750", g)
	}
}

func TestFlowSubmitWrongChoiceShowsItsNote(t *testing.T) {
	m := playToDebrief(t, "1", false, "WRONG", "inventory's latency stays normal")
	if g := m.end.graded; g == nil || g.result.Correct || g.result.Pick != "inventory-down" {
		t.Fatalf("graded %+v, want a wrong pick of inventory-down", g)
	}
}

// submitted plays the mini scenario to its debrief with send (no program).
func submitted(t *testing.T, w, h int, choice string) Model {
	clock := &fakeClock{t: wallStart}
	m := send(send(newModel(t, w, h, clock), press("enter")), press("m"))
	clock.t = wallStart.Add(4*time.Minute + 30*time.Second)
	m = send(m, press("S"), press(choice), press("enter"), press("enter")) // choose, attach nothing
	m = send(m, keys("t", "h", "e", " ", "h", "i", "t", " ", "r", "a", "t", "i", "o")...)
	return m
}

func TestGoldenSubmitAndDebrief(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		suffix := "-" + itoa(sz.w) + "x" + itoa(sz.h)
		m := send(newModel(t, sz.w, sz.h, &fakeClock{t: wallStart}), press("enter"), press("S"))
		golden(t, "submit"+suffix, m)
		attach := send(send(send(newModel(t, sz.w, sz.h, &fakeClock{t: wallStart}), press("enter")), press("m")),
			press("S"), press("2"), press("enter"))
		golden(t, "submit-attach"+suffix, attach)
		m = submitted(t, sz.w, sz.h, "2")
		golden(t, "submit-justify"+suffix, m)
		m = send(m, press("enter"))
		golden(t, "submit-confirm"+suffix, m)
		m = send(m, press("y"))
		if m.Screen() != "debrief" {
			t.Fatalf("screen %s after y, want debrief", m.Screen())
		}
		golden(t, "debrief"+suffix, m)
		wrong := send(submitted(t, sz.w, sz.h, "3"), press("enter"), press("y"))
		golden(t, "debrief-wrong"+suffix, wrong)
	}
}

func TestTimeUpOpensTheSubmitWithTheClockStopped(t *testing.T) {
	clock := &fakeClock{t: wallStart}
	m := send(newModel(t, 80, 24, clock), press("enter"))
	clock.t = wallStart.Add(20 * time.Minute)
	m = send(m, tickMsg{})
	if m.Screen() != "time-up" || !m.Session().Stopped {
		t.Fatalf("screen %s, stopped %v: want the time's-up submit with the clock stopped", m.Screen(), m.Session().Stopped)
	}
	golden(t, "submit-timeup-80x24", m)
	if m = send(m, press("esc")); m.Screen() != "time-up" {
		t.Errorf("esc left the time's-up submit for %s", m.Screen())
	}
	clock.t = wallStart.Add(30 * time.Minute)
	m = send(m, press("2"), press("enter"), press("enter"), press("y")) // no pins: no attach step
	if m.Screen() != "debrief" || m.end.graded.result.Score.SpeedBonus != 0 {
		t.Errorf("after a late pick: screen %s, graded %+v", m.Screen(), m.end.graded)
	}
}

func TestReviewFromTheDebrief(t *testing.T) {
	m := send(submitted(t, 120, 40, "2"), press("enter"), press("y"))
	n := len(m.Session().Actions)
	m = send(m, press("enter")) // the first jump: the eviction line that would have shown the trigger
	if m.Screen() != "review" || m.Focused() != "Logs" {
		t.Fatalf("enter on evidence: screen %s focus %s", m.Screen(), m.Focused())
	}
	m = send(m, press("3"), press("S"), press("m"))
	if m.shell.Overlays.Open() || len(m.Session().Actions) != n {
		t.Errorf("the review changed the finished game: a dialog open %v, %d actions (was %d)", m.shell.Overlays.Open(), len(m.Session().Actions), n)
	}
	m = send(m, press("6"), press("a"), press("x"))
	if m.panes.Notebook().Capturing() || m.Status() != "the notebook is read-only in the review" {
		t.Errorf("the notebook took an edit in the review: capturing %v, status %q", m.panes.Notebook().Capturing(), m.Status())
	}
	if m = send(m, press("esc")); m.Screen() != "debrief" {
		t.Errorf("esc in the review went to %s, want debrief", m.Screen())
	}
}

func TestHints(t *testing.T) {
	tests := []struct {
		mode      game.Mode
		keys      []string
		wantHints int
		status    string
	}{
		{game.ModePractice, []string{"h", "y"}, 1, "hint 1 revealed"},
		{game.ModePractice, []string{"h", "n"}, 0, "hint not revealed"},
		{game.ModePractice, []string{"h", "x"}, 0, "hint not revealed"}, // any other key keeps the points
		{game.ModePractice, []string{"h", "y", "h", "y", "h"}, 2, "no hints left"},
		{game.ModeDrill, []string{"h"}, 0, "no hints in drill mode"},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode)+" "+strings.Join(tt.keys, ""), func(t *testing.T) {
			p := miniPack(t)
			m := New(Options{Pack: p, Scenario: p.Scenarios[0], Mode: tt.mode, Now: (&fakeClock{t: wallStart}).now})
			m.shell.NoColor = true
			m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"))
			m = send(m)
			if tt.keys[0] == "h" && tt.mode == game.ModePractice {
				screen := func() string { return ansi.Strip(m.render()) }
				if m = send(m, press("h")); !strings.Contains(screen(), "Reveal hint 1 of 2? It costs 100 points.") ||
					!strings.Contains(screen(), "y reveal it · N keep the points") {
					t.Fatalf("no confirm overlay:\n%s", ansi.Strip(m.render()))
				}
				tt.keys = tt.keys[1:]
			}
			m = send(m, keys(tt.keys...)...)
			if got := m.Session().Hints; got != tt.wantHints {
				t.Errorf("session hints %d, want %d", got, tt.wantHints)
			}
			if got := len(m.panes.Notebook().Notebook().Hints); got != tt.wantHints {
				t.Errorf("notebook hints %d, want %d", got, tt.wantHints)
			}
			if !strings.HasPrefix(m.Status(), tt.status) {
				t.Errorf("status %q, want %q…", m.Status(), tt.status)
			}
			// 80 columns: the header's short form
			if want := itoa(tt.wantHints) + "/2 hints"; tt.mode == game.ModePractice && !strings.Contains(ansi.Strip(m.header()), want) {
				t.Errorf("header %q lacks %q", ansi.Strip(m.header()), want)
			}
		})
	}
}

func TestLeaderboardScreenFitsAndMarksThePlay(t *testing.T) {
	mine := grade.Result{PackID: "starter", ScenarioID: "cache-stampede", Correct: true, Score: grade.Score{Total: 2379},
		TimeUsed: 95 * time.Second, Hints: 1, Mode: game.ModePractice, Date: wallStart, Trusted: true}
	mine.Verdict = grade.VerdictProven
	other := mine
	other.Correct, other.Score.Total, other.Date, other.Verdict = false, 0, wallStart.Add(-time.Hour), ""
	legacy := other
	legacy.Correct, legacy.Score.Total, legacy.ScenarioID = true, 2000, "old-one" // before proof grading
	for _, w := range []int{80, 120} {
		m := send(submitted(t, w, 24, "2"), press("enter"), press("y"))
		m.end.graded.recorded, m.end.graded.result = true, mine
		m = send(m, press("l"))
		m = send(m, boardMsg{rows: grade.Leaderboard([]grade.Result{other, legacy, mine}, "")})
		screen := ansi.Strip(m.render())
		for _, want := range []string{"Leaderboard", "▶1", "starter/cache-stampede", "2379", "1:35", "✓ proven",
			"starter/old-one        │ ✓ right", "✗ wrong", "✓ right: proof not graded"} {
			if !strings.Contains(screen, want) {
				t.Errorf("%d wide: the leaderboard lacks %q:\n%s", w, want, screen)
			}
		}
		for _, line := range strings.Split(screen, "\n") {
			if strings.HasPrefix(line, "│") && !strings.HasSuffix(strings.TrimRight(line, " "), "│") {
				t.Errorf("%d wide: a cut table row %q", w, line)
			}
		}
		if m = send(m, press("esc")); m.Screen() != "debrief" {
			t.Errorf("esc on the leaderboard went to %s", m.Screen())
		}
	}
}

// The notebook's questions are dialogs on the shell's stack: they take
// the keys until answered, and the answer goes back to the notebook.
func TestNotebookQuestionsAreDialogs(t *testing.T) {
	m := send(send(newModel(t, 80, 24, &fakeClock{t: wallStart}), press("enter")), press("6"), press("a"))
	m = send(send(m, keys("type:cache keys")...), press("esc"))
	if screen := ansi.Strip(m.render()); !strings.Contains(screen, "Unsaved note — discard it?") ||
		!strings.Contains(screen, "y discard · s save · N keep writing") {
		t.Fatalf("esc with a note typed asks nothing:\n%s", screen)
	}
	m = send(m, press("2")) // any other key: back to writing, and not a tab switch
	if m.shell.Overlays.Open() || m.Focused() != "Notebook" || !m.panes.Notebook().Capturing() {
		t.Fatalf("after 2: dialog open %v, focus %s", m.shell.Overlays.Open(), m.Focused())
	}
	m = send(send(m, press("esc")), press("s")) // save from the question (asked through a command)
	if hs := m.panes.Notebook().Notebook().Hypotheses; len(hs) != 1 || hs[0].Text != "cache keys" {
		t.Fatalf("s in the question saved %+v", hs)
	}
	if hs := m.Session().Notebook.Hypotheses; len(hs) != 1 {
		t.Errorf("the session did not get the saved note: %+v", hs)
	}
	m = send(m, press("d"))
	if screen := ansi.Strip(m.render()); !strings.Contains(screen, "Delete hypothesis #1 and its 0 pins?") {
		t.Fatalf("d asks nothing:\n%s", screen)
	}
	m = send(m, press("y"))
	if hs := m.panes.Notebook().Notebook().Hypotheses; len(hs) != 0 || m.shell.Overlays.Open() {
		t.Errorf("y in the question left %+v", hs)
	}
}
