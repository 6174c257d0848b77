// Package debrief is the screen after the final submit: whether the pick
// was right, the score line by line, the causal chain, the evidence (each
// line a jump into the signals when it names one), why a wrong pick was
// wrong, the author's debrief, and coaching drawn from the action log.
package debrief

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/msgs"
	"firedrill/ui/styles"
)

// DebriefData is the graded result the screen explains. Answer comes from
// the AnswerKey's Reveal after the submit; it is nil when the pack holds
// no answer (an interview pack, graded later).
type DebriefData struct {
	Pick     string
	Correct  bool
	Answer   *game.Answer
	Score    grade.Score
	Coaching grade.Coaching
	TimeUsed time.Duration
	Hints    int
	Untimed  bool // practice --untimed: no clock, no speed bonus
	// Proof is the attached evidence against the answer's proof
	// (grade.Prove); its zero value (no verdict) grades the pick alone.
	Proof grade.ProofReport
}

// DataFrom gathers a graded result, the revealed answer and the coaching
// into what the screen shows.
func DataFrom(r grade.Result, ans *game.Answer, c grade.Coaching) DebriefData {
	return DebriefData{Pick: r.Pick, Correct: r.Correct, Answer: ans, Score: r.Score, Coaching: c,
		TimeUsed: r.TimeUsed, Hints: r.Hints, Untimed: r.Untimed}
}

// OpenLeaderboard asks the root to show the leaderboard (l).
type OpenLeaderboard struct{}

// BackToPicker asks the root to return to the scenario picker (p, esc).
type BackToPicker struct{}

// jumpItem is a line the player can select (tab) and jump from (enter):
// a chain step's proof (step > 0), or a line of the answer's evidence.
type jumpItem struct {
	text     string
	pin      game.Pin
	jumpable bool
	step     int  // the chain step (1-based) of a proof line; 0 for evidence
	shown    bool // a proof line: the player's pin showed the step
}

// Model is the debrief screen's state.
type Model struct {
	scenario      *game.Scenario
	styles        *styles.Styles
	keys          KeyMap
	data          DebriefData
	width, height int

	jumps  []jumpItem // proof lines in chain order, then the evidence lines
	sel    int        // the selected jump line
	evRows []int      // content row of each jump line, for scrolling to it
	vp     viewport.Model
}

// New builds the debrief for a graded pick.
func New(s *game.Scenario, st *styles.Styles, r DebriefData) Model {
	r.Answer = sanitizedAnswer(r.Answer)
	m := Model{scenario: s, styles: st, keys: DefaultKeyMap(), data: r}
	if r.Answer != nil {
		onset := r.Answer.Onset
		if onset.IsZero() {
			onset = s.Start
		}
		m.jumps = proofJumps(s, r.Proof)
		for _, e := range r.Answer.Evidence {
			pin, ok := evidencePin(s, e, onset)
			m.jumps = append(m.jumps, jumpItem{text: e, pin: pin, jumpable: ok})
		}
	}
	m.vp = viewport.New()
	m.vp.MouseWheelEnabled = true
	m.vp.KeyMap = viewportKeys()
	return m
}

// SetSize gives the screen its area; the text is re-wrapped to the width.
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.vp.SetWidth(w)
	m.vp.SetHeight(max(1, h-footerRows))
	return m.render()
}

// SetStyles swaps the theme.
func (m Model) SetStyles(st *styles.Styles) Model { m.styles = st; return m.render() }

// KeyMap returns the bindings for the help overlay.
func (m Model) KeyMap() help.KeyMap { return m.keys }

// Update handles a message routed to the screen.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg) // mouse wheel
		return m, cmd
	}
	switch {
	case key.Matches(kp, m.keys.Quit):
		return m, tea.Quit
	case key.Matches(kp, m.keys.Leaderboard):
		return m, func() tea.Msg { return OpenLeaderboard{} }
	case key.Matches(kp, m.keys.Back):
		return m, func() tea.Msg { return BackToPicker{} }
	case key.Matches(kp, m.keys.NextEvidence):
		return m.selectEvidence(m.sel + 1), nil
	case key.Matches(kp, m.keys.PrevEvidence):
		return m.selectEvidence(m.sel - 1), nil
	case key.Matches(kp, m.keys.Jump):
		return m, m.jump()
	case key.Matches(kp, m.keys.Top):
		m.vp.GotoTop()
		return m, nil
	case key.Matches(kp, m.keys.Bottom):
		m.vp.GotoBottom()
		return m, nil
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(kp)
	return m, cmd
}

// selectEvidence moves the selection (wrapping) and scrolls to it.
func (m Model) selectEvidence(i int) Model {
	n := len(m.jumps)
	if n == 0 {
		return m
	}
	m.sel = (i%n + n) % n
	m = m.render()
	if m.sel < len(m.evRows) {
		row := m.evRows[m.sel]
		if row < m.vp.YOffset() || row >= m.vp.YOffset()+m.vp.Height() {
			m.vp.SetYOffset(max(0, row-m.vp.Height()/3))
		}
	}
	return m
}

// jump asks the root to show the selected evidence in the signals, or
// says there is nowhere to go.
func (m Model) jump() tea.Cmd {
	if m.sel >= len(m.jumps) {
		return nil
	}
	ev := m.jumps[m.sel]
	if !ev.jumpable {
		return func() tea.Msg { return msgs.Status{Text: "no direct jump: this evidence names no signal and time"} }
	}
	return func() tea.Msg { return msgs.RevealPin{Pin: ev.pin} }
}

// sanitizedAnswer is a copy of a with every string made safe to print. A
// source pack's answer was sanitized at load, but a sealed pack's is
// decrypted only after the submit, so the screen does not rely on either.
func sanitizedAnswer(a *game.Answer) *game.Answer {
	if a == nil {
		return nil
	}
	lines := func(in []string) []string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = game.SanitizeLine(s)
		}
		return out
	}
	c := *a
	c.Choice = game.SanitizeLine(a.Choice)
	c.Chain, c.Evidence, c.RedHerrings = lines(a.Chain), lines(a.Evidence), lines(a.RedHerrings)
	c.Debrief = game.Sanitize(a.Debrief)
	c.Wrong = make(map[string]string, len(a.Wrong))
	for k, v := range a.Wrong {
		c.Wrong[k] = game.SanitizeLine(v)
	}
	return &c
}

// render lays the content out at the current width, keeping the scroll.
func (m Model) render() Model {
	if m.width <= 0 {
		return m
	}
	lines, evRows := m.content()
	m.evRows = evRows
	y := m.vp.YOffset()
	m.vp.SetContentLines(lines)
	m.vp.SetYOffset(y)
	return m
}
