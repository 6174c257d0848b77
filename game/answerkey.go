package game

import "errors"

// AnswerKey grades a pick without the caller ever holding the answer before
// the submit: the UI and commands reach a scenario's answer only through
// this interface. PlainKey serves source packs (answer: in the YAML); the
// sealed key (seal.SealedKey, in game/seal) serves signed packs and
// reveals the answer only after the final submit.
type AnswerKey interface {
	// Check reports whether pick is the scenario's root cause.
	Check(pick string) (bool, error)
	// Reveal returns the full answer (chain, evidence, wrong-pick notes,
	// debrief). Call it only after the final, irreversible submit.
	Reveal() (*Answer, error)
}

// ErrNoAnswer means the scenario carries no answer in any form: an
// interview pack, graded later by the interviewer's key.
var ErrNoAnswer = errors.New("this scenario has no answer key in the pack")

// PlainKey is the AnswerKey of a source scenario.
type PlainKey struct{ answer *Answer }

// NewPlainKey wraps a source scenario's answer; nil if it has none.
func NewPlainKey(s *Scenario) AnswerKey {
	if s.Answer == nil {
		return nil
	}
	return PlainKey{answer: s.Answer}
}

// Check implements AnswerKey.
func (k PlainKey) Check(pick string) (bool, error) { return pick == k.answer.Choice, nil }

// Reveal implements AnswerKey.
func (k PlainKey) Reveal() (*Answer, error) { return k.answer, nil }
