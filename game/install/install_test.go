package install

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"firedrill/game/internal/gametest"
	"firedrill/game/seal"
)

// sealedMini is a sealed copy of the mini pack, signed by gametest.Key(5).
func sealedMini(t *testing.T) string {
	return gametest.SealedMini(t, func(src, out string) error {
		_, err := seal.Pack(src, out, seal.Options{Key: gametest.Key(5), Rand: seal.SeededRand(1), AllowPublic: true})
		return err
	})
}

func exportTo(t *testing.T, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(dir, "mini", &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func trustStore(t *testing.T, trusted bool) *seal.TrustStore {
	store := &seal.TrustStore{Dir: filepath.Join(t.TempDir(), "trusted")}
	if trusted {
		if _, err := store.Add(gametest.Key(5).Public().(ed25519.PublicKey), "author"); err != nil {
			t.Fatal(err)
		}
	}
	return store
}

func TestInstallSealedArchiveVerifiesAndSaysTrust(t *testing.T) {
	src := sealedMini(t)
	archive := filepath.Join(t.TempDir(), "mini.tar.gz")
	if err := os.WriteFile(archive, exportTo(t, src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, trusted := range []bool{true, false} {
		packs := filepath.Join(t.TempDir(), "packs")
		rep, err := Install(archive, Options{PacksDir: packs, Trust: trustStore(t, trusted)})
		if err != nil {
			t.Fatal(err)
		}
		if rep.ID != "mini" || !rep.Status.Verified || rep.Status.Trusted != trusted {
			t.Fatalf("trusted=%v: report %+v", trusted, rep)
		}
		if rep.Status.Report.Fingerprint != seal.Fingerprint(gametest.Key(5).Public().(ed25519.PublicKey)) {
			t.Errorf("fingerprint %q", rep.Status.Report.Fingerprint)
		}
		// the installed copy still verifies, and nothing else is left in packs/
		if _, err := seal.VerifyPackWith(rep.Dir, nil); err != nil {
			t.Errorf("installed copy: %v", err)
		}
		entries, _ := os.ReadDir(packs)
		if len(entries) != 1 || entries[0].Name() != "mini" {
			t.Errorf("packs folder holds %v", entries)
		}
		// a second install is refused, --replace replaces
		if _, err := Install(archive, Options{PacksDir: packs}); !errors.Is(err, ErrInstalled) {
			t.Errorf("second install: %v", err)
		}
		if rep, err := Install(src, Options{PacksDir: packs, Replace: true}); err != nil || !rep.Replaced {
			t.Errorf("replace from the folder: %+v %v", rep, err)
		}
	}
}

func TestInstallRefusesTamperedPack(t *testing.T) {
	src := sealedMini(t)
	f := filepath.Join(src, "pack.yaml")
	data, _ := os.ReadFile(f)
	if err := os.WriteFile(f, append(data, []byte("\n# edited\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	packs := filepath.Join(t.TempDir(), "packs")
	_, err := Install(src, Options{PacksDir: packs})
	if !errors.Is(err, seal.ErrTampered) || !strings.Contains(err.Error(), "pack.yaml") {
		t.Fatalf("tampered pack: %v", err)
	}
	entries, _ := os.ReadDir(packs)
	if len(entries) != 0 {
		t.Errorf("a refused install left %v", entries)
	}
}

func TestExportIsDeterministic(t *testing.T) {
	src := sealedMini(t)
	a := exportTo(t, src)
	// the same files with other times and modes make the same bytes
	_ = filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			os.Chmod(p, 0o600)
			os.Chtimes(p, info.ModTime().AddDate(1, 0, 0), info.ModTime().AddDate(1, 0, 0))
		}
		return nil
	})
	b := exportTo(t, src)
	if !bytes.Equal(a, b) {
		t.Fatal("exporting the same pack twice made different archives")
	}
	zr, _ := gzip.NewReader(bytes.NewReader(a))
	tr := tar.NewReader(zr)
	var names []string
	for {
		h, err := tr.Next()
		if err != nil {
			break
		}
		names = append(names, h.Name)
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" || !h.ModTime.Equal(exportTime) || (h.Mode != 0o644 && h.Mode != 0o755) {
			t.Errorf("%s: uid %d gid %d %q mode %o mtime %v", h.Name, h.Uid, h.Gid, h.Uname, h.Mode, h.ModTime)
		}
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Errorf("entries out of order: %q before %q", names[i-1], names[i])
		}
	}
	if len(names) < 4 || names[0] != "mini/" {
		t.Errorf("entries %v", names)
	}
}

func TestRemove(t *testing.T) {
	packs := filepath.Join(t.TempDir(), "packs")
	if _, err := Install(sealedMini(t), Options{PacksDir: packs}); err != nil {
		t.Fatal(err)
	}
	dir, err := Remove(packs, "mini")
	if err != nil || filepath.Base(dir) != "mini" {
		t.Fatalf("remove: %q %v", dir, err)
	}
	if entries, _ := os.ReadDir(packs); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
	if _, err := Remove(packs, "mini"); err == nil || !strings.Contains(err.Error(), "no installed pack") {
		t.Errorf("second remove: %v", err)
	}
}

func TestInstallRefusesLinksInAFolderAndBrokenPacks(t *testing.T) {
	packs := filepath.Join(t.TempDir(), "packs")
	src := filepath.Join(t.TempDir(), "mini")
	gametest.CopyTree(t, gametest.MiniPack(), src)
	if err := os.Symlink("/etc/passwd", filepath.Join(src, "data.jsonl")); err != nil {
		t.Fatal(err)
	}
	if _, err := Install(src, Options{PacksDir: packs}); err == nil || !strings.Contains(err.Error(), "not a plain file") {
		t.Errorf("a folder with a symlink: %v", err)
	}
	os.Remove(filepath.Join(src, "data.jsonl"))
	if err := os.WriteFile(filepath.Join(src, "pack.yaml"), []byte("format: firedrill/v1\nid: Not An Id\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Install(src, Options{PacksDir: packs})
	if err == nil || !strings.Contains(err.Error(), "does not load") || strings.Contains(err.Error(), ".install-") {
		t.Errorf("a broken pack: %v", err)
	}
	if entries, _ := os.ReadDir(packs); len(entries) != 0 {
		t.Errorf("refused installs left %v", entries)
	}
	if _, err := Remove(packs, "starter"); err == nil || !strings.Contains(err.Error(), "built into firedrill") {
		t.Errorf("removing a built-in pack: %v", err)
	}
	if _, err := Remove(packs, "../x"); err == nil || !strings.Contains(err.Error(), "no installed pack") {
		t.Errorf("removing ../x: %v", err)
	}
}
