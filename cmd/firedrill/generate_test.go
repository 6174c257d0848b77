package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"firedrill/game/pack"
)

func runGenerate(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(append([]string{"generate"}, args...))
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

func TestGenerateWritesAPlayableScenario(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "drill.yaml")
	if _, _, err := runGenerate(t, "--archetype", "consumer-lag", "--seed", "3", "--difficulty", "2", file); err != nil {
		t.Fatal(err)
	}
	pack, errs := pack.Open(file)
	if len(errs) > 0 {
		t.Fatalf("generated file does not load: %v", errs)
	}
	if got := pack.Scenarios[0].ID; got != "gen-consumer-lag-3-d2" {
		t.Errorf("scenario id %q", got)
	}
	// A folder receives <id>.yaml with the same bytes.
	if _, _, err := runGenerate(t, "--archetype", "consumer-lag", "--seed", "3", "--difficulty", "2", filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(file)
	b, err := os.ReadFile(filepath.Join(dir, "out", "gen-consumer-lag-3-d2.yaml"))
	if err != nil || !bytes.Equal(a, b) {
		t.Errorf("folder output differs from file output (err %v)", err)
	}
}

func TestGenerateListsAndRejects(t *testing.T) {
	out, _, err := runGenerate(t, "--list")
	if err != nil || !strings.Contains(out, "retry-storm") || !strings.Contains(out, "cert-expiry") {
		t.Errorf("--list printed %q (err %v)", out, err)
	}
	for _, args := range [][]string{
		{"--archetype", "nope", "x.yaml"},
		{"--difficulty", "9", "x.yaml"},
		{"--seed", "1"}, // no OUT
	} {
		if _, _, err := runGenerate(t, args...); err == nil {
			t.Errorf("generate %v: want an error", args)
		}
	}
}
