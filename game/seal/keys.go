package seal

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base32"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"firedrill/game/internal/fsx"
)

// Author keys are Ed25519 key pairs in the standard PEM forms, so openssl
// and other tools read them too (docs/SEALING.md):
//
//	private: "-----BEGIN PRIVATE KEY-----" PKCS #8, file mode 0600
//	public:  "-----BEGIN PUBLIC KEY-----"  PKIX (SubjectPublicKeyInfo)

const (
	pemPrivate = "PRIVATE KEY"
	pemPublic  = "PUBLIC KEY"
	// maxKeyFile bounds a key file: a PEM key is a few hundred bytes.
	maxKeyFile = 64 << 10
)

// GenerateKey makes a new author key pair from rng (crypto/rand.Reader
// outside tests).
func GenerateKey(rng io.Reader) (ed25519.PublicKey, ed25519.PrivateKey, error) {
	return ed25519.GenerateKey(rng)
}

// WriteKeyPair writes priv to path (0600) and its public key to path+".pub"
// (0644). It refuses to overwrite either file: losing an author key means
// every pack signed with it can no longer be updated under the same trust.
func WriteKeyPair(path string, priv ed25519.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return err
	}
	pubPath := path + ".pub"
	for _, p := range []string{path, pubPath} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s: already exists; refusing to overwrite a key", p)
		}
	}
	// The README's keygen line names a folder a new user has not made yet;
	// create it private, as every firedrill folder is.
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	privPEM := pem.EncodeToMemory(&pem.Block{Type: pemPrivate, Bytes: der})
	if err := fsx.WriteNewFile(path, privPEM, 0o600); err != nil {
		return err
	}
	pubPEM := MarshalPublicKey(priv.Public().(ed25519.PublicKey))
	if err := fsx.WriteNewFile(pubPath, pubPEM, 0o644); err != nil {
		os.Remove(path) // a private key without its public half would only confuse
		return err
	}
	return nil
}

// MarshalPublicKey encodes pub as a PEM "PUBLIC KEY" block.
func MarshalPublicKey(pub ed25519.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		// Only reachable with a key of the wrong length, a programming error.
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemPublic, Bytes: der})
}

// ParsePublicKey reads a PEM "PUBLIC KEY" block holding an Ed25519 key.
func ParsePublicKey(data []byte) (ed25519.PublicKey, error) {
	block, err := onePEM(data, pemPublic)
	if err != nil {
		return nil, err
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a public key: %v", err)
	}
	pub, ok := key.(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("not an Ed25519 public key")
	}
	return pub, nil
}

// ParsePrivateKey reads a PEM "PRIVATE KEY" (PKCS #8) block holding an
// Ed25519 key.
func ParsePrivateKey(data []byte) (ed25519.PrivateKey, error) {
	block, err := onePEM(data, pemPrivate)
	if err != nil {
		return nil, err
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a private key: %v", err)
	}
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("not an Ed25519 private key")
	}
	return priv, nil
}

// onePEM decodes the single PEM block of data and checks its type.
func onePEM(data []byte, want string) (*pem.Block, error) {
	block, rest := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("no PEM %q block", want)
	}
	if block.Type != want {
		return nil, fmt.Errorf("PEM block is %q; want %q", block.Type, want)
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return nil, errors.New("trailing data after the PEM block")
	}
	return block, nil
}

// ReadPrivateKey reads an author's private key file.
func ReadPrivateKey(path string) (ed25519.PrivateKey, error) {
	return fsx.ReadParsed(path, maxKeyFile, ParsePrivateKey)
}

// ReadPublicKey reads a public key file.
func ReadPublicKey(path string) (ed25519.PublicKey, error) {
	return fsx.ReadParsed(path, maxKeyFile, ParsePublicKey)
}

// fingerprintBytes is how much of sha256(public key) a fingerprint shows:
// 80 bits, enough that nobody makes a second key with the same one.
const fingerprintBytes = 10

var fingerprintEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Fingerprint is the short, human-comparable name of a public key: the
// first 10 bytes of sha256 of the raw 32-byte key, base32, in groups of
// four ("ABCD-EFGH-IJKL-MNOP").
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return groupFingerprint(fingerprintEncoding.EncodeToString(sum[:fingerprintBytes]))
}

// groupFingerprint writes base32 text in dash-separated groups of four.
func groupFingerprint(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// NormalizeFingerprint accepts a fingerprint typed by hand (any case, with
// or without dashes or spaces) and returns its canonical form, or false.
func NormalizeFingerprint(s string) (string, bool) {
	s = strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(s)))
	raw, err := fingerprintEncoding.DecodeString(s)
	if err != nil || len(raw) != fingerprintBytes || fingerprintEncoding.EncodeToString(raw) != s {
		return "", false
	}
	return groupFingerprint(s), true
}
