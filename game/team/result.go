package team

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/seal"
)

// FileFormat heads every result file; FileSuffix ends its name.
const (
	FileFormat = "firedrill-team-result v1"
	FileSuffix = ".fdresult.json"
)

// maxResultFile bounds a result file: one result is about a kilobyte.
const maxResultFile = 64 << 10

// File is one exported result as it sits in the team folder:
//
//	{"format": "firedrill-team-result v1",
//	 "payload": {...Payload...},
//	 "signature": "firedrill-signature v1\nkey …\nmanifest-sha256 …\nsig …\n"}
//
// The signature is seal's (docs/SEALING.md, MANIFEST.sig) over the exact
// bytes of payload as they stand in the file, so it survives no edit.
type File struct {
	Format    string          `json:"format"`
	Payload   json.RawMessage `json:"payload"`
	Signature string          `json:"signature"`
}

// Payload is what a player signs: who, with which firedrill, and the
// graded play (grade.Result, with its pack digest, chain head, honest time
// and honesty flags).
type Payload struct {
	Player           string       `json:"player"`
	FiredrillVersion string       `json:"firedrill_version"`
	Exported         time.Time    `json:"exported"`
	Result           grade.Result `json:"result"`
}

// Sign makes the file bytes of p signed with priv.
func Sign(p Payload, priv ed25519.PrivateKey) ([]byte, error) {
	payload, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	sig := seal.SignManifest(priv, payload)
	data, err := json.Marshal(File{Format: FileFormat, Payload: payload, Signature: string(sig.Encode())})
	if err != nil {
		return nil, err
	}
	// the envelope must keep the payload's bytes as signed: read it back
	if _, err := Open(data); err != nil {
		return nil, fmt.Errorf("signing a result: %v", err)
	}
	return append(data, '\n'), nil
}

// Refusal reasons: why a file in the team folder is not on the board.
const (
	ReasonMalformed   = "malformed"     // not a result file (bad JSON, a field missing, too large, not a plain file)
	ReasonUnsigned    = "unsigned"      // no signature
	ReasonTampered    = "tampered"      // the signature does not match the payload: edited after export
	ReasonUntrusted   = "untrusted-key" // signed by a key you have not trusted as a player
	ReasonForeignPack = "foreign-pack"  // played on a pack other than the one you have (or one you do not have)
	ReasonDuplicate   = "duplicate"     // the same play (chain head) as a file already on the board
)

// Refused is a file left off the board, and why.
type Refused struct {
	File   string `json:"file"`   // relative to the team folder
	Reason string `json:"reason"` // one of the Reason… codes
	Detail string `json:"detail"` // one line for the player
}

// Signed is a result file whose signature verified.
type Signed struct {
	Payload Payload
	Key     ed25519.PublicKey
}

// refusal is an error carrying a Reason.
type refusal struct{ reason, detail string }

func (r *refusal) Error() string { return r.reason + ": " + r.detail }

func refuse(reason, format string, args ...any) error {
	return &refusal{reason: reason, detail: fmt.Sprintf(format, args...)}
}

// Open checks a result file's bytes: the format, the signature over the
// payload, then the payload's fields. The error is a refusal whose Reason
// says why (ReasonOf).
func Open(data []byte) (Signed, error) {
	if len(data) > maxResultFile {
		return Signed{}, refuse(ReasonMalformed, "larger than %d bytes", maxResultFile)
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return Signed{}, refuse(ReasonMalformed, "not a result file: %v", err)
	}
	if f.Format != FileFormat {
		return Signed{}, refuse(ReasonMalformed, "format is %q; want %q", f.Format, FileFormat)
	}
	if f.Signature == "" {
		return Signed{}, refuse(ReasonUnsigned, "the file has no signature")
	}
	sig, err := seal.ParseSignature([]byte(f.Signature))
	if err != nil {
		return Signed{}, refuse(ReasonUnsigned, "the signature is not a firedrill signature: %v", err)
	}
	if err := sig.Verify(f.Payload); err != nil {
		return Signed{}, refuse(ReasonTampered, "the result was changed after it was signed")
	}
	var p Payload
	dec = json.NewDecoder(bytes.NewReader(f.Payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Signed{}, refuse(ReasonMalformed, "payload: %v", err)
	}
	r := p.Result
	switch {
	case CheckName(p.Player) != nil:
		return Signed{}, refuse(ReasonMalformed, "player: %v", CheckName(p.Player))
	case r.PackID == "" || r.ScenarioID == "":
		return Signed{}, refuse(ReasonMalformed, "result: no pack or scenario")
	case r.ChainHead == "" || r.PackDigest == "":
		return Signed{}, refuse(ReasonMalformed, "result: no chain head or pack digest")
	}
	if err := checkFields(r); err != nil {
		return Signed{}, refuse(ReasonMalformed, "result: %v", err)
	}
	return Signed{Payload: p, Key: sig.Key}, nil
}

// checkFields holds a signed result's names to the forms firedrill
// writes: they reach the terminal and the board's grouping, and a
// teammate's key vouches for who sent them, not for what they hold.
func checkFields(r grade.Result) error {
	switch {
	case !plainID(r.PackID):
		return fmt.Errorf("pack %q is not an id", game.SanitizeLine(r.PackID))
	case !plainID(r.ScenarioID):
		return fmt.Errorf("scenario %q is not an id", game.SanitizeLine(r.ScenarioID))
	case !plainID(r.ChainHead) || len(r.ChainHead) != 64:
		return errors.New("chain_head is not 64 hex digits")
	case !Shareable(r):
		return fmt.Errorf("mode %q: only drill and daily plays are shared", game.SanitizeLine(string(r.Mode)))
	case r.Verdict != "" && !slices.Contains([]grade.Verdict{grade.VerdictProven, grade.VerdictRight,
		grade.VerdictUnproven, grade.VerdictWrong}, r.Verdict):
		return fmt.Errorf("verdict %q is unknown", game.SanitizeLine(string(r.Verdict)))
	}
	if r.Daily != "" {
		if _, err := time.Parse(time.DateOnly, r.Daily); err != nil {
			return fmt.Errorf("daily %q is not a date", game.SanitizeLine(r.Daily))
		}
	}
	for _, f := range r.Flags {
		if !plainID(f) {
			return fmt.Errorf("flag %q is not a flag code", game.SanitizeLine(f))
		}
	}
	if r.TimeUsed < 0 || r.Elapsed < 0 || r.Hints < 0 || r.WrongPicks < 0 {
		return errors.New("a negative time or count")
	}
	return nil
}

// Shareable reports whether a play goes to a team: drill and daily plays
// only. Their clock is hard and the honesty checks read them; a practice
// play may pause, take hints and run untimed, so racing it would not be
// a race.
func Shareable(r grade.Result) bool { return r.Mode == game.ModeDrill || r.Mode == game.ModeDaily }

// plainID is [a-z0-9-]{1,64}, the form of pack, scenario and flag ids
// (and, with its length, of a hex chain head).
func plainID(s string) bool {
	return len(s) > 0 && len(s) <= 64 && !strings.ContainsFunc(s, func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-'
	})
}

// ReasonOf is the Reason of an error from Open or the board's checks
// (ReasonMalformed for any other error).
func ReasonOf(err error) (reason, detail string) {
	var r *refusal
	if errors.As(err, &r) {
		return r.reason, r.detail
	}
	return ReasonMalformed, err.Error()
}
