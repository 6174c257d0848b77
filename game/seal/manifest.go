package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"firedrill/game/internal/fsx"
	"firedrill/game/pack"
)

// The files a sealed pack adds at its root (docs/SEALING.md).
const (
	ManifestFile  = "MANIFEST"     // sorted "sha256hex  path" lines of every other file
	SignatureFile = "MANIFEST.sig" // the signer's key, MANIFEST's digest, the signature
	AnswersFile   = "ANSWERS.json" // the sealed answer key (solo packs)
	InterviewFile = "INTERVIEW"    // the digest of the interviewer's key (interview packs)
)

// Limits that keep verify linear and bounded on a hostile pack.
const (
	maxManifestSize    = 16 << 20
	maxManifestEntries = 100_000
	maxSignatureFile   = 4 << 10
	MaxPackSize        = pack.MaxPackBytes // a pack is at most what a load reads: 1 GiB (docs/FORMAT_NOTES.md, Limits)
)

// ManifestEntry is one line of MANIFEST.
type ManifestEntry struct {
	Digest [sha256.Size]byte
	Path   string // slash-separated, relative to the pack root
}

// ManifestDigest is the hex sha256 of MANIFEST's bytes: the one value that
// names a sealed pack's exact content (result files and interview keys
// record it).
func ManifestDigest(manifest []byte) string {
	sum := sha256.Sum256(manifest)
	return hex.EncodeToString(sum[:])
}

// sealedRootFile reports whether name is a file verify treats apart from
// the listed ones: MANIFEST and MANIFEST.sig cannot list themselves.
func sealedRootFile(name string) bool { return name == ManifestFile || name == SignatureFile }

// checkManifestPath refuses paths MANIFEST cannot carry unambiguously.
func checkManifestPath(p string) error {
	switch {
	case !fs.ValidPath(p) || p == ".":
		return fmt.Errorf("%q is not a clean relative path", p)
	case !utf8.ValidString(p):
		return fmt.Errorf("%q is not valid UTF-8", p)
	case strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }):
		return fmt.Errorf("%q holds a control character or backslash", p)
	case sealedRootFile(p):
		return fmt.Errorf("%q cannot be listed in MANIFEST", p)
	}
	return nil
}

// EncodeManifest renders entries as MANIFEST bytes: one "hex  path\n" line
// per file (two spaces, as sha256sum prints), sorted by path bytes.
func EncodeManifest(entries []ManifestEntry) ([]byte, error) {
	sorted := append([]ManifestEntry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	var b bytes.Buffer
	for i, e := range sorted {
		if err := checkManifestPath(e.Path); err != nil {
			return nil, err
		}
		if i > 0 && sorted[i-1].Path == e.Path {
			return nil, fmt.Errorf("%q is listed twice", e.Path)
		}
		b.WriteString(hex.EncodeToString(e.Digest[:]))
		b.WriteString("  ")
		b.WriteString(e.Path)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// ParseManifest reads MANIFEST bytes strictly: lowercase hex, exactly two
// spaces, clean paths, every line ending in "\n", paths strictly sorted (so
// no duplicates). Anything else is an error, never a guess.
func ParseManifest(data []byte) ([]ManifestEntry, error) {
	if len(data) > maxManifestSize {
		return nil, fmt.Errorf("larger than %d bytes", maxManifestSize)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return nil, errors.New("does not end with a newline")
	}
	var entries []ManifestEntry
	for n := 1; len(data) > 0; n++ {
		i := bytes.IndexByte(data, '\n')
		line := string(data[:i])
		data = data[i+1:]
		if len(entries) == maxManifestEntries {
			return nil, fmt.Errorf("more than %d entries", maxManifestEntries)
		}
		const hexLen = 2 * sha256.Size
		if len(line) < hexLen+3 || line[hexLen:hexLen+2] != "  " {
			return nil, fmt.Errorf("line %d: want \"<sha256 hex>  <path>\"", n)
		}
		var e ManifestEntry
		if _, err := hex.Decode(e.Digest[:], []byte(line[:hexLen])); err != nil || strings.ToLower(line[:hexLen]) != line[:hexLen] {
			return nil, fmt.Errorf("line %d: bad digest", n)
		}
		e.Path = line[hexLen+2:]
		if err := checkManifestPath(e.Path); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		if len(entries) > 0 && entries[len(entries)-1].Path >= e.Path {
			return nil, fmt.Errorf("line %d: %q is out of order or listed twice", n, e.Path)
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// hashFile digests one file of fsys, refusing to read more than budget
// bytes (the rest of the pack's size allowance).
func hashFile(fsys fs.FS, name string, budget *int64) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := fsys.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, *budget+1))
	if err != nil {
		return sum, err
	}
	if *budget -= n; *budget < 0 {
		return sum, fmt.Errorf("the pack is larger than %d bytes", MaxPackSize)
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// packFiles lists every regular file under the pack root of fsys, except
// MANIFEST and MANIFEST.sig, sorted. Symlinks and other special files are
// errors: a sealed pack is plain files, so nothing can point outside it.
func packFiles(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return &VerifyError{File: p, Problem: "not a regular file (symlinks and devices are not allowed in a sealed pack)"}
		}
		if sealedRootFile(p) {
			return nil
		}
		if len(files) == maxManifestEntries {
			return fmt.Errorf("more than %d files", maxManifestEntries)
		}
		files = append(files, p)
		return nil
	})
	sort.Strings(files)
	return files, err
}

// BuildManifest digests every file of the pack folder dir (except MANIFEST
// and MANIFEST.sig) and returns MANIFEST's bytes.
func BuildManifest(dir string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	fsys := root.FS()
	files, err := packFiles(fsys)
	if err != nil {
		return nil, err
	}
	budget := int64(MaxPackSize)
	entries := make([]ManifestEntry, 0, len(files))
	for _, p := range files {
		sum, err := hashFile(fsys, p, &budget)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", p, err)
		}
		entries = append(entries, ManifestEntry{Digest: sum, Path: p})
	}
	return EncodeManifest(entries)
}

// Signature is MANIFEST.sig: four lines, in this order and nothing else,
//
//	firedrill-signature v1
//	key <base64 of the 32-byte Ed25519 public key>
//	manifest-sha256 <hex sha256 of MANIFEST>
//	sig <base64 of the 64-byte Ed25519 signature over MANIFEST's bytes>
//
// The signature alone decides validity; the recorded digest only lets
// verify say which of MANIFEST and MANIFEST.sig was changed.
type Signature struct {
	Key            ed25519.PublicKey
	ManifestSHA256 [sha256.Size]byte
	Sig            []byte
}

const signatureHeader = "firedrill-signature v1"

// ErrBadSignature means signed bytes do not match their signature.
var ErrBadSignature = errors.New("the signature does not match the signed bytes")

// Verify checks s over data: the Ed25519 signature by s.Key, and the
// recorded digest. The same check VerifyPackWith makes over MANIFEST, for
// the other files firedrill signs (exported team results).
func (s Signature) Verify(data []byte) error {
	if len(s.Key) != ed25519.PublicKeySize || !ed25519.Verify(s.Key, data, s.Sig) || sha256.Sum256(data) != s.ManifestSHA256 {
		return ErrBadSignature
	}
	return nil
}

// SignManifest signs MANIFEST's raw bytes.
func SignManifest(priv ed25519.PrivateKey, manifest []byte) Signature {
	return Signature{Key: priv.Public().(ed25519.PublicKey), ManifestSHA256: sha256.Sum256(manifest),
		Sig: ed25519.Sign(priv, manifest)}
}

// Encode renders MANIFEST.sig.
func (s Signature) Encode() []byte {
	return fmt.Appendf(nil, "%s\nkey %s\nmanifest-sha256 %s\nsig %s\n", signatureHeader,
		base64.StdEncoding.EncodeToString(s.Key), hex.EncodeToString(s.ManifestSHA256[:]),
		base64.StdEncoding.EncodeToString(s.Sig))
}

// ParseSignature reads MANIFEST.sig. It is strict by construction: the
// parsed values must encode back to exactly the input bytes.
func ParseSignature(data []byte) (Signature, error) {
	if len(data) > maxSignatureFile {
		return Signature{}, errors.New("too large")
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) != 5 || lines[0] != signatureHeader || lines[4] != "" {
		return Signature{}, fmt.Errorf("want 4 lines starting with %q", signatureHeader)
	}
	keyText, okKey := strings.CutPrefix(lines[1], "key ")
	digestText, okDigest := strings.CutPrefix(lines[2], "manifest-sha256 ")
	sigText, okSig := strings.CutPrefix(lines[3], "sig ")
	if !okKey || !okDigest || !okSig {
		return Signature{}, errors.New(`want "key", "manifest-sha256" and "sig" lines, in that order`)
	}
	var s Signature
	key, errKey := base64.StdEncoding.DecodeString(keyText)
	digest, errDigest := hex.DecodeString(digestText)
	sig, errSig := base64.StdEncoding.DecodeString(sigText)
	if err := errors.Join(errKey, errDigest, errSig); err != nil {
		return Signature{}, err
	}
	if len(digest) != sha256.Size {
		return Signature{}, errors.New("manifest-sha256 is not 32 bytes")
	}
	s.Key, s.Sig = key, sig
	copy(s.ManifestSHA256[:], digest)
	if len(s.Key) != ed25519.PublicKeySize || len(s.Sig) != ed25519.SignatureSize {
		return Signature{}, errors.New("key or signature has the wrong length")
	}
	if !bytes.Equal(s.Encode(), data) {
		return Signature{}, errors.New("not in canonical form")
	}
	return s, nil
}

// isSealedDir reports whether the folder dir holds a MANIFEST: a sealed
// pack, whether or not it verifies.
func isSealedDir(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, ManifestFile))
	return err == nil && st.Mode().IsRegular()
}

// SignPack writes MANIFEST and MANIFEST.sig for the pack folder dir (the
// last step of sealing) and returns MANIFEST's bytes.
func SignPack(dir string, priv ed25519.PrivateKey) ([]byte, error) {
	manifest, err := BuildManifest(dir)
	if err != nil {
		return nil, err
	}
	if err := fsx.WriteNewFile(filepath.Join(dir, ManifestFile), manifest, 0o644); err != nil {
		return nil, err
	}
	sig := SignManifest(priv, manifest)
	if err := fsx.WriteNewFile(filepath.Join(dir, SignatureFile), sig.Encode(), 0o644); err != nil {
		return nil, err
	}
	return manifest, nil
}
