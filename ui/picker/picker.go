// Package picker is the first screen: "Generate…" (a scenario made by the
// simulator, see form.go and sim.GeneratePack), then every pack (embedded, then
// installed) under its heading with its scenarios, in one filterable list.
package picker

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/sim/emit"
	"firedrill/ui/internal/timefmt"
	"firedrill/ui/styles"
)

// Chosen is sent when the player picks a scenario (enter).
type Chosen struct {
	Pack     *game.Pack
	Scenario *game.Scenario
}

// record is the solved mark and best time, e.g. "✓ 4:12", or "✗ 2 tries".
func record(b grade.Best) string {
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

// FormatLimit writes a time limit as "15m" or "1h30m", to the second: the
// way a pack writes it (emit.Duration), so the screen and the file agree.
func FormatLimit(d time.Duration) string { return emit.Duration(d.Round(time.Second)) }

// Model is the picker screen: the list, or the Generate form over it.
type Model struct {
	list      list.Model
	styles    *styles.Styles
	scenarios int
	packs     int
	form      form
	formOpen  bool
	// newSeed draws the seed the form offers; tests fix it.
	newSeed func() uint64
	width   int
	height  int
	// laidFor is the page size the spacers were placed for (see relayout).
	laidFor int
}

// SetBest shows the player's records (grade.BestTimes of the leaderboard).
func (m Model) SetBest(best map[grade.ScenarioRef]grade.Best) Model {
	items := m.list.Items()
	for i, it := range items {
		if si, ok := it.(item); ok {
			si.best = best[grade.ScenarioRef{Pack: si.pack.ID, Scenario: si.scenario.ID}]
			items[i] = si
		}
	}
	m.list.SetItems(items)
	m.laidFor = 0
	m.relayout()
	return m
}

// New lists "Generate…", then every pack under its heading with its
// scenarios: the embedded library easiest first, then installed packs.
// The cursor starts on the first scenario.
func New(packs []*game.Pack, st *styles.Styles) Model {
	items := buildItems(packs)
	l := list.New(items, newDelegate(st), 80, 20)
	l.SetStatusBarItemName("scenario", "scenarios")
	l.SetShowStatusBar(false)  // it would count headings; the title counts scenarios
	l.DisableQuitKeybindings() // the root owns quitting
	m := Model{list: l, newSeed: randomSeed}
	for _, p := range packs {
		m.packs++
		m.scenarios += len(p.Scenarios)
	}
	m.list.Title = fmt.Sprintf("firedrill — pick an incident · %d %s in %d %s", m.scenarios,
		plural(m.scenarios, "scenario", "scenarios"), m.packs, plural(m.packs, "pack", "packs"))
	if m.packs == 0 {
		m.list.Title = "firedrill — no packs found: generate an incident, install a pack, or run firedrill play PATH"
	}
	for i, it := range items {
		if _, ok := it.(item); ok {
			m.list.Select(i)
			break
		}
	}
	m.relayout()
	return m.SetStyles(st)
}

// randomSeed is a seed short enough to read out and type again.
func randomSeed() uint64 { return rand.Uint64N(1_000_000) }

// WithSeeds makes the Generate form offer seeds from next (tests).
func (m Model) WithSeeds(next func() uint64) Model { m.newSeed = next; return m }

// SetSize gives the picker the whole screen.
func (m Model) SetSize(w, h int) Model {
	m.width, m.height = w, h
	m.list.SetSize(w, h)
	m.relayout()
	if m.formOpen {
		m.form = m.form.setSize(w, h)
	}
	return m
}

// SetStyles follows the light/dark theme.
func (m Model) SetStyles(st *styles.Styles) Model {
	m.styles = st
	m.list.SetDelegate(newDelegate(st))
	m.list.Styles = list.DefaultStyles(st.Dark)
	if m.formOpen {
		m.form = m.form.setStyles(st)
	}
	return m
}

// Capturing reports whether the picker wants every key (the list's filter
// input, or the Generate form): the root must not read q as quit then.
func (m Model) Capturing() bool { return m.list.SettingFilter() || m.formOpen }

// Update drives the list and the form. Enter on a scenario sends Chosen;
// on Generate… it opens the form, whose finished scenario is sent as
// Chosen too, so the root cannot tell them apart.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if _, ok := msg.(generated); ok || m.formOpen {
		return m.updateForm(msg)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "enter" && !m.list.SettingFilter() {
		switch it := m.list.SelectedItem().(type) {
		case item:
			return m, func() tea.Msg { return Chosen{Pack: it.pack, Scenario: it.scenario} }
		case generateEntry:
			return m.openForm()
		}
		return m, nil
	}
	before := m.list.Index()
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	m.relayout() // a filter cleared after a resize
	m.skipHeading(m.list.Index() - before)
	return m, cmd
}

// relayout pads pages so that a pack heading never sits alone on a page's
// last row, apart from its scenarios: a spacer row takes that place and
// the heading opens the next page. It runs when the page size changes,
// and only on the unfiltered list (filtered lists show no headings).
func (m *Model) relayout() {
	per := m.list.Paginator.PerPage
	if m.list.FilterState() != list.Unfiltered || per == m.laidFor {
		return
	}
	sel := m.list.SelectedItem()
	var out []list.Item
	for _, it := range m.list.Items() {
		switch it.(type) {
		case spacer:
			continue
		case heading:
			if per > 2 && len(out)%per == per-1 {
				out = append(out, spacer{})
			}
		}
		out = append(out, it)
	}
	m.list.SetItems(out) // unfiltered: no filter command to run
	m.laidFor = per
	for i, it := range out {
		if sameRow(it, sel) {
			m.list.Select(i)
			break
		}
	}
}

func (m Model) openForm() (Model, tea.Cmd) {
	prev := m.form
	m.form = newForm(m.styles, m.newSeed())
	if m.formOpen || prev.styles != nil {
		// keep the last archetype and difficulty: "again, another seed"
		m.form.archetypes.Select(prev.archetypes.Index())
		m.form.difficulty = prev.difficulty
		m.form.lastID = prev.lastID
	}
	m.form = m.form.setSize(m.width, m.height)
	m.formOpen = true
	return m, nil
}

func (m Model) updateForm(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	var out outcome
	m.form, cmd, out = m.form.update(msg)
	if out.close {
		m.formOpen = false
	}
	if out.chosen != nil {
		c := *out.chosen
		return m, func() tea.Msg { return c }
	}
	return m, cmd
}

// skipHeading moves the cursor off a pack heading, onward in the direction
// it was going (down when it did not move), turning back at the list's end.
func (m *Model) skipHeading(moved int) {
	visible := m.list.VisibleItems()
	dir := 1
	if moved < 0 {
		dir = -1
	}
	for range 2 * len(visible) {
		i := m.list.Index()
		if i < 0 || i >= len(visible) {
			return
		}
		if selectable(visible[i]) {
			return
		}
		if i+dir < 0 || i+dir >= len(visible) {
			dir = -dir
		}
		m.list.Select(i + dir)
	}
}

// View renders the list, or the form.
func (m Model) View() string {
	if m.formOpen {
		return m.form.view()
	}
	return m.list.View()
}
