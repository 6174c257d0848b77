package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"

	"firedrill/game/internal/gametest"
	"firedrill/game/pack"
)

const digestA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

func TestParseManifest(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		entries int
		wantErr string
	}{
		{"empty", "", 0, ""},
		{"two sorted", digestA + "  a.yaml\n" + digestA + "  b/c.yaml\n", 2, ""},
		{"no final newline", digestA + "  a.yaml", 0, "newline"},
		{"one space", digestA + " a.yaml\n", 0, "line 1"},
		{"uppercase hex", strings.ToUpper(digestA) + "  a.yaml\n", 0, "bad digest"},
		{"short digest", digestA[2:] + "  a.yaml\n", 0, "line 1"},
		{"unsorted", digestA + "  b\n" + digestA + "  a\n", 0, "out of order"},
		{"duplicate", digestA + "  a\n" + digestA + "  a\n", 0, "listed twice"},
		{"dot dot", digestA + "  ../x\n", 0, "clean relative path"},
		{"absolute", digestA + "  /etc/passwd\n", 0, "clean relative path"},
		{"lists itself", digestA + "  MANIFEST\n", 0, "cannot be listed"},
		{"control char", digestA + "  a\rb\n", 0, "control"},
		{"blank line", "\n", 0, "line 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseManifest([]byte(c.in))
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v; want %q", err, c.wantErr)
				}
				return
			}
			if err != nil || len(got) != c.entries {
				t.Fatalf("got %d entries, %v; want %d", len(got), err, c.entries)
			}
			again, err := EncodeManifest(got)
			if err != nil || string(again) != c.in {
				t.Errorf("re-encoded %q, %v; want the input back", again, err)
			}
		})
	}
}

func TestEncodeManifestSortsAndRefusesDuplicates(t *testing.T) {
	a := ManifestEntry{Path: "z"}
	b := ManifestEntry{Path: "a", Digest: sha256.Sum256([]byte("x"))}
	out, err := EncodeManifest([]ManifestEntry{a, b})
	if err != nil || !bytes.HasSuffix(out, []byte("  z\n")) {
		t.Errorf("EncodeManifest = %q, %v; want a before z", out, err)
	}
	if _, err := EncodeManifest([]ManifestEntry{a, a}); err == nil {
		t.Error("a duplicate path was encoded")
	}
}

func TestSignatureRoundTripAndStrictness(t *testing.T) {
	priv := gametest.Key(7)
	manifest := []byte(digestA + "  pack.yaml\n")
	sig := SignManifest(priv, manifest)
	enc := sig.Encode()
	got, err := ParseSignature(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Key.Equal(priv.Public().(ed25519.PublicKey)) || !ed25519.Verify(got.Key, manifest, got.Sig) {
		t.Error("parsed signature does not verify")
	}
	bad := map[string][]byte{
		"extra line":   append(append([]byte{}, enc...), "x\n"...),
		"no newline":   enc[:len(enc)-1],
		"crlf":         bytes.ReplaceAll(enc, []byte("\n"), []byte("\r\n")),
		"upper digest": bytes.Replace(enc, []byte(strings.Split(string(enc), "\n")[2]), []byte(strings.ToUpper(strings.Split(string(enc), "\n")[2])), 1),
		"wrong header": bytes.Replace(enc, []byte("v1"), []byte("v2"), 1),
	}
	for name, data := range bad {
		if _, err := ParseSignature(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Signature.Verify is the signature check of MANIFEST applied to any
// bytes: it holds for the signed bytes only, and for the signer's key only.
func TestSignatureVerify(t *testing.T) {
	data := []byte(`{"player":"Ann"}`)
	sig := SignManifest(gametest.Key(1), data)
	if err := sig.Verify(data); err != nil {
		t.Fatalf("the signed bytes: %v", err)
	}
	if err := sig.Verify([]byte(`{"player":"Bob"}`)); !errors.Is(err, ErrBadSignature) {
		t.Errorf("other bytes: %v", err)
	}
	other := SignManifest(gametest.Key(2), data)
	sig.Key = other.Key
	if err := sig.Verify(data); !errors.Is(err, ErrBadSignature) {
		t.Errorf("another key: %v", err)
	}
}

// zeroFS holds one file, big.bin, of size zero bytes, made as it is read:
// a pack past the old 256 MiB limit without a file that size in memory.
type zeroFS struct{ size int64 }

func (z zeroFS) Open(name string) (fs.File, error) {
	if name != "big.bin" {
		return nil, fs.ErrNotExist
	}
	return &zeroFile{left: z.size}, nil
}

type zeroFile struct{ left int64 }

func (f *zeroFile) Stat() (fs.FileInfo, error) { return nil, fs.ErrInvalid }
func (f *zeroFile) Close() error               { return nil }
func (f *zeroFile) Read(p []byte) (int, error) {
	if f.left == 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), f.left))
	clear(p[:n])
	f.left -= int64(n)
	return n, nil
}

// TestPackSizeMatchesTheLoader: a pack the loader reads whole (up to
// pack.MaxPackBytes, 1 GiB) can be sealed and verified; the old 256 MiB
// limit refused real incidents that load fine. A byte over the budget is
// still refused.
func TestPackSizeMatchesTheLoader(t *testing.T) {
	if MaxPackSize != pack.MaxPackBytes {
		t.Fatalf("MaxPackSize = %d, want pack.MaxPackBytes = %d", MaxPackSize, pack.MaxPackBytes)
	}
	budget := int64(MaxPackSize)
	if _, err := hashFile(zeroFS{300 << 20}, "big.bin", &budget); err != nil || budget != MaxPackSize-300<<20 {
		t.Fatalf("a 300 MiB file: %v (budget left %d)", err, budget)
	}
	budget = 100
	if _, err := hashFile(zeroFS{101}, "big.bin", &budget); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("a file over the budget: %v", err)
	}
}
