package e2e

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// firedrillCode runs a non-interactive command like firedrill and returns
// its output and exit code instead of failing on a non-zero one.
func firedrillCode(t *testing.T, home string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+home+"/data", "XDG_CONFIG_HOME="+home+"/config")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	case err != nil:
		t.Fatalf("firedrill %s: %v", strings.Join(args, " "), err)
	}
	return string(out), 0
}

// pid is the process running in the session's pane: the binary itself
// (env execs it).
func (s *session) pid() int {
	s.t.Helper()
	out, err := tmux("display-message", "-p", "-t", s.name, "#{pane_pid}").Output()
	if err != nil {
		s.t.Fatalf("pane pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		s.t.Fatalf("pane pid %q: %v", out, err)
	}
	return pid
}

// typeText types text literally (send-keys -l), not as key names.
func (s *session) typeText(text string) {
	s.t.Helper()
	if err := tmux("send-keys", "-t", s.name, "-l", text).Run(); err != nil {
		s.t.Fatalf("send-keys -l %q: %v", text, err)
	}
	time.Sleep(60 * time.Millisecond)
}

// TestTakeHomeIntegrity is the take-home as issue 14 checks it: the
// candidate is killed (kill -9) while typing a note, resumes with the note
// back in the editor and hands in; the untouched result grades clean under
// --strict; the same result with timer_end moved two hours later is
// flagged as overtime and fails --strict; a second run of the handed-in
// interview is refused.
func TestTakeHomeIntegrity(t *testing.T) {
	home := t.TempDir()
	key, sealed, ivKey := filepath.Join(home, "author"), filepath.Join(home, "sealed"), filepath.Join(home, "iv.key")
	firedrill(t, home, "keygen", key)
	firedrill(t, home, "pack", "seal", "testdata/packs/mini", sealed, "--key", key, "--interview", ivKey)
	result := filepath.Join(home, "result.json")
	play := []string{"play", sealed, "--mode", "interview", "--out", result}

	s := startIn(t, home, 120, 40, play...)
	s.waitFor("What is graded")
	s.send("Enter")
	s.waitFor("no hints")
	s.send("6")
	s.waitFor("No hypotheses yet")
	s.send("a")
	s.waitFor("New hypothesis")
	s.typeText("cache evicts hot keys")
	s.waitFor("cache evicts hot keys")
	time.Sleep(1500 * time.Millisecond) // the autosave's 500 ms, and its write
	if err := syscall.Kill(s.pid(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.gone()

	s = startIn(t, home, 120, 40, play...)
	s.waitFor("An unfinished interview from")
	s.send("r")
	scr := s.waitFor("the note you were writing is back in the editor")
	if !strings.Contains(scr, "│ cache evicts hot keys") {
		t.Fatalf("the note typed before kill -9 is not in the editor:\n%s", scr)
	}
	s.send("C-s")
	s.waitFor("hyp 1")
	s.send("S", "2", "Enter")
	s.typeText("hit ratio fell first")
	s.send("Enter")
	s.waitFor("This cannot be taken back")
	s.send("y")
	s.waitFor("Your answer is recorded.")
	s.send("q")
	s.gone()

	out, code := firedrillCode(t, home, "grade", result, "--key", ivKey, "--strict")
	// The candidate named the cause but attached no evidence: right, not proven.
	if code != 0 || !strings.Contains(out, "verdict:  RIGHT BUT UNPROVEN") || !strings.Contains(out, "honesty:  no flags") ||
		!strings.Contains(out, "2 runs") {
		t.Errorf("grade --strict of the untouched result: exit %d\n%s", code, out)
	}

	late := filepath.Join(home, "late.json")
	moveTimerEnd(t, result, late, 2*time.Hour)
	out, code = firedrillCode(t, home, "grade", late, "--key", ivKey, "--strict")
	if code != 3 || !strings.Contains(out, "! overtime: submitted") || !strings.Contains(out, "--strict: 2 honesty flags") {
		t.Errorf("grade --strict with timer_end two hours later: exit %d\n%s", code, out)
	}

	out, code = firedrillCode(t, home, play...)
	if code != 1 || !strings.Contains(out, "already handed in") || !strings.Contains(out, result) {
		t.Errorf("a second run of the handed-in interview: exit %d\n%s", code, out)
	}
}

// moveTimerEnd copies the result file src to dst with timer_end moved by d,
// as a candidate editing the file by hand would.
func moveTimerEnd(t *testing.T, src, dst string, d time.Duration) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	end, err := time.Parse(time.RFC3339Nano, m["timer_end"].(string))
	if err != nil {
		t.Fatal(err)
	}
	m["timer_end"] = end.Add(d).Format(time.RFC3339Nano)
	out, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(dst, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestClosedTerminalSavesTheNote: closing the terminal (tmux kill-session
// sends SIGHUP) while a note is being typed saves it, as q would.
func TestClosedTerminalSavesTheNote(t *testing.T) {
	home := t.TempDir()
	s := startIn(t, home, 120, 40, "play", "testdata/packs/mini", "--mode", "drill")
	s.waitFor("What is graded")
	s.send("Enter")
	s.waitFor("no hints")
	s.send("6", "a")
	s.waitFor("New hypothesis")
	s.typeText("postgres saturated")
	s.waitFor("postgres saturated")
	pid := s.pid()
	if err := tmux("kill-session", "-t", s.name).Run(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(pid, 0) == nil { // signal 0 only asks whether the game still runs
		if time.Now().After(deadline) {
			t.Fatal("the game did not exit on SIGHUP")
		}
		time.Sleep(50 * time.Millisecond)
	}

	s = startIn(t, home, 120, 40, "play", "testdata/packs/mini", "--mode", "drill")
	s.waitFor("r resume · n start over")
	s.send("r")
	scr := s.waitFor("resumed:")
	if !strings.Contains(scr, "hyp 1") {
		t.Errorf("the note typed before the terminal closed is not in the notebook:\n%s", scr)
	}
	s.send("q")
	s.gone()
}
