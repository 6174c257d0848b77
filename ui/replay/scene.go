package replay

import (
	"strings"
	"time"

	"firedrill/game"
	"firedrill/ui/styles"
	"firedrill/ui/tabs"
)

// scene is what the candidate's screen held after some prefix of their
// actions: the same panes the game builds, driven through their public
// methods. It is a value; panes are values whose methods return copies,
// so a pristine scene can be copied and replayed from.
type scene struct {
	tabs.Set

	tab    tabs.Tab
	cursor time.Time // the shared incident-clock cursor
	// The candidate's latest filter (its description), search and fuzzy
	// query on Logs. The logs pane has no way to apply them from outside,
	// so the replay names them in the banner instead.
	logFilter, logSearch, logFuzzy string
	applied                        int // actions applied: the scene is after actions[:applied]
}

func newScene(s *game.Scenario, st *styles.Styles) scene {
	sc := scene{Set: tabs.New(s, st)}
	sc.setCursor(s.PageTime()) // where the game starts the candidate's cursor
	return sc
}

// apply replays one action onto the scene. Actions that change nothing on
// screen (hint, submit, resume, time-up, status) only advance the count;
// the notebook is rebuilt separately (play.InterviewResult.NotebookAt)
// because edits and statuses rewrite earlier entries.
func (sc scene) apply(a game.Action) scene {
	sc.applied++
	switch a.Kind {
	case game.ActTab:
		if t, ok := tabs.Named(a.Detail); ok {
			sc.tab = t
		}
	case game.ActCursor:
		if !a.At.IsZero() {
			sc.setCursor(a.At)
		}
	case game.ActOpenTrace:
		if sc.OpenTrace(a.Target) {
			sc.tab = tabs.Traces
		}
	case game.ActFilter:
		sc.logFilter = a.Detail
	case game.ActSearch:
		sc.logSearch = a.Detail
	case game.ActFuzzy:
		sc.logFuzzy = a.Detail
	case game.ActView:
		sc = sc.view(a)
	case game.ActPin, game.ActAttach:
		// as the notebook's enter does in the game, but the tab stays
		sc.Reveal(game.Pin{Kind: game.PinKind(a.Detail), Ref: a.Target, Service: a.Service, At: a.At})
	}
	return sc
}

// view shows what an ActView names on the tab the candidate was on: the
// panes record a metric as service+name, an event by its ref, a service
// by its name.
func (sc scene) view(a game.Action) scene {
	switch sc.tab {
	case tabs.Metrics:
		sc.RevealIn(tabs.Metrics, game.Pin{Kind: game.PinMetric, Ref: a.Service + "/" + a.Target})
	case tabs.Events:
		sc.RevealIn(tabs.Events, game.Pin{Kind: game.PinEvent, Ref: a.Target})
	case tabs.Services:
		sc.RevealIn(tabs.Services, game.Pin{Service: a.Service})
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

// setCursor moves the shared cursor and every pane with it.
func (sc *scene) setCursor(t time.Time) {
	sc.cursor = t
	sc.SetCursor(t)
}
