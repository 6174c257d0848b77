package metrics

import (
	"strconv"

	"charm.land/bubbles/v2/key"

	"firedrill/ui/pane"
)

// KeyMap is the pane's key bindings; the help overlay is built from it.
// The shared movement (pane.NavKeyMap) moves through the grid: ↑/↓ a row
// of cells, pgup/pgdn a screen of rows, g/G the first and last series.
type KeyMap struct {
	pane.NavKeyMap
	Next, Prev        key.Binding // the next series in reading order
	ColLeft, ColRight key.Binding // the cell to the left / right in the grid's row
	// Time, Rows and Cols are the key line's short forms of the pairs.
	Time, Rows, Cols  key.Binding
	Left, Right       key.Binding // move the shared time cursor one step
	BigLeft, BigRight key.Binding // bigStep steps
	Start, End        key.Binding // the cursor to the first and last sample
	Zoom, Back        key.Binding
	Filter            key.Binding
	Other, Unzoom     key.Binding // the zoomed chart's key hint (the keys are Up, Down and Back)
	// Pin says what m (the root's key) takes from this pane: the series at
	// the cursor's time, the moment a proof window is checked against.
	Pin key.Binding
}

// bigStep is how many metric steps shift+←/→ moves the cursor: always the
// same, so a player can count (the header shows the step).
const bigStep = 10

// DefaultKeyMap returns the pane's default bindings.
func DefaultKeyMap() KeyMap {
	big := strconv.Itoa(bigStep)
	nav := pane.DefaultNavKeyMap().Of("row")
	nav.Top.SetHelp(nav.Top.Help().Key, "first series")
	nav.Bottom.SetHelp(nav.Bottom.Help().Key, "last series")
	return KeyMap{
		NavKeyMap: nav,
		Next:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next series")),
		Prev:      key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous series")),
		// h/l as in vim and lazygit; on the grid they win over the
		// global h (hint), which works on every other tab and zoomed
		ColLeft:  key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "column left")),
		ColRight: key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "column right")),
		Time:     key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "time cursor")),
		Rows:     key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓/jk", "row")),
		Cols:     key.NewBinding(key.WithKeys("h", "l"), key.WithHelp("h/l", "column")),
		Left:     key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "cursor back")),
		Right:    key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "cursor forward")),
		BigLeft:  key.NewBinding(key.WithKeys("shift+left", "H"), key.WithHelp("H/shift+←", "cursor back "+big+" steps")),
		BigRight: key.NewBinding(key.WithKeys("shift+right", "L"), key.WithHelp("L/shift+→", "cursor forward "+big+" steps")),
		Start:    key.NewBinding(key.WithKeys("0"), key.WithHelp("0", "cursor to start")),
		End:      key.NewBinding(key.WithKeys("$"), key.WithHelp("$", "cursor to end")),
		Zoom:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "zoom series")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back / clear filter")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter series")),
		Other:    key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "other series")),
		Unzoom:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Pin:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "pin series at cursor time")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Time, k.Rows, k.Cols, k.Zoom, k.Filter}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.Right, k.BigLeft, k.BigRight, k.Start, k.End},
		append(k.Bindings(), k.ColLeft, k.ColRight, k.Next, k.Prev),
		{k.Zoom, k.Back, k.Filter, k.Pin},
	}
}
