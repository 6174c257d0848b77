package app

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/play"
	"firedrill/game/seal"
	"firedrill/ui/uitest"
)

// Finding 5: a note being typed was lost on kill -9, SIGHUP or SIGTERM.
// The draft goes into the session with the autosave (typing starts the
// timer like any change), so a kill after it loses at most the last
// interval of typing; a resume puts it back in the editor, on the
// Notebook tab, with the stamps it had.
func TestNoteDraftIsAutosavedAndRestored(t *testing.T) {
	for _, mode := range []game.Mode{game.ModeDrill, game.ModePractice} {
		t.Run(string(mode), func(t *testing.T) {
			dir := t.TempDir()
			clock := &fakeClock{t: wallStart}
			m := send(send(resumable(t, dir, mode, clock), press("enter")), press("6"), press("a"))
			m = send(m, autosaveMsg{}) // everything so far is written
			if m.saver.Dirty() {
				t.Fatal("the autosave left the session dirty: the test cannot see typing schedule it")
			}
			m = send(m, keys("cache keys evicted")...)
			if !m.saver.Dirty() {
				t.Fatal("typing in the editor did not schedule the autosave")
			}
			m = send(m, autosaveMsg{}) // the timer fires; then the process is killed
			s, err := play.LoadSession(play.SessionPath(dir, "mini", m.scenario.ID, mode))
			if err != nil {
				t.Fatal(err)
			}
			if s.Draft == nil || s.Draft.Text != "cache keys evicted" || s.Draft.ID != 0 {
				t.Fatalf("saved draft %+v; want the text being typed", s.Draft)
			}
			if len(s.Notebook.Hypotheses) != 0 {
				t.Errorf("the draft was saved as a hypothesis: %+v", s.Notebook)
			}

			clock.t = wallStart.Add(time.Minute)
			m = send(resumable(t, dir, mode, clock), press("r"))
			nb := m.panes.Notebook()
			d, ok := nb.Draft()
			if m.Focused() != "Notebook" || !nb.Capturing() || !ok || d.Text != "cache keys evicted" {
				t.Fatalf("after resume: focus %s, editing %v, draft %+v %v", m.Focused(), nb.Capturing(), d, ok)
			}
			m = send(m, press("ctrl+s"))
			if hs := m.Session().Notebook.Hypotheses; len(hs) != 1 || hs[0].Text != "cache keys evicted" {
				t.Errorf("the restored draft saved as %+v", hs)
			}
			if m.Session().Draft != nil {
				t.Errorf("a saved note left its draft behind: %+v", m.Session().Draft)
			}
		})
	}
}

// A note still being typed when the clock runs out is kept, as a quit
// keeps it: it was written in time, and the result must hold it.
func TestTimeUpKeepsTheNoteBeingTyped(t *testing.T) {
	clock := &fakeClock{t: wallStart}
	m := newModel(t, 120, 40, clock)
	m = send(send(m, press("enter")), press("6"), press("a"))
	m = send(m, keys("the cache moved first")...)
	clock.t = wallStart.Add(16 * time.Minute)
	m = send(m, tickMsg{})
	hs := m.Session().Notebook.Hypotheses
	if !m.Session().Stopped || len(hs) != 1 || hs[0].Text != "the cache moved first" {
		t.Fatalf("after time's up: stopped %v, notebook %+v", m.Session().Stopped, hs)
	}
	if a := m.Session().Actions; a[len(a)-1].Kind != game.ActTimeUp || a[len(a)-2].Kind != game.ActNote {
		t.Errorf("the note's action should come just before the time's up: %+v", a[len(a)-2:])
	}
}

// Finding 5: SIGTERM and SIGHUP ended the game without a save (Bubble
// Tea quits at once on SIGTERM; SIGHUP killed the process). ui.Run hands
// them to the root as a Shutdown, which saves, note included, and quits
// like q.
func TestShutdownSavesAndQuits(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	m := send(send(resumable(t, dir, game.ModeDrill, clock), press("enter")), press("6"), press("a"))
	m = send(m, keys("cert expired?")...)
	_, cmd := m.Update(Shutdown{})
	quit := false
	for _, msg := range uitest.Run(cmd) {
		_, quit = msg.(tea.QuitMsg)
	}
	if !quit {
		t.Fatal("a Shutdown did not quit")
	}
	s, err := play.LoadSession(play.SessionPath(dir, "mini", m.scenario.ID, game.ModeDrill))
	if err != nil {
		t.Fatal(err)
	}
	if hs := s.Notebook.Hypotheses; len(hs) != 1 || hs[0].Text != "cert expired?" || s.Draft != nil {
		t.Errorf("saved notebook %+v, draft %+v; want the note kept", hs, s.Draft)
	}
}

// Finding 7: log filters were not restored on resume. The Logs tab's
// filters (level, services, time range, search) go into the session with
// each filter action and come back with the resume, without a new action.
func TestResumeRestoresLogFilters(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	m := send(resumable(t, dir, game.ModeDrill, clock), press("enter"))
	m = send(m, press(">"), press(">"))
	m = send(m, press("/"))
	m = send(m, append(keys("timeout"), press("enter"))...)
	want := m.panes.Logs().Filter()
	if want == "" {
		t.Fatal("the keys set no filter: the test is wrong")
	}
	m = send(m, autosaveMsg{})
	before := len(m.Session().Actions)

	m = send(resumable(t, dir, game.ModeDrill, clock), press("r"))
	if got := m.panes.Logs().Filter(); got != want {
		t.Errorf("after resume the logs filter is %q, want %q", got, want)
	}
	if n := len(m.Session().Actions); n != before+1 { // the resume itself
		t.Errorf("restoring the filters recorded %d actions, want only the resume", n-before)
	}
}

// Finding 3: practice mode on the candidate's interview pack revealed its
// hints with h. Seal --interview now cuts them; a pack sealed before that
// still has them in its files, and the game does not show them either.
func TestNoHintsOnAnInterviewPack(t *testing.T) {
	p := miniPack(t)
	if len(p.Scenarios[0].Hints) == 0 {
		t.Fatal("the mini pack has no hints: the test is wrong")
	}
	st := seal.PackStatus{Sealed: true, Verified: true, Report: seal.VerifyReport{Interview: true}}
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: (&fakeClock{t: wallStart}).now,
		Status: map[*game.Pack]seal.PackStatus{p: st}})
	m = send(send(m, tea.WindowSizeMsg{Width: 120, Height: 40}), press("enter"))
	m = send(m, press("h"))
	if m.shell.Overlays.Open() || m.Session().Hints != 0 || m.Status() != "no hints in an interview pack" {
		t.Errorf("h on an interview pack in practice: dialog %v, hints %d, status %q", m.shell.Overlays.Open(), m.Session().Hints, m.Status())
	}
}

// An unreadable session file is not "damaged", and enter does not start a
// game that would replace it: the briefing says what is wrong, and n
// starts over on purpose.
func TestUnreadableSessionHoldsTheStart(t *testing.T) {
	dir := t.TempDir()
	clock := &fakeClock{t: wallStart}
	m := send(send(resumable(t, dir, game.ModeDrill, clock), press("enter")), press("2"), autosaveMsg{})
	path := play.SessionPath(dir, "mini", m.scenario.ID, game.ModeDrill)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o700); err != nil { // unreadable as a file, even by root
		t.Fatal(err)
	}
	m = resumable(t, dir, game.ModeDrill, clock)
	screen := strings.Join(strings.Fields(ansi.Strip(m.render())), " ")
	if !strings.Contains(screen, "cannot be read") || strings.Contains(screen, "damaged") || !strings.Contains(screen, "n starts over") {
		t.Fatalf("briefing over an unreadable session:\n%s", ansi.Strip(m.render()))
	}
	if m = send(m, press("enter")); m.Screen() != "briefing" {
		t.Fatalf("enter started a game over an unreadable session")
	}
	if m = send(m, press("n")); m.Screen() != "investigation" {
		t.Errorf("n did not start over: %s", m.Screen())
	}
}
