package seal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/internal/fsx"
)

// AnswerKeyFormat is the format line of an answer key file.
const AnswerKeyFormat = "firedrill-answers/v1"

// maxAnswerKeyFile bounds an answer key file (12 choices and a debrief per
// scenario: kilobytes each).
const maxAnswerKeyFile = 32 << 20

// AnswerKeyFile is a sealed pack's answer key: ANSWERS.json inside a solo
// pack, or the interviewer's file (pack seal --interview KEYOUT). The
// layout is in docs/SEALING.md. Nothing in it names the correct choice or
// holds the answer's text in the clear.
type AnswerKeyFile struct {
	Format string `json:"format"`
	PackID string `json:"pack_id"`
	// PackManifestSHA256 is the hex sha256 of the sealed pack's MANIFEST:
	// only interview keys carry it (a key inside the pack cannot hold the
	// digest of the manifest that lists it). grade compares it with the
	// result file's.
	PackManifestSHA256 string         `json:"pack_manifest_sha256,omitempty"`
	Scenarios          []SealedAnswer `json:"scenarios"`
}

// SealedAnswer is one scenario's sealed answer plus the public facts
// grading needs without the pack (title, difficulty, time limit, choices).
type SealedAnswer struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Difficulty int         `json:"difficulty"`
	TimeLimit  string      `json:"time_limit"`
	Choices    []KeyChoice `json:"choices"`
	Services   []string    `json:"services"`
	Salt       []byte      `json:"salt"`       // 32 random bytes
	Commitment []byte      `json:"commitment"` // sha256, see commitment()
	Nonce      []byte      `json:"nonce"`      // 12 random bytes for AES-GCM
	Ciphertext []byte      `json:"ciphertext"` // AES-256-GCM of sealedPlain's JSON
}

// KeyChoice is a choice as the key records it: ids are public (they are
// the choices the player sees).
type KeyChoice struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// TimeLimitDuration is the scenario's time limit (0 if unreadable).
func (a SealedAnswer) TimeLimitDuration() time.Duration {
	d, _ := time.ParseDuration(a.TimeLimit)
	return d
}

// Encode renders the key file as indented JSON (deterministic: struct
// order, no maps).
func (k *AnswerKeyFile) Encode() []byte {
	out, err := json.MarshalIndent(k, "", "  ")
	if err != nil {
		panic(err) // only plain types: unreachable
	}
	return append(out, '\n')
}

// KeyDigest is what an interview pack's INTERVIEW file records: the sha256
// of the length-prefixed fields that decide grading (pack id, then per
// scenario id, salt, commitment, nonce, ciphertext). It leaves out
// pack_manifest_sha256, which is only known after the pack is signed.
func (k *AnswerKeyFile) KeyDigest() string {
	h := sha256.New()
	writeLP(h, []byte("firedrill interview key v1"))
	writeLP(h, []byte(k.PackID))
	for _, s := range k.Scenarios {
		for _, f := range [][]byte{[]byte(s.ID), s.Salt, s.Commitment, s.Nonce, s.Ciphertext} {
			writeLP(h, f)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// interviewFileContent is the INTERVIEW file of an interview pack.
func interviewFileContent(keyDigest string) []byte {
	return fmt.Appendf(nil, "firedrill-interview v1\nkey-sha256 %s\n", keyDigest)
}

// ParseAnswerKeyFile reads an answer key strictly: unknown fields, a wrong
// format, trailing data, or fields of the wrong size are errors.
func ParseAnswerKeyFile(data []byte) (*AnswerKeyFile, error) {
	if len(data) > maxAnswerKeyFile {
		return nil, fmt.Errorf("larger than %d bytes", maxAnswerKeyFile)
	}
	if err := notAKeyFile(data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var k AnswerKeyFile
	if err := dec.Decode(&k); err != nil {
		return nil, fmt.Errorf("is not an answer key (the file pack seal --interview wrote): %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the key")
	}
	if k.Format != AnswerKeyFormat {
		return nil, fmt.Errorf("format is %q; want %q", k.Format, AnswerKeyFormat)
	}
	if !game.ValidID(k.PackID) {
		return nil, fmt.Errorf("pack_id %q is not an id", k.PackID)
	}
	if d := k.PackManifestSHA256; d != "" && !game.ValidDigest(d) {
		return nil, errors.New("pack_manifest_sha256 is not a hex sha256")
	}
	seen := map[string]bool{}
	for i := range k.Scenarios {
		s := &k.Scenarios[i]
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("scenarios[%d]: %v", i, err)
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("scenario %q is listed twice", s.ID)
		}
		seen[s.ID] = true
		s.Title = game.SanitizeLine(s.Title)
		for j := range s.Choices {
			s.Choices[j].Text = game.SanitizeLine(s.Choices[j].Text)
		}
	}
	return &k, nil
}

func (s *SealedAnswer) check() error {
	switch {
	case !game.ValidID(s.ID):
		return fmt.Errorf("id %q is not an id", s.ID)
	case len(s.Salt) != saltSize:
		return errors.New("salt is not 32 bytes")
	case len(s.Commitment) != sha256.Size:
		return errors.New("commitment is not 32 bytes")
	case len(s.Nonce) != nonceSize:
		return errors.New("nonce is not 12 bytes")
	case len(s.Choices) == 0 || len(s.Choices) > maxChoices:
		return fmt.Errorf("has %d choices; want 1 to %d", len(s.Choices), maxChoices)
	}
	for _, c := range s.Choices {
		if !game.ValidID(c.ID) {
			return fmt.Errorf("choice id %q is not an id", c.ID)
		}
	}
	for _, sv := range s.Services {
		if len(sv) > 256 {
			return errors.New("service name too long")
		}
	}
	return nil
}

// notAKeyFile names the files an interviewer passes by mistake for the
// answer key: the author's signing key or its public half (PEM, from
// keygen). nil for anything else.
func notAKeyFile(data []byte) error {
	block, _ := pem.Decode(data)
	switch {
	case block == nil:
		return nil
	case strings.Contains(block.Type, "PRIVATE KEY"):
		return errors.New("is a private signing key (firedrill keygen), not an answer key: pass the file pack seal --interview wrote")
	case strings.Contains(block.Type, "PUBLIC KEY"):
		return errors.New("is a public key (firedrill keygen), not an answer key: pass the file pack seal --interview wrote")
	}
	return fmt.Errorf("is a PEM %s, not an answer key: pass the file pack seal --interview wrote", block.Type)
}

// ReadAnswerKeyFile reads and parses an answer key file.
func ReadAnswerKeyFile(path string) (*AnswerKeyFile, error) {
	return fsx.ReadParsed(path, maxAnswerKeyFile, ParseAnswerKeyFile)
}

// Scenario finds one scenario's sealed answer by id.
func (k *AnswerKeyFile) Scenario(id string) (*SealedAnswer, bool) {
	for i := range k.Scenarios {
		if k.Scenarios[i].ID == id {
			return &k.Scenarios[i], true
		}
	}
	return nil, false
}
