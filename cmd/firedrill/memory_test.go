package main

import (
	"path/filepath"
	"strings"
	"testing"

	"firedrill/game/pack"
)

// TestMaxMemory checks the budget from the flag and from the environment:
// a pack over it is refused with both sizes named, before it is parsed; a
// bad size is a usage error.
func TestMaxMemory(t *testing.T) {
	t.Cleanup(func() { pack.SetMaxMemory(0) })
	good := filepath.Join(t.TempDir(), "good")
	if _, _, code := runCLI(t, "pack", "new", good); code != 0 {
		t.Fatal("pack new failed")
	}
	refused := "too big to open: its includes hold "
	_, errOut, code := runCLI(t, "pack", "validate", "--max-memory", "1KiB", good)
	if code != 1 || !strings.Contains(errOut, refused) || !strings.Contains(errOut, "over the memory budget of 1 KiB (raise it with --max-memory or FIREDRILL_MAX_MEMORY)") {
		t.Fatalf("--max-memory 1KiB: code %d, err %q", code, errOut)
	}
	if !strings.HasPrefix(errOut, filepath.Join(good, "scenarios", "example.yaml")+": ") || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("want one error line at the scenario file, got %q", errOut)
	}
	if out, errOut, code := runCLI(t, "pack", "validate", "--max-memory", "64M", good); code != 0 {
		t.Fatalf("--max-memory 64M: code %d, out %q, err %q", code, out, errOut)
	}
	t.Setenv(pack.MaxMemoryEnv, "1K")
	if _, errOut, code := runCLI(t, "pack", "validate", good); code != 1 || !strings.Contains(errOut, refused) {
		t.Fatalf("%s=1K: code %d, err %q", pack.MaxMemoryEnv, code, errOut)
	}
	// The flag wins over the environment.
	if _, errOut, code := runCLI(t, "pack", "validate", "--max-memory", "1G", good); code != 0 {
		t.Fatalf("flag over env: code %d, err %q", code, errOut)
	}
	t.Setenv(pack.MaxMemoryEnv, "lots")
	if _, errOut, code := runCLI(t, "pack", "validate", good); code != 2 {
		t.Fatalf("bad env size: code %d, err %q", code, errOut)
	}
	if _, _, code := runCLI(t, "pack", "validate", "--max-memory", "-3G", good); code != 2 {
		t.Fatalf("--max-memory -3G: code %d, want 2", code)
	}
}
