package play

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/game/internal/fsx"
	"firedrill/game/internal/gametest"
)

// savedTwice saves a session with one action, then with two: the file has
// two actions and its .bak one.
func savedTwice(t *testing.T) (dir, path string) {
	t.Helper()
	clk, dir := gametest.NewClock(), t.TempDir()
	s := newTestSession(t, clk, game.ModeDrill, false)
	s.Record(game.ActTab, "", "logs")
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	s.Record(game.ActTab, "", "metrics")
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	return dir, s.Path(dir)
}

func TestLoadSessionFallsBackToBackup(t *testing.T) {
	for _, tc := range []struct {
		name    string
		damage  func(data []byte) []byte
		wantMsg string
	}{
		{"truncated", func(d []byte) []byte { return d[:len(d)/2] }, "truncated or not JSON"},
		{"empty", func([]byte) []byte { return nil }, "truncated or not JSON"},
		{"garbage", func([]byte) []byte { return []byte("\x00\x01\xffnot json") }, "truncated or not JSON"},
		{"null", func([]byte) []byte { return []byte("null") }, "no version"},
		{"newer version", func(d []byte) []byte {
			return []byte(strings.Replace(string(d), `"version":2`, `"version":99`, 1))
		}, "newer firedrill"},
		{"older version", func(d []byte) []byte {
			return []byte(strings.Replace(string(d), `"version":2`, `"version":1`, 1))
		}, "before sessions kept a timing record"},
		{"no ids", func(d []byte) []byte { return []byte(strings.Replace(string(d), `"pack":"mini"`, `"pack":""`, 1)) }, "no pack"},
		{"time goes back", func(d []byte) []byte {
			return []byte(strings.Replace(string(d), `"offset":1000000000`, `"offset":-1`, 1))
		}, "goes back in time"},
		{"negative hints", func(d []byte) []byte { return []byte(strings.Replace(string(d), `"hints":0`, `"hints":-1`, 1)) }, "negative count"},
		{"negative wrong submits", func(d []byte) []byte {
			return []byte(strings.Replace(string(d), `"hints":0`, `"hints":0,"wrong_submits":-2`, 1))
		}, "negative count"},
		{"bad mode", func(d []byte) []byte { return []byte(strings.Replace(string(d), `"mode":"drill"`, `"mode":"x"`, 1)) }, "unknown mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, path := savedTwice(t)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tc.damage(data), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := LoadSession(path)
			var rec *RecoveredError
			if !errors.As(err, &rec) || s == nil {
				t.Fatalf("got %v, %v; want the backup with a RecoveredError", s, err)
			}
			if len(s.Actions) != 1 || s.Actions[0].Detail != "logs" {
				t.Errorf("recovered actions %+v; want the backup's one", s.Actions)
			}
			msg := err.Error()
			for _, want := range []string{path + " is damaged", tc.wantMsg, "resumed from its backup " + path + ".bak"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			// The UI shows the notice and plays on: FindUnfinished passes both along.
			got, err := FindUnfinished(filepath.Dir(filepath.Dir(path)), "mini", "cache-stampede", game.ModeDrill)
			if got == nil || !errors.As(err, &rec) {
				t.Errorf("FindUnfinished = %v, %v; want the recovered session and the notice", got, err)
			}
		})
	}
}

func TestLoadSessionBothDamaged(t *testing.T) {
	for _, tc := range []struct {
		name      string
		file, bak []byte // nil: missing
	}{
		{"both garbage", []byte("{"), []byte("}")},
		{"file missing, backup garbage", nil, []byte(`{"version":1}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, path := savedTwice(t)
			for p, data := range map[string][]byte{path: tc.file, path + ".bak": tc.bak} {
				os.Remove(p)
				if data != nil {
					os.WriteFile(p, data, 0o600)
				}
			}
			s, err := LoadSession(path)
			var dmg *DamagedError
			if s != nil || !errors.As(err, &dmg) {
				t.Fatalf("got %v, %v; want a DamagedError", s, err)
			}
			if !strings.Contains(err.Error(), "cannot be resumed") || !strings.Contains(err.Error(), "backup") {
				t.Errorf("unclear message %q", err)
			}
			if got, ferr := FindUnfinished(dir, "mini", "cache-stampede", game.ModeDrill); got != nil || !errors.As(ferr, &dmg) {
				t.Errorf("FindUnfinished = %v, %v; want the DamagedError", got, ferr)
			}
		})
	}
}

// TestSessionCrashBeforeRename simulates a crash after the temp file was
// (partly or fully) written but before the rename: the session loads as
// the last complete save, losing only the action being saved.
func TestSessionCrashBeforeRename(t *testing.T) {
	for _, tc := range []struct {
		name   string
		leave  func(next []byte) []byte // what the crash leaves in the temp file
		linked bool                     // the crash came after the .bak link
	}{
		{"partial temp file", func(d []byte) []byte { return d[:len(d)/3] }, false},
		{"complete temp file, no rename", func(d []byte) []byte { return d }, false},
		{"after the backup link", func(d []byte) []byte { return d }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk, dir := gametest.NewClock(), t.TempDir()
			s := newTestSession(t, clk, game.ModeDrill, false)
			playFortySeconds(s, clk)
			if err := s.Save(dir); err != nil {
				t.Fatal(err)
			}
			path := s.Path(dir)
			s.Record(game.ActSearch, "", "lost in the crash")
			next, err := s.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
			if err != nil {
				t.Fatal(err)
			}
			tmp.Write(tc.leave(next))
			tmp.Close()
			if tc.linked {
				if err := fsx.LinkBackup(path); err != nil {
					t.Fatal(err)
				}
			}
			got, err := LoadSession(path)
			if err != nil {
				t.Fatalf("load after the crash: %v", err)
			}
			if n := len(got.Actions); n != 3 || got.Actions[n-1].Kind != game.ActNote {
				t.Errorf("loaded %d actions, last %+v; want the 3 saved before the crash", n, got.Actions[n-1])
			}
		})
	}
}

const writerEnv = "FIREDRILL_TEST_SESSION_WRITER"

// TestSessionKilledMidWrite runs a child process (this test binary) that
// saves a session after every action, SIGKILLs it at varying points, and
// checks the session on disk loads whole and lacks at most the action
// whose save was in flight.
func TestSessionKilledMidWrite(t *testing.T) {
	if dir := os.Getenv(writerEnv); dir != "" {
		writeSessionsUntilKilled(dir)
		return
	}
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	// Kill at varying points until at least one kill has landed mid-write
	// (a temp file left behind), which a write of this size and its fsync
	// make likely within a few rounds.
	midWrite, rounds := 0, 0
	for ; rounds < 40 && (rounds < 5 || midWrite == 0); rounds++ {
		killAfter := []int{1, 5, 12, 30, 47}[rounds%5]
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestSessionKilledMidWrite$", "-test.count=1")
		cmd.Env = append(os.Environ(), writerEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		confirmed := -1 // the last save the child reported complete
		var lastSave time.Time
		period := time.Millisecond // the child's time per save, measured
		lines := bufio.NewScanner(out)
		for confirmed < killAfter && lines.Scan() {
			if n, err := strconv.Atoi(lines.Text()); err == nil {
				now := time.Now()
				if confirmed >= 0 {
					period = max(period, now.Sub(lastSave))
				}
				lastSave, confirmed = now, n
			}
		}
		// A random pause of up to one save moves the kill off the start of
		// the next iteration (the child is ready to run the moment it has
		// printed) into its write and fsync.
		time.Sleep(rand.N(period))
		cmd.Process.Kill() // SIGKILL on Unix: no chance to finish the write
		for lines.Scan() { // saves reported after our read and before the kill
			if n, err := strconv.Atoi(lines.Text()); err == nil {
				confirmed = n
			}
		}
		cmd.Wait()
		if confirmed < killAfter {
			t.Fatalf("child stopped at save %d before the kill", confirmed)
		}

		s, err := LoadSession(SessionPath(dir, "mini", "cache-stampede", game.ModeDrill))
		if err != nil {
			t.Fatalf("kill after save %d: %v", confirmed, err)
		}
		last := len(s.Actions) - 1
		if last != confirmed && last != confirmed+1 {
			t.Errorf("kill after save %d: session has actions 0..%d; want %d or %d", confirmed, last, confirmed, confirmed+1)
		}
		for i, a := range s.Actions {
			if a.Detail != strconv.Itoa(i) {
				t.Fatalf("action %d is %q: the log is not a prefix of what was played", i, a.Detail)
			}
		}
		if len(gametest.Leftovers(t, filepath.Dir(SessionPath(dir, "mini", "cache-stampede", game.ModeDrill)))) > 0 {
			midWrite++
		}
	}
	t.Logf("%d kills, %d of them mid-write", rounds, midWrite)
	if midWrite == 0 {
		t.Errorf("no kill in %d landed mid-write: the test proved nothing", rounds)
	}
}

// writeSessionsUntilKilled is the child: record an action, save, report
// the save on stdout, forever (bounded, should the parent die). The
// notebook is padded so each write takes long enough to be interrupted.
func writeSessionsUntilKilled(dir string) {
	s, err := NewSession(SessionConfig{PackID: "mini", Scenario: gametest.CacheScenario(), Mode: game.ModeDrill})
	if err != nil {
		panic(err)
	}
	for i := range 200 {
		s.Notebook.Hypotheses = append(s.Notebook.Hypotheses, game.Hypothesis{ID: i + 1, Text: strings.Repeat("padding ", 100)})
	}
	for i := range 100_000 {
		s.Record(game.ActSearch, "", strconv.Itoa(i))
		if err := s.Save(dir); err != nil {
			panic(err)
		}
		fmt.Println(i)
	}
}

// Finding 7: an unreadable session file was called "damaged". A file that
// cannot be read (permission denied, a folder in its place) is not
// damaged: the error says what the system said, and the .bak, older, is
// not resumed in its place.
func TestUnreadableSessionIsNotDamaged(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"a folder in its place", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(path, 0o700); err != nil {
				t.Fatal(err)
			}
		}, "is a directory"},
		{"permission denied", func(t *testing.T, path string) {
			if os.Geteuid() == 0 {
				t.Skip("root reads any file")
			}
			if err := os.Chmod(path, 0); err != nil {
				t.Fatal(err)
			}
		}, "permission denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, path := savedTwice(t)
			tc.make(t, path)
			s, err := FindUnfinished(dir, "mini", "cache-stampede", game.ModeDrill)
			var unreadable *UnreadableError
			if s != nil || !errors.As(err, &unreadable) {
				t.Fatalf("FindUnfinished = %v, %v; want an UnreadableError", s, err)
			}
			msg := err.Error()
			if strings.Contains(msg, "damaged") || !strings.Contains(msg, tc.want) || !strings.Contains(msg, path) {
				t.Errorf("message %q; want it to name %s and say %q, not damaged", msg, path, tc.want)
			}
		})
	}
}
