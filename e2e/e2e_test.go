// Package e2e drives the real binary in tmux and reads the screen back.
// It is skipped when tmux is missing or with -short.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "firedrill-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "firedrill")
	build := exec.Command("go", "build", "-o", binary, "./cmd/firedrill")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building firedrill: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	tmux("kill-server").Run() // our private server only (-L socket)
	os.RemoveAll(dir)
	os.Exit(code)
}

// socket names a tmux server private to this test process, so nothing
// else using tmux on the machine can disturb (or be disturbed by) it.
var socket = fmt.Sprintf("firedrill-e2e-%d", os.Getpid())

func tmux(args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-L", socket}, args...)...)
}

// session is one tmux session running the binary.
type session struct {
	t    *testing.T
	name string
}

func start(t *testing.T, w, h int, args ...string) *session {
	t.Helper()
	return startIn(t, t.TempDir(), w, h, args...) // no installed packs, no saved state
}

// startIn runs the binary with HOME and the XDG dirs under home, so
// several runs can share saved state.
func startIn(t *testing.T, home string, w, h int, args ...string) *session {
	t.Helper()
	if testing.Short() {
		t.Skip("e2e: skipped with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("e2e: tmux is not installed")
	}
	s := &session{t: t, name: fmt.Sprintf("fd-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	cmdline := fmt.Sprintf("env HOME=%s XDG_DATA_HOME=%s/data XDG_CONFIG_HOME=%s/config TERM=xterm-256color %s %s",
		home, home, home, binary, strings.Join(args, " "))
	cmd := tmux("new-session", "-d", "-s", s.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), cmdline)
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { tmux("kill-session", "-t", s.name).Run() })
	return s
}

func (s *session) screen() string {
	out, _ := tmux("capture-pane", "-p", "-t", s.name).Output()
	return string(out)
}

// send types keys (tmux key names). A pause follows, so an Escape is
// never read together with the next key as alt+key.
func (s *session) send(keys ...string) {
	for _, k := range keys {
		if err := tmux("send-keys", "-t", s.name, k).Run(); err != nil {
			s.t.Fatalf("send-keys %s: %v", k, err)
		}
		time.Sleep(60 * time.Millisecond)
	}
}

// waitFor polls the screen until it shows text.
func (s *session) waitFor(text string) string {
	s.t.Helper()
	return s.poll(text, true)
}

// waitGone polls the screen until text has left it.
func (s *session) waitGone(text string) string {
	s.t.Helper()
	return s.poll(text, false)
}

func (s *session) poll(text string, present bool) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		scr := s.screen()
		if strings.Contains(scr, text) == present {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %q (present %v); last screen:\n%s", text, present, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// gone waits for the program (and so the session) to end.
func (s *session) gone() {
	s.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for tmux("has-session", "-t", s.name).Run() == nil {
		if time.Now().After(deadline) {
			s.t.Fatalf("the program did not quit; screen:\n%s", s.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestPlayFilterOpenTraceQuit(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			s := start(t, size[0], size[1], "play", "testdata/packs/mini")
			s.waitFor("What is graded")
			s.send("Enter")
			scr := s.waitFor("3 of 3 lines")
			for _, want := range []string{"1 Logs", "6 Notebook", "⏱ 1", "upstream timeout calling postgres"} {
				if !strings.Contains(scr, want) {
					t.Errorf("investigation screen lacks %q:\n%s", want, scr)
				}
			}
			s.send(">", ">", ">", ">")
			scr = s.waitFor("ERROR+ · 1 of 3 lines")
			if strings.Contains(scr, "GET /checkout") {
				t.Errorf("the INFO line survived the ERROR filter:\n%s", scr)
			}
			s.send("?")
			s.waitFor("Global")
			// an Escape read together with the next key would be alt+key:
			// wait until it has closed the overlay
			s.send("Escape")
			s.waitGone("Global")
			s.send("/")
			s.send("p", "o", "s", "t", "g", "r", "e", "s", "Enter")
			s.waitFor("/postgres · hit 1/1")
			s.send("m")
			s.waitFor("pinned log to hypothesis #1")
			s.waitFor("hyp 1")
			s.send("Enter") // open the error line's trace: the Traces tab takes over
			time.Sleep(200 * time.Millisecond)
			if scr := s.screen(); strings.Contains(scr, "/postgres · hit 1/1") || strings.Contains(scr, "not sampled") {
				t.Errorf("enter did not open the trace:\n%s", scr)
			}
			s.send("q")
			s.gone()
		})
	}
}

func TestPickerThenBriefing(t *testing.T) {
	s := start(t, 100, 30)
	s.waitFor("pick an incident")
	s.send("Enter")
	s.waitFor("enter start the clock · esc back to the list")
	s.send("Escape")
	s.waitFor("pick an incident")
	s.send("q")
	s.gone()
}

func TestTooSmall(t *testing.T) {
	s := start(t, 50, 14, "play", "testdata/packs/mini")
	s.waitFor("terminal too small")
	s.send("q")
	s.gone()
}
