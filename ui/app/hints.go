package app

import (
	"fmt"

	"firedrill/game"
)

// h (global, practice only) asks before revealing the next hint: each one
// costs points. The question is a small overlay; y reveals, anything else
// keeps the points.

// askHint opens the confirm overlay, or says why there is no hint.
func (m Model) askHint() Model {
	switch {
	case !m.opts.Mode.AllowsHints():
		m.status = "no hints in " + string(m.opts.Mode) + " mode"
	case m.sess.Hints >= len(m.scenario.Hints):
		m.status = "no hints left"
		if len(m.scenario.Hints) == 0 {
			m.status = "this scenario has no hints"
		}
	default:
		m.overlay = overlayHint
	}
	return m
}

// hintKey answers the confirm overlay.
func (m Model) hintKey(key string) Model {
	m.overlay = overlayNone
	if key != "y" && key != "Y" {
		m.status = "hint not revealed"
		return m
	}
	hint, ok := m.sess.RevealHint(m.scenario)
	if !ok {
		return m
	}
	m.panes.PutNotebook(m.panes.Notebook().RevealHint(hint))
	m.sess.Notebook = m.panes.Notebook().Notebook()
	m.status = fmt.Sprintf("hint %d revealed: see the Notebook tab (-%d points)", m.sess.Hints, game.HintCost)
	return m.touched()
}

// hintQuestion is the confirm overlay's text.
func (m Model) hintQuestion() string {
	n := m.sess.Hints + 1
	return fmt.Sprintf("Reveal hint %d of %d? It costs %d points. y/N", n, len(m.scenario.Hints), game.HintCost)
}

// withHintBox draws the question in a box over the middle of the screen.
func (m Model) withHintBox(base string) string {
	box := m.styles.Dialog.Padding(1, 3).Render(m.hintQuestion())
	return composite(base, box, m.width, m.height)
}
