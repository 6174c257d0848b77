package msgs_test

import (
	"reflect"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/ui/msgs"
	"firedrill/ui/uitest"
)

type mine struct{ m tea.Msg }

func wrap(m tea.Msg) tea.Msg { return mine{m} }

func TestAddressWrapsWhatIsNotTheRoots(t *testing.T) {
	q := msgs.Confirm{Question: "?", Answers: []msgs.Answer{{Key: key.NewBinding(key.WithKeys("y")), Msg: "yes"},
		{Key: key.NewBinding(key.WithKeys("n"))}}}
	cmd := msgs.Address(tea.Batch(
		func() tea.Msg { return "blink" },
		func() tea.Msg { return msgs.Status{Text: "s"} },
		func() tea.Msg { return q },
		tea.Sequence(func() tea.Msg { return "one" }, func() tea.Msg { return "two" }),
	), wrap)
	want := []tea.Msg{mine{"blink"}, msgs.Status{Text: "s"}, nil /* the question, checked below */, mine{"one"}, mine{"two"}}
	got := uitest.Run(cmd)
	if len(got) != len(want) {
		t.Fatalf("got %#v", got)
	}
	for i, w := range want {
		if w != nil && !reflect.DeepEqual(got[i], w) {
			t.Errorf("message %d = %#v, want %#v", i, got[i], w)
		}
	}
	a, ok := got[2].(msgs.Confirm)
	if !ok || a.Answers[0].Msg != (mine{"yes"}) || a.Answers[1].Msg != nil {
		t.Errorf("the question's answers are not addressed: %#v", got[2])
	}
	if q.Answers[0].Msg != "yes" {
		t.Error("Address changed the asker's question")
	}
	if msgs.Address(nil, wrap) != nil {
		t.Error("no command should stay none")
	}
}
