package seal

import (
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"firedrill/game/internal/gametest"
)

func TestTrustStore(t *testing.T) {
	store := TrustStore{Dir: filepath.Join(t.TempDir(), "cfg", "trusted")}
	alice, bob := gametest.Key(1).Public().(ed25519.PublicKey), gametest.Key(2).Public().(ed25519.PublicKey)

	if keys, err := store.List(); err != nil || len(keys) != 0 {
		t.Fatalf("empty store List = %v, %v", keys, err)
	}
	if _, ok, _ := store.Lookup(alice); ok {
		t.Fatal("an empty store trusts alice")
	}
	if _, err := store.Add(alice, "Alice \x1b[31mred"); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Add(bob, ""); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(store.Dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("trusted dir mode = %v, %v; want 0700", st.Mode().Perm(), err)
	}
	keys, err := store.List()
	if err != nil || len(keys) != 2 {
		t.Fatalf("List = %v, %v; want 2 keys", keys, err)
	}
	if keys[0].Name != "" || keys[1].Name != "Alice ^[[31mred" {
		t.Errorf("names = %q, %q; want bob's empty, alice's sanitized", keys[0].Name, keys[1].Name)
	}
	for _, k := range keys {
		st, err := os.Stat(store.file(k.Fingerprint))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("key file mode = %v, %v; want 0600", st.Mode().Perm(), err)
		}
	}
	if k, ok, err := store.Lookup(alice); !ok || err != nil || k.Fingerprint != Fingerprint(alice) {
		t.Errorf("Lookup(alice) = %v, %v, %v", k, ok, err)
	}
	if _, err := store.Remove(Fingerprint(alice)); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := store.Lookup(alice); ok {
		t.Error("alice is still trusted after Remove")
	}
	if _, err := store.Remove(Fingerprint(alice)); !errors.Is(err, ErrNotTrusted) {
		t.Errorf("second Remove: %v; want ErrNotTrusted", err)
	}
	if _, err := store.Remove("nonsense"); err == nil {
		t.Error("Remove accepted a malformed fingerprint")
	}
}

// A file named after alice's fingerprint but holding another key must not
// make alice trusted: Lookup compares whole keys.
func TestTrustLookupComparesWholeKey(t *testing.T) {
	store := TrustStore{Dir: t.TempDir()}
	alice, bob := gametest.Key(1).Public().(ed25519.PublicKey), gametest.Key(2).Public().(ed25519.PublicKey)
	if err := os.WriteFile(store.file(Fingerprint(alice)), MarshalPublicKey(bob), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := store.Lookup(alice); ok {
		t.Error("alice trusted through a file holding bob's key")
	}
}
