package msgs

import (
	"reflect"

	tea "charm.land/bubbletea/v2"
)

// Address wraps cmd so that every message it yields, through batches and
// sequences, that is not for the root goes through wrap: a root gives
// those back to the one that asked (a pane: tabs.Reply; a dialog:
// overlay.Reply), never to everyone. A Confirm's answers are wrapped
// too: they are the asker's.
func Address(cmd tea.Cmd, wrap func(tea.Msg) tea.Msg) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return address(cmd(), wrap) }
}

func address(msg tea.Msg, wrap func(tea.Msg) tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case nil:
		return nil
	case Confirm:
		answers := make([]Answer, len(msg.Answers))
		for i, a := range msg.Answers {
			if a.Msg != nil {
				a.Msg = wrap(a.Msg)
			}
			answers[i] = a
		}
		msg.Answers = answers
		return msg
	case ForRoot:
		return msg
	case tea.BatchMsg:
		out := make(tea.BatchMsg, len(msg))
		for i, c := range msg {
			out[i] = Address(c, wrap)
		}
		return out
	}
	// tea.Sequence's message type is unexported; like a batch it is a
	// []tea.Cmd, and it must keep its type for the program to run its
	// commands in order.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out.Index(i).Set(reflect.ValueOf(Address(c, wrap)))
		}
		return out.Interface()
	}
	return wrap(msg)
}
