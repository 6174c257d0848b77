package logs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

var t0 = time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)

// testScenario has 20 lines, one every 30 s: every 5th is ERROR from
// checkout with a trace id, every 3rd mentions "timeout", the rest INFO
// from api-gateway or cache.
func testScenario() *game.Scenario {
	s := &game.Scenario{ID: "t", Title: "test", Start: t0, Duration: 30 * time.Minute,
		Services: []game.Service{{Name: "api-gateway"}, {Name: "checkout"}, {Name: "cache"}}}
	var lines []game.LogLine
	for i := range 20 {
		l := game.LogLine{At: t0.Add(time.Duration(i) * 30 * time.Second), Service: "api-gateway",
			Level: game.LevelInfo, Msg: fmt.Sprintf("request %d ok", i)}
		if i%2 == 1 {
			l.Service = "cache"
		}
		if i%3 == 0 {
			l.Msg = fmt.Sprintf("call %d hit a Timeout", i)
		}
		if i%5 == 4 {
			l.Service, l.Level, l.Trace = "checkout", game.LevelError, fmt.Sprintf("trace-%d", i)
		}
		lines = append(lines, l)
	}
	s.Logs = game.NewLogStore(lines)
	game.IndexLogs(s)
	return s
}

// editLines changes s's lines through edit and indexes them again (the
// store itself is immutable).
func editLines(s *game.Scenario, edit func(lines []game.LogLine)) {
	lines := s.Logs.Lines()
	edit(lines)
	s.Logs = game.NewLogStore(lines)
	game.IndexLogs(s)
}

func newTestPane() Model {
	return New(testScenario(), styles.New(true, true)).SetSize(100, 12)
}

// drive feeds msgs to the pane, running every command it returns; the
// pane's own answers go back into Update, everything else is returned.
func drive(m Model, in ...tea.Msg) (Model, []tea.Msg) {
	return uitest.Drive(m, func(msg tea.Msg) bool {
		switch msg.(type) {
		case filterResultMsg, fuzzyResultMsg:
			return true
		}
		return false
	}, in...)
}

var (
	press = uitest.Key
	keys  = uitest.Keys // "type:text" types text
)

// visibleLines lists the line positions the filters leave.
func visibleLines(m Model) []int {
	out := make([]int, m.res.n())
	for i := range out {
		out[i] = m.res.line(i)
	}
	return out
}

func TestFilters(t *testing.T) {
	tests := []struct {
		name   string
		in     []tea.Msg
		want   []int
		filter string
	}{
		{"none", nil, seq(0, 20), ""},
		{"level WARN+ (> three times)", keys(">", ">", ">"), []int{4, 9, 14, 19}, "WARN+"},
		{"level stops at FATAL", keys(">", ">", ">", ">", ">", ">"), []int{}, "FATAL+"},
		{"< at TRACE stays", keys("<"), seq(0, 20), ""},
		{"service cache", keys("s", "down", "down", "space", "enter"), []int{1, 3, 5, 7, 11, 13, 15, 17}, "svc: cache"},
		{"service cache + api-gateway", keys("s", "space", "down", "down", "space", "enter"),
			[]int{0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18}, "svc: api-gateway,cache"},
		{"search only hits", keys("/", "type:timeout", "enter", "f"), []int{0, 3, 6, 9, 12, 15, 18}, "/timeout (only)"},
		{"ERROR+ and search", keys(">", ">", ">", ">", "/", "type:TIMEOUT", "enter", "f"), []int{9}, "ERROR+ · /TIMEOUT (only)"},
		{"time range from line 5 to line 8", keys("j", "j", "j", "j", "j", "[", "j", "j", "j", "]"), []int{5, 6, 7, 8}, "+02:30..+04:00"},
		{"range with level", keys("j", "j", "j", "j", "j", "[", ">", ">", ">", ">"), []int{9, 14, 19}, "ERROR+ · +02:30..…"},
		{"clear", keys(">", ">", ">", ">", "C"), seq(0, 20), ""},
		{"esc clears range", keys("j", "[", "esc"), seq(0, 20), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := drive(newTestPane(), tt.in...)
			if got := visibleLines(m); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("lines = %v, want %v", got, tt.want)
			}
			if got := m.Filter(); got != tt.filter {
				t.Errorf("filter = %q, want %q", got, tt.filter)
			}
		})
	}
}

func seq(a, b int) []int {
	out := []int{}
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

// The status line always says the level floor: at the start it is the
// lowest level (nothing hidden), which a player could not tell before.
func TestStatusSaysTheLevelFloor(t *testing.T) {
	for _, tt := range []struct {
		keys []string
		want string
	}{
		{nil, "TRACE+ · 20 of 20 lines"},
		{[]string{">"}, "DEBUG+ · 20 of 20 lines"},
		{[]string{">", ">", ">", "<"}, "INFO+ · 20 of 20 lines"},
		// the ends hold: < at TRACE and > at FATAL do not wrap round
		{[]string{"<"}, "TRACE+ · 20 of 20 lines"},
		{[]string{">", ">", ">", ">", ">", ">", ">"}, "FATAL+ · 0 of 20 lines"},
	} {
		m, _ := drive(newTestPane(), keys(tt.keys...)...)
		if got := lastLine(m.View()); got != tt.want {
			t.Errorf("after %v the status is %q, want %q", tt.keys, got, tt.want)
		}
	}
}

func TestFilterKeepsCursorLine(t *testing.T) {
	m, _ := drive(newTestPane(), keys("j", "j", "j", "j", "j", "j", "j", "j", "j")...) // line 9 (ERROR)
	m, _ = drive(m, keys(">", ">", ">", ">")...)
	if got := m.CursorLine(); got != 9 {
		t.Fatalf("after ERROR+ the cursor is on line %d, want 9", got)
	}
	m, _ = drive(m, keys("C")...)
	if got := m.CursorLine(); got != 9 {
		t.Fatalf("after clearing the cursor is on line %d, want 9", got)
	}
}

func TestSearchHitsAndJumps(t *testing.T) {
	m, out := drive(newTestPane(), keys("j", "/", "type:timeout", "enter")...)
	if got := fmt.Sprint(m.res.hits); got != "[0 3 6 9 12 15 18]" {
		t.Fatalf("hits = %s", got)
	}
	if m.CursorLine() != 3 {
		t.Errorf("search moved the cursor to %d, want the first hit after it (3)", m.CursorLine())
	}
	wantAct(t, out, game.ActSearch, "timeout")
	steps := []struct {
		key  string
		want int
	}{{"n", 6}, {"n", 9}, {"N", 6}, {"G", 19}, {"n", 0}, {"N", 18}}
	for _, st := range steps {
		m, _ = drive(m, press(st.key))
		if m.CursorLine() != st.want {
			t.Errorf("after %s cursor on %d, want %d", st.key, m.CursorLine(), st.want)
		}
	}
	if got := lastLine(m.View()); !strings.HasPrefix(got, "TRACE+ · /timeout · hit 7/7 ·") {
		t.Errorf("status = %q, want the hit position /timeout · hit 7/7", got)
	}
	m, _ = drive(m, keys("N", "N")...)
	if got := lastLine(m.View()); !strings.Contains(got, "hit 5/7") {
		t.Errorf("after N N status = %q, want hit 5/7", got)
	}
	m, _ = drive(m, keys("j")...) // off the hits
	if got := lastLine(m.View()); !strings.Contains(got, "/timeout · 7 hits ·") {
		t.Errorf("off a hit, status = %q, want the count", got)
	}
}

func wantAct(t *testing.T, out []tea.Msg, kind game.ActionKind, detail string) {
	t.Helper()
	for _, msg := range out {
		if a, ok := msg.(msgs.Act); ok && a.Action.Kind == kind && a.Action.Detail == detail {
			return
		}
	}
	t.Errorf("no %s action %q in %v", kind, detail, out)
}

func TestFilterEmitsAction(t *testing.T) {
	_, out := drive(newTestPane(), keys(">", ">", ">", ">")...)
	wantAct(t, out, game.ActFilter, "ERROR+")
}

func TestCursorMovement(t *testing.T) {
	tests := []struct {
		keys []string
		want int
	}{
		{[]string{"j", "j", "k"}, 1},
		{[]string{"G"}, 19},
		{[]string{"G", "g"}, 0},
		{[]string{"ctrl+d"}, 5}, // body is 10 rows: half a page
		{[]string{"space"}, 10},
		{[]string{"k"}, 0},
	}
	for _, tt := range tests {
		m, _ := drive(newTestPane(), keys(tt.keys...)...)
		if m.CursorLine() != tt.want {
			t.Errorf("%v: cursor %d, want %d", tt.keys, m.CursorLine(), tt.want)
		}
	}
}

func TestJumpToTime(t *testing.T) {
	tests := []struct{ text, want string }{
		{"+02:00", "4"}, {"+2m", "4"}, {"14:05:10", "11"}, {"14:05", "10"}, {"nonsense", "error"},
	}
	for _, tt := range tests {
		m, _ := drive(newTestPane(), keys("t", "type:"+tt.text, "enter")...)
		got := fmt.Sprint(m.CursorLine())
		if m.inputErr != "" {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("t %s: got %s, want %s", tt.text, got, tt.want)
		}
	}
}

func TestJumpLogsMessage(t *testing.T) {
	m, _ := drive(newTestPane(), msgs.JumpLogs{At: t0.Add(95 * time.Second)})
	if m.CursorLine() != 4 {
		t.Errorf("JumpLogs +01:35 put the cursor on %d, want 4", m.CursorLine())
	}
}

func TestEnterOpensTrace(t *testing.T) {
	_, out := drive(newTestPane(), keys("j", "j", "j", "j", "enter")...)
	if len(out) != 1 || out[0] != (msgs.OpenTrace{ID: "trace-4"}) {
		t.Errorf("enter on line 4 sent %v, want OpenTrace trace-4", out)
	}
	_, out = drive(newTestPane(), keys("enter")...)
	if _, ok := out[0].(msgs.Status); !ok {
		t.Errorf("enter on a line without a trace sent %v, want a status", out)
	}
}

func TestStaleFilterResultDropped(t *testing.T) {
	m := newTestPane()
	m, slow := m.Update(press(">"))
	m, fast := m.Update(press("C"))
	m, _ = m.Update(uitest.Run(fast)[0])
	m, _ = m.Update(uitest.Run(slow)[0])
	if m.res.n() != 20 {
		t.Errorf("the older TRACE→DEBUG answer was applied over the clear: %d rows", m.res.n())
	}
}

func TestSelectedAndReveal(t *testing.T) {
	m, _ := drive(newTestPane(), keys("j", "j", "j", "j")...)
	pin, ok := m.Selected()
	if !ok || pin.Kind != game.PinLog || pin.Ref != "4" || pin.Service != "checkout" {
		t.Fatalf("Selected = %+v, %v", pin, ok)
	}
	// the pin carries the line's identity, for proof matching without the pack
	if l := m.scenario.Logs.Line(4); pin.Text != l.Msg || pin.Level != l.Level.String() || pin.Trace != l.Trace {
		t.Errorf("pin identity %+v; want line %+v", pin, l)
	}
	m2 := newTestPane().Reveal(pin)
	if m2.CursorLine() != 4 {
		t.Errorf("Reveal put the cursor on %d, want 4", m2.CursorLine())
	}
}

func TestResizeKeepsPlace(t *testing.T) {
	m, _ := drive(newTestPane(), keys(">", ">", "G")...) // INFO+: all 20, cursor at 19
	m = m.SetSize(60, 6).SetSize(120, 30)
	if m.CursorLine() != 19 || m.Filter() != "INFO+" {
		t.Errorf("after resizing: line %d, filter %q", m.CursorLine(), m.Filter())
	}
}

func TestWheelScrollsView(t *testing.T) {
	down := tea.MouseWheelMsg{Button: tea.MouseWheelDown}
	m, _ := drive(newTestPane(), keys("j", "j", "j", "j")...) // cursor on line 4, top 0
	m, _ = drive(m, down)
	if m.main.top != 3 || m.CursorLine() != 4 {
		t.Errorf("one notch: top %d, cursor %d; want top 3, cursor still 4", m.main.top, m.CursorLine())
	}
	m, _ = drive(m, down, down, down)
	if m.main.top != 10 || m.CursorLine() != 10 {
		t.Errorf("past the end: top %d, cursor %d; want top 10 (last page), cursor dragged to 10", m.main.top, m.CursorLine())
	}
}

func TestStatusDescribesShownRows(t *testing.T) {
	m, _ := drive(newTestPane(), press(">"), press(">"), press(">"), press(">")) // ERROR+
	m, cmd := m.Update(press(">"))                                               // FATAL+, still computing
	if m.Filter() != "ERROR+" || !strings.Contains(m.View(), "ERROR+ · 4 of 20 lines · filtering…") {
		t.Errorf("while filtering: filter %q, status %q", m.Filter(), lastLine(m.View()))
	}
	m, _ = drive(m, uitest.Run(cmd)...)
	if m.Filter() != "FATAL+" || !strings.HasSuffix(lastLine(m.View()), "FATAL+ · 0 of 20 lines") {
		t.Errorf("after: filter %q, status %q", m.Filter(), lastLine(m.View()))
	}
}

func lastLine(s string) string { return s[strings.LastIndex(s, "\n")+1:] }

// The prompts open empty (typing after a search must not append to it),
// ↑ recalls the previous query, and esc or an empty enter leave the active
// search and fuzzy list as they were.
func TestPromptsOpenEmpty(t *testing.T) {
	m, _ := drive(newTestPane(), keys("/", "type:timeout", "enter")...)
	m, _ = drive(m, keys("/", "type:request 1")...)
	if got := m.input.Value(); got != "request 1" {
		t.Errorf("second search typed into %q, want an empty prompt", got)
	}
	m, _ = drive(m, keys("esc")...)
	if m.f.search != "timeout" || m.res.f.search != "timeout" || m.Capturing() {
		t.Errorf("esc changed the search to %q (capturing %v)", m.f.search, m.Capturing())
	}
	m, _ = drive(m, keys("/", "enter")...)
	if m.f.search != "timeout" {
		t.Errorf("an empty enter changed the search to %q", m.f.search)
	}
	m, _ = drive(m, keys("/", "up")...)
	if got := m.input.Value(); got != "timeout" {
		t.Errorf("↑ recalled %q, want timeout", got)
	}
	m, _ = drive(m, keys("esc", "ctrl+f", "type:req19", "enter")...)
	before := m.fz.hits
	m, _ = drive(m, keys("ctrl+f", "type:zz")...)
	if got := m.input.Value(); got != "zz" {
		t.Errorf("fuzzy prompt typed into %q, want it empty first", got)
	}
	m, _ = drive(m, keys("esc")...)
	if !m.fz.active || m.fz.query != "req19" || len(m.fz.hits) != len(before) {
		t.Errorf("esc lost the fuzzy list: active %v, query %q, %d hits", m.fz.active, m.fz.query, len(m.fz.hits))
	}
	m, _ = drive(m, keys("esc", "t", "type:+02:00", "enter", "t")...)
	if got := m.input.Value(); got != "" {
		t.Errorf("jump prompt opened with %q, want empty", got)
	}
	m, _ = drive(m, keys("up")...)
	if got := m.input.Value(); got != "+02:00" {
		t.Errorf("↑ in the jump prompt gave %q", got)
	}
}

// A search whose matches the level filter hides says so, instead of a bare
// "0 hits" that reads as "nowhere in the logs" (a play-tester searched for
// a line at INFO while looking at WARN+). timeout is on lines 0, 3, 6 …;
// at ERROR+ only line 9 shows.
func TestSearchSaysWhatFiltersHide(t *testing.T) {
	m, _ := drive(newTestPane(), keys(">", ">", ">", ">", "/", "type:timeout", "enter")...)
	if got := m.hitText(); got != "hit 1/1 (+6 hidden by filters, C clears)" {
		t.Errorf("hit text at ERROR+ = %q", got)
	}
	m, _ = drive(newTestPane(), keys("/", "type:timeout", "enter")...)
	if got := m.hitText(); strings.Contains(got, "hidden") {
		t.Errorf("with no other filter nothing is hidden: %q", got)
	}
	m, _ = drive(newTestPane(), keys(">", ">", ">", ">", ">", ">")...)
	if v := uitest.Plain(m.View()); !strings.Contains(v, "(C clears them)") {
		t.Errorf("the empty pager names the key that clears the filters:\n%s", v)
	}
}
