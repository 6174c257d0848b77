package notebook

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/styles"
)

// editorChrome is the editor's title line above the textarea.
const editorChrome = 1

// editorHeight is the textarea's height in a tab h rows tall: a few lines,
// leaving the list above it visible.
func editorHeight(h int) int { return max(2, min(6, h/3)) }

func newEditor(st *styles.Styles) textarea.Model {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.Placeholder = "What do you think is happening, and why?"
	ta.CharLimit = 2000
	ta.SetStyles(editorStyles(st))
	return ta
}

// editorStyles takes the textarea's colours from the theme, not its defaults.
func editorStyles(st *styles.Styles) textarea.Styles {
	s := textarea.DefaultStyles(st.Dark)
	for _, state := range []*textarea.StyleState{&s.Focused, &s.Blurred} {
		state.Base = st.Base
		state.Text = st.Base
		state.CursorLine = st.Base
		state.Placeholder = st.Muted
		state.Prompt = st.Accent
		state.EndOfBuffer = st.Muted
	}
	if !st.NoColor {
		s.Cursor.Color = st.P.Accent
	}
	return s
}

// startEditing opens the textarea: for a new hypothesis (id 0), stamped
// with the cursor and wall time now, or for an existing one's text.
func (m Model) startEditing(id int) (Model, tea.Cmd) {
	m.mode, m.editID = editing, id
	m.stampAt, m.stampWr = m.cursor, m.now()
	m.editor.Reset()
	if h := m.hypothesisByID(id); h != nil {
		m.editor.SetValue(h.Text)
	}
	return m, m.editor.Focus()
}

// updateEditing handles a key while the textarea has focus.
func (m Model) updateEditing(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Save):
		return m.commit()
	case key.Matches(msg, m.keys.Cancel):
		if m.unchanged() {
			return m.stopEditing(), nil
		}
		m.mode = askingDiscard
		return m, m.ask(m.discardQuestion())
	}
	var cmd tea.Cmd
	m.editor, cmd = m.editor.Update(msg)
	return m, cmd
}

// discardQuestion is asked when esc would lose typed text: only y
// discards; s saves; n, esc or any other key goes back to writing, so a
// second esc pressed in a hurry never throws typed text away.
func (m Model) discardQuestion() msgs.Confirm {
	k := m.keys
	return msgs.Confirm{Question: "Unsaved note — discard it?", AnyKeyIsNo: true, Answers: []msgs.Answer{
		{Key: k.Discard, Msg: discardNote{}}, {Key: k.SaveDraft, Msg: saveNote{}}, {Key: k.KeepWriting, Msg: keepWriting{}},
	}}
}

// unchanged reports whether leaving the editor would lose nothing.
func (m Model) unchanged() bool {
	text := strings.TrimSpace(m.editor.Value())
	if h := m.hypothesisByID(m.editID); h != nil {
		return text == h.Text
	}
	return text == ""
}

// commit saves the textarea's text: a new hypothesis, or the edited one.
// An empty text saves nothing. The note goes to the action log, where
// coaching looks for the first hypothesis naming the cause.
func (m Model) commit() (Model, tea.Cmd) {
	m, act := m.commitText()
	if act == nil {
		return m, nil
	}
	return m, m.changed(*act)
}

// CommitDraft saves a note still being written, as ctrl+s would, and
// hands back its action directly rather than through a command: the root
// calls it while quitting, when no further message will be delivered, so
// a ctrl+c in the middle of a note does not lose the note. nil when no
// note was being written or nothing was typed.
func (m Model) CommitDraft() (Model, *game.Action) {
	if m.mode != editing && m.mode != askingDiscard {
		return m, nil
	}
	return m.commitText()
}

// commitText saves the textarea's text and returns the note's action;
// nil when there was no text.
func (m Model) commitText() (Model, *game.Action) {
	text := game.Sanitize(strings.TrimSpace(m.editor.Value()))
	id := m.editID
	m = m.stopEditing()
	if text == "" {
		return m, nil
	}
	if h := m.hypothesisByID(id); h != nil {
		hs := append([]game.Hypothesis(nil), m.book.Hypotheses...)
		for i := range hs {
			if hs[i].ID == id {
				hs[i].Text = text
			}
		}
		m.book.Hypotheses = hs
	} else {
		m = m.appendHypothesis(text, m.stampAt, m.stampWr)
		id = m.book.Hypotheses[len(m.book.Hypotheses)-1].ID
	}
	m = m.scrollToSelection()
	return m, &game.Action{Kind: game.ActNote, Target: strconv.Itoa(id), Detail: text, At: m.stampAtFor(id)}
}

func (m Model) stopEditing() Model {
	m.mode, m.editID = browsing, 0
	m.editor.Blur()
	m.editor.Reset()
	return m.scrollToSelection()
}

func (m Model) hypothesisByID(id int) *game.Hypothesis {
	if id == 0 {
		return nil
	}
	for i := range m.book.Hypotheses {
		if m.book.Hypotheses[i].ID == id {
			return &m.book.Hypotheses[i]
		}
	}
	return nil
}

// stampAtFor is the incident-clock time hypothesis id was written at.
func (m Model) stampAtFor(id int) (t time.Time) {
	if h := m.hypothesisByID(id); h != nil {
		return h.CursorAt
	}
	return m.cursor
}

// Draft is the note being written, for the session's autosave: false when
// the editor is closed or leaving it would lose nothing.
func (m Model) Draft() (game.NoteDraft, bool) {
	if (m.mode != editing && m.mode != askingDiscard) || m.unchanged() {
		return game.NoteDraft{}, false
	}
	return game.NoteDraft{ID: m.editID, Text: m.editor.Value(), CursorAt: m.stampAt, WrittenAt: m.stampWr}, true
}

// RestoreDraft opens the editor on a draft saved with the session (a
// resume after the game was killed): the edit of its hypothesis if that
// still exists, else a new note, with the stamps it had. The text comes
// from a file and is sanitized like any.
func (m Model) RestoreDraft(d game.NoteDraft) (Model, tea.Cmd) {
	if m.hypothesisByID(d.ID) == nil {
		d.ID = 0
	}
	m, cmd := m.startEditing(d.ID)
	if !d.CursorAt.IsZero() {
		m.stampAt = d.CursorAt
	}
	if !d.WrittenAt.IsZero() {
		m.stampWr = d.WrittenAt
	}
	m.editor.SetValue(game.Sanitize(d.Text))
	return m, cmd
}
