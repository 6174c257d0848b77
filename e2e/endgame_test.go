package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// firedrill runs a non-interactive command with HOME and the XDG dirs
// under home and returns its output.
func firedrill(t *testing.T, home string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+home+"/data", "XDG_CONFIG_HOME="+home+"/config")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("firedrill %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestStarterToDebrief plays the starter cache stampede as a player: quit
// in the middle, resume, submit the right answer, read the debrief and the
// leaderboard; then `firedrill leaderboard` shows the row.
func TestStarterToDebrief(t *testing.T) {
	home := t.TempDir()
	s := startIn(t, home, 120, 40, "play", "starter/product-pages-hang")
	s.waitFor("What is graded")
	s.send("Enter")
	s.waitFor("TRACE+ · ") // the Logs status line: the briefing says "log lines" too
	s.send("m")
	s.waitFor("notes 1")
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
	for _, want := range []string{"hints 1/3", "notes 1"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the resumed game lacks %q:\n%s", want, scr)
		}
	}
	s.send("S")
	s.waitFor("Submit your root cause")
	s.send("3") // catalog's release changed its cache keys
	s.waitFor("▸ 3. catalog's release changed its cache keys")
	s.send("Enter")
	s.send("Enter") // no justification
	s.waitFor("This cannot be taken back")
	s.send("y")
	scr = s.waitFor("CORRECT")
	for _, want := range []string{"Causal chain", "Hints          1 × 100", "recorded on the leaderboard"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the debrief lacks %q:\n%s", want, scr)
		}
	}
	s.send("l")
	s.waitFor("starter/product-pages-hang")
	s.send("q")
	s.gone()

	out := firedrill(t, home, "leaderboard")
	if !strings.Contains(out, "starter/product-pages-hang") || !strings.Contains(out, "✓") {
		t.Errorf("firedrill leaderboard after a solved game:\n%s", out)
	}
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
	if !strings.Contains(out, "verdict:  CORRECT") || !strings.Contains(out, "justification: hit") {
		t.Errorf("firedrill grade:\n%s", out)
	}
}
