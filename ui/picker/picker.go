// Package picker is the first screen: every scenario of every pack
// (embedded and installed) in one filterable list.
package picker

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/internal/timefmt"
	"firedrill/ui/styles"
)

// Chosen is sent when the player picks a scenario (enter).
type Chosen struct {
	Pack     *game.Pack
	Scenario *game.Scenario
}

// item is one scenario row. Items are grouped by pack: the list keeps the
// packs' order and each description names its pack.
type item struct {
	pack     *game.Pack
	scenario *game.Scenario
	best     game.Best // the player's record; zero if never played
}

func (i item) Title() string { return i.scenario.Title }

func (i item) Description() string {
	parts := []string{Stars(i.scenario.Difficulty), FormatLimit(i.scenario.TimeLimit)}
	if r := record(i.best); r != "" {
		parts = append([]string{r}, parts...)
	}
	if len(i.scenario.Tags) > 0 {
		parts = append(parts, strings.Join(i.scenario.Tags, ", "))
	}
	return strings.Join(parts, " · ") + " · " + i.pack.Title
}

// FilterValue is what `/` in the list matches: title, difficulty (as stars
// and as "difficulty 3"), time limit, tags and the pack's title.
func (i item) FilterValue() string {
	s := i.scenario
	return fmt.Sprintf("%s %s difficulty %d %s %s %s", s.Title, Stars(s.Difficulty), s.Difficulty,
		FormatLimit(s.TimeLimit), strings.Join(s.Tags, " "), i.pack.Title)
}

// record is the solved mark and best time, e.g. "✓ 4:12", or "✗ 2 tries".
func record(b game.Best) string {
	switch {
	case b.Solved:
		return "✓ " + timefmt.Span(b.BestTime)
	case b.Attempts == 1:
		return "✗ 1 try"
	case b.Attempts > 1:
		return fmt.Sprintf("✗ %d tries", b.Attempts)
	}
	return ""
}

// Stars draws a 1–5 difficulty as ★★★☆☆.
func Stars(d int) string {
	d = min(max(d, 0), 5)
	return strings.Repeat("★", d) + strings.Repeat("☆", 5-d)
}

// FormatLimit writes a time limit as "15m" or "1h30m".
func FormatLimit(d time.Duration) string {
	s := d.Round(time.Second).String() // "1h30m0s"
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Model is the picker screen.
type Model struct {
	list   list.Model
	styles *styles.Styles
}

// SetBest shows the player's records (game.BestTimes of the leaderboard).
func (m Model) SetBest(best map[game.ScenarioRef]game.Best) Model {
	items := m.list.Items()
	for i, it := range items {
		si := it.(item)
		si.best = best[game.ScenarioRef{Pack: si.pack.ID, Scenario: si.scenario.ID}]
		items[i] = si
	}
	m.list.SetItems(items)
	return m
}

// New lists every scenario of packs, in pack order.
//
// "Generate…" (a later issue) belongs here: an extra first item whose
// selection sends a generate request instead of Chosen.
func New(packs []*game.Pack, st *styles.Styles) Model {
	var items []list.Item
	for _, p := range packs {
		for _, s := range p.Scenarios {
			items = append(items, item{pack: p, scenario: s})
		}
	}
	l := list.New(items, list.NewDefaultDelegate(), 80, 20)
	l.Title = "firedrill — pick an incident"
	l.SetStatusBarItemName("scenario", "scenarios")
	l.DisableQuitKeybindings() // the root owns quitting
	m := Model{list: l}
	return m.SetStyles(st)
}

// SetSize gives the picker the whole screen.
func (m Model) SetSize(w, h int) Model { m.list.SetSize(w, h); return m }

// SetStyles follows the light/dark theme.
func (m Model) SetStyles(st *styles.Styles) Model {
	m.styles = st
	d := list.NewDefaultDelegate()
	d.Styles = list.NewDefaultItemStyles(st.Dark)
	m.list.SetDelegate(d)
	m.list.Styles = list.DefaultStyles(st.Dark)
	return m
}

// Capturing reports whether the list's filter input has the keys.
func (m Model) Capturing() bool { return m.list.SettingFilter() }

// Update drives the list; enter on a scenario sends Chosen.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "enter" && !m.list.SettingFilter() {
		if it, ok := m.list.SelectedItem().(item); ok {
			return m, func() tea.Msg { return Chosen{Pack: it.pack, Scenario: it.scenario} }
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	return m, cmd
}

// View renders the list.
func (m Model) View() string {
	if len(m.list.Items()) == 0 {
		return m.styles.Muted.Render("No packs found. Install one under the packs folder, or run `firedrill play PATH`.")
	}
	return m.list.View()
}
