package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// firedrill runs a non-interactive command with HOME and the XDG dirs
// under home and returns its output; a non-zero exit fails the test.
func firedrill(t *testing.T, home string, args ...string) string {
	t.Helper()
	out, code := firedrillCode(t, home, args...)
	if code != 0 {
		t.Fatalf("firedrill %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// TestStarterToDebrief plays the starter cache stampede as a player: quit
// in the middle, resume, submit the right answer with nothing attached,
// read the debrief (right but unproven, the lower score) and the
// leaderboard; then `firedrill leaderboard` shows the row.
func TestStarterToDebrief(t *testing.T) {
	home := t.TempDir()
	s := startIn(t, home, 120, 40, "play", "starter/product-pages-hang")
	s.waitFor("What is graded")
	s.send("Enter")
	s.waitFor("TRACE+ · ") // the Logs status line: the briefing says "log lines" too
	s.send("m")
	s.waitFor("hyp 1")
	s.send("h")
	s.waitFor("Reveal hint 1 of 3? It costs 100 points.")
	s.waitFor("y reveal it · N keep the points")
	s.send("y")
	s.waitFor("hints 1/3")
	s.send("q")
	s.gone()

	s = startIn(t, home, 120, 40, "play", "starter/product-pages-hang")
	s.waitFor("r resume · n start over")
	s.send("r")
	scr := s.waitFor("resumed:")
	for _, want := range []string{"hints 1/3", "hyp 1"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the resumed game lacks %q:\n%s", want, scr)
		}
	}
	s.send("S")
	s.waitFor("Submit your root cause")
	s.send("3") // catalog lost its warm cache (the hand-edited key version)
	s.waitFor("▸ 3. catalog lost every warm entry at once and sent its reads to postgres")
	s.send("Enter")
	s.waitFor("0 of at most 5 attached") // the pinned first line, not attached
	s.send("Enter")
	s.send("Enter") // no justification
	s.waitFor("No evidence attached: a right pick without proof scores half.")
	s.send("y")
	scr = s.waitFor("RIGHT BUT UNPROVEN")
	// base 1250 halved, no speed bonus, one hint: 525
	// the score table's columns are as wide as its widest row: spaces
	// count as one
	flat := strings.Join(strings.Fields(scr), " ")
	for _, want := range []string{"525 points", "Unproven half the base −625", "forfeited: +",
		"Hints 1 × 100", `✗ not shown — a log line: service catalog, containing "CACHE_KEY_VERSION 3 -> 4" would have`, "recorded on the leaderboard"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the debrief lacks %q:\n%s", want, scr)
		}
	}
	s.send("l")
	s.waitFor("◐ unproven")
	s.send("q")
	s.gone()

	out := firedrill(t, home, "leaderboard")
	if !strings.Contains(out, "starter/product-pages-hang") || !strings.Contains(out, "◐ unproven") || !strings.Contains(out, "525") {
		t.Errorf("firedrill leaderboard after an unproven game:\n%s", out)
	}
}

// TestProvenDebrief pins two pieces of evidence the way a player finds
// them — postgres' query rate a minute after the drop (found by filtering
// the series), catalog's config-reload line (found by searching the logs:
// the edit never reached the change log) — attaches both at the submit,
// and the debrief says proven, with the full score.
func TestProvenDebrief(t *testing.T) {
	s := start(t, 120, 40, "play", "starter/product-pages-hang")
	s.waitFor("What is graded")
	s.send("Enter")
	s.waitFor("TRACE+ · ")
	s.send("2")
	s.waitFor("85/85 series")
	s.send("/", "pg_queries_per", "Enter")
	s.waitFor("1/85 series")
	for range 8 { // the shared cursor from the page (+17:00) back to +13:00
		s.send("Left")
	}
	s.waitFor("cursor +13:00")
	s.waitFor("▸ pg_queries_per_second · postgres")
	s.send("m")
	s.waitFor("pinned metric to hypothesis #1")
	s.send("1", "/", "CACHE_KEY_VERSION", "Enter") // the reload line, the only trace of the edit
	s.waitFor("hit 1/3")
	s.send("m")
	s.waitFor("pinned log to hypothesis #1")
	s.send("S", "3", "Enter")
	s.waitFor("0 of at most 5 attached")
	s.send("Space", "Down", "Space")
	s.waitFor("2 of at most 5 attached")
	s.send("Enter", "Enter")
	s.waitFor("with 2 piece(s) of evidence attached")
	s.send("y")
	scr := s.waitFor("PROVEN")
	for _, want := range []string{"✓ shown by your pin: log INFO catalog: config reloaded", "✓ shown by your pin: metric pg_queries_per_second (postgres)",
		"Speed bonus    1250 × "} {
		if !strings.Contains(scr, want) {
			t.Errorf("the debrief lacks %q:\n%s", want, scr)
		}
	}
	if strings.Contains(scr, "Unproven") {
		t.Errorf("a proven play lost points to the unproven line:\n%s", scr)
	}
	s.send("q")
	s.gone()
}

// TestWrongPickTeaches: a wrong pick shows the author's note on it.
func TestWrongPickTeaches(t *testing.T) {
	s := start(t, 80, 24, "play", "starter/product-pages-hang", "--mode", "drill")
	s.waitFor("What is graded")
	s.send("Enter")
	s.waitFor("TRACE+ · ")
	s.send("h")
	s.waitFor("no hints in drill mode")
	s.send("S", "1", "Enter", "Enter", "y")
	s.waitFor("WRONG")
	s.send("q")
	s.gone()
}

// TestInterviewTakeHome is the take-home from both sides: the interviewer
// makes a key and seals the pack for interviews, the candidate plays it in
// interview mode and hands in result.json, the interviewer grades it.
func TestInterviewTakeHome(t *testing.T) {
	home := t.TempDir()
	key, sealed, ivKey := filepath.Join(home, "author"), filepath.Join(home, "sealed"), filepath.Join(home, "iv.key")
	firedrill(t, home, "keygen", key)
	firedrill(t, home, "pack", "seal", "testdata/packs/mini", sealed, "--key", key, "--interview", ivKey)
	result := filepath.Join(home, "result.json")

	s := startIn(t, home, 100, 30, "play", sealed, "--mode", "interview", "--out", result)
	s.waitFor("What is graded")
	s.send("Enter")
	s.waitFor("interview")
	s.send("S", "2", "Enter")
	s.send("h", "i", "t", "Enter")
	s.waitFor("This cannot be taken back")
	s.send("y")
	scr := s.waitFor("Your answer is recorded.")
	if !strings.Contains(scr, result) || strings.Contains(scr, "CORRECT") {
		t.Errorf("the final screen should name %s and grade nothing:\n%s", result, scr)
	}
	s.send("q")
	s.gone()

	out := firedrill(t, home, "grade", result, "--key", ivKey)
	// the candidate pinned nothing: right, but unproven
	if !strings.Contains(out, "verdict:  RIGHT BUT UNPROVEN") || !strings.Contains(out, "justification: hit") ||
		!strings.Contains(out, "attached: nothing") {
		t.Errorf("firedrill grade:\n%s", out)
	}
}
