// Package msgs holds the messages panes send each other through the root
// model. A pane never reaches into another: it returns a tea.Cmd yielding
// one of these, and ui/app routes it.
package msgs

import (
	"time"

	"firedrill/game"
)

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
