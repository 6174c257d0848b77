package notebook

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/msgs"
)

// The answers to the tab's questions, which come back to it alone.
type (
	discardNote struct{}
	saveNote    struct{}
	keepWriting struct{}
	deleteIt    struct{}
	keepIt      struct{}
)

// Update handles a key, an answer to the tab's question, or the
// textarea's own replies (cursor blinks).
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg.(type) {
	case discardNote:
		return m.stopEditing(), nil
	case saveNote:
		return m.commit()
	case keepWriting:
		m.mode = editing
		return m, nil
	case deleteIt:
		m.mode = browsing
		m = m.deleteSelected()
		return m, m.changed()
	case keepIt:
		m.mode = browsing
		return m, nil
	}
	kp, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		if m.mode == editing || m.mode == askingDiscard {
			var cmd tea.Cmd
			m.editor, cmd = m.editor.Update(msg)
			return m, cmd
		}
		return m, nil
	}
	switch m.mode {
	case editing:
		return m.updateEditing(kp)
	case askingDiscard, askingDelete:
		// The question's box has the keys; a key that overtook its
		// opening is dropped rather than taken as an answer.
		return m, nil
	}
	return m.updateBrowsing(kp)
}

// ask puts a question on the root's overlay stack; its answer comes back
// to this tab as one of the messages above.
func (m Model) ask(q msgs.Confirm) tea.Cmd { return func() tea.Msg { return q } }

// ReadOnly reports whether msg only moves through the notebook or jumps
// to evidence: all the debrief's review allows once the answer is in.
func (m Model) ReadOnly(msg tea.KeyPressMsg) bool {
	return m.keys.Matches(msg) || key.Matches(msg, m.keys.Jump)
}

func (m Model) updateBrowsing(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if rows, ok := m.keys.Move(msg, m.page()); ok {
		m.sel = clampIndex(m.sel+rows, len(m.entries()))
		return m.scrollToSelection(), nil
	}
	switch {
	case key.Matches(msg, m.keys.New):
		return m.startEditing(0)
	case key.Matches(msg, m.keys.Edit):
		if hi := m.currentHypothesis(); hi >= 0 {
			return m.startEditing(m.book.Hypotheses[hi].ID)
		}
	case key.Matches(msg, m.keys.Status):
		return m.cycleStatus()
	case key.Matches(msg, m.keys.Jump):
		return m.jump()
	case key.Matches(msg, m.keys.Delete):
		if _, ok := m.selected(); ok {
			m.mode = askingDelete
			k := m.keys
			return m, m.ask(msgs.Confirm{Question: m.deleteQuestion(), AnyKeyIsNo: true,
				Answers: []msgs.Answer{{Key: k.Confirm, Msg: deleteIt{}}, {Key: k.Decline, Msg: keepIt{}}}})
		}
	}
	return m.scrollToSelection(), nil
}

// cycleStatus moves the current hypothesis to its next status.
func (m Model) cycleStatus() (Model, tea.Cmd) {
	hi := m.currentHypothesis()
	if hi < 0 {
		return m, nil
	}
	hs := append([]game.Hypothesis(nil), m.book.Hypotheses...)
	hs[hi].Status = nextStatus(hs[hi].Status)
	m.book.Hypotheses = hs
	return m, m.changed(game.Action{
		Kind: game.ActStatus, Target: strconv.Itoa(hs[hi].ID), Detail: string(hs[hi].Status),
	})
}

// jump asks the root to show the selected pin where it lives; on a
// hypothesis row, enter opens it for editing instead.
func (m Model) jump() (Model, tea.Cmd) {
	e, ok := m.selected()
	if !ok {
		return m, nil
	}
	if e.pin < 0 {
		return m.startEditing(m.book.Hypotheses[e.hyp].ID)
	}
	pin := m.book.Hypotheses[e.hyp].Evidence[e.pin]
	return m, func() tea.Msg { return msgs.RevealPin{Pin: pin} }
}

// deleteSelected removes the selected pin, or the selected hypothesis with
// its pins.
func (m Model) deleteSelected() Model {
	e, ok := m.selected()
	if !ok {
		return m
	}
	hs := append([]game.Hypothesis(nil), m.book.Hypotheses...)
	if e.pin >= 0 {
		ev := hs[e.hyp].Evidence
		hs[e.hyp].Evidence = append(append([]game.Pin(nil), ev[:e.pin]...), ev[e.pin+1:]...)
		m.sel-- // stay with the hypothesis the pin belonged to
	} else {
		hs = append(hs[:e.hyp], hs[e.hyp+1:]...)
	}
	m.book.Hypotheses = hs
	m.sel = clampIndex(m.sel, len(m.entries()))
	return m.scrollToSelection()
}
