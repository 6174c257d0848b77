// Package msgs holds the messages panes send the root model. A pane never
// reaches into another: it returns a tea.Cmd yielding one of these, and
// the root (ui/app, ui/replay) acts on it.
//
// Every message here is ForRoot. Any other message a pane's command yields
// (a search result, a cursor blink) is the pane's own: ui/tabs hands it
// back to that pane, and to no other (tabs.Reply).
package msgs

import (
	"time"

	"firedrill/game"
)

// ForRoot is implemented by the messages of this package, and only by
// them: they go to the root, not back to the pane that sent them.
type ForRoot interface{ forRoot() }

// SetCursor moves the shared incident-clock cursor (Metrics ←/→, Events
// enter). Every pane that draws the cursor receives it.
type SetCursor struct{ At time.Time }

// OpenTrace asks the root to switch to the Traces tab with this trace open.
// Found is false when the trace was sampled away; the root says so.
type OpenTrace struct{ ID string }

// JumpLogs asks the Logs pane to scroll to the first line at or after At.
type JumpLogs struct{ At time.Time }

// Status shows a transient one-line message in the status bar.
type Status struct{ Text string }

// Act records a player action in the session's action log (coaching,
// replay). Panes return it from a tea.Cmd; the root stamps the offset.
type Act struct{ Action game.Action }

// NotebookChanged carries the notebook after the player changed it (a
// note saved, a status, a delete), for the root to put in the session and
// autosave. The notebook is a copy the receiver owns.
type NotebookChanged struct{ Notebook game.Notebook }

func (SetCursor) forRoot()       {}
func (OpenTrace) forRoot()       {}
func (JumpLogs) forRoot()        {}
func (Status) forRoot()          {}
func (Act) forRoot()             {}
func (NotebookChanged) forRoot() {}
