package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"firedrill/game/internal/gametest"
)

func TestWriteKeyPairRoundTrip(t *testing.T) {
	pub, priv, err := GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	// a folder that does not exist yet, as in the README's keygen line
	path := filepath.Join(t.TempDir(), "keys", "author")
	if err := WriteKeyPair(path, priv); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("key folder: %v, %v; want it made with mode 0700", st, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v; want 0600", st.Mode().Perm())
	}
	gotPriv, err := ReadPrivateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if !gotPriv.Equal(priv) {
		t.Error("private key did not round-trip")
	}
	gotPub, err := ReadPublicKey(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if !gotPub.Equal(pub) {
		t.Error("public key did not round-trip")
	}
	before, _ := os.ReadFile(path)
	if err := WriteKeyPair(path, gametest.Key(1)); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second WriteKeyPair: %v; want a refusal", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("the existing private key was overwritten")
	}
	// Only the .pub existing is enough to refuse.
	other := filepath.Join(t.TempDir(), "k")
	os.WriteFile(other+".pub", []byte("x"), 0o644)
	if err := WriteKeyPair(other, priv); err == nil {
		t.Error("WriteKeyPair overwrote an existing .pub")
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a private key was left behind after refusing")
	}
}

func TestParseKeyErrors(t *testing.T) {
	priv := gametest.Key(1)
	pubPEM := MarshalPublicKey(priv.Public().(ed25519.PublicKey))
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "no PEM"},
		{"private where public expected", []byte(strings.Replace(string(pubPEM), "PUBLIC KEY", "PRIVATE KEY", 2)), "want \"PUBLIC KEY\""},
		{"trailing data", append(append([]byte{}, pubPEM...), "junk"...), "trailing data"},
		{"garbage der", []byte("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"), "not a public key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParsePublicKey(c.data)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ParsePublicKey: %v; want %q", err, c.want)
			}
		})
	}
	if _, err := ParsePrivateKey(pubPEM); err == nil {
		t.Error("ParsePrivateKey accepted a public key")
	}
}

var fingerprintRE = regexp.MustCompile(`^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$`)

func TestFingerprint(t *testing.T) {
	a, b := gametest.Key(1).Public().(ed25519.PublicKey), gametest.Key(2).Public().(ed25519.PublicKey)
	fa := Fingerprint(a)
	if !fingerprintRE.MatchString(fa) {
		t.Errorf("fingerprint %q does not look like XXXX-XXXX-XXXX-XXXX", fa)
	}
	if fa == Fingerprint(b) {
		t.Error("two keys share a fingerprint")
	}
	if Fingerprint(a) != fa {
		t.Error("fingerprint is not deterministic")
	}
	for _, in := range []string{fa, strings.ToLower(fa), strings.ReplaceAll(fa, "-", ""), " " + fa + " "} {
		if got, ok := NormalizeFingerprint(in); !ok || got != fa {
			t.Errorf("NormalizeFingerprint(%q) = %q, %v; want %q", in, got, ok, fa)
		}
	}
	for _, bad := range []string{"", "ABCD", fa + "A", "0000-0000-0000-0000"} {
		if _, ok := NormalizeFingerprint(bad); ok {
			t.Errorf("NormalizeFingerprint(%q) accepted", bad)
		}
	}
}
