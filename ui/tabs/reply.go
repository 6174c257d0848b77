package tabs

import (
	tea "charm.land/bubbletea/v2"

	"firedrill/ui/msgs"
)

// Reply is a pane's answer to itself: a message one of its commands
// yielded that is not for the root (a filter result, a fuzzy match, a
// cursor blink, the answer to its question). The root hands it to
// Deliver, which gives it to the pane that asked (To) and to no other,
// focused or not.
type Reply struct {
	To  Tab
	Msg tea.Msg
}

// addressed wraps cmd so that every message it yields is either for the
// root (msgs.ForRoot) or a Reply to t.
func addressed(t Tab, cmd tea.Cmd) tea.Cmd {
	return msgs.Address(cmd, func(msg tea.Msg) tea.Msg { return Reply{To: t, Msg: msg} })
}
