package replay

import (
	"fmt"
	"strings"
	"time"

	"firedrill/game"
	"firedrill/game/grade"
	"firedrill/ui/internal/timefmt"
	"firedrill/ui/panekit"
	"firedrill/ui/tabs"
)

// glyphs mark each kind of action in the timeline; pins reuse the
// notebook's evidence glyphs' spirit with one mark for all kinds.
var glyphs = map[game.ActionKind]string{
	game.ActTab:       "⇥",
	game.ActFilter:    "▽",
	game.ActSearch:    "/",
	game.ActFuzzy:     "~",
	game.ActOpenTrace: "↳",
	game.ActCursor:    "⌖",
	game.ActView:      "•",
	game.ActPin:       "✚",
	game.ActNote:      "✎",
	game.ActStatus:    "✓",
	game.ActHint:      "?",
	game.ActAttach:    "◆",
	game.ActSubmit:    "■",
	game.ActResume:    "↻",
	game.ActClockBack: "⚠",
	game.ActTimeUp:    "⏱",
}

func glyph(k game.ActionKind) string {
	if g, ok := glyphs[k]; ok {
		return g
	}
	return "·"
}

// clock formats an action's offset since the start: mm:ss, or h:mm:ss
// past an hour.
func clock(d time.Duration) string {
	s := int(max(0, d) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// phrase says what an action did, after "candidate ": "filtered: level≥ERROR",
// "wrote #2: the cache…". Text is already sanitized (Load).
func (m Model) phrase(a game.Action) string {
	switch a.Kind {
	case game.ActTab:
		return "switched to " + a.Detail
	case game.ActFilter:
		return "filtered: " + orNone(a.Detail)
	case game.ActSearch:
		return "searched: " + orNone(a.Detail)
	case game.ActFuzzy:
		return "fuzzy-searched: " + orNone(a.Detail)
	case game.ActOpenTrace:
		return "opened trace " + a.Target
	case game.ActCursor:
		return "moved the cursor to " + timefmt.Offset(a.At.Sub(m.in.Scenario.Start))
	case game.ActView:
		return "looked at " + a.Target
	case game.ActPin:
		return "pinned " + m.pinLabel(a)
	case game.ActNote:
		return "wrote #" + a.Target + ": " + a.Detail
	case game.ActStatus:
		return "marked #" + a.Target + " " + a.Detail
	case game.ActHint:
		return "revealed hint " + a.Detail
	case game.ActAttach:
		return "attached as proof: " + m.pinLabel(a)
	case game.ActSubmit:
		return "submitted " + a.Target
	case game.ActResume:
		return "resumed the game"
	case game.ActClockBack:
		return "resumed with the computer's clock " + a.Detail + " behind the last save"
	case game.ActTimeUp:
		return "ran out of time"
	}
	return string(a.Kind) + " " + a.Target + " " + a.Detail
}

func orNone(s string) string {
	if s == "" {
		return "(cleared)"
	}
	return s
}

// pinLabel is the pinned signal's notebook label (the action carries only
// its kind and ref), else kind and ref.
func (m Model) pinLabel(a game.Action) string {
	for _, p := range m.res.Attached {
		if string(p.Kind) == a.Detail && p.Ref == a.Target && p.Label != "" {
			return p.Label
		}
	}
	for _, h := range m.res.Notebook.Hypotheses {
		for _, p := range h.Evidence {
			if string(p.Kind) == a.Detail && p.Ref == a.Target {
				return p.Label
			}
		}
	}
	return a.Detail + " " + a.Target
}

// timeline draws the action list into w×h: a title row, then the rows
// around the selection (only those are formatted).
func (m Model) timeline(w, h int) []string {
	st := m.shell.Styles
	acts := m.res.Actions
	title := fmt.Sprintf("Actions %d/%d", m.sel+1, len(acts))
	titleSt := st.Title
	if m.focus == focusPane {
		titleSt = st.Muted
	}
	out := []string{panekit.Fit(titleSt.Render(title), w)}
	if len(acts) == 0 {
		return append(out, st.Muted.Render("the candidate took no actions"))
	}
	end := min(len(acts), m.top+h-1)
	for i := m.top; i < end; i++ {
		a := acts[i]
		row := fmt.Sprintf(" %s %s %s", clock(a.Offset), glyph(a.Kind), m.phrase(a))
		if i == m.sel {
			row = "▸" + row[1:]
			out = append(out, st.Selected.Render(panekit.Fit(row, w)))
			continue
		}
		out = append(out, panekit.Fit(row, w))
	}
	return out
}

// summary is the figures so far: counts of filters, searches, pins and
// notes, and time per tab (grade.Coach's tab time over the log up to the
// selection, so the last tab counts up to the selected action).
func (m Model) summary() string {
	acts := m.res.Actions[:m.sel+1]
	count := map[game.ActionKind]int{}
	for _, a := range acts {
		count[a.Kind]++
	}
	parts := []string{
		plural(count[game.ActFilter], "filter"),
		plural(count[game.ActSearch]+count[game.ActFuzzy], "search"),
		plural(count[game.ActPin], "pin"),
		plural(count[game.ActNote], "note"),
	}
	if n := count[game.ActAttach]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d attached as proof", n))
	}
	c := grade.Coach(nil, nil, acts, game.Notebook{})
	for t := range tabs.Count {
		if d := c.TabTime[t.String()]; d > 0 {
			parts = append(parts, t.String()+" "+timefmt.Span(d))
		}
	}
	return strings.Join(parts, " · ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "h") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
