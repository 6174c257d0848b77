package app

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/pack"
	"firedrill/game/play"
	"firedrill/game/seal"
	"firedrill/ui/uitest"
)

// sealedInterviewPack seals the mini pack with --interview under base (a
// fresh key, an empty trust store) and opens it.
func sealedInterviewPack(t *testing.T, base string) (*game.Pack, seal.PackStatus, string) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(base, "config")) // an empty trust store
	_, priv, err := seal.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sealed, keyOut := filepath.Join(base, "sealed"), filepath.Join(base, "interview.key")
	if _, err := seal.Pack("../../testdata/packs/mini", sealed, seal.Options{Key: priv, InterviewKeyOut: keyOut}); err != nil {
		t.Fatal(err)
	}
	p, errs := pack.Open(sealed)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return p, seal.CheckPack(p), keyOut
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
		Status: map[*game.Pack]seal.PackStatus{p: st}, ResultPath: out, Version: "test"})
	m.shell.NoColor = true
	m = send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, press("enter"))
	m = send(send(m, press("m")), press("h"))
	if m.Session().Hints != 0 || m.Status() != "no hints in interview mode" {
		t.Errorf("h in an interview: hints %d, status %q", m.Session().Hints, m.Status())
	}
	clock.t = wallStart.Add(3 * time.Minute)
	m = send(m, press("S"), press("2"), press("enter"), press("space"), press("enter"), press("enter"), press("y"))
	want := filepath.Join(base, "result-1.json")
	if m.Screen() != "recorded" || m.end.result != want {
		t.Fatalf("screen %s, result %q (err %v), want recorded in %s", m.Screen(), m.end.result, m.end.err, want)
	}
	if m.Session().ResultPath != want {
		t.Errorf("the session records the result at %q, want %q (a second run must say where it is)", m.Session().ResultPath, want)
	}
	screen := ansi.Strip(m.render())
	if !strings.Contains(screen, "Your answer is recorded.") || strings.Contains(screen, "CORRECT") {
		t.Errorf("final screen:\n%s", screen)
	}
	if b, _ := os.ReadFile(out); string(b) != "someone else's" {
		t.Error("the existing result.json was overwritten")
	}
	r, err := play.ReadResult(want)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pick != "cache-invalidation" || r.PackManifestDigest != st.Report.ManifestDigest || r.TimeUsed() != 3*time.Minute {
		t.Errorf("result: pick %q digest %q used %v", r.Pick, r.PackManifestDigest, r.TimeUsed())
	}
	// the pinned first log line, attached at the submit, travels with the result
	if len(r.Attached) != 1 || r.Attached[0].Text != "GET /checkout 200 112ms" || r.Attached[0].Kind != game.PinLog {
		t.Errorf("result.attached = %+v; want the pinned line", r.Attached)
	}
	key, err := seal.ReadAnswerKeyFile(keyOut)
	if err != nil {
		t.Fatal(err)
	}
	g, err := grade.Interview(r, key, nil)
	if err != nil || !g.Correct || g.Verdict != grade.VerdictUnproven || g.Proof.StrayPins() != 1 {
		t.Errorf("the interviewer's grade: %+v, %v; want right but unproven, one stray pin", g, err)
	}
}

func TestTamperedPackIsPracticeOnly(t *testing.T) {
	p := miniPack(t)
	st := seal.PackStatus{Sealed: true, Err: &seal.VerifyError{File: "scenarios/cache.yaml", Problem: "digest mismatch"}}
	for _, mode := range []game.Mode{game.ModePractice, game.ModeDrill} {
		m := New(Options{Pack: p, Scenario: p.Scenarios[0], Mode: mode, Now: (&fakeClock{t: wallStart}).now,
			Status: map[*game.Pack]seal.PackStatus{p: st}})
		m.shell.NoColor = true
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

func TestPackWithoutAnswerKeyIsNotGraded(t *testing.T) {
	p, st, _ := sealedInterviewPack(t, t.TempDir())
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: (&fakeClock{t: wallStart}).now,
		Status: map[*game.Pack]seal.PackStatus{p: st}})
	m.shell.NoColor = true
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
			Status: map[*game.Pack]seal.PackStatus{p: st}, DataDir: base, ResultPath: filepath.Join(base, "r.json")})
		m.shell.NoColor = true
		m = send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
		return send(m, uitest.Run(m.findUnfinished())...)
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

// TestSealedPackGradesOntoTheLeaderboardOnlyWhenTrusted plays a solo
// sealed pack twice: signed by an unknown key the result stays off the
// leaderboard; once the key is trusted it goes on, graded by the sealed key.
func TestSealedPackGradesOntoTheLeaderboardOnlyWhenTrusted(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(base, "config"))
	pub, priv, err := seal.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sealed := filepath.Join(base, "sealed")
	if _, err := seal.Pack("../../testdata/packs/mini", sealed, seal.Options{Key: priv}); err != nil {
		t.Fatal(err)
	}
	play := func() Model {
		p, errs := pack.Open(sealed)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		m := New(Options{Pack: p, Scenario: p.Scenarios[0], Now: (&fakeClock{t: wallStart}).now,
			Status: map[*game.Pack]seal.PackStatus{p: seal.CheckPack(p)}, DataDir: filepath.Join(base, "data")})
		m.shell.NoColor = true
		m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40}, press("enter"))
		return send(m, press("S"), press("2"), press("enter"), press("enter"), press("y"))
	}
	m := play()
	if g := m.end.graded; g == nil || !g.result.Correct || g.recorded {
		t.Fatalf("untrusted sealed pack: graded %+v, want correct and not recorded", g)
	}
	if screen := ansi.Strip(m.render()); !strings.Contains(screen, "not recorded: signed by an untrusted key") {
		t.Errorf("no notice that the result was not recorded:\n%s", screen)
	}
	store, err := seal.DefaultTrustStore()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Add(pub, "test author"); err != nil {
		t.Fatal(err)
	}
	if g := play().end.graded; g == nil || !g.recorded {
		t.Fatalf("trusted sealed pack: graded %+v, want recorded", g)
	}
	rows, _, err := grade.ReadLeaderboard(filepath.Join(base, "data"))
	if err != nil || len(rows) != 1 || !rows[0].Correct || !rows[0].Trusted {
		t.Fatalf("leaderboard rows %+v (%v), want the one trusted correct play", rows, err)
	}
	// the row carries what a team board checks: the pack's digest and the
	// action log's chain head
	st := seal.CheckPack(m.pack)
	if rows[0].PackDigest != st.Report.ManifestDigest || len(rows[0].ChainHead) != 64 {
		t.Errorf("row's pack digest %q (want %q), chain head %q", rows[0].PackDigest, st.Report.ManifestDigest, rows[0].ChainHead)
	}
}

// An interview handed in does not start again from its briefing either
// (play refuses a pack of one; a pack of several reaches the briefing
// through the picker): it says where the result is, and enter does not
// start a new clock.
func TestHandedInInterviewDoesNotStartAgain(t *testing.T) {
	base := t.TempDir()
	p, st, _ := sealedInterviewPack(t, base)
	dir, clock := filepath.Join(base, "data"), &fakeClock{t: wallStart}
	s, err := play.NewSession(play.SessionConfig{PackID: p.ID, PackSource: p.Source, PackDigest: st.Report.ManifestDigest,
		Scenario: p.Scenarios[0], Mode: game.ModeInterview, Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	s.Submit("cache-invalidation", "", clock.now())
	s.ResultPath = filepath.Join(base, "result.json")
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	m := New(Options{Pack: p, Scenario: p.Scenarios[0], Mode: game.ModeInterview, Now: clock.now, DataDir: dir,
		Status: map[*game.Pack]seal.PackStatus{p: st}})
	m.shell.NoColor = true
	m = send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = send(m, uitest.Run(m.findUnfinished())...)
	screen := strings.Join(strings.Fields(ansi.Strip(m.render())), " ")
	if !strings.Contains(screen, "already handed in") || !strings.Contains(screen, "result.json") {
		t.Fatalf("the briefing of a handed-in interview:\n%s", ansi.Strip(m.render()))
	}
	if m = send(m, press("enter")); m.Screen() != "briefing" || m.Session() != nil {
		t.Errorf("enter started the interview again: screen %s", m.Screen())
	}
}
