package play

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"strconv"
	"time"
	"unicode/utf8"

	"firedrill/game"
)

// The action log is hash-chained: every entry's Hash commits to the entry
// before it, and the first to the session's start, so an entry edited,
// added, removed or reordered by hand breaks the chain from there on
// (docs/SEALING.md "The action log" has the exact bytes). It is a check of
// consistency, not a signature: there is no secret offline, and whoever
// reads the scheme can recompute a whole chain.

const (
	chainGenesisLabel = "firedrill action chain v1"
	chainEntryLabel   = "firedrill action v1"
)

// ChainHeader is what the first entry of a chain commits to: the pack and
// scenario played, the mode, the start (wall clock) and the time limit.
type ChainHeader struct {
	PackDigest string // the sealed pack's manifest digest; "" for a source pack
	PackID     string
	ScenarioID string
	Mode       game.Mode
	Start      time.Time
	Limit      time.Duration
}

// ChainHeader is the header of this session's action chain.
func (s *Session) ChainHeader() ChainHeader {
	return ChainHeader{PackDigest: s.PackDigest, PackID: s.PackID, ScenarioID: s.ScenarioID,
		Mode: s.Mode, Start: s.Started, Limit: s.Limit}
}

// genesis is the chain's value before the first entry:
//
//	sha256( lp("firedrill action chain v1") ‖ lp(pack digest) ‖ lp(pack id) ‖
//	        lp(scenario id) ‖ lp(mode) ‖ lp(start) ‖ lp(limit) )
func (h ChainHeader) genesis() [32]byte {
	d := sha256.New()
	for _, s := range []string{chainGenesisLabel, h.PackDigest, h.PackID, h.ScenarioID, string(h.Mode),
		chainTime(h.Start), strconv.FormatInt(int64(h.Limit), 10)} {
		writeLP(d, s)
	}
	return [32]byte(d.Sum(nil))
}

// chainNext is the hash of entry a after prev:
//
//	sha256( lp("firedrill action v1") ‖ prev (32 bytes) ‖ lp(offset) ‖ lp(elapsed) ‖
//	        lp(wall) ‖ lp(kind) ‖ lp(target) ‖ lp(detail) ‖ lp(service) ‖ lp(at) )
//
// Durations are decimal nanoseconds, times RFC 3339 in UTC with
// nanoseconds ("" for none); the Hash field itself is not hashed.
func chainNext(prev [32]byte, a game.Action) [32]byte {
	d := sha256.New()
	writeLP(d, chainEntryLabel)
	d.Write(prev[:])
	for _, s := range []string{strconv.FormatInt(int64(a.Offset), 10), strconv.FormatInt(int64(a.Elapsed), 10),
		chainTime(a.Wall), string(a.Kind), a.Target, a.Detail, a.Service, chainTime(a.At)} {
		writeLP(d, s)
	}
	return [32]byte(d.Sum(nil))
}

// VerifyChain returns the index of the first action whose Hash does not
// follow from the header and the actions before it, or -1 when the whole
// log is intact. Check the log as read, before any sanitizing.
func VerifyChain(h ChainHeader, actions []game.Action) int {
	prev := h.genesis()
	for i, a := range actions {
		want := chainNext(prev, a)
		if a.Hash != hex.EncodeToString(want[:]) {
			return i
		}
		prev = want
	}
	return -1
}

// chainAfter is the chain value after the last of actions (the genesis
// when there is none). A last hash that is not hex (a hand edit) chains on
// from zero: the log is broken there either way.
func chainAfter(h ChainHeader, actions []game.Action) [32]byte {
	if len(actions) == 0 {
		return h.genesis()
	}
	var prev [32]byte
	if b, err := hex.DecodeString(actions[len(actions)-1].Hash); err == nil && len(b) == len(prev) {
		copy(prev[:], b)
	}
	return prev
}

func chainTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// writeLP writes uint32 big-endian len(s) ‖ s.
func writeLP(h hash.Hash, s string) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}

// jsonText is s as it reads back from JSON: encoding/json writes each byte
// of invalid UTF-8 as U+FFFD, so an entry is hashed the way the file will
// hold it.
func jsonText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:]) // RuneError, size 1, for a bad byte
		b = utf8.AppendRune(b, r)
		i += size
	}
	return string(b)
}
