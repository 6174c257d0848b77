package submit

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/styles"
)

// The attach step: after the pick, the player's pins from every
// hypothesis, one row each (a signal pinned to two hypotheses once), in a
// bubbles table; space attaches or detaches the row under the cursor, up
// to game.MaxAttached. Pins of confirmed hypotheses start attached. The
// grade matches what is attached against the answer's proof.

// candidate is one pinned signal the player may attach.
type candidate struct {
	pin        game.Pin
	hypotheses []int // the notebook ids it is pinned to
	confirmed  bool  // one of them is confirmed
}

// attachList is the pins and which are attached, over a table.
type attachList struct {
	cands    []candidate
	attached []int // indexes into cands, in the order attached
	table    table.Model
	full     bool // the last space was refused: at most MaxAttached
}

// candidatesOf lists every pin of nb once, in notebook order.
func candidatesOf(nb game.Notebook) []candidate {
	var out []candidate
	for _, h := range nb.Hypotheses {
		for _, p := range h.Evidence {
			i := 0
			for i < len(out) && !game.SamePin(out[i].pin, p) {
				i++
			}
			if i == len(out) {
				out = append(out, candidate{pin: p})
			}
			out[i].hypotheses = append(out[i].hypotheses, h.ID)
			out[i].confirmed = out[i].confirmed || h.Status == game.StatusConfirmed
		}
	}
	return out
}

// newAttachList preselects the pins of confirmed hypotheses (the first
// MaxAttached of them).
func newAttachList(nb game.Notebook, st *styles.Styles) attachList {
	a := attachList{cands: candidatesOf(nb)}
	for i, c := range a.cands {
		if c.confirmed && len(a.attached) < game.MaxAttached {
			a.attached = append(a.attached, i)
		}
	}
	km := table.DefaultKeyMap()
	km.PageDown = key.NewBinding(key.WithKeys("f", "pgdown"), key.WithHelp("f/pgdn", "page down")) // space toggles
	a.table = table.New(table.WithKeyMap(km), table.WithFocused(true))
	return a.restyle(st)
}

func (a attachList) restyle(st *styles.Styles) attachList {
	a.table.SetStyles(table.Styles{Header: st.Bold.Padding(0, 1), Cell: st.Base.Padding(0, 1),
		Selected: st.Selected})
	return a.refresh()
}

// isAttached reports whether candidate i is attached.
func (a attachList) isAttached(i int) bool { return slices.Contains(a.attached, i) }

// toggle attaches or detaches the row under the cursor; false when the
// list is full and the row is not attached.
func (a attachList) toggle() attachList {
	i := a.table.Cursor()
	if i < 0 || i >= len(a.cands) {
		return a
	}
	a.full = false
	switch {
	case a.isAttached(i):
		a.attached = slices.DeleteFunc(slices.Clone(a.attached), func(j int) bool { return j == i })
	case len(a.attached) >= game.MaxAttached:
		a.full = true
	default:
		a.attached = append(a.attached, i)
	}
	return a.refresh()
}

// pins is the attached pins, in the order they were attached; nil for none.
func (a attachList) pins() []game.Pin {
	var out []game.Pin
	for _, i := range a.attached {
		out = append(out, a.cands[i].pin)
	}
	return out
}

// setSize gives the table its width and at most height rows (header
// included).
func (a attachList) setSize(w, h int) attachList {
	a.table.SetWidth(w)
	a.table.SetHeight(max(2, h))
	return a.refresh()
}

// move hands a movement key to the table.
func (a attachList) move(msg tea.KeyPressMsg) attachList {
	a.full = false
	a.table, _ = a.table.Update(msg)
	return a.refresh()
}

// refresh rebuilds the rows (the marks change on every toggle and move) and the
// columns (the evidence column takes what the width leaves).
func (a attachList) refresh() attachList {
	const markW, hypW = 5, 9
	evW := max(10, a.table.Width()-markW-hypW-6) // each cell pads 1 left, 1 right
	a.table.SetColumns([]table.Column{{Title: "", Width: markW}, {Title: "notebook", Width: hypW},
		{Title: "evidence", Width: evW}})
	rows := make([]table.Row, len(a.cands))
	for i, c := range a.cands {
		mark := "  [ ]"
		if a.isAttached(i) {
			mark = "  [x]"
		}
		if i == a.table.Cursor() {
			mark = "▸" + mark[1:] // the row space acts on, also without colour
		}
		ids := make([]string, len(c.hypotheses))
		for k, id := range c.hypotheses {
			ids[k] = fmt.Sprintf("#%d", id)
		}
		hyp := strings.Join(ids, ",")
		if c.confirmed {
			hyp += " ✓"
		}
		rows[i] = table.Row{mark, hyp, ansi.Truncate(game.SanitizeLine(c.pin.Label), evW, "…")}
	}
	a.table.SetRows(rows)
	return a
}
