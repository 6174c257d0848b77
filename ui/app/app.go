// Package app is the one root tea.Model. It owns the screen, the focused
// tab, the window size, the theme, the overlays and the clock, and routes
// every message (see ui/README.md for the order).
package app

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/briefing"
	"firedrill/ui/picker"
	"firedrill/ui/styles"
)

// screen is where the player is in the game.
type screen int

const (
	screenPicker screen = iota
	screenBriefing
	screenInvestigation
	screenTimeUp // placeholder until the submit screen lands
)

// overlay is what is drawn over the screen and gets keys first.
type overlay int

const (
	overlayNone overlay = iota
	overlayHelp
)

// Minimum terminal size; below it the root draws a notice, not a screen.
const (
	minWidth  = 60
	minHeight = 16
)

// Options configures a run.
type Options struct {
	// Packs fill the picker. Ignored when Scenario is set.
	Packs []*game.Pack
	// Pack and Scenario open the briefing directly (firedrill play).
	Pack     *game.Pack
	Scenario *game.Scenario
	Mode     game.Mode // practice when empty
	Untimed  bool      // practice only: the clock never ends the game
	// DailyDate is the UTC date ("2006-01-02") of a daily drill; its
	// leaderboard row is tagged with it. Empty for other games.
	DailyDate string
	// Best is the player's record per scenario, for the picker.
	Best map[game.ScenarioRef]game.Best
	// Now is the clock; tests inject a fixed one so countdowns are stable.
	Now func() time.Time
}

// Model is the root model.
type Model struct {
	opts    Options
	now     func() time.Time
	keys    KeyMap
	styles  *styles.Styles
	dark    bool
	noColor bool
	width   int
	height  int

	screen     screen
	overlay    overlay
	helpScroll int

	picker     picker.Model
	briefing   briefing.Model
	fromPicker bool

	pack     *game.Pack
	scenario *game.Scenario
	panes    panes
	focus    focus
	tabs     [numTabs][2]int // x range [from, to) of each tab label, for clicks

	started  time.Time // when the clock started (monotonic reading kept)
	clock    time.Time // the last tick: what the countdown shows
	deadline time.Time // absolute: started + time limit, never a counter
	cursor   time.Time // the shared incident-clock cursor
	actions  []game.Action
	status   string
}

// New builds the root model: the picker, or the briefing when a scenario
// is given.
func New(o Options) Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Mode == "" {
		o.Mode = game.ModePractice
	}
	m := Model{opts: o, now: o.Now, keys: DefaultKeyMap(), dark: true, noColor: styles.NoColorEnv()}
	m.styles = styles.New(m.dark, m.noColor)
	m.picker = picker.New(o.Packs, m.styles).SetBest(o.Best)
	if o.Scenario != nil {
		m = m.openBriefing(o.Pack, o.Scenario, false)
	}
	return m
}

// Init asks the terminal for its background so the theme can follow it.
func (m Model) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Actions is the in-memory action log (the grading issue persists it).
func (m Model) Actions() []game.Action { return m.actions }

// Focused names the focused tab.
func (m Model) Focused() string { return m.focus.String() }

// Screen names the current screen, for tests.
func (m Model) Screen() string {
	return [...]string{"picker", "briefing", "investigation", "time-up"}[m.screen]
}

// Status is the status bar's message.
func (m Model) Status() string { return m.status }

// LogFilter describes the Logs tab's filters, for tests.
func (m Model) LogFilter() string { return m.panes.logs.Filter() }

func (m Model) openBriefing(p *game.Pack, s *game.Scenario, fromPicker bool) Model {
	m.pack, m.scenario, m.fromPicker = p, s, fromPicker
	m.briefing = briefing.New(s, string(m.opts.Mode), m.untimed(), fromPicker, m.styles)
	m.screen = screenBriefing
	return m.layout()
}

// start begins the investigation: the deadline is fixed now, as an
// absolute time, so nothing that delays ticks can stretch the clock.
func (m Model) start() (Model, tea.Cmd) {
	m.started = m.now()
	m.clock = m.started
	m.deadline = m.started.Add(m.scenario.TimeLimit)
	m.cursor = m.scenario.Start
	m.panes = newPanes(m.scenario, m.styles, m.now)
	m.focus = focusLogs
	m.screen = screenInvestigation
	return m.layout(), tick()
}

// layout hands every screen and pane its size. It is the only place that
// does size arithmetic, and runs on every tea.WindowSizeMsg.
func (m Model) layout() Model {
	if m.width == 0 {
		return m
	}
	m.picker = m.picker.SetSize(m.width, m.height)
	if m.scenario != nil {
		m.briefing = m.briefing.SetSize(m.width, m.height)
	}
	if m.screen >= screenInvestigation {
		// header, tabs and status bar take three rows; the pane the rest
		m.panes.setSize(m.width, max(1, m.height-3))
		m.tabs = tabBounds(m.width)
	}
	return m
}

func (m Model) setStyles(st *styles.Styles) Model {
	m.styles = st
	m.picker = m.picker.SetStyles(st)
	if m.scenario != nil {
		m.briefing = m.briefing.SetStyles(st)
	}
	if m.screen >= screenInvestigation {
		m.panes.setStyles(st)
	}
	return m
}

// record stamps an action with its monotonic offset since the start and
// appends it; offsets never go backwards even if the injected clock does.
func (m Model) record(a game.Action) Model {
	if m.screen < screenInvestigation {
		return m
	}
	a.Offset = m.now().Sub(m.started)
	if n := len(m.actions); n > 0 && a.Offset < m.actions[n-1].Offset {
		a.Offset = m.actions[n-1].Offset
	}
	m.actions = append(m.actions, a)
	return m
}
