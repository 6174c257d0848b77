package seal

import (
	"os"
	"path/filepath"
	"testing"

	"firedrill/game/internal/gametest"
)

// FuzzAnswerKeyFile: ANSWERS.json comes from a pack, which may be
// unverified in practice mode. Parsing, checking and revealing whatever
// parses must never panic.
func FuzzAnswerKeyFile(f *testing.F) {
	dir := sealMini(f, Options{Key: gametest.Key(3), Rand: SeededRand(1)})
	good, _ := os.ReadFile(filepath.Join(dir, AnswersFile))
	f.Add(good)
	f.Add([]byte(`{"format":"firedrill-answers/v1","pack_id":"p","scenarios":[{"id":"s"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParseAnswerKeyFile(data)
		if err != nil {
			return
		}
		for _, s := range k.Scenarios {
			key := NewSealedKey(s)
			key.Check("cache-invalidation")
			key.Reveal()
		}
	})
}
