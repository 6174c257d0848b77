package seal

import (
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"firedrill/game/internal/gametest"
)

func TestVerifyPackOK(t *testing.T) {
	priv := gametest.Key(3)
	dir := signedCopy(t, priv)
	store := TrustStore{Dir: t.TempDir()}

	rep, err := VerifyPackWith(dir, &store)
	if err != nil {
		t.Fatal(err)
	}
	pub := priv.Public().(ed25519.PublicKey)
	if rep.Fingerprint != Fingerprint(pub) || rep.Trusted || rep.Files != 2 {
		t.Errorf("report = %+v; want the signer's fingerprint, untrusted, 2 files", rep)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, ManifestFile))
	if rep.ManifestDigest != ManifestDigest(manifest) {
		t.Error("report digest is not sha256(MANIFEST)")
	}
	store.Add(pub, "tests")
	rep, err = VerifyPackWith(dir, &store)
	if err != nil || !rep.Trusted || rep.TrustedName != "tests" {
		t.Errorf("after trusting: %+v, %v", rep, err)
	}
}

func TestVerifyPackNotSealed(t *testing.T) {
	if _, err := VerifyPackWith(gametest.MiniPack(), nil); !errors.Is(err, ErrNotSealed) {
		t.Errorf("source pack: %v; want ErrNotSealed", err)
	}
}

// Flipping a byte of any file of a sealed pack, MANIFEST and MANIFEST.sig
// included (every byte of those two), fails verify and names that file.
func TestVerifyPackNamesEveryFlippedFile(t *testing.T) {
	dir := sealedFixture(t)
	files := gametest.AllFiles(t, dir)
	if len(files) < 4 {
		t.Fatalf("fixture has only %v", files)
	}
	flips := 0
	for _, name := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		orig, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, pos := range flipPositions(len(orig), name == ManifestFile || name == SignatureFile) {
			for _, mask := range []byte{0x01, 0x80} {
				flipped := append([]byte(nil), orig...)
				flipped[pos] ^= mask
				os.WriteFile(path, flipped, 0o644)
				_, err := VerifyPackWith(dir, nil)
				var ve *VerifyError
				if !errors.As(err, &ve) || ve.File != name || !errors.Is(err, ErrTampered) {
					t.Fatalf("%s byte %d ^ %#x: err = %v; want a VerifyError naming %s", name, pos, mask, err, name)
				}
				flips++
			}
		}
		os.WriteFile(path, orig, 0o644)
	}
	if _, err := VerifyPackWith(dir, nil); err != nil {
		t.Fatalf("restored pack fails: %v", err)
	}
	t.Logf("%d flips over %d files, each caught", flips, len(files))
}

// flipPositions is every byte of the small signed files, and for the
// others the first and last 32 bytes plus every 13th: a digest changes with
// any byte, so sampling the middle loses nothing but time.
func flipPositions(n int, every bool) []int {
	var out []int
	for i := 0; i < n; i++ {
		if every || i < 32 || i >= n-32 || i%13 == 0 {
			out = append(out, i)
		}
	}
	return out
}

func TestVerifyPackStructuralTampering(t *testing.T) {
	cases := []struct {
		name    string
		tamper  func(dir string) error
		file    string
		problem string
	}{
		{"extra file", func(d string) error {
			return os.WriteFile(filepath.Join(d, "scenarios", "planted.yaml"), []byte("x"), 0o644)
		}, "scenarios/planted.yaml", "extra file"},
		{"missing file", func(d string) error {
			return os.Remove(filepath.Join(d, "pack.yaml"))
		}, "pack.yaml", "missing"},
		{"symlink", func(d string) error {
			return os.Symlink("/etc/passwd", filepath.Join(d, "link"))
		}, "link", "not a regular file"},
		{"no signature", func(d string) error {
			return os.Remove(filepath.Join(d, SignatureFile))
		}, SignatureFile, ""},
		{"truncated file", func(d string) error {
			return os.Truncate(filepath.Join(d, "pack.yaml"), 3)
		}, "pack.yaml", "digest mismatch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := signedCopy(t, gametest.Key(3))
			if err := c.tamper(dir); err != nil {
				t.Fatal(err)
			}
			_, err := VerifyPackWith(dir, nil)
			var ve *VerifyError
			if !errors.As(err, &ve) || ve.File != c.file || !strings.Contains(ve.Problem, c.problem) {
				t.Errorf("err = %v; want %s: %s", err, c.file, c.problem)
			}
		})
	}
}

// A pack re-signed by someone else verifies, but under their fingerprint,
// which the trust store does not know.
func TestVerifyPackResignedIsUntrusted(t *testing.T) {
	author, attacker := gametest.Key(3), gametest.Key(4)
	store := TrustStore{Dir: t.TempDir()}
	store.Add(author.Public().(ed25519.PublicKey), "author")
	dir := signedCopy(t, author)
	os.WriteFile(filepath.Join(dir, "pack.yaml"), []byte("changed"), 0o644)
	os.Remove(filepath.Join(dir, ManifestFile))
	os.Remove(filepath.Join(dir, SignatureFile))
	if _, err := SignPack(dir, attacker); err != nil {
		t.Fatal(err)
	}
	rep, err := VerifyPackWith(dir, &store)
	if err != nil || rep.Trusted || rep.Fingerprint != Fingerprint(attacker.Public().(ed25519.PublicKey)) {
		t.Errorf("re-signed pack: %+v, %v; want verified but untrusted under the attacker's key", rep, err)
	}
}

// A planted file whose name holds an escape sequence is named, harmlessly.
func TestVerifyErrorSanitizesPath(t *testing.T) {
	dir := signedCopy(t, gametest.Key(3))
	os.WriteFile(filepath.Join(dir, "evil\x1b]0;pwned\x07"), nil, 0o644)
	_, err := VerifyPackWith(dir, nil)
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") || !strings.Contains(err.Error(), "extra file") {
		t.Errorf("err = %q; want a sanitized extra-file error", err)
	}
}

// A FIFO planted as MANIFEST must fail fast, not block verify forever.
func TestVerifyPackRefusesSpecialManifest(t *testing.T) {
	for _, name := range []string{ManifestFile, SignatureFile} {
		dir := signedCopy(t, gametest.Key(3))
		os.Remove(filepath.Join(dir, name))
		if err := gametest.Mkfifo(filepath.Join(dir, name)); err != nil {
			t.Skip("no FIFOs here:", err)
		}
		_, err := VerifyPackWith(dir, nil)
		var ve *VerifyError
		if !errors.As(err, &ve) || ve.File != name || !strings.Contains(ve.Problem, "regular") {
			t.Errorf("%s as a FIFO: %v", name, err)
		}
	}
}

// A listed path that is a folder fails to read, and the read error repeats
// the path: the problem text must be sanitized too, not only File. (C1
// controls such as U+009B, a one-rune CSI, pass checkManifestPath.)
func TestVerifyErrorSanitizesProblem(t *testing.T) {
	priv := gametest.Key(3)
	dir := signedCopy(t, priv)
	evil := "d\u009b2J\u202e"
	if err := os.Mkdir(filepath.Join(dir, evil), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, evil, "f"), nil, 0o644)
	os.Remove(filepath.Join(dir, ManifestFile))
	os.Remove(filepath.Join(dir, SignatureFile))
	manifest, err := BuildManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := ParseManifest(manifest)
	if err != nil {
		t.Fatal(err)
	}
	entries = append(entries, ManifestEntry{Path: evil})
	if manifest, err = EncodeManifest(entries); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, ManifestFile), manifest, 0o644)
	os.WriteFile(filepath.Join(dir, SignatureFile), SignManifest(priv, manifest).Encode(), 0o644)

	_, err = VerifyPackWith(dir, nil)
	var ve *VerifyError
	if !errors.As(err, &ve) || ve.File != evil {
		t.Fatalf("err = %v; want a VerifyError on the folder", err)
	}
	if msg := err.Error(); strings.ContainsAny(msg, "\u009b\u202e") || !strings.Contains(msg, "<U+009B>") {
		t.Errorf("err = %q; want the path in the problem sanitized too", msg)
	}
}
