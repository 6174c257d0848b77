package game

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
)

// idRE is what every id of the format looks like: packs, scenarios,
// choices and events (docs/PACK_FORMAT.md).
var idRE = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

// ValidID reports whether s is a legal id: [a-z0-9-]{1,64}. Files the game
// reads back (answer keys, result files) hold ids too, and are checked with
// the same rule as the pack that made them.
func ValidID(s string) bool { return idRE.MatchString(s) }

// ValidDigest reports whether s is a sha256 digest in lower-case hex: how
// a sealed pack's MANIFEST digest is written in sessions, answer keys and
// result files.
func ValidDigest(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == sha256.Size && hex.EncodeToString(b) == s
}
