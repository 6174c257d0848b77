package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigSetShowGet(t *testing.T) {
	dir := isolate(t)
	if out := mustRun(t, "config"); !strings.Contains(out, "name:   (not set)") {
		t.Errorf("empty config shows %q", out)
	}
	key := filepath.Join(dir, "player.key")
	if _, code, err := run(t, "config", "set", "key", key); code != 1 || !strings.Contains(err.Error(), "firedrill keygen") {
		t.Errorf("a missing key: exit %d, %v", code, err)
	}
	fp := fingerprintIn(t, mustRun(t, "keygen", key))
	mustRun(t, "config", "set", "key", key)
	mustRun(t, "config", "set", "name", "Jane Doe")
	mustRun(t, "config", "set", "team", filepath.Join(dir, "team"))
	out := mustRun(t, "config")
	for _, want := range []string{"name:   Jane Doe", "fingerprint " + fp, "team:   " + filepath.Join(dir, "team"),
		filepath.Join(dir, "config", "firedrill", "config.yaml")} {
		if !strings.Contains(out, want) {
			t.Errorf("config shows %q; want %q in it", out, want)
		}
	}
	if got := mustRun(t, "config", "get", "name"); got != "Jane Doe\n" {
		t.Errorf("get name = %q", got)
	}
	if _, code, _ := run(t, "config", "set", "colour", "red"); code != 2 {
		t.Errorf("unknown field: exit %d; want 2", code)
	}
}
