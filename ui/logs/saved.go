package logs

import (
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
)

// Filters is the pane's filter in the form the session saves.
func (m Model) Filters() game.LogFilter {
	f := game.LogFilter{Services: m.f.serviceList(), From: m.f.from, To: m.f.to, Search: m.f.search, OnlyHits: m.f.onlyHits}
	if m.f.minLevel > game.LevelTrace {
		f.MinLevel = m.f.minLevel.String()
	}
	if len(f.Services) == 0 {
		f.Services = nil
	}
	return f
}

// RestoreFilters applies a saved filter (a resume), computing the rows in
// a command like any filter change but recording no action: the player
// did nothing new. It comes from a file: an unknown level shows every
// level, services the scenario lacks are dropped, and the search is made
// safe to show.
func (m Model) RestoreFilters(saved game.LogFilter) (Model, tea.Cmd) {
	f := filter{from: saved.From, to: saved.To, search: game.SanitizeLine(saved.Search), onlyHits: saved.OnlyHits}
	if lvl, ok := game.ParseLevel(saved.MinLevel); ok {
		f.minLevel = lvl
	}
	for _, name := range saved.Services {
		if _, ok := m.scenario.Service(name); ok {
			if f.services == nil {
				f.services = map[string]bool{}
			}
			f.services[name] = true
		}
	}
	m.lastFind = f.search
	return m.refilter(f, "")
}
