package uitest

import tea "charm.land/bubbletea/v2"

// Model is what the drivers need of a model: an Update that returns its
// own type (a pane, a screen; a root model is driven as a tea.Model).
type Model[M any] interface {
	Update(tea.Msg) (M, tea.Cmd)
}

// Send gives msgs to m in order and returns the model and the last
// message's command, not run.
func Send[M Model[M]](m M, msgs ...tea.Msg) (M, tea.Cmd) {
	var cmd tea.Cmd
	for _, msg := range msgs {
		m, cmd = m.Update(msg)
	}
	return m, cmd
}

// Press is Send with keys by name (see Key).
func Press[M Model[M]](m M, keys ...string) (M, tea.Cmd) { return Send(m, Keys(keys...)...) }

// PressRun is Press with every key's command run (Run); it returns the
// messages of the last key's command: what that key asked the root for.
func PressRun[M Model[M]](m M, keys ...string) (M, []tea.Msg) {
	var out []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(Key(k))
		out = Run(cmd)
	}
	return m, out
}

// Drive feeds msgs to m in order and runs every command Update returns. A
// message a command yields goes back into m when back reports true (back
// nil: every message but tea.QuitMsg), else it is returned, in order.
func Drive[M Model[M]](m M, back func(tea.Msg) bool, msgs ...tea.Msg) (M, []tea.Msg) {
	if back == nil {
		back = func(msg tea.Msg) bool { _, quit := msg.(tea.QuitMsg); return !quit }
	}
	var out []tea.Msg
	queue := append([]tea.Msg(nil), msgs...)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		for _, res := range Run(cmd) {
			if back(res) {
				queue = append(queue, res)
			} else {
				out = append(out, res)
			}
		}
	}
	return m, out
}
