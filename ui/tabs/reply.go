package tabs

import (
	"reflect"

	tea "charm.land/bubbletea/v2"

	"firedrill/ui/msgs"
)

// Reply is a pane's answer to itself: a message one of its commands
// yielded that is not for the root (a filter result, a fuzzy match, a
// cursor blink). The root hands it to Deliver, which gives it to the pane
// that asked (To) and to no other, focused or not.
type Reply struct {
	To  Tab
	Msg tea.Msg
}

// addressed wraps cmd so that every message it yields, through batches
// and sequences, is either for the root (msgs.ForRoot) or a Reply to t.
func addressed(t Tab, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return address(t, cmd()) }
}

func address(t Tab, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case nil, msgs.ForRoot:
		return msg
	case tea.BatchMsg:
		out := make(tea.BatchMsg, len(msg))
		for i, c := range msg {
			out[i] = addressed(t, c)
		}
		return out
	}
	// tea.Sequence's message type is unexported; like a batch it is a
	// []tea.Cmd, and it must stay of its own type for the program to run
	// its commands in order.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out.Index(i).Set(reflect.ValueOf(addressed(t, c)))
		}
		return out.Interface()
	}
	return Reply{To: t, Msg: msg}
}
