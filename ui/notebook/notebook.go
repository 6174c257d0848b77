// Package notebook is the Notebook tab: the player's timestamped
// hypotheses, the evidence pinned to each, and the hints revealed so far.
//
// It keeps the investigation tabs' contract (pane.Model): the root sizes
// it, moves its cursor, and routes keys to it; it talks back only through
// tea.Cmds yielding ui/msgs messages, and asks its questions (discard a
// note, delete) as msgs.Confirm dialogs on the root's overlay stack.
package notebook

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/internal/timefmt"
	"firedrill/ui/msgs"
	"firedrill/ui/pane"
	"firedrill/ui/styles"
)

// mode is what the keys currently drive.
type mode int

const (
	browsing      mode = iota
	editing            // the textarea has focus
	askingDiscard      // esc with unsaved text: the root asks discard/save/keep writing
	askingDelete       // d pressed: the root asks before deleting
)

// Model is the Notebook tab's state.
type Model struct {
	scenario      *game.Scenario
	styles        *styles.Styles
	keys          KeyMap
	width, height int
	cursor        time.Time
	now           func() time.Time // wall clock; tests inject a fixed one
	pinKey        key.Binding      // the root's pin key, for the empty notebook's advice

	book game.Notebook
	sel  int // index into entries()
	top  int // first list line shown

	mode    mode
	editID  int // the hypothesis being edited; 0 while writing a new one
	editor  textarea.Model
	stampAt time.Time // incident-clock time a new hypothesis gets
	stampWr time.Time // wall time a new hypothesis gets
}

// Model keeps the tabs' contract (ui/pane, ui/README.md).
var _ pane.Model[Model] = Model{}

// Option configures a Model.
type Option func(*Model)

// WithClock replaces the wall clock used to stamp hypotheses.
func WithClock(now func() time.Time) Option { return func(m *Model) { m.now = now } }

// WithPinKey is the root's key that pins evidence here; the empty notebook
// says to use it. Without it (the replay: nothing is pinned there) it says
// nothing about pins.
func WithPinKey(k key.Binding) Option { return func(m *Model) { m.pinKey = k } }

// New builds the tab for a scenario, with an empty notebook.
func New(s *game.Scenario, st *styles.Styles, opts ...Option) Model {
	m := Model{scenario: s, styles: st, keys: DefaultKeyMap(), cursor: s.Start, now: time.Now,
		pinKey: key.NewBinding(key.WithDisabled())}
	for _, o := range opts {
		o(&m)
	}
	m.editor = newEditor(st)
	return m
}

// SetSize gives the tab its area (the root's layout() calls it).
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.editor.SetWidth(max(w, 10))
	m.editor.SetHeight(editorHeight(h))
	return m.scrollToSelection()
}

// SetStyles swaps the theme (light/dark change).
func (m Model) SetStyles(st *styles.Styles) Model {
	m.styles = st
	m.editor.SetStyles(editorStyles(st))
	return m
}

// SetCursor moves the shared incident-clock cursor; new hypotheses are
// stamped with it.
func (m Model) SetCursor(t time.Time) Model { m.cursor = t; return m }

// Capturing reports whether the tab wants every key: while writing, and
// while its question (discard? delete?) waits on the root's overlay stack.
func (m Model) Capturing() bool { return m.mode != browsing }

// KeyMap returns the tab's bindings for the help overlay.
func (m Model) KeyMap() help.KeyMap { return m.keys }

// Selected is never evidence: the notebook holds pins, it is not a signal.
func (m Model) Selected() (game.Pin, bool) { return game.Pin{}, false }

// Reveal selects the first pinned item that matches p.
func (m Model) Reveal(p game.Pin) Model {
	for i, e := range m.entries() {
		if e.pin >= 0 {
			got := m.book.Hypotheses[e.hyp].Evidence[e.pin]
			if got.Kind == p.Kind && got.Ref == p.Ref {
				m.sel = i
				return m.scrollToSelection()
			}
		}
	}
	return m
}

// Notebook returns the hypotheses and hints, for the session file.
// It is a deep copy: the session may change it without touching the tab.
func (m Model) Notebook() game.Notebook { return cloneNotebook(m.book) }

// SetNotebook restores a saved notebook (resume). The file may have been
// edited by hand, so its text is sanitized like pack text.
func (m Model) SetNotebook(nb game.Notebook) Model {
	clean := game.Notebook{Hints: make([]string, len(nb.Hints))}
	for i, h := range nb.Hints {
		clean.Hints[i] = game.Sanitize(h)
	}
	for _, h := range nb.Hypotheses {
		h.Text = game.Sanitize(h.Text)
		pins := make([]game.Pin, len(h.Evidence))
		for i, p := range h.Evidence {
			p.Label = game.SanitizeLine(p.Label)
			p.Service = game.SanitizeLine(p.Service)
			pins[i] = p
		}
		h.Evidence = pins
		clean.Hypotheses = append(clean.Hypotheses, h)
	}
	m.book = clean
	m.mode = browsing
	m.sel = clampIndex(m.sel, len(m.entries()))
	return m.scrollToSelection()
}

// RevealHint adds a hint the root has revealed (after the player
// confirmed its cost); it stays visible for the rest of the game.
func (m Model) RevealHint(text string) Model {
	m.book.Hints = append(append([]string(nil), m.book.Hints...), game.Sanitize(text))
	return m
}

// Pinned is what AddPin did: the pin's action, for the root to record at
// once, and where the pin went, for the status bar.
type Pinned struct {
	Action game.Action
	Where  string // "pinned log to hypothesis #1"
}

// AddPin attaches evidence marked elsewhere (m) to the current hypothesis:
// the selected one, or a new one without text if the notebook is empty
// (the list shows a placeholder; e writes it, starting empty).
// Pinning the same signal twice to one hypothesis is a no-op (ok false).
// The action comes back directly, not through a command: a q pressed
// right after m is handled before any command's message, and the saved
// session must still hold the pin's action (resume, coaching and the
// replay read pins from the action log).
func (m Model) AddPin(p game.Pin) (next Model, pinned Pinned, ok bool) {
	p.Label = game.SanitizeLine(p.Label)
	created := len(m.book.Hypotheses) == 0
	if created {
		m = m.appendHypothesis("", m.cursor, m.now())
	}
	hi := m.currentHypothesis()
	h := &m.book.Hypotheses[hi]
	for _, old := range h.Evidence {
		if old.Kind == p.Kind && old.Ref == p.Ref {
			return m, Pinned{}, false
		}
	}
	// Copy before appending: the slice may be shared with a Notebook()
	// snapshot the root handed to the autosave.
	h.Evidence = append(append([]game.Pin(nil), h.Evidence...), p)
	m = m.scrollToSelection()
	// The player is on another tab: say where the pin went. A metric pin
	// is the series at the cursor, and proof counts it only where the
	// series shows the move: say which moment it keeps. When the pin made
	// the hypothesis, say it has no text yet and how to give it.
	where := fmt.Sprintf("pinned %s to hypothesis #%d", p.Kind, m.book.Hypotheses[hi].ID)
	if p.Kind == game.PinMetric {
		where += " at the cursor, " + timefmt.Offset(p.At.Sub(m.scenario.Start))
	}
	if created {
		where += fmt.Sprintf(" (new, untitled: on the Notebook tab %s says what you suspect)", m.keys.Edit.Help().Key)
	}
	return m, Pinned{
		Action: game.Action{Kind: game.ActPin, Target: p.Ref, Detail: string(p.Kind), Service: p.Service, At: p.At},
		Where:  where,
	}, true
}

// entry is one selectable row: a hypothesis (pin < 0) or one of its pins.
type entry struct{ hyp, pin int }

// entries lists the selectable rows in display order.
func (m Model) entries() []entry {
	var es []entry
	for hi, h := range m.book.Hypotheses {
		es = append(es, entry{hi, -1})
		for pi := range h.Evidence {
			es = append(es, entry{hi, pi})
		}
	}
	return es
}

// selected is the entry under the selection; ok is false when empty.
func (m Model) selected() (entry, bool) {
	es := m.entries()
	if m.sel < 0 || m.sel >= len(es) {
		return entry{}, false
	}
	return es[m.sel], true
}

// currentHypothesis is the index of the hypothesis the selection is in,
// or -1 when there is none.
func (m Model) currentHypothesis() int {
	if e, ok := m.selected(); ok {
		return e.hyp
	}
	return len(m.book.Hypotheses) - 1
}

// appendHypothesis adds an open hypothesis and selects it.
func (m Model) appendHypothesis(text string, cursorAt, writtenAt time.Time) Model {
	next := 1
	for _, h := range m.book.Hypotheses {
		next = max(next, h.ID+1)
	}
	hs := append([]game.Hypothesis(nil), m.book.Hypotheses...)
	m.book.Hypotheses = append(hs, game.Hypothesis{
		ID: next, Text: text, Status: game.StatusOpen, CursorAt: cursorAt, WrittenAt: writtenAt,
	})
	for i, e := range m.entries() {
		if e.hyp == len(m.book.Hypotheses)-1 && e.pin < 0 {
			m.sel = i
		}
	}
	return m
}

// nextStatus is the x cycle: open → ruled out → confirmed → open.
func nextStatus(s game.HypothesisStatus) game.HypothesisStatus {
	switch s {
	case game.StatusOpen:
		return game.StatusRuledOut
	case game.StatusRuledOut:
		return game.StatusConfirmed
	}
	return game.StatusOpen
}

// changed reports a change of the notebook, with the actions that record it
// in the session's action log (a delete records none).
func (m Model) changed(acts ...game.Action) tea.Cmd {
	snapshot := cloneNotebook(m.book)
	cmds := []tea.Cmd{func() tea.Msg { return msgs.NotebookChanged{Notebook: snapshot} }}
	for _, a := range acts {
		cmds = append(cmds, func() tea.Msg { return msgs.Act{Action: a} })
	}
	return tea.Batch(cmds...)
}

func cloneNotebook(nb game.Notebook) game.Notebook {
	out := game.Notebook{Hints: append([]string(nil), nb.Hints...)}
	for _, h := range nb.Hypotheses {
		h.Evidence = append([]game.Pin(nil), h.Evidence...)
		out.Hypotheses = append(out.Hypotheses, h)
	}
	return out
}

func clampIndex(i, n int) int { return max(0, min(i, n-1)) }
