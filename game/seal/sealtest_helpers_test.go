package seal

import (
	"crypto/ed25519"
	"path/filepath"
	"testing"

	"firedrill/game/internal/gametest"
)

// signedCopy copies the mini pack to a temp folder and signs it as is.
func signedCopy(t testing.TB, priv ed25519.PrivateKey) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	gametest.CopyTree(t, gametest.MiniPack(), dir)
	if _, err := SignPack(dir, priv); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sealedFixture is the pack the tamper tests walk: every kind of file a
// sealed pack holds.
func sealedFixture(t testing.TB) string {
	return sealMini(t, Options{Key: gametest.Key(3), Rand: SeededRand(1)})
}

// sealMini seals a temp copy of the mini pack and returns the sealed folder.
func sealMini(t testing.TB, opts Options) string {
	t.Helper()
	return gametest.SealedMini(t, func(src, out string) error {
		_, err := Pack(src, out, opts)
		return err
	})
}
