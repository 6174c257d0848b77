// Package submit is the screen where the player commits to a root cause:
// pick one of the scenario's choices, optionally say why in one line,
// confirm, and it is final. It is a dialog on the root's overlay stack
// (ui/overlay), drawn over the content area; the last question is a
// confirm dialog it opens on top of itself. When the clock runs out the
// root opens it in TimeUp mode, which cannot be left without answering.
package submit

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/overlay"
	"firedrill/ui/styles"
)

// Submitted is the player's final answer, the dialog's answer to the root
// (which grades it). It comes once: the dialog closes with it.
type Submitted struct {
	ChoiceID      string
	Justification string
	Attached      []game.Pin // the evidence attached as proof (at most game.MaxAttached)
}

// Cancelled means the player backed out before choosing (esc on the
// list); the dialog closes with it. Never in TimeUp mode.
type Cancelled struct{}

// confirmed and notYet are the confirm dialog's answers to this one.
type (
	confirmed struct{}
	notYet    struct{}
)

// Stage is where the player is in the submit flow.
type Stage int

// Stages, in order; esc steps back one until Done.
const (
	Picking   Stage = iota
	Attaching       // choosing the pins to attach (skipped when there are none)
	Justifying
	Confirming // the confirm dialog is open over this one
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
	// untimed: the clock never ends this game, so the corner shows the
	// time used (timeUsed) instead of a countdown that never moves.
	untimed  bool
	timeUsed time.Duration

	stage  Stage
	sel    int
	top    int // first choice row shown
	why    textinput.Model
	attach attachList
}

// New builds the screen for a scenario's choices.
func New(s *game.Scenario, st *styles.Styles) Model {
	why := textinput.New()
	why.Prompt = "› "
	why.Placeholder = "optional: the evidence that convinced you"
	why.CharLimit = justificationLimit
	why.SetStyles(inputStyles(st))
	return Model{scenario: s, styles: st, keys: DefaultKeyMap(), why: why, attach: newAttachList(game.Notebook{}, st)}
}

// SetNotebook offers the notebook's pins for the attach step, those of
// confirmed hypotheses attached to start with.
func (m Model) SetNotebook(nb game.Notebook) Model {
	m.attach = newAttachList(nb, m.styles)
	return m.SetSize(m.width, m.height)
}

// Attached is the evidence attached so far.
func (m Model) Attached() []game.Pin { return m.attach.pins() }

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

// SetTimeUsed is the time used so far, shown in the corner of an untimed
// game in place of the countdown.
func (m Model) SetTimeUsed(d time.Duration) Model {
	m.untimed, m.timeUsed = true, max(0, d)
	return m
}

// Model is a dialog on the overlay stack.
var _ overlay.Model[Model] = Model{}

// Resize takes the root's content area and theme.
func (m Model) Resize(f overlay.Frame) Model {
	return m.SetSize(f.Body.W, f.Body.H).SetStyles(f.Styles)
}

// TimeUp reports the time's-up mode.
func (m Model) TimeUp() bool { return m.timeUp }

// SetSize gives the screen its area.
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.why.SetWidth(max(10, w-6))
	m.attach = m.attach.setSize(max(20, w-2), m.attachRows())
	return m.scrollToSelection()
}

// SetStyles swaps the theme.
func (m Model) SetStyles(st *styles.Styles) Model {
	m.styles = st
	m.why.SetStyles(inputStyles(st))
	m.attach = m.attach.restyle(st)
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

// Update handles a key, the confirm dialog's answer, or the input's own
// replies (its cursor blinks).
func (m Model) Update(msg tea.Msg) (Model, overlay.Step) {
	switch msg.(type) {
	case confirmed:
		c, _ := m.Choice()
		m.stage = Done
		return m, overlay.Step{Close: true, Answer: Submitted{ChoiceID: c.ID, Justification: m.Justification(),
			Attached: m.attach.pins()}}
	case notYet:
		m.stage = Justifying
		return m, overlay.Step{Cmd: m.why.Focus()}
	}
	kp, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		if m.stage == Justifying {
			var cmd tea.Cmd
			m.why, cmd = m.why.Update(msg)
			return m, overlay.Step{Cmd: cmd}
		}
		return m, overlay.Step{}
	}
	switch m.stage {
	case Picking:
		return m.updatePicking(kp)
	case Attaching:
		return m.updateAttaching(kp)
	case Justifying:
		return m.updateJustifying(kp)
	}
	return m, overlay.Step{} // Confirming: the dialog on top has the keys; Done: no take-back
}

func (m Model) updatePicking(msg tea.KeyPressMsg) (Model, overlay.Step) {
	n := len(m.scenario.Choices)
	switch {
	case key.Matches(msg, m.keys.Up):
		m.sel = max(0, m.sel-1)
	case key.Matches(msg, m.keys.Down):
		m.sel = max(0, min(n-1, m.sel+1))
	case key.Matches(msg, m.keys.Select):
		if n == 0 {
			return m, overlay.Step{}
		}
		if len(m.attach.cands) > 0 {
			m.stage = Attaching
			return m, overlay.Step{}
		}
		m.stage = Justifying
		return m, overlay.Step{Cmd: m.why.Focus()}
	case key.Matches(msg, m.keys.Back):
		if m.timeUp {
			return m, overlay.Step{} // the clock has run out: only an answer leaves
		}
		return m, overlay.Step{Close: true, Answer: Cancelled{}}
	case key.Matches(msg, m.keys.Number):
		// Choices are numbered on screen; a digit highlights that one.
		if i := int(msg.String()[0] - '1'); i < n {
			m.sel = i
		}
	}
	return m.scrollToSelection(), overlay.Step{}
}

func (m Model) updateJustifying(msg tea.KeyPressMsg) (Model, overlay.Step) {
	switch {
	case key.Matches(msg, m.keys.Continue):
		m.stage = Confirming
		m.why.Blur()
		return m, overlay.Step{Open: overlay.Of(overlay.NewConfirm(m.question()))}
	case key.Matches(msg, m.keys.Unpick):
		m.stage = Picking
		if len(m.attach.cands) > 0 {
			m.stage = Attaching
		}
		m.why.Blur()
		return m, overlay.Step{}
	}
	var cmd tea.Cmd
	m.why, cmd = m.why.Update(msg)
	return m, overlay.Step{Cmd: cmd}
}

// updateAttaching: space attaches or detaches the pin under the cursor,
// enter goes on to the reason, esc back to the choices; the table moves.
func (m Model) updateAttaching(msg tea.KeyPressMsg) (Model, overlay.Step) {
	switch {
	case key.Matches(msg, m.keys.Toggle):
		m.attach = m.attach.toggle()
	case key.Matches(msg, m.keys.Continue):
		m.stage = Justifying
		return m, overlay.Step{Cmd: m.why.Focus()}
	case key.Matches(msg, m.keys.Unpick):
		m.stage = Picking
	default:
		m.attach = m.attach.move(msg)
	}
	return m, overlay.Step{}
}

// question is the last question, asked in a confirm dialog over the
// screen: only y submits; anything that means no (n, esc, a bare enter)
// goes back to the justification, and other keys do nothing.
func (m Model) question() msgs.Confirm {
	st := m.styles
	c, _ := m.Choice()
	lines := []string{st.Bold.Render(fmt.Sprintf("Submit %d?", m.sel+1)), st.Base.Render(c.Text)}
	if why := m.Justification(); why != "" {
		lines = append(lines, st.Muted.Render("because: "+why))
	}
	switch n := len(m.attach.attached); n {
	case 0:
		lines = append(lines, st.Warn.Render("No evidence attached: a right pick without proof scores half."))
	default:
		lines = append(lines, st.Muted.Render(fmt.Sprintf("with %d piece(s) of evidence attached", n)))
	}
	lines = append(lines, st.Warn.Render("This cannot be taken back."))
	return msgs.Confirm{Question: strings.Join(lines, "\n"),
		Answers: []msgs.Answer{{Key: m.keys.Yes, Msg: confirmed{}}, {Key: m.keys.No, Msg: notYet{}}}}
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
