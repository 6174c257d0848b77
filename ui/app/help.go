package app

import (
	"firedrill/ui/overlay"
	"firedrill/ui/tabs"
)

// helpSections is the help overlay's content, built from the bindings
// themselves: the global KeyMap first, then the focused tab, then every
// other tab.
func (m Model) helpSections() []overlay.Section {
	global := m.keys
	if !m.hintsAllowed() {
		global.Hint.SetEnabled(false) // help skips it; h still answers "no hints"
	}
	global.Back.SetEnabled(m.screen == screenReview)
	out := []overlay.Section{{Title: "Global", Keys: global}}
	maps := m.panes.KeyMaps()
	out = append(out, overlay.Section{Title: m.focus.String(), Keys: maps[m.focus]})
	for f := range tabs.Count {
		if f != m.focus {
			out = append(out, overlay.Section{Title: f.String(), Keys: maps[f]})
		}
	}
	return out
}
