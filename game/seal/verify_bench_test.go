package seal

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"firedrill/game/internal/gametest"
)

// BenchmarkVerifyPack verifies a signed pack of 64 files of 1 MiB each
// (64 MiB, a quarter of the pack size limit): the cost is sha256 over the
// bytes plus one walk.
func BenchmarkVerifyPack(b *testing.B) {
	dir := signedCopy(b, gametest.Key(3))
	os.Remove(filepath.Join(dir, ManifestFile))
	os.Remove(filepath.Join(dir, SignatureFile))
	chunk := make([]byte, 1<<20)
	for i := range chunk {
		chunk[i] = byte(i * 7)
	}
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	for i := range 64 {
		chunk[0] = byte(i)
		os.WriteFile(filepath.Join(dir, "data", fmt.Sprintf("part-%02d.jsonl", i)), chunk, 0o644)
	}
	if _, err := SignPack(dir, gametest.Key(3)); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(64 << 20)
	b.ResetTimer()
	for b.Loop() {
		if _, err := VerifyPackWith(dir, nil); err != nil {
			b.Fatal(err)
		}
	}
}
