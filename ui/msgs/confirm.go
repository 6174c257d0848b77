package msgs

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Confirm asks the root to put a question on its overlay stack (the
// notebook's "discard this note?" and "delete?"): a box over the screen
// that has every key until it is answered. The answer's message comes back
// to the pane that asked, and to no other (ui/tabs addresses it).
type Confirm struct {
	Question string
	// Answers are the keys that answer, the safe "no" last; the box's
	// key line is built from their help.
	Answers []Answer
	// AnyKeyIsNo: a key that is none of the answers answers with the
	// last one. Otherwise such a key is ignored.
	AnyKeyIsNo bool
}

// Answer is one way to answer a Confirm.
type Answer struct {
	Key key.Binding
	Msg tea.Msg // what the asker gets; nil: the box only closes
}

func (Confirm) forRoot() {}
