package seal

import (
	"os"
	"path/filepath"
	"testing"

	"firedrill/game/internal/gametest"
)

// FuzzVerify feeds random manifests, signatures and file contents to
// VerifyPackWith. With resign set the fuzzed MANIFEST is signed for real,
// so the parser and the digest walk behind the signature check are reached
// too. It must never panic, and it may only succeed on a manifest that
// parses and lists pack.yaml with its true digest.
func FuzzVerify(f *testing.F) {
	dir := signedCopy(f, gametest.Key(3))
	manifest, _ := os.ReadFile(filepath.Join(dir, ManifestFile))
	sig, _ := os.ReadFile(filepath.Join(dir, SignatureFile))
	packYAML, _ := os.ReadFile(filepath.Join(dir, "pack.yaml"))
	f.Add(manifest, sig, packYAML, false)
	f.Add(manifest, sig, packYAML, true)
	f.Add([]byte(digestA+"  pack.yaml\n"), []byte{}, []byte("x"), true)
	f.Add([]byte("\n\n"), []byte("firedrill-signature v1\nkey \nmanifest-sha256 \nsig \n"), []byte{}, false)
	priv := gametest.Key(3)
	f.Fuzz(func(t *testing.T, manifest, sig, content []byte, resign bool) {
		dir := t.TempDir()
		if resign {
			sig = SignManifest(priv, manifest).Encode()
		}
		os.WriteFile(filepath.Join(dir, ManifestFile), manifest, 0o644)
		os.WriteFile(filepath.Join(dir, SignatureFile), sig, 0o644)
		os.WriteFile(filepath.Join(dir, "pack.yaml"), content, 0o644)
		rep, err := VerifyPackWith(dir, nil)
		ParseSignature(sig)
		entries, perr := ParseManifest(manifest)
		if err != nil {
			return
		}
		if perr != nil || len(entries) != 1 || entries[0].Path != "pack.yaml" || rep.Files != 1 {
			t.Fatalf("verify accepted manifest %q (parse: %v)", manifest, perr)
		}
	})
}
