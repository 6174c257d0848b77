package panekit

import tea "charm.land/bubbletea/v2"

// WheelAsKey turns a mouse wheel event into the arrow key it stands for
// (up, down, left, right), so that a pane's key bindings serve the wheel
// too; any other message is returned as it is.
func WheelAsKey(msg tea.Msg) tea.Msg {
	w, ok := msg.(tea.MouseWheelMsg)
	if !ok {
		return msg
	}
	switch w.Button {
	case tea.MouseWheelUp:
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case tea.MouseWheelDown:
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case tea.MouseWheelLeft:
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case tea.MouseWheelRight:
		return tea.KeyPressMsg{Code: tea.KeyRight}
	}
	return msg
}
