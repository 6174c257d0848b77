package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes firedrill in-process and returns stdout and the exit code
// main would use (0, 1 bad input, 2 usage).
func run(t *testing.T, args ...string) (string, int, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	code := 0
	if err != nil {
		code = 2
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
	}
	return out.String(), code, err
}

// isolate points the config dir at a temp folder so trust is per test.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("HOME", dir)
	return dir
}

// copyMini copies the fixture source pack to a temp folder.
func copyMini(t *testing.T, dst string) {
	t.Helper()
	src := "../../testdata/packs/mini"
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, code, err := run(t, args...)
	if code != 0 {
		t.Fatalf("firedrill %s: exit %d: %v\n%s", strings.Join(args, " "), code, err, out)
	}
	return out
}

func fingerprintIn(t *testing.T, out string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if fp, ok := strings.CutPrefix(line, "fingerprint: "); ok {
			return fp
		}
	}
	t.Fatalf("no fingerprint in %q", out)
	return ""
}

func TestKeygenAndTrust(t *testing.T) {
	dir := isolate(t)
	key := filepath.Join(dir, "author")
	fp := fingerprintIn(t, mustRun(t, "keygen", key))
	if _, code, _ := run(t, "keygen", key); code != 1 {
		t.Errorf("keygen over an existing key: exit %d; want 1", code)
	}
	if out := mustRun(t, "trust", "list"); !strings.Contains(out, "no trusted keys") {
		t.Errorf("empty list: %q", out)
	}
	mustRun(t, "trust", "add", key+".pub", "--name", "Jane")
	if out := mustRun(t, "trust", "list"); !strings.Contains(out, fp+"  Jane") {
		t.Errorf("list after add = %q; want %s  Jane", out, fp)
	}
	if _, code, _ := run(t, "trust", "add", key); code != 1 {
		t.Errorf("trust add of a private key: exit %d; want 1", code)
	}
	mustRun(t, "trust", "remove", strings.ToLower(fp))
	if out := mustRun(t, "trust", "list"); strings.Contains(out, fp) {
		t.Errorf("list after remove still has the key: %q", out)
	}
	if _, code, _ := run(t, "trust", "remove", fp); code != 1 {
		t.Errorf("removing an unknown key: exit %d; want 1", code)
	}
}

func TestPackSealAndVerify(t *testing.T) {
	dir := isolate(t)
	key := filepath.Join(dir, "author")
	fp := fingerprintIn(t, mustRun(t, "keygen", key))
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "sealed")
	copyMini(t, src)

	if _, code, _ := run(t, "pack", "seal", src, out); code != 2 {
		t.Errorf("seal without --key: exit %d; want 2", code)
	}
	sealOut := mustRun(t, "pack", "seal", src, out, "--key", key, "--seed", "7")
	if !strings.Contains(sealOut, "sealed 1 scenario into") || !strings.Contains(sealOut, fp) {
		t.Errorf("seal printed %q", sealOut)
	}
	if _, code, _ := run(t, "pack", "seal", src, out, "--key", key); code != 1 {
		t.Errorf("sealing into a non-empty folder: exit %d; want 1", code)
	}

	got := mustRun(t, "pack", "verify", out)
	if !strings.HasPrefix(got, "OK ") || !strings.Contains(got, fp+" untrusted") {
		t.Errorf("verify of an untrusted pack printed %q", got)
	}
	mustRun(t, "trust", "add", key+".pub", "--name", "Jane")
	if got := mustRun(t, "pack", "verify", out); !strings.Contains(got, fp+" trusted as Jane") {
		t.Errorf("verify of a trusted pack printed %q", got)
	}

	scenario := filepath.Join(out, "scenarios", "cache.yaml")
	data, _ := os.ReadFile(scenario)
	os.WriteFile(scenario, append(data, '#'), 0o644)
	_, code, err := run(t, "pack", "verify", out)
	if code != 1 || err == nil || err.Error() != scenario+": digest mismatch" {
		t.Errorf("tampered pack: exit %d, %v; want 1, %s: digest mismatch", code, err, scenario)
	}
	if _, code, err := run(t, "pack", "verify", src); code != 1 || !strings.Contains(err.Error(), "not a sealed pack") {
		t.Errorf("source pack: exit %d, %v", code, err)
	}
}

func TestPackSealInterview(t *testing.T) {
	dir := isolate(t)
	key := filepath.Join(dir, "author")
	mustRun(t, "keygen", key)
	src, out, keyOut := filepath.Join(dir, "src"), filepath.Join(dir, "sealed"), filepath.Join(dir, "interviewer.json")
	copyMini(t, src)
	got := mustRun(t, "pack", "seal", src, out, "--key", key, "--interview", keyOut)
	if !strings.Contains(got, "interview key: "+keyOut) {
		t.Errorf("seal --interview printed %q", got)
	}
	if got := mustRun(t, "pack", "verify", out); !strings.Contains(got, "interview pack") {
		t.Errorf("verify of an interview pack printed %q", got)
	}
}

// Finding 4 at the command line: sealing a copy of an embedded pack is
// refused with the way out named; --allow-public seals it and warns on
// stderr that the answer ships with every firedrill binary.
func TestPackSealRefusesAPublicScenario(t *testing.T) {
	dir := isolate(t)
	key := filepath.Join(dir, "author")
	mustRun(t, "keygen", key)
	src := filepath.Join(dir, "my-pack")
	if err := os.CopyFS(src, os.DirFS("../../scenarios/starter")); err != nil {
		t.Fatal(err)
	}
	out, code, err := run(t, "pack", "seal", src, filepath.Join(dir, "candidate-pack"), "--key", key,
		"--interview", filepath.Join(dir, "key.json"))
	if code != 1 || err == nil || !strings.Contains(err.Error(), "embedded scenario starter/payments-failing") ||
		!strings.Contains(err.Error(), "--allow-public") {
		t.Fatalf("seal of the starter pack: exit %d, %v\n%s", code, err, out)
	}
	root := newRootCmd()
	var stdout, stderr bytes.Buffer
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	root.SetArgs([]string{"pack", "seal", src, filepath.Join(dir, "practice-pack"), "--key", key, "--allow-public"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	all, err := filepath.Glob(filepath.Join(src, "scenarios", "*.yaml"))
	if err != nil || len(all) == 0 {
		t.Fatalf("the starter copy holds no scenario: %v", err)
	}
	if !strings.Contains(stderr.String(), "warning: scenario \"payments-failing\" is embedded scenario starter/payments-failing") ||
		!strings.Contains(stderr.String(), "ships with every firedrill binary") || !strings.Contains(stdout.String(), fmt.Sprintf("sealed %d scenarios", len(all))) {
		t.Errorf("--allow-public:\nstdout %s\nstderr %s", stdout.String(), stderr.String())
	}
}

// The pack new example ships in every binary too (pack new writes it,
// answer and all): sealing it unchanged for candidates is refused like an
// embedded scenario.
func TestPackSealRefusesThePackNewExample(t *testing.T) {
	dir := isolate(t)
	key := filepath.Join(dir, "author")
	mustRun(t, "keygen", key)
	src := filepath.Join(dir, "my-pack")
	mustRun(t, "pack", "new", src)
	out, code, err := run(t, "pack", "seal", src, filepath.Join(dir, "candidate-pack"), "--key", key,
		"--interview", filepath.Join(dir, "key.json"))
	if code != 1 || err == nil || !strings.Contains(err.Error(), "the pack new example") {
		t.Fatalf("seal of the pack new example: exit %d, %v\n%s", code, err, out)
	}
}
