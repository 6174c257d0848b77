package gametest

import (
	"crypto/ed25519"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// T is the part of testing.TB the fixtures use; *testing.T and *testing.B
// satisfy it.
type T interface {
	Helper()
	Fatal(args ...any)
	TempDir() string
}

// MiniPack is the path of testdata/packs/mini, the source pack the seal,
// session and grading tests start from, wherever the test runs.
func MiniPack() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "packs", "mini")
}

// CopyTree copies the folder src to dst (created), files only.
func CopyTree(t T, src, dst string) {
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

// SealedMini seals a temp copy of the mini pack with seal (seal.Pack with
// the test's options: this package does not import seal, so seal's own
// tests can use it) and returns the sealed folder.
func SealedMini(t T, seal func(src, out string) error) string {
	t.Helper()
	base := t.TempDir()
	src := filepath.Join(base, "src")
	CopyTree(t, MiniPack(), src)
	out := filepath.Join(base, "sealed")
	if err := seal(src, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// AllFiles lists every regular file under dir, relative and slash-separated.
func AllFiles(t T, dir string) []string {
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

// Leftovers lists the temp files an atomic write left in dir.
func Leftovers(t T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			out = append(out, e.Name())
		}
	}
	return out
}

// Key is a fixed author key, so tests are reproducible.
func Key(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = seed
	}
	return ed25519.NewKeyFromSeed(s)
}
