// Package submit is the screen where the player commits to a root cause:
// pick one of the scenario's choices, optionally say why in one line,
// confirm, and it is final. When the clock runs out the root opens it in
// TimeUp mode, which cannot be left without answering.
package submit

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/styles"
)

// Submitted is the player's final answer; the root grades it. It is sent
// once: after it the screen ignores every key.
type Submitted struct {
	ChoiceID      string
	Justification string
}

// Cancelled means the player backed out before choosing (esc on the list);
// the root closes the screen. Never sent in TimeUp mode.
type Cancelled struct{}

// Stage is where the player is in the submit flow.
type Stage int

// Stages, in order; esc steps back one until Done.
const (
	Picking Stage = iota
	Justifying
	Confirming
	Done
)

// justificationLimit bounds the one-line reason kept with the result.
const justificationLimit = 200

// Model is the submit screen's state.
type Model struct {
	scenario      *game.Scenario
	styles        *styles.Styles
	keys          KeyMap
	width, height int

	timeUp   bool
	timeLeft time.Duration

	stage Stage
	sel   int
	top   int // first choice row shown
	why   textinput.Model
}

// New builds the screen for a scenario's choices.
func New(s *game.Scenario, st *styles.Styles) Model {
	why := textinput.New()
	why.Prompt = "› "
	why.Placeholder = "optional: the evidence that convinced you"
	why.CharLimit = justificationLimit
	why.SetStyles(inputStyles(st))
	return Model{scenario: s, styles: st, keys: DefaultKeyMap(), why: why}
}

// SetTimeUp switches to the time's-up mode: the clock is shown stopped and
// there is no way out but to answer.
func (m Model) SetTimeUp(up bool) Model {
	m.timeUp = up
	if up {
		m.timeLeft = 0
	}
	return m
}

// SetTimeLeft is the countdown shown in the corner (the clock keeps running
// while the player decides, except in TimeUp mode).
func (m Model) SetTimeLeft(d time.Duration) Model {
	if !m.timeUp {
		m.timeLeft = max(0, d)
	}
	return m
}

// SetSize gives the screen its area.
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.why.SetWidth(max(10, w-6))
	return m.scrollToSelection()
}

// SetStyles swaps the theme.
func (m Model) SetStyles(st *styles.Styles) Model {
	m.styles = st
	m.why.SetStyles(inputStyles(st))
	return m
}

// Capturing is always true: the screen is modal, every key is its own.
func (m Model) Capturing() bool { return true }

// KeyMap returns the bindings for the help overlay.
func (m Model) KeyMap() help.KeyMap { return m.keys }

// Stage reports where the player is in the flow.
func (m Model) Stage() Stage { return m.stage }

// Choice is the highlighted choice.
func (m Model) Choice() (game.Choice, bool) {
	if m.sel < 0 || m.sel >= len(m.scenario.Choices) {
		return game.Choice{}, false
	}
	return m.scenario.Choices[m.sel], true
}

// Justification is the one-line reason typed so far.
func (m Model) Justification() string {
	return game.SanitizeLine(strings.TrimSpace(m.why.Value()))
}

// Update handles a message routed to the screen.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	kp, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		if m.stage == Justifying {
			var cmd tea.Cmd
			m.why, cmd = m.why.Update(msg)
			return m, cmd
		}
		return m, nil
	}
	switch m.stage {
	case Picking:
		return m.updatePicking(kp)
	case Justifying:
		return m.updateJustifying(kp)
	case Confirming:
		return m.updateConfirming(kp)
	}
	return m, nil // Done: no take-back
}

func (m Model) updatePicking(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	n := len(m.scenario.Choices)
	switch {
	case key.Matches(msg, m.keys.Up):
		m.sel = max(0, m.sel-1)
	case key.Matches(msg, m.keys.Down):
		m.sel = max(0, min(n-1, m.sel+1))
	case key.Matches(msg, m.keys.Select):
		if n == 0 {
			return m, nil
		}
		m.stage = Justifying
		return m, m.why.Focus()
	case key.Matches(msg, m.keys.Back):
		if m.timeUp {
			return m, nil // the clock has run out: only an answer leaves
		}
		return m, func() tea.Msg { return Cancelled{} }
	case key.Matches(msg, m.keys.Number):
		// Choices are numbered on screen; a digit highlights that one.
		if i := int(msg.String()[0] - '1'); i < n {
			m.sel = i
		}
	}
	return m.scrollToSelection(), nil
}

func (m Model) updateJustifying(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch msg.String() {
	case "enter":
		m.stage = Confirming
		m.why.Blur()
		return m, nil
	case "esc":
		m.stage = Picking
		m.why.Blur()
		return m, nil
	}
	var cmd tea.Cmd
	m.why, cmd = m.why.Update(msg)
	return m, cmd
}

// updateConfirming is the last question; only y submits, anything that
// means no (n, esc, a bare enter) goes back to the justification.
func (m Model) updateConfirming(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Yes):
		c, _ := m.Choice()
		m.stage = Done
		sub := Submitted{ChoiceID: c.ID, Justification: m.Justification()}
		return m, func() tea.Msg { return sub }
	case key.Matches(msg, m.keys.No):
		m.stage = Justifying
		return m, m.why.Focus()
	}
	return m, nil
}

// inputStyles takes the text input's colours from the theme.
func inputStyles(st *styles.Styles) textinput.Styles {
	s := textinput.DefaultStyles(st.Dark)
	for _, state := range []*textinput.StyleState{&s.Focused, &s.Blurred} {
		state.Text = st.Base
		state.Placeholder = st.Muted
		state.Prompt = st.Accent
		state.Suggestion = st.Muted
	}
	if !st.NoColor {
		s.Cursor.Color = st.P.Accent
	}
	return s
}
