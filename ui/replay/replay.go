// Package replay is `firedrill replay`: the interviewer steps through a
// candidate's result file. A timeline of their actions on the left; on the
// right, the scenario as their screen showed it after the selected action,
// rebuilt by replaying actions 0..i onto the game's own panes.
//
// Replay never grades: the verdict needs the interviewer's key (grade).
package replay

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game/play"
	"firedrill/ui/panekit"
	"firedrill/ui/shell"
)

// speeds are the play rates: candidate time per real time.
var speeds = []int{1, 10, 30, 100}

const defaultSpeed = 1 // ×10

// minStep keeps bursts of simultaneous actions visible one by one.
const minStep = 40 * time.Millisecond

// playTick advances playback; seq is the playback it belongs to, so a tick
// scheduled before a pause, a step or a speed change is dropped.
type playTick struct{ seq int }

// focus is the side of the screen that has the keys.
type focus int

const (
	focusTimeline focus = iota // the keys step through the actions
	focusPane                  // the interviewer scrolls the candidate's pane
)

// Model is the replay's root model.
type Model struct {
	in    Input
	res   *play.InterviewResult
	keys  KeyMap
	shell shell.Shell // size, theme, the help overlay

	// marks[k] is the scene after k*markEvery actions (marks[0]: before
	// any), kept as the replay moves forward, so a step back replays at
	// most markEvery actions instead of the whole log.
	marks []scene
	sc    scene // after actions[:sel+1]
	sel   int   // the selected action; -1 when the log is empty
	top   int   // first timeline row shown

	focus   focus
	playing bool
	speed   int // index into speeds
	seq     int // the current playback's id
	status  string
}

// New builds the replay on the first action.
func New(in Input) Model {
	m := Model{in: in, res: in.Result, keys: DefaultKeyMap(), shell: shell.New(), speed: defaultSpeed, sel: -1}
	m.marks = []scene{newScene(in.Scenario, m.shell.Styles)}
	m.sc = m.marks[0]
	if len(m.res.Actions) > 0 {
		m = m.goTo(0)
	}
	return m
}

// Run runs the replay until the interviewer quits.
func Run(in Input) error {
	_, err := tea.NewProgram(New(in)).Run()
	return err
}

// Init asks the terminal for its background so the theme can follow it.
func (m Model) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Selected is the index of the selected action (-1: none), for tests.
func (m Model) Selected() int { return m.sel }

// Tab names the pane shown, for tests.
func (m Model) Tab() string { return m.sc.tab.String() }

// Cursor is the incident-clock cursor after the selected action.
func (m Model) Cursor() time.Time { return m.sc.cursor }

// Playing reports whether playback runs.
func (m Model) Playing() bool { return m.playing }

// markEvery is how many actions apart the saved scenes are.
const markEvery = 128

// goTo shows the scene after actions[:i+1]: forward by applying the new
// actions, backward by replaying from the nearest saved scene before it
// (panes keep no undo). The notebook is rebuilt for the position either way.
func (m Model) goTo(i int) Model {
	n := len(m.res.Actions)
	if n == 0 {
		return m
	}
	i = max(0, min(i, n-1))
	if i+1 < m.sc.applied {
		m.sc = m.marks[min((i+1)/markEvery, len(m.marks)-1)]
	}
	for m.sc.applied <= i {
		m.sc = m.sc.apply(m.res.Actions[m.sc.applied])
		if m.sc.applied == len(m.marks)*markEvery {
			m.marks = append(m.marks, m.sc)
		}
	}
	m.sc.PutNotebook(m.sc.Notebook().SetNotebook(m.res.NotebookAt(i + 1)))
	m.sel = i
	m.top = panekit.Scroll(m.top, m.sel, m.timelineRows(), n)
	return m
}

// step moves the selection by d and restarts a running playback from there.
func (m Model) step(d int) (Model, tea.Cmd) {
	m = m.goTo(m.sel + d)
	return m.restartPlay()
}

func (m Model) restartPlay() (Model, tea.Cmd) {
	if !m.playing {
		return m, nil
	}
	m.seq++
	return m, m.nextTick()
}

// togglePlay starts or pauses playback; playing from the last action
// starts over.
func (m Model) togglePlay() (Model, tea.Cmd) {
	m.seq++ // either way, ticks already scheduled are stale
	if m.playing {
		m.playing = false
		return m, nil
	}
	n := len(m.res.Actions)
	if n < 2 {
		return m, nil
	}
	if m.sel >= n-1 {
		m = m.goTo(0)
	}
	m.playing = true
	return m, m.nextTick()
}

// nextTick waits the candidate's gap to the next action, scaled by the
// speed: a tea.Tick, never a sleep.
func (m Model) nextTick() tea.Cmd {
	if !m.playing || m.sel+1 >= len(m.res.Actions) {
		return nil
	}
	seq := m.seq
	return tea.Tick(m.nextTickDelay(), func(time.Time) tea.Msg { return playTick{seq: seq} })
}

// nextTickDelay is the real time until the next action at this speed.
func (m Model) nextTickDelay() time.Duration {
	acts := m.res.Actions
	gap := (acts[m.sel+1].Offset - acts[m.sel].Offset) / time.Duration(speeds[m.speed])
	return max(gap, minStep)
}

func (m Model) onPlayTick(t playTick) (Model, tea.Cmd) {
	if !m.playing || t.seq != m.seq {
		return m, nil // stale: paused, stepped or re-timed since
	}
	m = m.goTo(m.sel + 1)
	if m.sel >= len(m.res.Actions)-1 {
		m.playing = false
		return m, nil
	}
	return m, m.nextTick()
}

func (m Model) setSpeed(d int) (Model, tea.Cmd) {
	m.speed = max(0, min(len(speeds)-1, m.speed+d))
	return m.restartPlay()
}

// layout hands the panes their size; the only place with size arithmetic
// besides the view's own rows (see view.go for the picture).
func (m Model) layout() Model {
	if m.shell.TooSmall() {
		return m
	}
	w, h := m.paneSize()
	m.marks = append([]scene(nil), m.marks...) // earlier Model values share the array
	for k := range m.marks {
		m.marks[k].SetSize(w, h)
	}
	m.sc.SetSize(w, h)
	m.top = panekit.Scroll(m.top, m.sel, m.timelineRows(), len(m.res.Actions))
	return m
}

// setStyles hands the shell's theme (it follows the terminal) to the panes.
func (m Model) setStyles() Model {
	st := m.shell.Styles
	m.marks = append([]scene(nil), m.marks...) // earlier Model values share the array
	for k := range m.marks {
		m.marks[k].SetStyles(st)
	}
	m.sc.SetStyles(st)
	return m
}
