package app

import (
	"fmt"

	"charm.land/bubbles/v2/key"

	"firedrill/game/grade"
	"firedrill/ui/msgs"
	"firedrill/ui/overlay"
)

// h (global, practice only, never on an interview pack) asks before revealing the next hint: each one
// costs points. The question is a confirm dialog on the shell's stack; y
// reveals, anything else keeps the points.

// hintAnswer is the question's answer.
type hintAnswer struct{ reveal bool }

// hintKeys answer the question.
var hintKeys = struct{ Reveal, Keep key.Binding }{
	Reveal: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "reveal it")),
	Keep:   key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("N", "keep the points")),
}

// hintsAllowed reports whether h may reveal hints: practice only, and
// never on an interview pack (one sealed before --interview cut the hints
// still has them in its files).
func (m Model) hintsAllowed() bool {
	return m.opts.Mode.AllowsHints() && !m.packStatus().Report.Interview
}

// askHint opens the question, or says why there is no hint.
func (m Model) askHint() Model {
	switch {
	case !m.opts.Mode.AllowsHints():
		m.status = "no hints in " + string(m.opts.Mode) + " mode"
	case !m.hintsAllowed():
		m.status = "no hints in an interview pack"
	case m.sess.Hints >= len(m.scenario.Hints):
		m.status = "no hints left"
		if len(m.scenario.Hints) == 0 {
			m.status = "this scenario has no hints"
		}
	default:
		m.shell.Open(overlay.Of(overlay.NewConfirm(msgs.Confirm{Question: m.hintQuestion(), AnyKeyIsNo: true,
			Answers: []msgs.Answer{{Key: hintKeys.Reveal, Msg: hintAnswer{reveal: true}},
				{Key: hintKeys.Keep, Msg: hintAnswer{}}}})))
	}
	return m
}

// onHintAnswer reveals the hint, or keeps the points.
func (m Model) onHintAnswer(a hintAnswer) Model {
	if !a.reveal {
		m.status = "hint not revealed"
		return m
	}
	hint, ok := m.sess.RevealHint(m.scenario)
	if !ok {
		return m
	}
	m.panes.PutNotebook(m.panes.Notebook().RevealHint(hint))
	m.sess.Notebook = m.panes.Notebook().Notebook()
	m.status = fmt.Sprintf("hint %d revealed: see the Notebook tab (-%d points)", m.sess.Hints, grade.HintCost)
	return m.touched()
}

// hintQuestion is the question's text.
func (m Model) hintQuestion() string {
	n := m.sess.Hints + 1
	return fmt.Sprintf("Reveal hint %d of %d? It costs %d points.", n, len(m.scenario.Hints), grade.HintCost)
}
