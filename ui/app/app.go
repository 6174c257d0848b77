// Package app is the game's root tea.Model. It owns the screen, the
// focused tab, the session and the clock, and routes every message (see
// ui/README.md for the order); its shell (ui/shell) keeps the window size,
// the theme and the overlay stack, as the replay's does.
package app

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/game/play"
	"firedrill/game/seal"
	"firedrill/ui/briefing"
	"firedrill/ui/notebook"
	"firedrill/ui/overlay"
	"firedrill/ui/picker"
	"firedrill/ui/shell"
	"firedrill/ui/submit"
	"firedrill/ui/tabs"
)

// screen is where the player is in the game.
type screen int

const (
	screenPicker screen = iota
	screenBriefing
	screenInvestigation
	screenDebrief     // after the graded submit
	screenLeaderboard // from the debrief (l)
	screenRecorded    // interview: the result file is written, nothing graded
	screenReview      // the investigation again, read-only, from the debrief
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
	Best map[grade.ScenarioRef]grade.Best
	// Now is the clock; tests inject a fixed one so countdowns are stable.
	Now func() time.Time
	// DataDir holds sessions and the leaderboard; "" plays in memory only
	// (nothing saved, no resume, no leaderboard).
	DataDir string
	// Status is each pack's seal check (seal.CheckPack, run before the
	// program starts: it reads files). A pack missing here is unsealed.
	Status map[*game.Pack]seal.PackStatus
	// ResultPath is where interview mode writes result.json (absolute; a
	// free name is chosen next to it if it exists).
	ResultPath string
	// Version is firedrill's version, for the interview result file.
	Version string
	// TeamDir is the team's shared results folder (config.yaml's team);
	// when set, the leaderboard screen has a Team view (t).
	TeamDir string
}

// Model is the root model.
type Model struct {
	opts  Options
	now   func() time.Time
	keys  KeyMap
	shell shell.Shell // size, theme, the overlay stack (help, questions, submit)

	screen screen

	picker     picker.Model
	briefing   briefing.Model
	fromPicker bool

	pack     *game.Pack
	scenario *game.Scenario
	panes    tabs.Set
	focus    tabs.Tab           // the tab that has the keys: one value, so exactly one pane is focused
	tabs     [tabs.Count][2]int // x range [from, to) of each tab label, for clicks

	clock  time.Time // the last tick: what the countdown shows
	cursor time.Time // the shared incident-clock cursor
	status string

	// the play being saved (session.go)
	sess      *play.Session
	saver     *play.Autosaver
	writer    *snapshotWriter
	seq       *seqCounter
	saveTimer bool // a change asks Update to start the autosave timer

	resume resumeState // the offer on the briefing (resume.go)
	end    endState    // grading, debrief, leaderboard (submit.go, debrief.go)
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
	m := Model{opts: o, now: o.Now, keys: DefaultKeyMap(), shell: shell.New(),
		saver: play.NewAutosaver(), writer: &snapshotWriter{}, seq: &seqCounter{}}
	newPicker := picker.New
	if o.Mode == game.ModeInterview {
		newPicker = picker.NewForInterview
	}
	m.picker = newPicker(o.Packs, m.shell.Styles).SetBest(o.Best)
	if o.Scenario != nil {
		m = m.openBriefing(o.Pack, o.Scenario, false)
	}
	return m
}

// Init asks the terminal for its background so the theme can follow it,
// and looks for an unfinished session of a scenario opened directly.
func (m Model) Init() tea.Cmd {
	if m.screen == screenBriefing {
		return tea.Batch(tea.RequestBackgroundColor, m.findUnfinished(), prepareSearch(m.scenario))
	}
	return tea.RequestBackgroundColor
}

// Actions is the session's action log.
func (m Model) Actions() []game.Action {
	if m.sess == nil {
		return nil
	}
	return m.sess.Actions
}

// Session is the play in progress (nil before the clock starts).
func (m Model) Session() *play.Session { return m.sess }

// Focused names the focused tab.
func (m Model) Focused() string { return m.focus.String() }

// Screen names the current screen, for tests.
func (m Model) Screen() string {
	if s, ok := overlay.Find[submit.Model](m.shell.Overlays); ok {
		if s.TimeUp() {
			return "time-up"
		}
		return "submit"
	}
	return [...]string{"picker", "briefing", "investigation", "debrief", "leaderboard", "recorded", "review"}[m.screen]
}

// Status is the status bar's message.
func (m Model) Status() string { return m.status }

// LogFilter describes the Logs tab's filters, for tests.
func (m Model) LogFilter() string { return m.panes.Logs().Filter() }

func (m Model) openBriefing(p *game.Pack, s *game.Scenario, fromPicker bool) Model {
	m.pack, m.scenario, m.fromPicker = p, s, fromPicker
	m.briefing = briefing.New(s, string(m.opts.Mode), m.untimed(), fromPicker, m.shell.Styles)
	m.screen = screenBriefing
	m.sess, m.resume, m.end = nil, resumeState{}, endState{}
	m.shell.Overlays.Clear()
	return m.layout()
}

// prepareSearch builds the scenario's search text off the UI goroutine
// while the player reads the briefing, so the first search of a big
// incident does not wait for it (game.LogIndex.Prepare).
func prepareSearch(s *game.Scenario) tea.Cmd {
	if s == nil || s.Index == nil {
		return nil
	}
	ix := s.Index
	return func() tea.Msg {
		ix.Prepare()
		return nil
	}
}

// packStatus is the seal check of the pack in play.
func (m Model) packStatus() seal.PackStatus { return m.opts.Status[m.pack] }

// start begins the investigation on a new session: its deadline is fixed
// now, as an absolute time, so nothing that delays ticks can stretch it.
func (m Model) start() (Model, tea.Cmd) {
	if err := m.packStatus().AllowsMode(m.opts.Mode); err != nil {
		m.status = err.Error()
		return m, nil
	}
	sess, err := m.newSession()
	if err != nil {
		m.status = "cannot start: " + err.Error()
		return m, nil
	}
	m.sess, m.saver = sess, play.NewAutosaver() // a timer of an earlier game must not hold this one's
	m.clock = m.now()
	m.cursor = m.scenario.PageTime()
	m.sess.Cursor = m.cursor // a resume puts it back where it was
	m.panes = m.newPanes()
	m.panes.SetCursor(m.cursor)
	m.focus = tabs.Logs
	m.screen = screenInvestigation
	// the opening tab, so coaching counts the time spent on it
	m = m.record(game.Action{Kind: game.ActTab, Detail: m.focus.String()})
	return m.layout(), tick()
}

// newPanes builds the investigation's tabs for the scenario in play.
func (m Model) newPanes() tabs.Set {
	return tabs.New(m.scenario, m.shell.Styles, notebook.WithClock(m.now), notebook.WithPinKey(m.keys.Pin))
}

// layout hands every screen and pane its size. It is the only place that
// does size arithmetic, and runs on every tea.WindowSizeMsg.
func (m Model) layout() Model {
	if m.shell.Width == 0 {
		return m
	}
	m.picker = m.picker.SetSize(m.shell.Width, m.shell.Height)
	if m.scenario != nil {
		m.briefing = m.briefing.SetSize(m.shell.Width, max(1, m.shell.Height-len(m.briefingNotices())))
	}
	if m.sess != nil {
		// header, tabs and status bar take three rows; the pane (or the
		// submit screen over it) the rest
		body := overlay.Rect{Y: 2, W: m.shell.Width, H: max(1, m.shell.Height-3)}
		m.panes.SetSize(body.W, body.H)
		m.shell.SetBody(body)
		m.tabs = tabBounds(m.shell.Width)
		m.end = m.end.setSize(m.shell.Width, m.shell.Height)
	}
	return m
}

// setStyles hands the shell's theme (it follows the terminal) to every
// screen and pane.
func (m Model) setStyles() Model {
	st := m.shell.Styles
	m.picker = m.picker.SetStyles(st)
	if m.scenario != nil {
		m.briefing = m.briefing.SetStyles(st)
	}
	if m.sess != nil {
		m.panes.SetStyles(st)
		m.end = m.end.setStyles(st)
	}
	return m
}
