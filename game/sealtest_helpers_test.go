package game

import (
	"crypto/ed25519"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// miniPack is the source fixture every seal test starts from.
const miniPack = "../testdata/packs/mini"

// copyTree copies the folder src to dst (created), files only.
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testKey is a fixed author key, so tests are reproducible.
func testKey(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = seed
	}
	return ed25519.NewKeyFromSeed(s)
}

// signedCopy copies the mini pack to a temp folder and signs it as is.
func signedCopy(t testing.TB, priv ed25519.PrivateKey) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	copyTree(t, miniPack, dir)
	if _, err := SignPack(dir, priv); err != nil {
		t.Fatal(err)
	}
	return dir
}

// allFiles lists every regular file under dir, relative and slash-separated.
func allFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sealedFixture is the pack the tamper tests walk: every kind of file a
// sealed pack holds.
func sealedFixture(t testing.TB) string {
	return sealMini(t, SealOptions{Key: testKey(3), Rand: SeededRand(1)})
}

// sealMini seals a temp copy of the mini pack and returns the sealed folder.
func sealMini(t testing.TB, opts SealOptions) string {
	t.Helper()
	base := t.TempDir()
	src := filepath.Join(base, "src")
	copyTree(t, miniPack, src)
	out := filepath.Join(base, "sealed")
	if _, err := SealPack(src, out, opts); err != nil {
		t.Fatal(err)
	}
	return out
}
