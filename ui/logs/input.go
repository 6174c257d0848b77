package logs

import (
	"sort"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/msgs"
)

// openInput focuses the one-line input in the status row for a search, a
// fuzzy query or a time to jump to. It opens empty, as lnav's and less's
// prompts do (typing must not append to the last query); ↑ recalls recall.
func (m Model) openInput(md mode, prompt, recall string) (Model, tea.Cmd) {
	m.mode = md
	m.inputErr = ""
	m.input.Prompt = prompt
	m.input.SetValue("")
	m.recall = recall
	if md == modeFuzzy {
		m.fzBefore = m.fz
	}
	return m, m.input.Focus()
}

func (m Model) closeInput() Model {
	m.mode = modeBrowse
	m.input.Blur()
	m.inputErr = ""
	return m
}

// inputKey handles a key while the input has focus: enter commits, esc
// cancels (leaving the active search or fuzzy list as it was), ↑ recalls
// the previous query, anything else edits (and, for fuzzy, re-ranks as you
// type).
func (m Model) inputKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch msg.String() {
	case "esc":
		if m.mode == modeFuzzy {
			return m.cancelFuzzy().closeInput(), nil
		}
		return m.closeInput(), nil
	case "enter":
		return m.commitInput()
	}
	before := m.input.Value()
	var cmd tea.Cmd
	if msg.String() == "up" && m.recall != "" {
		m.input.SetValue(m.recall)
		m.input.CursorEnd()
	} else {
		m.input, cmd = m.input.Update(msg)
	}
	if m.mode == modeFuzzy && m.input.Value() != before {
		return m, tea.Batch(cmd, m.startFuzzy(m.input.Value()))
	}
	return m, cmd
}

// startFuzzy sends a new ranked search; its id supersedes every older one.
func (m *Model) startFuzzy(query string) tea.Cmd {
	m.fz.id++
	m.fz.latest.Store(int64(m.fz.id))
	m.fz.active = true
	m.fz.query = query
	if query == "" {
		m.fz.hits, m.fz.matches = nil, 0
		return nil
	}
	return fuzzyCmd(m.fz.id, query, m.scenario, m.res, 0, m.fz.latest)
}

// cancelFuzzy puts back the fuzzy list the prompt opened over, dropping
// any answer still in flight (and stopping its work).
func (m Model) cancelFuzzy() Model {
	id := m.fz.id + 1
	m.fz = m.fzBefore
	m.fz.id = id
	m.fz.latest.Store(int64(id))
	return m
}

// commitInput runs the typed query. An empty one is a cancel: the prompt
// opens empty, so enter on it must not clear the active search.
func (m Model) commitInput() (Model, tea.Cmd) {
	value := m.input.Value()
	switch m.mode {
	case modeSearch:
		m = m.closeInput()
		if value == "" {
			return m, nil
		}
		m.lastFind = value
		f := m.f
		f.search = value
		return m.refilter(f, game.ActSearch)
	case modeFuzzy:
		if value == "" {
			return m.cancelFuzzy().closeInput(), nil
		}
		m = m.closeInput()
		var cmd tea.Cmd
		if value != m.fz.query {
			cmd = m.startFuzzy(value)
		}
		act := game.Action{Kind: game.ActFuzzy, Detail: value}
		return m, tea.Batch(cmd, func() tea.Msg { return msgs.Act{Action: act} })
	case modeJump:
		m.lastJump = value
		at, err := parseJump(value, m.scenario.Start)
		if err != nil {
			m.inputErr = err.Error()
			return m, nil
		}
		return m.closeInput().jumpTo(at), nil
	}
	return m.closeInput(), nil
}

// chooser is the small multi-select list of services behind `s`.
type chooser struct {
	names  []string
	picked map[string]bool
	cursor int
}

func newChooser(s *game.Scenario, current map[string]bool) chooser {
	seen := map[string]bool{}
	var names []string
	for _, sv := range s.Services {
		if !seen[sv.Name] {
			seen[sv.Name] = true
			names = append(names, sv.Name)
		}
	}
	var extra []string // services that log but were not declared
	for _, name := range s.Index.Services() {
		if !seen[name] {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	picked := map[string]bool{}
	for k := range current {
		picked[k] = true
	}
	return chooser{names: append(names, extra...), picked: picked}
}

func (m Model) chooserKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	c := &m.chooser
	k := m.keys.Chooser
	switch {
	case key.Matches(msg, k.Up):
		c.cursor = max(0, c.cursor-1)
	case key.Matches(msg, k.Down):
		c.cursor = min(len(c.names)-1, c.cursor+1)
	case key.Matches(msg, k.Toggle):
		if c.cursor < len(c.names) {
			name := c.names[c.cursor]
			if c.picked[name] {
				delete(c.picked, name)
			} else {
				c.picked[name] = true
			}
		}
	case key.Matches(msg, k.All):
		if len(c.picked) > 0 {
			c.picked = map[string]bool{}
		} else {
			for _, n := range c.names {
				c.picked[n] = true
			}
		}
	case key.Matches(msg, k.Cancel):
		m.mode = modeBrowse
	case key.Matches(msg, k.Apply):
		m.mode = modeBrowse
		f := m.f
		f.services = c.picked
		if len(f.services) == len(c.names) {
			f.services = nil // every service is no filter at all
		}
		return m.refilter(f, game.ActFilter)
	}
	return m, nil
}
