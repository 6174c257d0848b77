package seal

import (
	"bytes"
	"crypto/ed25519"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"firedrill/game"
	"firedrill/game/internal/fsx"
)

// TrustStore is the folder of author public keys the player trusts:
// fsx.ConfigDir()/trusted, one file per key named by its fingerprint
// (FINGERPRINT.pub, dashes removed), a PEM "PUBLIC KEY" block whose
// optional "Name" header is the label the player gave it. Whether a pack is
// trusted is decided here, never by the key a pack carries.
type TrustStore struct{ Dir string }

// TrustedKey is one entry of the trust store.
type TrustedKey struct {
	Fingerprint string
	Name        string
	Key         ed25519.PublicKey
}

// ErrNotTrusted means a fingerprint names no key of the trust store.
var ErrNotTrusted = errors.New("no trusted key has that fingerprint")

// DefaultTrustStore is the player's trust store under ConfigDir.
func DefaultTrustStore() (TrustStore, error) {
	dir, err := fsx.ConfigDir()
	if err != nil {
		return TrustStore{}, err
	}
	return TrustStore{Dir: filepath.Join(dir, "trusted")}, nil
}

func (t TrustStore) file(fp string) string {
	return filepath.Join(t.Dir, strings.ReplaceAll(fp, "-", "")+".pub")
}

// Add trusts pub under name (one line, sanitized; may be empty). Adding a
// key that is already trusted replaces its name.
func (t TrustStore) Add(pub ed25519.PublicKey, name string) (TrustedKey, error) {
	name = strings.TrimSpace(game.SanitizeLine(name))
	if len(name) > 200 {
		return TrustedKey{}, errors.New("name is longer than 200 bytes")
	}
	if err := os.MkdirAll(t.Dir, 0o700); err != nil {
		return TrustedKey{}, err
	}
	if err := os.Chmod(t.Dir, 0o700); err != nil {
		return TrustedKey{}, err
	}
	block := &pem.Block{Type: pemPublic, Bytes: pemBytes(MarshalPublicKey(pub))}
	if name != "" {
		block.Headers = map[string]string{"Name": name}
	}
	k := TrustedKey{Fingerprint: Fingerprint(pub), Name: name, Key: pub}
	return k, fsx.WriteFileAtomic(t.file(k.Fingerprint), pem.EncodeToMemory(block), false)
}

// pemBytes returns the DER inside a PEM block we just encoded ourselves.
func pemBytes(data []byte) []byte {
	b, _ := pem.Decode(data)
	return b.Bytes
}

// List returns the trusted keys sorted by name, then fingerprint. A file
// that does not parse is reported, not skipped: a silently ignored trusted
// key would be a confusing "untrusted" later.
func (t TrustStore) List() ([]TrustedKey, error) {
	entries, err := os.ReadDir(t.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var keys []TrustedKey
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".pub") {
			continue
		}
		k, err := readTrusted(filepath.Join(t.Dir, e.Name()))
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Name != keys[j].Name {
			return keys[i].Name < keys[j].Name
		}
		return keys[i].Fingerprint < keys[j].Fingerprint
	})
	return keys, nil
}

func readTrusted(path string) (TrustedKey, error) {
	data, err := fsx.ReadSmallFile(path, maxKeyFile)
	if err != nil {
		return TrustedKey{}, err
	}
	pub, err := ParsePublicKey(data)
	if err != nil {
		return TrustedKey{}, fmt.Errorf("%s: %v", path, err)
	}
	block, _ := pem.Decode(data)
	return TrustedKey{Fingerprint: Fingerprint(pub), Name: game.SanitizeLine(block.Headers["Name"]), Key: pub}, nil
}

// Remove stops trusting the key with fingerprint fp (any case, dashes
// optional).
func (t TrustStore) Remove(fp string) (TrustedKey, error) {
	canon, ok := NormalizeFingerprint(fp)
	if !ok {
		return TrustedKey{}, fmt.Errorf("%q is not a fingerprint (16 base32 characters, as keygen and verify print)", fp)
	}
	path := t.file(canon)
	k, err := readTrusted(path)
	if errors.Is(err, os.ErrNotExist) {
		return TrustedKey{}, fmt.Errorf("%s: %w", canon, ErrNotTrusted)
	}
	if err != nil {
		return TrustedKey{}, err
	}
	return k, os.Remove(path)
}

// Lookup reports whether pub is trusted, and under which name. The key is
// compared in full, not just by fingerprint.
func (t TrustStore) Lookup(pub ed25519.PublicKey) (TrustedKey, bool, error) {
	k, err := readTrusted(t.file(Fingerprint(pub)))
	if errors.Is(err, os.ErrNotExist) {
		return TrustedKey{}, false, nil
	}
	if err != nil {
		return TrustedKey{}, false, err
	}
	return k, bytes.Equal(k.Key, pub), nil
}
