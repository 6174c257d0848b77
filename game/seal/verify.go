package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"firedrill/game"
)

// ErrTampered is wrapped by every VerifyError: the pack changed since it was
// sealed (or was never sealed properly). Such a pack is playable in
// practice mode only, with a warning, and never graded onto the leaderboard.
var ErrTampered = errors.New("pack does not match its signed manifest")

// ErrNotSealed means the folder has no MANIFEST: a source (unsigned) pack.
var ErrNotSealed = errors.New("not a sealed pack (no MANIFEST)")

// VerifyError names the first file of a pack that fails verification.
type VerifyError struct {
	File    string // relative to the pack root
	Problem string
}

// Error sanitizes the path and the problem: a tampered pack chooses its
// file names, they reach the terminal, and a problem that wraps an I/O
// error repeats the path.
func (e *VerifyError) Error() string {
	return game.SanitizeLine(e.File) + ": " + game.SanitizeLine(e.Problem)
}

// Unwrap lets callers test errors.Is(err, ErrTampered).
func (e *VerifyError) Unwrap() error { return ErrTampered }

// VerifyReport is what a successful verify established.
type VerifyReport struct {
	Fingerprint    string            // the signer's key, as Fingerprint prints it
	Signer         ed25519.PublicKey // the key in MANIFEST.sig
	Trusted        bool              // the signer is in the trust store
	TrustedName    string            // its name there, if any
	ManifestDigest string            // hex sha256 of MANIFEST (result files record it)
	Files          int               // files listed and checked
	Interview      bool              // an interview pack: no answer key inside
}

// VerifyPack verifies the sealed pack in folder dir against the player's
// trust store (an unreadable config dir only makes the signer untrusted).
func VerifyPack(dir string) (VerifyReport, error) {
	store, err := DefaultTrustStore()
	if err != nil {
		return VerifyPackWith(dir, nil)
	}
	return VerifyPackWith(dir, &store)
}

// VerifyPackWith verifies the sealed pack in dir; trust is looked up in
// store (nil: nothing is trusted). In order:
//
//  1. read MANIFEST once and MANIFEST.sig;
//  2. check the Ed25519 signature over exactly those MANIFEST bytes;
//  3. parse that same buffer (never a second read that could differ);
//  4. digest every listed file, then refuse any file the manifest does
//     not list.
//
// The error names the first file that fails, relative to dir.
func VerifyPackWith(dir string, store *TrustStore) (VerifyReport, error) {
	var rep VerifyReport
	root, err := os.OpenRoot(dir)
	if err != nil {
		return rep, err
	}
	defer root.Close()
	fsys := root.FS()
	// Look before opening: opening a FIFO planted as MANIFEST would block.
	for _, name := range []string{ManifestFile, SignatureFile} {
		st, err := root.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) && name == ManifestFile {
			return rep, ErrNotSealed
		}
		if err == nil && !st.Mode().IsRegular() {
			return rep, &VerifyError{File: name, Problem: "not a regular file"}
		}
	}

	manifest, err := readPackFile(fsys, ManifestFile, maxManifestSize)
	if errors.Is(err, fs.ErrNotExist) {
		return rep, ErrNotSealed
	}
	if err != nil {
		return rep, &VerifyError{File: ManifestFile, Problem: err.Error()}
	}
	sigData, err := readPackFile(fsys, SignatureFile, maxSignatureFile)
	if err != nil {
		return rep, &VerifyError{File: SignatureFile, Problem: err.Error()}
	}
	sig, err := ParseSignature(sigData)
	if err != nil {
		return rep, &VerifyError{File: SignatureFile, Problem: "malformed: " + err.Error()}
	}
	digest := sha256.Sum256(manifest)
	if !ed25519.Verify(sig.Key, manifest, sig.Sig) {
		// Only a diagnosis: the recorded digest tells which file changed.
		if digest != sig.ManifestSHA256 {
			return rep, &VerifyError{File: ManifestFile, Problem: "digest mismatch (changed since it was signed)"}
		}
		return rep, &VerifyError{File: SignatureFile, Problem: "bad signature"}
	}
	if digest != sig.ManifestSHA256 {
		return rep, &VerifyError{File: SignatureFile, Problem: "records the wrong MANIFEST digest"}
	}
	entries, err := ParseManifest(manifest)
	if err != nil {
		return rep, &VerifyError{File: ManifestFile, Problem: err.Error()}
	}
	if err := checkPackFiles(fsys, entries); err != nil {
		return rep, err
	}

	rep.Signer = sig.Key
	rep.Fingerprint = Fingerprint(sig.Key)
	rep.ManifestDigest = ManifestDigest(manifest)
	rep.Files = len(entries)
	for _, e := range entries {
		if e.Path == InterviewFile {
			rep.Interview = true
		}
	}
	if store != nil {
		if k, ok, err := store.Lookup(sig.Key); err == nil && ok {
			rep.Trusted, rep.TrustedName = true, k.Name
		}
	}
	return rep, nil
}

// checkPackFiles digests every listed file, in MANIFEST order, then looks
// for files the manifest does not list: an added file is tampering too (a
// planted scenario or include would otherwise ride along unsigned).
func checkPackFiles(fsys fs.FS, entries []ManifestEntry) error {
	present, err := packFiles(fsys)
	if err != nil {
		var ve *VerifyError
		if errors.As(err, &ve) {
			return ve
		}
		return &VerifyError{File: ".", Problem: err.Error()}
	}
	listed := make(map[string]bool, len(entries))
	budget := int64(MaxPackSize)
	for _, e := range entries {
		listed[e.Path] = true
		sum, err := hashFile(fsys, e.Path, &budget)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return &VerifyError{File: e.Path, Problem: "missing"}
		case err != nil:
			return &VerifyError{File: e.Path, Problem: err.Error()}
		case sum != e.Digest:
			return &VerifyError{File: e.Path, Problem: "digest mismatch"}
		}
	}
	for _, p := range present {
		if !listed[p] {
			return &VerifyError{File: p, Problem: "extra file, not listed in MANIFEST"}
		}
	}
	return nil
}

// readPackFile reads one whole file of the pack, at most limit bytes.
func readPackFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return buf.Bytes(), nil
}
