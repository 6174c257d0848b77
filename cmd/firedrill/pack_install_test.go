package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sealedMiniCLI seals a copy of the mini pack with a new key through the
// commands, and returns the sealed folder, the key and its fingerprint.
func sealedMiniCLI(t *testing.T, dir string) (sealed, key, fp string) {
	t.Helper()
	key = filepath.Join(dir, "author")
	fp = fingerprintIn(t, mustRun(t, "keygen", key))
	src := filepath.Join(dir, "src")
	copyMini(t, src)
	sealed = filepath.Join(dir, "sealed")
	mustRun(t, "pack", "seal", src, sealed, "--key", key, "--seed", "7")
	return sealed, key, fp
}

func TestPackExportInstallListRemove(t *testing.T) {
	dir := isolate(t)
	sealed, key, fp := sealedMiniCLI(t, dir)
	archive := filepath.Join(dir, "mini.tar.gz")
	if out := mustRun(t, "pack", "export", sealed, archive); !strings.Contains(out, "pack mini") {
		t.Errorf("export printed %q", out)
	}
	if _, code, err := run(t, "pack", "export", sealed, archive); code != 1 || !strings.Contains(err.Error(), "exists") {
		t.Errorf("export over an existing file: exit %d, %v", code, err)
	}

	out := mustRun(t, "pack", "install", archive)
	if !strings.Contains(out, "installed mini") || !strings.Contains(out, "signed by "+fp+", NOT trusted") {
		t.Errorf("install of an untrusted pack printed %q", out)
	}
	listed := mustRun(t, "list")
	if !strings.Contains(listed, "signed by "+fp+", NOT trusted") {
		t.Errorf("list does not show the author and trust:\n%s", listed)
	}
	mustRun(t, "trust", "add", key+".pub", "--name", "Jane")
	var lj listJSON
	if err := json.Unmarshal([]byte(mustRun(t, "list", "--json")), &lj); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range lj.Packs {
		if p.ID == "mini" {
			found = true
			if !p.Seal.Verified || !p.Seal.Trusted || p.Seal.Fingerprint != fp || p.Seal.TrustedName != "Jane" {
				t.Errorf("list --json seal: %+v", p.Seal)
			}
		}
	}
	if !found {
		t.Fatal("list --json has no mini pack")
	}
	if _, code, err := run(t, "pack", "install", archive); code != 1 || !strings.Contains(err.Error(), "--replace") {
		t.Errorf("second install: exit %d, %v", code, err)
	}
	if out := mustRun(t, "pack", "install", "--replace", sealed); !strings.Contains(out, "replaced mini") || !strings.Contains(out, "trusted as Jane") {
		t.Errorf("replace printed %q", out)
	}
	mustRun(t, "pack", "remove", "mini")
	if listed := mustRun(t, "list"); strings.Contains(listed, "mini —") {
		t.Errorf("list after remove still shows mini:\n%s", listed)
	}
	if _, code, _ := run(t, "pack", "remove", "mini"); code != 1 {
		t.Errorf("removing it twice: exit %d", code)
	}
}

func TestPackInstallRefusesTampered(t *testing.T) {
	dir := isolate(t)
	sealed, _, _ := sealedMiniCLI(t, dir)
	scenario := filepath.Join(sealed, "scenarios", "cache.yaml")
	data, _ := os.ReadFile(scenario)
	must(t, os.WriteFile(scenario, append(data, '#'), 0o644))
	_, code, err := run(t, "pack", "install", sealed)
	if code != 1 || !strings.Contains(err.Error(), "does not match its signature") || !strings.Contains(err.Error(), "scenarios/cache.yaml") {
		t.Fatalf("tampered install: exit %d, %v", code, err)
	}
	if listed := mustRun(t, "list"); strings.Contains(listed, "mini —") {
		t.Errorf("a refused pack is listed:\n%s", listed)
	}
}
