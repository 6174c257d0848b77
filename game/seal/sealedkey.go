package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"firedrill/game"
)

// The sealed answer scheme (docs/SEALING.md has the full text):
//
//	commitment = sha256(lp("firedrill commit v1") ‖ lp(salt) ‖ lp(scenario id) ‖ lp(choice id))
//	key        = HKDF-SHA256(ikm = choice id, salt = salt, info = "firedrill answer v1" ‖ 0x00 ‖ scenario id), 32 bytes
//	ciphertext = AES-256-GCM(key, nonce, plaintext = JSON of sealedPlain, additional data = scenario id)
//
// where lp(x) is x's length as 4 bytes big-endian followed by x, so no two
// field lists encode alike.
const (
	saltSize    = 32
	nonceSize   = 12
	maxChoices  = 12
	commitLabel = "firedrill commit v1"
	hkdfInfo    = "firedrill answer v1"
)

// sealedPlain is what a sealed answer encrypts.
type sealedPlain struct {
	Choice      string            `json:"choice"`
	Onset       time.Time         `json:"onset,omitzero"`
	Chain       []string          `json:"chain"`
	Evidence    []string          `json:"evidence"`
	Wrong       map[string]string `json:"wrong,omitempty"` // encoding/json sorts map keys: deterministic
	RedHerrings []string          `json:"red_herrings,omitempty"`
	Debrief     string            `json:"debrief"`
	// Proof is answer.proof as JSON (game.DecodeProof reads it); absent
	// when the scenario has none, so keys sealed before proof still open.
	Proof json.RawMessage `json:"proof,omitempty"`
}

func writeLP(h hash.Hash, b []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	h.Write(n[:])
	h.Write(b)
}

func commitment(salt []byte, scenarioID, choiceID string) []byte {
	h := sha256.New()
	writeLP(h, []byte(commitLabel))
	writeLP(h, salt)
	writeLP(h, []byte(scenarioID))
	writeLP(h, []byte(choiceID))
	return h.Sum(nil)
}

func answerAEAD(salt []byte, scenarioID, choiceID string) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, []byte(choiceID), salt, hkdfInfo+"\x00"+scenarioID, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// sealAnswer commits to s's correct choice and encrypts the rest of its
// answer; rng supplies the salt and the nonce.
func sealAnswer(rng io.Reader, s *game.Scenario) (SealedAnswer, error) {
	a := s.Answer
	out := SealedAnswer{ID: s.ID, Title: s.Title, Difficulty: s.Difficulty, TimeLimit: s.TimeLimit.String(),
		Salt: make([]byte, saltSize), Nonce: make([]byte, nonceSize)}
	for _, c := range s.Choices {
		out.Choices = append(out.Choices, KeyChoice{ID: c.ID, Text: c.Text})
	}
	for _, sv := range s.Services {
		out.Services = append(out.Services, sv.Name)
	}
	if _, err := io.ReadFull(rng, out.Salt); err != nil {
		return out, err
	}
	if _, err := io.ReadFull(rng, out.Nonce); err != nil {
		return out, err
	}
	out.Commitment = commitment(out.Salt, s.ID, a.Choice)
	var proof json.RawMessage
	if len(a.Proof) > 0 {
		var err error
		if proof, err = json.Marshal(a.Proof); err != nil {
			return out, err
		}
	}
	plain, err := json.Marshal(sealedPlain{Choice: a.Choice, Onset: a.Onset, Chain: a.Chain, Evidence: a.Evidence,
		Wrong: a.Wrong, RedHerrings: a.RedHerrings, Debrief: a.Debrief, Proof: proof})
	if err != nil {
		return out, err
	}
	aead, err := answerAEAD(out.Salt, s.ID, a.Choice)
	if err != nil {
		return out, err
	}
	out.Ciphertext = aead.Seal(nil, out.Nonce, plain, []byte(s.ID))
	return out, nil
}

// SealedKey is the AnswerKey of a sealed scenario. It holds only the salt,
// the commitment and the ciphertext: the answer exists in memory only
// after Reveal.
type SealedKey struct{ sealed SealedAnswer }

// NewSealedKey wraps one scenario's sealed answer.
func NewSealedKey(a SealedAnswer) *SealedKey { return &SealedKey{sealed: a} }

// Check implements AnswerKey: is pick the committed choice? The digests are
// compared in constant time.
func (k *SealedKey) Check(pick string) (bool, error) {
	got := commitment(k.sealed.Salt, k.sealed.ID, pick)
	return subtle.ConstantTimeCompare(got, k.sealed.Commitment) == 1, nil
}

// Reveal implements AnswerKey. Call it only after the final submit: it
// finds the correct choice by testing every choice against the commitment
// (the honest limit of a solo key: anyone can do the same), then decrypts.
// The text is sanitized like any pack text.
func (k *SealedKey) Reveal() (*game.Answer, error) {
	for _, c := range k.sealed.Choices {
		if ok, _ := k.Check(c.ID); ok {
			return k.open(c.ID)
		}
	}
	return nil, errors.New("no choice matches the answer key's commitment: the key does not belong to this scenario")
}

func (k *SealedKey) open(choice string) (*game.Answer, error) {
	aead, err := answerAEAD(k.sealed.Salt, k.sealed.ID, choice)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, k.sealed.Nonce, k.sealed.Ciphertext, []byte(k.sealed.ID))
	if err != nil {
		return nil, errors.New("the sealed answer does not decrypt: the key file was altered")
	}
	var p sealedPlain
	if err := json.Unmarshal(plain, &p); err != nil {
		return nil, fmt.Errorf("sealed answer: %v", err)
	}
	a := &game.Answer{Choice: choice, Onset: p.Onset.UTC(), Chain: game.SanitizeAll(p.Chain), Evidence: game.SanitizeAll(p.Evidence),
		Wrong: map[string]string{}, Debrief: game.Sanitize(p.Debrief)}
	for id, note := range p.Wrong {
		a.Wrong[id] = game.Sanitize(note)
	}
	for _, id := range p.RedHerrings {
		a.RedHerrings = append(a.RedHerrings, game.SanitizeLine(id))
	}
	if a.Proof, err = game.DecodeProof(p.Proof); err != nil {
		return nil, fmt.Errorf("sealed answer: %v", err)
	}
	for _, it := range a.Proof {
		if it.Step > len(a.Chain) {
			return nil, fmt.Errorf("sealed answer: a proof item names step %d of a %d-step chain", it.Step, len(a.Chain))
		}
	}
	return a, nil
}

// KeyFor returns the AnswerKey for scenario s of pack p:
//
//   - a sealed pack (a MANIFEST in p.Source): the sealed key from its
//     ANSWERS.json, or ErrNoAnswer for an interview pack (INTERVIEW file);
//   - a source scenario with an answer: a PlainKey;
//   - otherwise ErrNoAnswer.
//
// KeyFor does not verify the pack: callers run VerifyPack first and treat
// a tampered pack as practice-only.
func KeyFor(p *game.Pack, s *game.Scenario) (game.AnswerKey, error) {
	if p.Source != "" && p.Source != "embedded" && isSealedDir(p.Source) {
		if _, err := os.Stat(filepath.Join(p.Source, InterviewFile)); err == nil {
			return nil, game.ErrNoAnswer
		}
		kf, err := ReadAnswerKeyFile(filepath.Join(p.Source, AnswersFile))
		if err != nil {
			return nil, err
		}
		key, err := kf.KeyFor(s)
		if err != nil {
			return nil, err
		}
		return key, nil
	}
	if s.Answer != nil {
		return game.NewPlainKey(s), nil
	}
	return nil, game.ErrNoAnswer
}

// KeyFor returns the sealed key of scenario s, checking that the key was
// made for the same choices.
func (k *AnswerKeyFile) KeyFor(s *game.Scenario) (*SealedKey, error) {
	a, ok := k.Scenario(s.ID)
	if !ok {
		return nil, fmt.Errorf("the answer key has no scenario %q", s.ID)
	}
	if len(a.Choices) != len(s.Choices) {
		return nil, fmt.Errorf("scenario %q: the answer key lists other choices than the scenario", s.ID)
	}
	for i, c := range s.Choices {
		if a.Choices[i].ID != c.ID {
			return nil, fmt.Errorf("scenario %q: the answer key lists other choices than the scenario", s.ID)
		}
	}
	return NewSealedKey(*a), nil
}
