package app

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"firedrill/ui/tabs"
)

// A terminal that reads Esc and the next key together sends alt+key. A
// tester's Esc, 1, /, text out of a zoomed metric leaked into the metrics
// filter: Esc must leave the zoom first, then 1 switch to Logs, and the
// text go to the Logs search, never to the metrics filter.
func TestEscReadWithTheNextKeyIsEscThenTheKey(t *testing.T) {
	m := send(newModel(t, 120, 40, &fakeClock{t: wallStart}), press("enter"))
	m = send(m, press("2"), press("enter"))
	if !m.panes.Metrics().Zoomed() {
		t.Fatal("enter did not zoom the series")
	}
	m = send(m, tea.KeyPressMsg{Code: '1', Mod: tea.ModAlt}) // "\x1b1"
	if m.focus != tabs.Logs {
		t.Errorf("Esc+1 left the focus on %v, want Logs", m.focus)
	}
	if mt := m.panes.Metrics(); mt.Zoomed() || mt.Capturing() {
		t.Errorf("the metrics pane is still zoomed (%v) or has the keys (%v)", mt.Zoomed(), mt.Capturing())
	}
	m = send(m, keys("/", "type:clocksource")...)
	if !m.panes.Logs().Capturing() || m.panes.Metrics().Capturing() {
		t.Error("the / and the text after Esc+1 did not go to the Logs search")
	}

	// Esc+/ on a zoomed metric: back to the grid, then the filter opens
	// (what the two keys mean one by one); shift survives the split.
	m = send(newModel(t, 120, 40, &fakeClock{t: wallStart}), press("enter"))
	m = send(m, press("2"), press("enter"), tea.KeyPressMsg{Code: '/', Mod: tea.ModAlt})
	if mt := m.panes.Metrics(); mt.Zoomed() || !mt.Capturing() {
		t.Errorf("Esc+/ : zoomed %v, filtering %v; want the grid with the filter open", mt.Zoomed(), mt.Capturing())
	}
	m = send(m, press("esc"), press("enter"), tea.KeyPressMsg{Code: 'S', Mod: tea.ModAlt})
	if m.panes.Metrics().Zoomed() || !m.shell.Overlays.Open() {
		t.Error("Esc+S did not leave the zoom and open the submit")
	}
}
