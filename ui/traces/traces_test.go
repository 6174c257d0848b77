package traces

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/panekit"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func newModel(t testing.TB, pack string, w, h int) Model {
	return New(uitest.Scenario(t, pack), styles.New(true, false)).SetSize(w, h)
}

func TestGolden(t *testing.T) {
	uitest.RunGolden(t, []uitest.Case{
		uitest.C("traces_mini_80x20", "mini", 80, 20),
		uitest.C("traces_mini_120x36", "mini", 120, 36, "enter", "j"),
		uitest.C("traces_panes_80x20", "panes", 80, 20, "j"),
		uitest.C("traces_panes_120x36", "panes", 120, 36, "j"),
		uitest.C("traces_open_panes_80x20", "panes", 80, 20, "j", "enter", "j", "j", "j"),
		uitest.C("traces_open_panes_120x36", "panes", 120, 36, "j", "enter", "j", "j", "j"),
		uitest.C("traces_missing_panes_120x36", "panes", 120, 36, "j", "enter", "G"),
		uitest.C("traces_missing_panes_80x20", "panes", 80, 20, "j", "enter", "j", "j", "j", "j", "j"),
	}, func(s *game.Scenario, w, h int) Model { return New(s, styles.New(true, false)).SetSize(w, h) })
}

func TestListAndOpen(t *testing.T) {
	cases := []struct {
		name     string
		keys     []string
		wantOpen string
		wantPin  string // Selected().Ref
		wantAct  string // ActOpenTrace target of the last key
	}{
		{"list starts on the earliest trace", nil, "", "0c33d1a9e8f04b27/r1", ""},
		{"down moves in start order", []string{"j"}, "", "7a1c0e55d2b94f10/s1", ""},
		{"G goes to the last", []string{"G"}, "", "e5f0a2b7c9d14e88/q1", ""},
		{"enter opens and records", []string{"j", "enter"}, "7a1c0e55d2b94f10", "7a1c0e55d2b94f10/s1", "7a1c0e55d2b94f10"},
		{"down selects the next span", []string{"j", "enter", "j"}, "7a1c0e55d2b94f10", "7a1c0e55d2b94f10/s2", ""},
		{"retries are siblings in order", []string{"j", "enter", "j", "j", "j", "j"}, "7a1c0e55d2b94f10", "7a1c0e55d2b94f10/s5", ""},
		{"placeholder pins nothing", []string{"j", "enter", "j", "j", "j", "j", "j"}, "7a1c0e55d2b94f10", "", ""},
		{"orphan under the placeholder", []string{"j", "enter", "G", "k"}, "7a1c0e55d2b94f10", "7a1c0e55d2b94f10/s7", ""},
		{"esc goes back to the list", []string{"j", "enter", "j", "esc"}, "", "7a1c0e55d2b94f10/s1", ""},
		{"esc in the list stays", []string{"esc"}, "", "0c33d1a9e8f04b27/r1", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, out := uitest.PressRun(newModel(t, "panes", 120, 36), c.keys...)
			if m.OpenID() != c.wantOpen {
				t.Errorf("open trace %q; want %q", m.OpenID(), c.wantOpen)
			}
			pin, ok := m.Selected()
			if ok != (c.wantPin != "") || pin.Ref != c.wantPin {
				t.Errorf("selected %q (%v); want %q", pin.Ref, ok, c.wantPin)
			}
			if ok && (pin.Kind != game.PinSpan || pin.Span == "" || pin.Text == "" ||
				pin.Status != game.StatusOK && pin.Status != game.StatusError) {
				t.Errorf("pin %+v; want a span with its identity", pin)
			}
			var act string
			for _, msg := range out {
				if a, ok := msg.(msgs.Act); ok && a.Action.Kind == game.ActOpenTrace {
					act = a.Action.Target
				}
			}
			if act != c.wantAct {
				t.Errorf("ActOpenTrace %q; want %q", act, c.wantAct)
			}
		})
	}
}

func TestTreeRows(t *testing.T) {
	m, ok := newModel(t, "panes", 120, 36).Open("7a1c0e55d2b94f10")
	if !ok {
		t.Fatal("Open of a sampled trace failed")
	}
	want := []string{
		"s1", "└─ s2", "   ├─ s3", "   ├─ s4", "   └─ s5",
		"⋯ s6", "└─ s7", "   └─ s8",
	}
	tr := m.list[m.open].trace
	var got []string
	for _, r := range m.rows {
		if r.span < 0 {
			got = append(got, "⋯ "+r.missing)
			continue
		}
		got = append(got, r.guide+tr.Spans[r.span].ID)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "⋯ missing span (parent s6 not recorded)") {
		t.Errorf("no missing-span placeholder in the view:\n%s", view)
	}
}

func TestTreeSurvivesACycle(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tr := game.NewTrace("cyc", []game.Span{
		{ID: "root", Name: "root", At: at, Dur: time.Second},
		{ID: "a", Parent: "b", Name: "a", At: at.Add(time.Millisecond), Dur: time.Millisecond},
		{ID: "b", Parent: "a", Name: "b", At: at.Add(2 * time.Millisecond), Dur: time.Millisecond},
	})
	rows := buildRows(tr)
	if len(rows) != 3 {
		t.Fatalf("%d rows; want every span once (3)", len(rows))
	}
}

func TestOpenAndReveal(t *testing.T) {
	m := newModel(t, "panes", 80, 20)
	if _, ok := m.Open("ffffffffffffffff"); ok {
		t.Error("Open of an unsampled trace reported true")
	}
	if m2, _ := m.Open("ffffffffffffffff"); m2.OpenID() != "" {
		t.Error("Open of an unsampled trace changed the view")
	}
	r := m.Reveal(game.Pin{Kind: game.PinSpan, Ref: "7a1c0e55d2b94f10/s4"})
	if pin, _ := r.Selected(); pin.Ref != "7a1c0e55d2b94f10/s4" {
		t.Errorf("reveal selected %q", pin.Ref)
	}
	if !strings.Contains(ansi.Strip(r.View()), "SPAN s4") {
		t.Errorf("the detail panel does not show s4:\n%s", ansi.Strip(r.View()))
	}
}

func TestSpanJumps(t *testing.T) {
	s := uitest.Scenario(t, "panes")
	spanAt := s.Start.Add(9*time.Minute + 43010*time.Millisecond) // s3
	cases := []struct {
		key  string
		want tea.Msg
	}{
		{"c", msgs.SetCursor{At: spanAt}},
		{"l", msgs.JumpLogs{At: spanAt}},
		{"o", msgs.JumpLogs{At: spanAt}},
	}
	for _, c := range cases {
		m, _ := uitest.PressRun(newModel(t, "panes", 80, 20), "j", "enter", "j", "j")
		_, out := uitest.PressRun(m, c.key)
		if len(out) != 1 || fmt.Sprint(out[0]) != fmt.Sprint(c.want) {
			t.Errorf("%s: messages %v; want %v", c.key, out, c.want)
		}
	}
}

func TestSampledNotice(t *testing.T) {
	s := uitest.Scenario(t, "panes")
	for _, frac := range []float64{0, 0.1} {
		s.TracesSampled = frac
		view := ansi.Strip(New(s, styles.New(false, true)).SetSize(80, 20).View())
		if got := strings.Contains(view, "traces sampled at 10 %"); got != (frac > 0) {
			t.Errorf("sampled %v: notice shown %v", frac, got)
		}
	}
}

func TestDrawBar(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		from, to time.Duration
		want     string
	}{
		{0, 10 * time.Second, "##########"},
		{0, 5 * time.Second, "#####     "},
		{3 * time.Second, 4 * time.Second, "   #      "},
		{9 * time.Second, 9*time.Second + time.Millisecond, "         #"}, // tiny: one cell
		{2500 * time.Millisecond, 3500 * time.Millisecond, "  ##      "},  // partial cells round outwards
	}
	for _, c := range cases {
		p := panekitPainter()
		drawBar(p, 10, at, 10*time.Second, at.Add(c.from), at.Add(c.to), '#', 1)
		if got := ansi.Strip(p.String()); got != c.want {
			t.Errorf("bar %v..%v = %q; want %q", c.from, c.to, got, c.want)
		}
	}
}

func TestViewFitsEverySize(t *testing.T) {
	for _, pack := range []string{"mini", "panes"} {
		for _, size := range [][2]int{{40, 10}, {60, 16}, {80, 24}, {100, 30}, {200, 50}} {
			for _, keys := range [][]string{nil, {"enter"}, {"enter", "G"}, {"j", "enter", "j", "j", "j", "j", "j"}} {
				m, _ := uitest.PressRun(newModel(t, pack, size[0], size[1]), keys...)
				uitest.FitsIn(t, m.View(), size[0], size[1])
			}
		}
	}
}

// BenchmarkTracesView renders one frame of an open 5 000-span trace at
// 120×40: only the visible rows are drawn.
func BenchmarkTracesView(b *testing.B) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	spans := []game.Span{{ID: "root", Service: "gw", Name: "GET /", At: at, Dur: 10 * time.Second}}
	for i := 1; i < 5000; i++ {
		parent := fmt.Sprintf("s%d", i/4)
		if i < 4 {
			parent = "root"
		}
		spans = append(spans, game.Span{ID: fmt.Sprintf("s%d", i), Parent: parent, Service: "svc",
			Name: "op", At: at.Add(time.Duration(i) * time.Millisecond), Dur: time.Millisecond, Error: i%7 == 0})
	}
	s := &game.Scenario{Start: at, Duration: time.Minute, Traces: []*game.Trace{game.NewTrace("big", spans)}}
	m, _ := New(s, styles.New(true, false)).SetSize(120, 40).Open("big")
	m, _ = uitest.PressRun(m, "pgdown", "pgdown")
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

func panekitPainter() *panekit.Painter {
	st := styles.New(true, true)
	return panekit.NewPainter(st.Base, st.Accent)
}

func TestWheelScrollsTheList(t *testing.T) {
	m := newModel(t, "panes", 80, 20)
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if pin, _ := m.Selected(); pin.Ref != "e5f0a2b7c9d14e88/q1" {
		t.Errorf("two wheel steps down selected %q; want the third trace", pin.Ref)
	}
}

func TestErrorsOnlyAndCursorMark(t *testing.T) {
	s := uitest.Scenario(t, "panes")
	cases := []struct {
		name       string
		cursor     time.Duration
		keys       []string
		wantListed int
		wantSel    string // Selected().Ref
		wantNear   string // start offset of the row marked »
	}{
		{"all listed, cursor at the start", 0, nil, 3, "0c33d1a9e8f04b27/r1", "+00:30"},
		{"f hides the traces that succeeded", 0, []string{"f"}, 2, "7a1c0e55d2b94f10/s1", "+09:43"},
		{"f keeps a failed selection", 0, []string{"G", "f"}, 2, "e5f0a2b7c9d14e88/q1", "+09:43"},
		{"f again shows all", 0, []string{"f", "j", "f"}, 3, "e5f0a2b7c9d14e88/q1", "+00:30"},
		{"the mark follows the cursor", 13 * time.Minute, nil, 3, "0c33d1a9e8f04b27/r1", "+14:09"},
		{"f is ignored inside a trace", 0, []string{"enter", "f", "esc"}, 3, "0c33d1a9e8f04b27/r1", "+00:30"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := New(s, styles.New(true, false)).SetSize(80, 20).SetCursor(s.Start.Add(c.cursor))
			m, _ = uitest.PressRun(m, c.keys...)
			if len(m.list) != c.wantListed {
				t.Errorf("%d traces listed; want %d", len(m.list), c.wantListed)
			}
			if pin, _ := m.Selected(); pin.Ref != c.wantSel {
				t.Errorf("selected %q; want %q", pin.Ref, c.wantSel)
			}
			var near []string
			for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
				f := strings.Fields(l)
				for j := 0; j+1 < len(f) && j < 2; j++ {
					if f[j] == "»" {
						near = append(near, f[j+1])
					}
				}
			}
			if len(near) != 1 || near[0] != c.wantNear {
				t.Errorf("rows marked » %q; want [%s]", near, c.wantNear)
			}
		})
	}
	// Opening a trace the filter hides (from a log line) lifts the filter.
	m, _ := uitest.PressRun(New(s, styles.New(true, false)).SetSize(80, 20), "f")
	if m, ok := m.Open("0c33d1a9e8f04b27"); !ok || m.OpenID() != "0c33d1a9e8f04b27" || m.ErrorsOnly() {
		t.Errorf("Open of a filtered-out trace: ok %v, open %q, errors only %v", ok, m.OpenID(), m.ErrorsOnly())
	}
}

func TestTimeScale(t *testing.T) {
	cases := []struct {
		w     int
		total time.Duration
		want  string
	}{
		{24, 2003 * time.Millisecond, "0        1.002s   2.003s"},
		{16, 2003 * time.Millisecond, "0         2.003s"}, // no room for the middle
		{4, 2003 * time.Millisecond, "0   "},              // nor for the end
		{20, 88 * time.Millisecond, "0       44ms    88ms"},
	}
	for _, c := range cases {
		if got := timeScale(c.w, c.total); got != c.want {
			t.Errorf("timeScale(%d, %v) = %q; want %q", c.w, c.total, got, c.want)
		}
	}
}

// TestDeepTraceGuidesStayBounded: a trace may hold a million spans, each
// the child of the one before; guides growing three cells a level made
// buildRows quadratic. Past panekit.MaxGuideDepth they stop growing.
func TestDeepTraceGuidesStayBounded(t *testing.T) {
	const n = 3000
	t0 := time.Date(2025, 8, 20, 14, 0, 0, 0, time.UTC)
	spans := make([]game.Span, n)
	for i := range spans {
		spans[i] = game.Span{ID: fmt.Sprintf("s%d", i), Service: "api", Name: "op", At: t0.Add(time.Duration(i)), Dur: time.Millisecond}
		if i > 0 {
			spans[i].Parent = fmt.Sprintf("s%d", i-1)
		}
	}
	rows := buildRows(game.NewTrace("t", spans))
	if len(rows) != n {
		t.Fatalf("%d rows, want %d", len(rows), n)
	}
	widest := 0
	for _, r := range rows {
		widest = max(widest, utf8.RuneCountInString(r.guide))
	}
	if want := 3 * (panekit.MaxGuideDepth + 1); widest > want {
		t.Errorf("widest guide %d runes; want at most %d", widest, want)
	}
}
