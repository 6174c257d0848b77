package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs firedrill in-process and returns its output and the exit
// status main would give (0, 1 for bad input, 2 for usage).
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRootCmd()
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	err := cmd.Execute()
	var ee *exitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.code
	default:
		code = 2
	}
	return out.String(), errOut.String(), code
}

func TestPackNewValidates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "My Pack!")
	out, errOut, code := runCLI(t, "pack", "new", dir)
	if code != 0 || !strings.HasPrefix(out, "created ") {
		t.Fatalf("pack new: code %d, out %q, err %q", code, out, errOut)
	}
	head, err := os.ReadFile(filepath.Join(dir, "pack.yaml"))
	if err != nil || !strings.Contains(string(head), "id: my-pack ") {
		t.Fatalf("pack.yaml id not derived from the folder name:\n%s", head)
	}
	out, errOut, code = runCLI(t, "pack", "validate", dir, filepath.Join(dir, "scenarios", "example.yaml"))
	// Each valid path is followed by what its include files gave.
	include := "  " + filepath.Join(dir, "data", "checkout.jsonl") + ": 5 log lines (jsonl)\n"
	want := "ok " + dir + " (1 scenario)\n" + include + "ok " + filepath.Join(dir, "scenarios", "example.yaml") + " (1 scenario)\n" + include
	if code != 0 || out != want || errOut != "" {
		t.Fatalf("validate: code %d\nout %q\nwant %q\nerr %q", code, out, want, errOut)
	}
	// A second run must not overwrite the now non-empty folder.
	if _, _, code = runCLI(t, "pack", "new", dir); code != 1 {
		t.Fatalf("pack new over an existing pack: code %d, want 1", code)
	}
}

func TestPackNewRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600))
	_, _, code := runCLI(t, "pack", "new", dir)
	if code != 1 {
		t.Fatalf("code = %d, want 1", code)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "mine" {
		t.Fatal("existing file changed")
	}
	if _, err := os.Stat(filepath.Join(dir, "pack.yaml")); err == nil {
		t.Fatal("pack.yaml written into a non-empty folder")
	}
}

func TestPackValidate(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	must(t, os.WriteFile(bad, []byte("format: firedrill/v1\nid: Bad Id\n"), 0o600))
	good := filepath.Join(dir, "good")
	if _, _, code := runCLI(t, "pack", "new", good); code != 0 {
		t.Fatal("pack new failed")
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"valid", []string{good}, 0, "ok " + good + " (1 scenario)\n", ""},
		{"invalid", []string{bad}, 1, "", bad + ":2: id: \"Bad Id\" must match"},
		{"invalid first line", []string{bad}, 1, "", bad + ":1: time_limit: missing"},
		{"mixed", []string{good, bad}, 1, "ok " + good, bad + ":2: id:"},
		{"missing", []string{filepath.Join(dir, "nope")}, 1, "", filepath.Join(dir, "nope") + ": no such file"},
		{"usage", nil, 2, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"pack", "validate"}, tt.args...)...)
			if code != tt.code || !strings.HasPrefix(out, tt.out) || !strings.Contains(errOut, tt.err) {
				t.Fatalf("code %d out %q err %q; want %d, %q, %q", code, out, errOut, tt.code, tt.out, tt.err)
			}
			if tt.code == 1 {
				for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
					if !strings.Contains(line, ": ") {
						t.Errorf("error line without a position: %q", line)
					}
				}
			}
		})
	}
}

func TestList(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	packs := filepath.Join(xdg, "firedrill", "packs")
	if _, _, code := runCLI(t, "pack", "new", filepath.Join(packs, "mine")); code != 0 {
		t.Fatal("pack new failed")
	}
	must(t, os.MkdirAll(filepath.Join(packs, "broken"), 0o755))
	must(t, os.WriteFile(filepath.Join(packs, "broken", "pack.yaml"), []byte("format: nope\n"), 0o600))

	out, errOut, code := runCLI(t, "list", "--json")
	if code != 0 {
		t.Fatalf("code %d, err %s", code, errOut)
	}
	var got listJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Packs) < 2 || got.Packs[0].Source != "embedded" {
		t.Fatalf("packs = %+v", got.Packs)
	}
	mine := got.Packs[len(got.Packs)-1]
	if mine.ID != "mine" || mine.Source != filepath.Join(packs, "mine") || len(mine.Scenarios) != 1 {
		t.Fatalf("installed pack = %+v", mine)
	}
	if s := mine.Scenarios[0]; s.ID != "example" || s.Difficulty != 2 || s.TimeLimit != "15m" || s.TimeLimitSeconds != 900 ||
		strings.Join(s.Tags, ",") != "database" {
		t.Errorf("scenario = %+v", s)
	}
	if len(got.Errors) == 0 || !strings.Contains(got.Errors[0], filepath.Join(packs, "broken", "pack.yaml")) {
		t.Errorf("errors = %v, want the broken pack reported", got.Errors)
	}

	out, errOut, code = runCLI(t, "list")
	if code != 0 || !strings.Contains(out, "mine/example") || !strings.Contains(out, "★★☆☆☆") ||
		!strings.Contains(errOut, "broken") {
		t.Fatalf("list text: code %d\n%s\nerr %s", code, out, errOut)
	}
}

// An installed pack's folder name came with the pack (an archive's top
// folder): list prints it, so it must not carry escapes to the terminal.
func TestListSanitizesFolderNames(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	evil := filepath.Join(xdg, "firedrill", "packs", "x\x1b]0;pwned\a")
	if _, _, code := runCLI(t, "pack", "new", evil); code != 0 {
		t.Fatal("pack new failed")
	}
	out, errOut, code := runCLI(t, "list")
	if code != 0 || !strings.Contains(out, "x^[]0;pwned^G") || strings.ContainsAny(out+errOut, "\x1b\a") {
		t.Fatalf("list: code %d\n%q\nerr %q", code, out, errOut)
	}
}

func TestCompletionListed(t *testing.T) {
	out, _, code := runCLI(t, "--help")
	if code != 0 || !strings.Contains(out, "completion") || !strings.Contains(out, "pack") || !strings.Contains(out, "list") {
		t.Fatalf("help lacks commands:\n%s", out)
	}
	out, _, code = runCLI(t, "completion", "bash")
	if code != 0 || !strings.Contains(out, "bash completion") {
		t.Fatalf("completion bash: code %d, %.80q", code, out)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
