package app

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"firedrill/game"
	"firedrill/game/play"
	"firedrill/ui/picker"
	"firedrill/ui/uitest"
)

// resumable builds a model over dataDir, as `firedrill play` would, and
// answers its startup look for an unfinished session.
func resumable(t *testing.T, dataDir string, mode game.Mode, clock *fakeClock) Model {
	t.Helper()
	p := miniPack(t)
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Mode: mode, Now: clock.now, DataDir: dataDir})
	m.shell.NoColor = true
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	return send(m, uitest.Run(m.findUnfinished())...)
}

func TestResumePractice(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	m := send(send(resumable(t, dir, game.ModePractice, clock), press("enter")), press("m"), press("h"), press("y"), press("2"))
	m = send(m, autosaveMsg{}) // the Autosaver's timer: snapshot and write
	if _, err := os.Stat(play.SessionPath(dir, "mini", m.scenario.ID, game.ModePractice)); err != nil {
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
	nb := m.panes.Notebook().Notebook()
	if m.Screen() != "investigation" || len(nb.Hypotheses) != 1 || len(nb.Hypotheses[0].Evidence) != 1 || len(nb.Hints) != 1 {
		t.Fatalf("after resume: screen %s notebook %+v", m.Screen(), nb)
	}
	if m.Session().Hints != 1 || m.Focused() != "Metrics" || !strings.Contains(ansi.Strip(m.header()), "hints 1/2") {
		t.Errorf("after resume: hints %d, focus %s, header %q", m.Session().Hints, m.Focused(), ansi.Strip(m.header()))
	}
	if left := m.remaining(); left != 15*time.Minute {
		t.Errorf("practice kept %v after an hour closed, want the full 15m (paused)", left)
	}
	// the cursor was never moved: it comes back at the page, where it started
	if want := m.scenario.PageTime(); !m.cursor.Equal(want) {
		t.Errorf("after resume the cursor is at %v, want the page time %v", m.cursor, want)
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
	if len(m.panes.Notebook().Notebook().Hypotheses) != 1 {
		t.Errorf("notebook not restored: %+v", m.panes.Notebook().Notebook())
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
	path := play.SessionPath(dir, "mini", m.scenario.ID, game.ModePractice)
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
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("What is graded")) }, teatest.WithDuration(10*time.Second))
	tm.Send(press("enter"))
	// the tab bar: the briefing never shows "Notebook" (it does say "3 log
	// lines", so waiting for "lines" raced the start of the game)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Notebook")) }, teatest.WithDuration(10*time.Second))
	tm.Send(press("m"))
	tm.Send(press("q")) // at once: the autosave timer has not fired
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	s, err := play.LoadSession(play.SessionPath(dir, "mini", p.Scenarios[0].ID, game.ModePractice))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notebook.Hypotheses) != 1 || s.Finished {
		t.Errorf("saved session: notebook %+v finished %v, want the pin and unfinished", s.Notebook, s.Finished)
	}
}

// A q pressed right after m, before anything the pin's command yields has
// come back, must still save the pin and its action: a resume, coaching
// and the replay read the pin from the action log.
func TestQuickQuitKeepsThePinAction(t *testing.T) {
	dir := t.TempDir()
	m := send(resumable(t, dir, game.ModePractice, &fakeClock{t: wallStart}), press("enter"))
	next, _ := m.Update(press("m")) // its command's messages never arrive
	_, quit := next.Update(press("q"))
	uitest.Run(quit) // the save, then tea.Quit
	s, err := play.LoadSession(play.SessionPath(dir, "mini", m.scenario.ID, game.ModePractice))
	if err != nil {
		t.Fatal(err)
	}
	pinned := slices.ContainsFunc(s.Actions, func(a game.Action) bool { return a.Kind == game.ActPin })
	if len(s.Notebook.Hypotheses) != 1 || len(s.Notebook.Hypotheses[0].Evidence) != 1 || !pinned {
		t.Errorf("saved notebook %+v, pin action %v; want the pin in both", s.Notebook, pinned)
	}
}

func TestPickerOffersTheResumeToo(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	m := send(send(resumable(t, dir, game.ModePractice, clock), press("enter")), press("m"), autosaveMsg{})
	p := m.pack
	m = New(Options{Packs: []*game.Pack{p}, Now: clock.now, DataDir: dir})
	m.shell.NoColor = true
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, picker.Chosen{Pack: p, Scenario: p.Scenarios[0]})
	if !strings.Contains(ansi.Strip(m.render()), "An unfinished practice session from") {
		t.Errorf("choosing a scenario with a saved session offers no resume:\n%s", ansi.Strip(m.render()))
	}
}

// ctrl+c works even while a note is being written; the note must survive.
func TestQuitKeepsANoteBeingWritten(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	p := miniPack(t)
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: clock.now, DataDir: dir})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("What is graded")) }, teatest.WithDuration(10*time.Second))
	tm.Send(press("enter"))
	// the tab bar: the briefing never shows "Notebook" (it does say "3 log
	// lines", so waiting for "lines" raced the start of the game)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Notebook")) }, teatest.WithDuration(10*time.Second))
	tm.Send(press("6"))
	tm.Send(press("a"))
	for _, r := range "cache keys" {
		tm.Send(press(string(r)))
	}
	// keys are handled in order: the letters reach the editor before ctrl+c
	// (the typed text is not waited for on screen: the renderer draws only
	// the cells that change, so it never appears in one piece)
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	s, err := play.LoadSession(play.SessionPath(dir, "mini", p.Scenarios[0].ID, game.ModePractice))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notebook.Hypotheses) != 1 || s.Notebook.Hypotheses[0].Text != "cache keys" {
		t.Errorf("saved notebook %+v, want the note typed before ctrl+c", s.Notebook)
	}
	var noted bool
	for _, a := range s.Actions {
		noted = noted || a.Kind == game.ActNote && a.Detail == "cache keys"
	}
	if !noted {
		t.Error("the note is not in the action log (coaching reads it there)")
	}
}
