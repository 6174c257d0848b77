// Package services is the Services tab of the investigation screen.
//
// STUB: this file holds the pane contract every tab follows (see
// ui/README.md) with a placeholder view; the real pane replaces it.
package services

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/styles"
)

// KeyMap is the pane's key bindings; the help overlay is built from it.
type KeyMap struct{}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return nil }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return nil }

// Model is the pane's state.
type Model struct {
	scenario      *game.Scenario
	styles        *styles.Styles
	width, height int
	cursor        time.Time
}

// New builds the pane for a scenario.
func New(s *game.Scenario, st *styles.Styles) Model {
	return Model{scenario: s, styles: st, cursor: s.Start}
}

// SetSize gives the pane its area (the root's layout() calls it).
func (m Model) SetSize(w, h int) Model { m.width, m.height = w, h; return m }

// SetStyles swaps the theme (light/dark change).
func (m Model) SetStyles(st *styles.Styles) Model { m.styles = st; return m }

// SetCursor moves the shared incident-clock cursor.
func (m Model) SetCursor(t time.Time) Model { m.cursor = t; return m }

// Capturing reports whether a text input inside the pane has focus, so the
// root must pass every key to the pane.
func (m Model) Capturing() bool { return false }

// KeyMap returns the pane's bindings for the help overlay.
func (m Model) KeyMap() help.KeyMap { return KeyMap{} }

// Selected is the item under the pane's cursor as evidence to pin (m).
func (m Model) Selected() (game.Pin, bool) { return game.Pin{}, false }

// Reveal scrolls the pane to a pinned item (notebook enter).
func (m Model) Reveal(p game.Pin) Model { return m }

// Update handles a message routed to the pane.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) { return m, nil }

// View renders the pane into its area.
func (m Model) View() string { return "Services" }
