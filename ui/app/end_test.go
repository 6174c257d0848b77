package app

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"firedrill/game"
)

// playToDebrief runs the real program on the mini scenario: pin a log
// line, write a hypothesis, submit choice n, and waits for text on the
// debrief. It returns the final model.
func playToDebrief(t *testing.T, choice string, want ...string) Model {
	t.Helper()
	clock := &fakeClock{t: wallStart}
	p := miniPack(t)
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: clock.now})
	m.noColor = true
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
		}, teatest.WithDuration(5*time.Second))
	}
	waitFor("What is graded")
	tm.Send(press("enter"))
	waitFor("3 of 3 lines")
	tm.Send(press("m")) // pin the first log line
	waitFor("pinned log to hypothesis #1")
	tm.Send(press("6"))
	tm.Send(press("a"))
	tm.Type("cache misses overload postgres")
	tm.Send(press("ctrl+s"))
	waitFor("cache misses overload postgres")
	clock.set(wallStart.Add(5 * time.Minute))
	tm.Send(press("S"))
	waitFor("Submit your root cause")
	tm.Send(press(choice))
	tm.Send(press("enter")) // choose
	tm.Send(press("enter")) // no justification
	tm.Send(press("y"))     // final
	waitFor(want...)
	tm.Send(press("q"))
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
}

func TestFlowSubmitRightChoice(t *testing.T) {
	m := playToDebrief(t, "2", "CORRECT", "Causal chain", "A cache invalidation bug evicted hot keys", "Total")
	if m.Screen() != "debrief" {
		t.Fatalf("ended on %s, want debrief", m.Screen())
	}
	g := m.end.graded
	if g == nil || !g.result.Correct || g.result.Score.Total <= 0 {
		t.Fatalf("graded %+v, want a correct result with a score", g)
	}
	s := m.Session()
	// the pin opened an "untitled" hypothesis; a wrote the second
	if !s.Finished || s.Pick != "cache-invalidation" || len(s.Notebook.Hypotheses) != 2 {
		t.Errorf("session after submit: finished %v pick %q notebook %+v", s.Finished, s.Pick, s.Notebook)
	}
	if last := s.Actions[len(s.Actions)-1]; last.Kind != game.ActSubmit || last.Target != "cache-invalidation" {
		t.Errorf("last action %+v, want the submit", last)
	}
	if g.result.TimeUsed != 5*time.Minute {
		t.Errorf("time used %v, want 5m from the injected clock", g.result.TimeUsed)
	}
}

func TestFlowSubmitWrongChoiceShowsItsNote(t *testing.T) {
	m := playToDebrief(t, "1", "WRONG", "inventory's latency stays normal")
	if g := m.end.graded; g == nil || g.result.Correct || g.result.Pick != "inventory-down" {
		t.Fatalf("graded %+v, want a wrong pick of inventory-down", g)
	}
}

// submitted plays the mini scenario to its debrief with send (no program).
func submitted(t *testing.T, w, h int, choice string) Model {
	clock := &fakeClock{t: wallStart}
	m := send(send(newModel(t, w, h, clock), press("enter")), press("m"))
	clock.t = wallStart.Add(4*time.Minute + 30*time.Second)
	m = send(m, press("S"), press(choice), press("enter"))
	m = send(m, keys("t", "h", "e", " ", "h", "i", "t", " ", "r", "a", "t", "i", "o")...)
	return m
}

func TestGoldenSubmitAndDebrief(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		suffix := "-" + itoa(sz.w) + "x" + itoa(sz.h)
		m := send(newModel(t, sz.w, sz.h, &fakeClock{t: wallStart}), press("enter"), press("S"))
		golden(t, "submit"+suffix, m)
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
	m = send(m, press("2"), press("enter"), press("enter"), press("y"))
	if m.Screen() != "debrief" || m.end.graded.result.Score.SpeedBonus != 0 {
		t.Errorf("after a late pick: screen %s, graded %+v", m.Screen(), m.end.graded)
	}
}

func TestReviewFromTheDebrief(t *testing.T) {
	m := send(submitted(t, 120, 40, "2"), press("enter"), press("y"))
	n := len(m.Session().Actions)
	m = send(m, press("enter")) // the first evidence line: the cache metric
	if m.Screen() != "investigation" || !m.review || m.Focused() != "Metrics" {
		t.Fatalf("enter on evidence: screen %s review %v focus %s", m.Screen(), m.review, m.Focused())
	}
	m = send(m, press("3"), press("S"), press("m"))
	if m.overlay != overlayNone || len(m.Session().Actions) != n {
		t.Errorf("the review changed the finished game: overlay %v, %d actions (was %d)", m.overlay, len(m.Session().Actions), n)
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
		{game.ModePractice, []string{"h", "y", "h", "y", "h"}, 2, "no hints left"},
		{game.ModeDrill, []string{"h"}, 0, "no hints in drill mode"},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode)+" "+strings.Join(tt.keys, ""), func(t *testing.T) {
			p := miniPack(t)
			m := New(Options{Pack: p, Scenario: p.Scenarios[0], Mode: tt.mode, Now: (&fakeClock{t: wallStart}).now})
			m.noColor = true
			m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"))
			m = send(m)
			if tt.keys[0] == "h" && tt.mode == game.ModePractice {
				if m = send(m, press("h")); !strings.Contains(ansi.Strip(m.render()), "Reveal hint 1 of 2? It costs 100 points. y/N") {
					t.Fatalf("no confirm overlay:\n%s", ansi.Strip(m.render()))
				}
				tt.keys = tt.keys[1:]
			}
			m = send(m, keys(tt.keys...)...)
			if got := m.Session().Hints; got != tt.wantHints {
				t.Errorf("session hints %d, want %d", got, tt.wantHints)
			}
			if got := len(m.panes.notebook.Notebook().Hints); got != tt.wantHints {
				t.Errorf("notebook hints %d, want %d", got, tt.wantHints)
			}
			if !strings.HasPrefix(m.Status(), tt.status) {
				t.Errorf("status %q, want %q…", m.Status(), tt.status)
			}
			if want := "hints " + itoa(tt.wantHints) + "/2"; tt.mode == game.ModePractice && !strings.Contains(ansi.Strip(m.header()), want) {
				t.Errorf("header %q lacks %q", ansi.Strip(m.header()), want)
			}
		})
	}
}

// resumable builds a model over dataDir, as `firedrill play` would, and
// answers its startup look for an unfinished session.
func resumable(t *testing.T, dataDir string, mode game.Mode, clock *fakeClock) Model {
	t.Helper()
	p := miniPack(t)
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Mode: mode, Now: clock.now, DataDir: dataDir})
	m.noColor = true
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	return send(m, runCmd(m.findUnfinished())...)
}

func TestResumePractice(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	m := send(send(resumable(t, dir, game.ModePractice, clock), press("enter")), press("m"), press("h"), press("y"), press("2"))
	m = send(m, autosaveMsg{}) // the Autosaver's timer: snapshot and write
	if _, err := os.Stat(game.SessionPath(dir, "mini", m.scenario.ID)); err != nil {
		t.Fatalf("no session file after the autosave: %v", err)
	}
	clock.t = wallStart.Add(time.Hour) // closed for an hour: practice pauses
	m = resumable(t, dir, game.ModePractice, clock)
	if m.resume.found == nil || !strings.Contains(ansi.Strip(m.render()), "r resume · n start over") {
		t.Fatalf("no resume offer:\n%s", ansi.Strip(m.render()))
	}
	if m = send(m, press("enter")); m.Screen() != "briefing" {
		t.Fatalf("enter with an offer open went to %s", m.Screen())
	}
	m = send(m, press("r"))
	nb := m.panes.notebook.Notebook()
	if m.Screen() != "investigation" || len(nb.Hypotheses) != 1 || len(nb.Hypotheses[0].Evidence) != 1 || len(nb.Hints) != 1 {
		t.Fatalf("after resume: screen %s notebook %+v", m.Screen(), nb)
	}
	if m.Session().Hints != 1 || m.Focused() != "Metrics" || !strings.Contains(ansi.Strip(m.header()), "hints 1/2") {
		t.Errorf("after resume: hints %d, focus %s, header %q", m.Session().Hints, m.Focused(), ansi.Strip(m.header()))
	}
	if left := m.remaining(); left != 15*time.Minute {
		t.Errorf("practice kept %v after an hour closed, want the full 15m (paused)", left)
	}
}

func TestResumeDrillDeadlineKeepsRunning(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	m := send(send(resumable(t, dir, game.ModeDrill, clock), press("enter")), press("m"))
	clock.t = wallStart.Add(time.Minute)
	m = send(m, press("2"), autosaveMsg{})

	clock.t = wallStart.Add(10 * time.Minute) // closed for 9 minutes
	m = send(resumable(t, dir, game.ModeDrill, clock), press("r"))
	if left := m.remaining(); left != 5*time.Minute {
		t.Errorf("drill has %v left after 10m of 15m, want 5m: the deadline keeps running while closed", left)
	}
	if len(m.panes.notebook.Notebook().Hypotheses) != 1 {
		t.Errorf("notebook not restored: %+v", m.panes.notebook.Notebook())
	}

	m = send(m, autosaveMsg{}) // nothing new to save: no write
	clock.t = wallStart.Add(time.Hour)
	m = send(resumable(t, dir, game.ModeDrill, clock))
	if offer := ansi.Strip(m.render()); !strings.Contains(offer, "its time ran out while closed") {
		t.Errorf("the offer does not say the time ran out:\n%s", offer)
	}
	if m = send(m, press("r")); m.Screen() != "time-up" {
		t.Errorf("resuming a drill past its deadline landed on %s, want the time's-up submit", m.Screen())
	}
}

func TestDamagedSessionFallsBackToBackup(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	m := send(send(resumable(t, dir, game.ModePractice, clock), press("enter")), press("m"), autosaveMsg{})
	m = send(m, press("2"), autosaveMsg{}) // a second save: the first becomes .bak
	path := game.SessionPath(dir, "mini", m.scenario.ID)
	if err := os.WriteFile(path, []byte(`{"version":1,"pack":"mi`), 0o600); err != nil {
		t.Fatal(err)
	}
	m = resumable(t, dir, game.ModePractice, clock)
	if m.resume.found == nil || !strings.Contains(ansi.Strip(m.render()), "damaged") {
		t.Fatalf("a torn session file gave no recovered offer:\n%s", ansi.Strip(m.render()))
	}
	if err := os.WriteFile(path+".bak", []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	m = resumable(t, dir, game.ModePractice, clock)
	if m.resume.found != nil || !strings.Contains(ansi.Strip(m.render()), "Starting fresh") {
		t.Errorf("two damaged files: offer %v, screen:\n%s", m.resume.found != nil, ansi.Strip(m.render()))
	}
	if m = send(m, press("enter")); m.Screen() != "investigation" {
		t.Errorf("could not start fresh: %s", m.Screen())
	}
}

func TestQuitSavesTheSession(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	p := miniPack(t)
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: clock.now, DataDir: dir})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("What is graded")) })
	tm.Send(press("enter"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("lines")) })
	tm.Send(press("m"))
	tm.Send(press("q")) // at once: the autosave timer has not fired
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	s, err := game.LoadSession(game.SessionPath(dir, "mini", p.Scenarios[0].ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notebook.Hypotheses) != 1 || s.Finished {
		t.Errorf("saved session: notebook %+v finished %v, want the pin and unfinished", s.Notebook, s.Finished)
	}
}

// sealedInterviewPack seals the mini pack with --interview under base (a
// fresh key, an empty trust store) and opens it.
func sealedInterviewPack(t *testing.T, base string) (*game.Pack, game.PackStatus, string) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(base, "config")) // an empty trust store
	_, priv, err := game.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sealed, keyOut := filepath.Join(base, "sealed"), filepath.Join(base, "interview.key")
	if _, err := game.SealPack("../../testdata/packs/mini", sealed, game.SealOptions{Key: priv, InterviewKeyOut: keyOut}); err != nil {
		t.Fatal(err)
	}
	p, errs := game.Open(sealed)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return p, game.CheckPack(p), keyOut
}

func TestInterviewWritesTheResultFile(t *testing.T) {
	base := t.TempDir()
	p, st, keyOut := sealedInterviewPack(t, base)
	if err := st.AllowsMode(game.ModeInterview); err != nil || !st.Report.Interview {
		t.Fatalf("sealed interview pack: %v, interview %v", err, st.Report.Interview)
	}
	out := filepath.Join(base, "result.json")
	if err := os.WriteFile(out, []byte("someone else's"), 0o600); err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: wallStart}
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Mode: game.ModeInterview, Now: clock.now,
		Status: map[*game.Pack]game.PackStatus{p: st}, ResultPath: out, Version: "test"})
	m.noColor = true
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"))
	m = send(send(m, press("m")), press("h"))
	if m.Session().Hints != 0 || m.Status() != "no hints in interview mode" {
		t.Errorf("h in an interview: hints %d, status %q", m.Session().Hints, m.Status())
	}
	clock.t = wallStart.Add(3 * time.Minute)
	m = send(m, press("S"), press("2"), press("enter"), press("enter"), press("y"))
	want := filepath.Join(base, "result-1.json")
	if m.Screen() != "recorded" || m.end.result != want {
		t.Fatalf("screen %s, result %q (err %v), want recorded in %s", m.Screen(), m.end.result, m.end.err, want)
	}
	screen := ansi.Strip(m.render())
	if !strings.Contains(screen, "Your answer is recorded.") || strings.Contains(screen, "CORRECT") {
		t.Errorf("final screen:\n%s", screen)
	}
	if b, _ := os.ReadFile(out); string(b) != "someone else's" {
		t.Error("the existing result.json was overwritten")
	}
	r, err := game.ReadResult(want)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pick != "cache-invalidation" || r.PackManifestDigest != st.Report.ManifestDigest || r.TimeUsed() != 3*time.Minute {
		t.Errorf("result: pick %q digest %q used %v", r.Pick, r.PackManifestDigest, r.TimeUsed())
	}
	key, err := game.ReadAnswerKeyFile(keyOut)
	if err != nil {
		t.Fatal(err)
	}
	g, err := game.GradeInterview(r, key, nil)
	if err != nil || !g.Correct {
		t.Errorf("the interviewer's grade: %+v, %v; want correct", g, err)
	}
}

func TestTamperedPackIsPracticeOnly(t *testing.T) {
	p := miniPack(t)
	st := game.PackStatus{Sealed: true, Err: &game.VerifyError{File: "scenarios/cache.yaml", Problem: "digest mismatch"}}
	for _, mode := range []game.Mode{game.ModePractice, game.ModeDrill} {
		m := New(Options{Pack: p, Scenario: p.Scenarios[0], Mode: mode, Now: (&fakeClock{t: wallStart}).now,
			Status: map[*game.Pack]game.PackStatus{p: st}})
		m.noColor = true
		m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
		if screen := ansi.Strip(m.render()); !strings.Contains(screen, "⚠ pack failed verification") {
			t.Errorf("%s: no warning on the briefing:\n%s", mode, screen)
		}
		m = send(m, press("enter"))
		if started := m.Screen() == "investigation"; started != (mode == game.ModePractice) {
			t.Errorf("%s on a tampered pack: started %v", mode, started)
		}
		if mode == game.ModePractice && m.leaderboardOK() {
			t.Error("a tampered pack's result may go on the leaderboard")
		}
	}
}

func TestLeaderboardScreenFitsAndMarksThePlay(t *testing.T) {
	mine := game.Result{PackID: "starter", ScenarioID: "cache-stampede", Correct: true, Score: game.Score{Total: 2379},
		TimeUsed: 95 * time.Second, Hints: 1, Mode: game.ModePractice, Date: wallStart, Trusted: true}
	other := mine
	other.Correct, other.Score.Total, other.Date = false, 0, wallStart.Add(-time.Hour)
	for _, w := range []int{80, 120} {
		m := send(submitted(t, w, 24, "2"), press("enter"), press("y"))
		m.end.graded.recorded, m.end.graded.result = true, mine
		m = send(m, press("l"))
		m = send(m, boardMsg{rows: []game.Result{mine, other}})
		screen := ansi.Strip(m.render())
		for _, want := range []string{"Leaderboard", "▶1", "starter/cache-stampede", "2379", "1:35"} {
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

func TestPackWithoutAnswerKeyIsNotGraded(t *testing.T) {
	p, st, _ := sealedInterviewPack(t, t.TempDir())
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: (&fakeClock{t: wallStart}).now,
		Status: map[*game.Pack]game.PackStatus{p: st}})
	m.noColor = true
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"))
	m = send(m, press("S"), press("2"), press("enter"), press("enter"), press("y"))
	screen := ansi.Strip(m.render())
	if !strings.Contains(screen, "Not graded: this pack holds no answer key") || strings.Contains(screen, "WRONG") {
		t.Errorf("an interview pack played in practice:\n%s", screen)
	}
	if m = send(m, press("p")); m.Screen() != "picker" {
		t.Errorf("p went to %s, want the picker", m.Screen())
	}
}

func TestInterviewCannotStartOver(t *testing.T) {
	base := t.TempDir()
	p, st, _ := sealedInterviewPack(t, base)
	clock := &fakeClock{t: wallStart}
	open := func() Model {
		m := New(Options{Pack: p, Scenario: p.Scenarios[0], Mode: game.ModeInterview, Now: clock.now,
			Status: map[*game.Pack]game.PackStatus{p: st}, DataDir: base, ResultPath: filepath.Join(base, "r.json")})
		m.noColor = true
		m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
		return send(m, runCmd(m.findUnfinished())...)
	}
	m := send(open(), press("enter"))
	m = send(m, press("m"), autosaveMsg{})
	clock.t = wallStart.Add(2 * time.Minute)
	m = send(open(), press("n"))
	if m.Screen() != "briefing" || !strings.Contains(ansi.Strip(m.render()), "an interview cannot start over") {
		t.Fatalf("n on an interview offer: screen %s\n%s", m.Screen(), ansi.Strip(m.render()))
	}
	if m = send(m, press("r")); m.Screen() != "investigation" || m.remaining() != 13*time.Minute {
		t.Errorf("r: screen %s, %v left; want the interview going on with 13m", m.Screen(), m.remaining())
	}
}
