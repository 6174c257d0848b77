package play

import (
	"strconv"
	"time"

	"firedrill/game"
)

// The notebook changes go through the session so each one lands in the
// action log with its offset (coaching reads them from there).

// AddHypothesis writes a new open hypothesis at the incident-clock cursor
// and records an ActNote; it returns the new hypothesis's id.
func (s *Session) AddHypothesis(text string, cursor time.Time) int {
	id := 1
	for _, h := range s.Notebook.Hypotheses {
		id = max(id, h.ID+1)
	}
	s.Notebook.Hypotheses = append(s.Notebook.Hypotheses, game.Hypothesis{ID: id, Text: text,
		Status: game.StatusOpen, CursorAt: cursor, WrittenAt: s.clock().Round(0)})
	s.RecordAction(game.Action{Kind: game.ActNote, Target: strconv.Itoa(id), Detail: text, At: cursor})
	return id
}

// hypothesis finds a hypothesis by id.
func (s *Session) hypothesis(id int) *game.Hypothesis {
	for i := range s.Notebook.Hypotheses {
		if s.Notebook.Hypotheses[i].ID == id {
			return &s.Notebook.Hypotheses[i]
		}
	}
	return nil
}

// SetStatus moves a hypothesis to status; false if there is no such id.
func (s *Session) SetStatus(id int, status game.HypothesisStatus) bool {
	h := s.hypothesis(id)
	if h == nil {
		return false
	}
	h.Status = status
	s.Record(game.ActStatus, strconv.Itoa(id), string(status))
	return true
}

// PinEvidence adds pin to hypothesis id and records an ActPin (Target: the
// pin's Ref, Detail: its kind); false if there is no such id.
func (s *Session) PinEvidence(id int, pin game.Pin) bool {
	h := s.hypothesis(id)
	if h == nil {
		return false
	}
	h.Evidence = append(h.Evidence, pin)
	s.RecordAction(game.Action{Kind: game.ActPin, Target: pin.Ref, Detail: string(pin.Kind), Service: pin.Service, At: pin.At})
	return true
}

// RevealHint reveals the scenario's next hint, if the mode allows hints and
// one is left: it joins the notebook, counts against the score and is
// recorded. It returns the hint and whether one was revealed.
func (s *Session) RevealHint(sc *game.Scenario) (string, bool) {
	if !s.Mode.AllowsHints() || s.Stopped || sc == nil || s.Hints < 0 || s.Hints >= len(sc.Hints) {
		return "", false
	}
	hint := sc.Hints[s.Hints]
	s.Hints++
	s.Notebook.Hints = append(s.Notebook.Hints, hint)
	s.Record(game.ActHint, "", strconv.Itoa(s.Hints))
	return hint, true
}
