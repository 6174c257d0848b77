package app

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/styles"
)

// notebookStub stands in for the Notebook tab until ui/notebook lands: it
// lists the evidence pinned with `m` so pinning is visible end to end.
type notebookStub struct {
	styles        *styles.Styles
	width, height int
	pins          []game.Pin
}

type noKeys struct{}

func (noKeys) ShortHelp() []key.Binding  { return nil }
func (noKeys) FullHelp() [][]key.Binding { return nil }

func newNotebookStub(st *styles.Styles) notebookStub { return notebookStub{styles: st} }

func (n notebookStub) SetSize(w, h int) notebookStub              { n.width, n.height = w, h; return n }
func (n notebookStub) SetStyles(st *styles.Styles) notebookStub   { n.styles = st; return n }
func (n notebookStub) Capturing() bool                            { return false }
func (n notebookStub) KeyMap() help.KeyMap                        { return noKeys{} }
func (n notebookStub) Update(msg tea.Msg) (notebookStub, tea.Cmd) { return n, nil }
func (n notebookStub) addPin(p game.Pin) notebookStub             { n.pins = append(n.pins, p); return n }

func (n notebookStub) View() string {
	st := n.styles
	lines := []string{st.Title.Render("Notebook"),
		st.Muted.Render("Hypotheses arrive with the notebook; for now this lists the evidence pinned with m."), ""}
	if len(n.pins) == 0 {
		lines = append(lines, st.Muted.Render("Nothing pinned yet."))
	}
	for i, p := range n.pins {
		lines = append(lines, fmt.Sprintf("%2d. [%s] %s", i+1, p.Kind, p.Label))
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], n.width, "…")
	}
	if len(lines) > n.height {
		lines = lines[:max(n.height, 0)]
	}
	return strings.Join(lines, "\n")
}
