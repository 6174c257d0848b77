package replay

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/events"
	"firedrill/ui/logs"
	"firedrill/ui/metrics"
	"firedrill/ui/notebook"
	"firedrill/ui/services"
	"firedrill/ui/styles"
	"firedrill/ui/traces"
)

// tab is one of the game's investigation tabs, in the game's tab order.
type tab int

const (
	tabLogs tab = iota
	tabMetrics
	tabTraces
	tabEvents
	tabServices
	tabNotebook
	numTabs
)

// tabNames are the names the game records in ActTab actions.
var tabNames = [numTabs]string{"Logs", "Metrics", "Traces", "Events", "Services", "Notebook"}

func (t tab) String() string { return tabNames[t] }

func tabNamed(name string) (tab, bool) {
	for t := range numTabs {
		if tabNames[t] == name {
			return t, true
		}
	}
	return 0, false
}

// scene is what the candidate's screen held after some prefix of their
// actions: the same panes the game builds, driven through their public
// methods. It is a value; panes are values whose methods return copies,
// so a pristine scene can be copied and replayed from.
type scene struct {
	logs     logs.Model
	metrics  metrics.Model
	traces   traces.Model
	events   events.Model
	services services.Model
	notebook notebook.Model

	tab    tab
	cursor time.Time // the shared incident-clock cursor
	// The candidate's latest filter (its description), search and fuzzy
	// query on Logs. The logs pane has no way to apply them from outside,
	// so the replay names them in the banner instead.
	logFilter, logSearch, logFuzzy string
	applied                        int // actions applied: the scene is after actions[:applied]
}

func newScene(s *game.Scenario, st *styles.Styles) scene {
	return scene{
		logs:     logs.New(s, st),
		metrics:  metrics.New(s, st),
		traces:   traces.New(s, st),
		events:   events.New(s, st),
		services: services.New(s, st),
		notebook: notebook.New(s, st),
		cursor:   s.Start,
	}
}

// apply replays one action onto the scene. Actions that change nothing on
// screen (hint, submit, resume, time-up, status) only advance the count;
// the notebook is rebuilt separately (notebookAt) because edits and
// statuses rewrite earlier entries.
func (sc scene) apply(a game.Action) scene {
	sc.applied++
	switch a.Kind {
	case game.ActTab:
		if t, ok := tabNamed(a.Detail); ok {
			sc.tab = t
		}
	case game.ActCursor:
		if !a.At.IsZero() {
			sc.setCursor(a.At)
		}
	case game.ActOpenTrace:
		if m, ok := sc.traces.Open(a.Target); ok {
			sc.traces, sc.tab = m, tabTraces
		}
	case game.ActFilter:
		sc.logFilter = a.Detail
	case game.ActSearch:
		sc.logSearch = a.Detail
	case game.ActFuzzy:
		sc.logFuzzy = a.Detail
	case game.ActView:
		sc = sc.view(a)
	case game.ActPin:
		sc = sc.reveal(game.Pin{Kind: game.PinKind(a.Detail), Ref: a.Target, Service: a.Service, At: a.At})
	}
	return sc
}

// view shows what an ActView names on the tab the candidate was on: the
// panes record a metric as service+name, an event by its ref, a service
// by its name.
func (sc scene) view(a game.Action) scene {
	switch sc.tab {
	case tabMetrics:
		sc.metrics = sc.metrics.Reveal(game.Pin{Kind: game.PinMetric, Ref: a.Service + "/" + a.Target})
	case tabEvents:
		sc.events = sc.events.Reveal(game.Pin{Kind: game.PinEvent, Ref: a.Target})
	case tabServices:
		sc.services = sc.services.Reveal(game.Pin{Service: a.Service})
	}
	return sc
}

// pinTabs is the tab each kind of evidence lives on.
var pinTabs = map[game.PinKind]tab{
	game.PinLog: tabLogs, game.PinMetric: tabMetrics, game.PinSpan: tabTraces, game.PinEvent: tabEvents,
}

// reveal puts the pane of a pin's kind on the pinned signal, as the
// notebook's enter does in the game.
func (sc scene) reveal(p game.Pin) scene {
	switch p.Kind {
	case game.PinLog:
		sc.logs = sc.logs.Reveal(p)
	case game.PinMetric:
		sc.metrics = sc.metrics.Reveal(p)
	case game.PinSpan:
		sc.traces = sc.traces.Reveal(p)
	case game.PinEvent:
		sc.events = sc.events.Reveal(p)
	}
	return sc
}

// logsState names the filters the candidate's Logs tab had, in the
// pane's own notation ("ERROR+ · svc: x", /search, ~fuzzy); "" for none.
func (sc scene) logsState() string {
	var parts []string
	for _, p := range [][2]string{{"", sc.logFilter}, {"/", sc.logSearch}, {"~", sc.logFuzzy}} {
		if p[1] != "" {
			parts = append(parts, p[0]+p[1])
		}
	}
	return strings.Join(parts, " · ")
}

func (sc *scene) setCursor(t time.Time) {
	sc.cursor = t
	sc.logs = sc.logs.SetCursor(t)
	sc.metrics = sc.metrics.SetCursor(t)
	sc.traces = sc.traces.SetCursor(t)
	sc.events = sc.events.SetCursor(t)
	sc.services = sc.services.SetCursor(t)
	sc.notebook = sc.notebook.SetCursor(t)
}

func (sc *scene) setSize(w, h int) {
	sc.logs = sc.logs.SetSize(w, h)
	sc.metrics = sc.metrics.SetSize(w, h)
	sc.traces = sc.traces.SetSize(w, h)
	sc.events = sc.events.SetSize(w, h)
	sc.services = sc.services.SetSize(w, h)
	sc.notebook = sc.notebook.SetSize(w, h)
}

func (sc *scene) setStyles(st *styles.Styles) {
	sc.logs = sc.logs.SetStyles(st)
	sc.metrics = sc.metrics.SetStyles(st)
	sc.traces = sc.traces.SetStyles(st)
	sc.events = sc.events.SetStyles(st)
	sc.services = sc.services.SetStyles(st)
	sc.notebook = sc.notebook.SetStyles(st)
}

// update routes a message (the interviewer scrolling a pane, or a pane's
// async answer) to the pane behind t.
func (sc *scene) update(t tab, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch t {
	case tabLogs:
		sc.logs, cmd = sc.logs.Update(msg)
	case tabMetrics:
		sc.metrics, cmd = sc.metrics.Update(msg)
	case tabTraces:
		sc.traces, cmd = sc.traces.Update(msg)
	case tabEvents:
		sc.events, cmd = sc.events.Update(msg)
	case tabServices:
		sc.services, cmd = sc.services.Update(msg)
	case tabNotebook:
		sc.notebook, cmd = sc.notebook.Update(msg)
	}
	return cmd
}

func (sc scene) viewOf(t tab) string {
	switch t {
	case tabLogs:
		return sc.logs.View()
	case tabMetrics:
		return sc.metrics.View()
	case tabTraces:
		return sc.traces.View()
	case tabEvents:
		return sc.events.View()
	case tabServices:
		return sc.services.View()
	}
	return sc.notebook.View()
}

func (sc scene) capturing() bool {
	switch sc.tab {
	case tabLogs:
		return sc.logs.Capturing()
	case tabMetrics:
		return sc.metrics.Capturing()
	case tabNotebook:
		return sc.notebook.Capturing()
	}
	return false
}

func (sc scene) keyMap() help.KeyMap {
	switch sc.tab {
	case tabLogs:
		return sc.logs.KeyMap()
	case tabMetrics:
		return sc.metrics.KeyMap()
	case tabTraces:
		return sc.traces.KeyMap()
	case tabEvents:
		return sc.events.KeyMap()
	case tabServices:
		return sc.services.KeyMap()
	}
	return sc.notebook.KeyMap()
}

// notebookAt is the candidate's notebook as it stood after actions[:n]:
// hypotheses in the order first written, each with its latest text and
// status so far and only the evidence already pinned; the final notebook
// supplies what the log does not carry (pin labels, untitled hypotheses a
// pin created, times). Hints: as many as revealed so far.
func notebookAt(r *game.InterviewResult, n int) game.Notebook {
	final := map[int]game.Hypothesis{}
	for _, h := range r.Notebook.Hypotheses {
		final[h.ID] = h
	}
	now := r.TimerStart
	if n > 0 {
		now = now.Add(r.Actions[n-1].Offset)
	}
	var order []int
	byID := map[int]*game.Hypothesis{}
	add := func(h game.Hypothesis) *game.Hypothesis {
		if byID[h.ID] == nil {
			h.Evidence, h.Status = nil, game.StatusOpen
			byID[h.ID] = &h
			order = append(order, h.ID)
		}
		return byID[h.ID]
	}
	noted := map[string]bool{}
	for _, a := range r.Actions {
		if a.Kind == game.ActNote {
			noted[a.Target] = true
		}
	}
	// A hypothesis appears at its wall-clock time even without a note
	// action: a pin on an empty notebook makes an "untitled" one, which a
	// later note may rename (so until then it shows as untitled).
	for _, h := range r.Notebook.Hypotheses {
		if !h.WrittenAt.IsZero() && !h.WrittenAt.After(now) {
			text := h.Text
			if noted[strconv.Itoa(h.ID)] {
				text = "untitled"
			}
			add(game.Hypothesis{ID: h.ID, Text: text, CursorAt: h.CursorAt, WrittenAt: h.WrittenAt})
		}
	}
	pinned := map[[2]string]bool{}
	hints := 0
	for _, a := range r.Actions[:n] {
		id, err := strconv.Atoi(a.Target)
		switch a.Kind {
		case game.ActNote:
			if err != nil {
				continue
			}
			h := final[id]
			h.ID = id
			if h.CursorAt.IsZero() {
				h.CursorAt = a.At
			}
			add(h).Text = a.Detail
		case game.ActStatus:
			if h := byID[id]; err == nil && h != nil {
				h.Status = game.HypothesisStatus(a.Detail)
			}
		case game.ActPin:
			pinned[[2]string{a.Detail, a.Target}] = true
		case game.ActHint:
			hints++
		}
	}
	var nb game.Notebook
	for _, id := range order {
		h := *byID[id]
		for _, p := range final[id].Evidence {
			if pinned[[2]string{string(p.Kind), p.Ref}] {
				h.Evidence = append(h.Evidence, p)
			}
		}
		nb.Hypotheses = append(nb.Hypotheses, h)
	}
	nb.Hints = r.Notebook.Hints[:min(hints, len(r.Notebook.Hints))]
	return nb
}
