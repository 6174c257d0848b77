package metrics

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func newModel(t testing.TB, pack string, w, h int) Model {
	return New(uitest.Scenario(t, pack), styles.New(true, false)).SetSize(w, h)
}

func TestGolden(t *testing.T) {
	uitest.RunGolden(t, []uitest.Case{
		uitest.C("metrics_mini_80x20", "mini", 80, 20),
		uitest.C("metrics_mini_120x36", "mini", 120, 36, "L", "right", "right"),
		uitest.C("metrics_panes_80x20", "panes", 80, 20, "L", "n", "n"),
		uitest.C("metrics_panes_120x36", "panes", 120, 36, "L", "right", "right"),
		uitest.C("metrics_zoom_panes_80x20", "panes", 80, 20, "L", "n", "n", "enter"),
		uitest.C("metrics_zoom_panes_120x36", "panes", 120, 36, "L", "right", "right", "right", "n", "n", "n", "n", "enter"),
		uitest.C("metrics_zoom_mini_80x20", "mini", 80, 20, "L", "enter"),
		uitest.C("metrics_filter_panes_80x20", "panes", 80, 20, "/", "p", "g"),
	}, func(s *game.Scenario, w, h int) Model { return New(s, styles.New(true, false)).SetSize(w, h) })
}

func TestCursorKeys(t *testing.T) {
	s := uitest.Scenario(t, "panes") // step 1m, 31 samples: the cursor runs +00:00 … +30:00
	start := s.Start
	cases := []struct {
		name    string
		from    time.Duration // cursor set by another pane first
		keys    []string
		want    time.Duration
		wantMsg bool
	}{
		{"right one step", 0, []string{"right"}, time.Minute, true},
		{"left clamps at start", 0, []string{"left"}, 0, false},
		{"shift+right is ten steps", 0, []string{"shift+right"}, 10 * time.Minute, true},
		{"L is ten steps", 0, []string{"L", "L"}, 20 * time.Minute, true},
		{"$ is the end", 0, []string{"$"}, 30 * time.Minute, true},
		{"right clamps at end", 0, []string{"$", "right"}, 30 * time.Minute, false},
		{"H back from end", 0, []string{"$", "H"}, 20 * time.Minute, true},
		{"shift+left back from end", 0, []string{"$", "shift+left"}, 20 * time.Minute, true},
		{"0 is the start", 0, []string{"L", "0"}, 0, true},
		{"G selects, the cursor stays", 0, []string{"G"}, 0, false},
		{"end selects, the cursor stays", 0, []string{"L", "end"}, 10 * time.Minute, false},
		{"right snaps up from between steps", 90 * time.Second, []string{"right"}, 2 * time.Minute, true},
		{"left snaps down from between steps", 90 * time.Second, []string{"left"}, time.Minute, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := New(s, styles.New(true, false)).SetSize(80, 20).SetCursor(start.Add(c.from))
			m, out := uitest.PressRun(m, c.keys...)
			if got := m.Cursor().Sub(start); got != c.want {
				t.Errorf("cursor at %v; want %v", got, c.want)
			}
			if !c.wantMsg {
				if len(out) != 0 {
					t.Errorf("unexpected messages %v", out)
				}
				return
			}
			if len(out) != 1 {
				t.Fatalf("messages %v; want one SetCursor", out)
			}
			if sc, ok := out[0].(msgs.SetCursor); !ok || !sc.At.Equal(start.Add(c.want)) {
				t.Errorf("message %#v; want SetCursor at %v", out[0], c.want)
			}
		})
	}
}

// The cursor's jumps are in the KeyMap, so the help overlay lists them,
// and it states the big step's size.
func TestHelpListsTheCursorKeys(t *testing.T) {
	k := DefaultKeyMap()
	if h := k.Start.Help().Key + " " + k.End.Help().Key; h != "0 $" {
		t.Errorf("help keys = %q, want 0 $", h)
	}
	if d := k.BigRight.Help().Desc; d != "cursor forward 10 steps" {
		t.Errorf("big step help = %q, want it to say 10 steps", d)
	}
}

func TestSelectionScrollAndZoom(t *testing.T) {
	cases := []struct {
		name     string
		keys     []string
		wantSel  string // series name
		wantTop  int
		wantZoom bool
		wantAct  string // ActView target of the last key, if any
	}{
		// 80×12 fits two grid rows of two cells; the seven series are
		//   0 http_latency_p95   1 http_5xx_rate
		//   2 payments_retries   3 orders_latency_p99
		//   4 cache_hit_ratio    5 pg_connections
		//   6 pg_query_duration
		{"start on the first series", nil, "http_latency_p95", 0, false, ""},
		{"n twice reads on", []string{"n", "n"}, "payments_retries", 0, false, ""},
		{"N clamps", []string{"N", "N"}, "http_latency_p95", 0, false, ""},
		{"n scrolls to the third row", []string{"n", "n", "n", "n"}, "cache_hit_ratio", 1, false, ""},
		{"down moves a row", []string{"down"}, "payments_retries", 0, false, ""},
		{"j twice scrolls a row", []string{"j", "j"}, "cache_hit_ratio", 1, false, ""},
		{"down keeps the column", []string{"n", "j"}, "orders_latency_p99", 0, false, ""},
		{"down into a shorter last row", []string{"n", "j", "j", "j"}, "pg_query_duration", 2, false, ""},
		{"down on the last row stays", []string{"G", "j"}, "pg_query_duration", 2, false, ""},
		{"up on the first row stays", []string{"n", "up", "k"}, "http_5xx_rate", 0, false, ""},
		{"pgdn is a screen of rows", []string{"pgdown"}, "cache_hit_ratio", 1, false, ""},
		{"space pages too", []string{"space", "space"}, "pg_query_duration", 2, false, ""},
		{"pgup back", []string{"G", "pgup"}, "payments_retries", 1, false, ""},
		{"ctrl+d is half a screen", []string{"ctrl+d"}, "payments_retries", 0, false, ""},
		{"G is the last series", []string{"G"}, "pg_query_duration", 2, false, ""},
		{"g is the first series", []string{"G", "g"}, "http_latency_p95", 0, false, ""},
		{"enter zooms", []string{"n", "enter"}, "http_5xx_rate", 0, true, "http_5xx_rate"},
		{"down while zoomed views the next", []string{"enter", "j"}, "http_5xx_rate", 0, true, "http_5xx_rate"},
		{"esc unzooms", []string{"enter", "esc"}, "http_latency_p95", 0, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, out := uitest.PressRun(newModel(t, "panes", 80, 12), c.keys...)
			pin, ok := m.Selected()
			if !ok || pin.Ref != seriesService(m, c.wantSel)+"/"+c.wantSel {
				t.Errorf("selected %q; want %s", pin.Ref, c.wantSel)
			}
			if m.top != c.wantTop {
				t.Errorf("top row %d; want %d", m.top, c.wantTop)
			}
			if m.Zoomed() != c.wantZoom {
				t.Errorf("zoomed %v; want %v", m.Zoomed(), c.wantZoom)
			}
			var act string
			for _, msg := range out {
				if a, ok := msg.(msgs.Act); ok && a.Action.Kind == game.ActView {
					act = a.Action.Target
				}
			}
			if act != c.wantAct {
				t.Errorf("ActView target %q; want %q", act, c.wantAct)
			}
			if !strings.Contains(ansi.Strip(m.View()), "▸ "+c.wantSel) {
				t.Errorf("the view does not mark %s as selected:\n%s", c.wantSel, ansi.Strip(m.View()))
			}
		})
	}
}

func seriesService(m Model, name string) string {
	for _, s := range m.scenario.Metrics {
		if s.Name == name {
			return s.Service
		}
	}
	return "?"
}

func TestFilter(t *testing.T) {
	cases := []struct {
		name      string
		keys      []string
		capturing bool
		want      int // visible series
	}{
		{"slash starts capturing", []string{"/"}, true, 7},
		{"typing narrows by name", []string{"/", "p", "g", "_"}, true, 2},
		{"service matches too", []string{"/", "c", "a", "c", "h", "e"}, true, 1},
		{"keys are text while capturing", []string{"/", "j", "k"}, true, 0},
		{"backspace widens", []string{"/", "p", "g", "_", "x", "backspace"}, true, 2},
		{"enter keeps the filter", []string{"/", "p", "g", "enter"}, false, 2},
		{"esc while typing clears", []string{"/", "p", "g", "esc"}, false, 7},
		{"esc after enter clears", []string{"/", "p", "g", "enter", "esc"}, false, 7},
		// a second / starts a new filter rather than appending to the kept one
		{"slash again starts anew", []string{"/", "x", "x", "enter", "/", "p", "g", "_"}, true, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := uitest.PressRun(newModel(t, "panes", 80, 20), c.keys...)
			if m.Capturing() != c.capturing {
				t.Errorf("capturing %v; want %v", m.Capturing(), c.capturing)
			}
			if len(m.visible) != c.want {
				t.Errorf("%d series visible; want %d", len(m.visible), c.want)
			}
		})
	}
}

func TestSelectedPinAndReveal(t *testing.T) {
	m, _ := uitest.PressRun(newModel(t, "mini", 80, 20), "right", "right", "right", "n")
	pin, ok := m.Selected()
	if !ok {
		t.Fatal("nothing selected")
	}
	want := game.Pin{Kind: game.PinMetric, Ref: "api-gateway/http_latency_p95",
		At: m.scenario.Start.Add(15 * time.Minute), Service: "api-gateway",
		Label: "http_latency_p95 (api-gateway) = 2400 ms at +15:00", Metric: "http_latency_p95"}
	if pin != want {
		t.Errorf("pin %+v; want %+v", pin, want)
	}
	r, _ := uitest.PressRun(newModel(t, "mini", 80, 20), "/", "c", "a", "c", "h", "e", "enter")
	r = r.Reveal(pin)
	if got, _ := r.Selected(); got.Ref != pin.Ref || r.filter != "" {
		t.Errorf("reveal selected %q with filter %q; want %q unfiltered", got.Ref, r.filter, pin.Ref)
	}
}

func TestCursorValueIsGapNotZero(t *testing.T) {
	// mini's cache_hit_ratio has a gap in slot 3 (+15:00).
	m := newModel(t, "mini", 80, 20).SetCursor(uitest.Scenario(t, "mini").Start.Add(15 * time.Minute))
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "▲ gap") {
		t.Errorf("the cursor on a scrape gap should read \"gap\":\n%s", view)
	}
}

func ptr(v float64) *float64 { return &v }

func TestResampleAndSparkline(t *testing.T) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		samples []*float64
		span    time.Duration
		w       int
		want    string
	}{
		// Four samples on four columns: one each; the gap stays a gap.
		{"one per column", []*float64{ptr(0), ptr(10), nil, ptr(5)}, 4 * time.Minute, 4, "▁█·▅"},
		// Eight samples on four columns: max of each pair.
		{"max per bucket", []*float64{ptr(0), ptr(10), ptr(0), ptr(0), nil, nil, ptr(5), ptr(1)}, 8 * time.Minute, 4, "█▁·▅"},
		// A bucket with one present sample and one gap is not a gap.
		{"half gap bucket keeps the sample", []*float64{ptr(0), nil, ptr(10), ptr(10)}, 4 * time.Minute, 2, "▁█"},
		// Two samples on six columns: each sample fills three columns.
		{"coarse series stretches", []*float64{ptr(1), ptr(2)}, 2 * time.Minute, 6, "▁▁▁███"},
		// A real zero is the lowest bar, never a gap.
		{"zero is a bar", []*float64{ptr(0), ptr(0)}, 2 * time.Minute, 2, "▄▄"},
		// Columns after the series ends are gaps, not zeros.
		{"past the end is a gap", []*float64{ptr(1), ptr(2)}, 4 * time.Minute, 4, "▁█··"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := game.NewSeries("x", "svc", "", from, time.Minute, c.samples)
			got := string(sparkRunes(resample(s, window{from, c.span}, c.w), summarize(s)))
			if got != c.want {
				t.Errorf("sparkline %q; want %q", got, c.want)
			}
		})
	}
}

func TestViewFitsEverySize(t *testing.T) {
	for _, pack := range []string{"mini", "panes"} {
		for _, size := range [][2]int{{40, 10}, {60, 16}, {80, 24}, {100, 30}, {200, 50}} {
			for _, keys := range [][]string{nil, {"enter"}, {"end", "enter"}, {"/", "z", "z"}} {
				m, _ := uitest.PressRun(newModel(t, pack, size[0], size[1]), keys...)
				uitest.FitsIn(t, m.View(), size[0], size[1])
			}
		}
	}
}

// BenchmarkMetricsView renders one frame of a 120×40 grid of 12 series of
// 10 000 samples each (cache warm, as after the first frame).
func BenchmarkMetricsView(b *testing.B) {
	s := &game.Scenario{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Duration: 10000 * time.Second}
	for i := range 12 {
		samples := make([]*float64, 10000)
		for j := range samples {
			if j%97 != 0 {
				samples[j] = ptr(math.Sin(float64(i*j) / 300))
			}
		}
		s.Metrics = append(s.Metrics, game.NewSeries(fmt.Sprintf("series_%d", i), "svc", "ms", s.Start, time.Second, samples))
	}
	m := New(s, styles.New(true, false)).SetSize(120, 40).SetCursor(s.Start.Add(time.Hour))
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

func TestEmptyAndAllGapSeries(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &game.Scenario{Start: start, Duration: 10 * time.Minute, Metrics: []*game.Series{
		game.NewSeries("empty", "svc", "ms", start, time.Minute, nil),
		game.NewSeries("all_gaps", "svc", "ms", start, time.Minute, []*float64{nil, nil, nil}),
	}}
	m := New(s, styles.New(true, false)).SetSize(80, 20)
	view := ansi.Strip(m.View())
	if strings.Count(view, "no samples") != 2 {
		t.Errorf("both series should say they have no samples:\n%s", view)
	}
	if strings.ContainsAny(view, "▁▂▃▄▅▆▇█") {
		t.Errorf("a series without samples drew a bar:\n%s", view)
	}
	z, _ := uitest.PressRun(m, "enter")
	uitest.FitsIn(t, z.View(), 80, 20)
}

func TestBigStepIsTenStepsWhateverTheSeries(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	samples := make([]*float64, 241) // 40 minutes of 10 s samples
	for i := range samples {
		samples[i] = ptr(float64(i))
	}
	s := &game.Scenario{Start: start, Duration: 40 * time.Minute, Metrics: []*game.Series{
		game.NewSeries("fine", "svc", "", start, 10*time.Second, samples)}}
	m, _ := uitest.PressRun(New(s, styles.New(true, false)).SetSize(80, 20), "L")
	if got := m.Cursor().Sub(start); got != 100*time.Second {
		t.Errorf("L moved the cursor to %v; want ten 10 s steps, 1m40s", got)
	}
}

// TestLevelStaysInRange: a pack may hold samples across most of float64;
// hi-lo then overflows to +Inf and an unguarded level indexed blocks with
// int(NaN) and panicked in View.
func TestLevelStaysInRange(t *testing.T) {
	for _, c := range []struct {
		v, lo, hi float64
		want      int
	}{
		{-1e308, -1e308, 1e308, 1},
		{1e308, -1e308, 1e308, 8},
		{0, -1e308, 1e308, 5},
		{-math.MaxFloat64, -math.MaxFloat64, math.MaxFloat64, 1},
		{math.MaxFloat64, -math.MaxFloat64, math.MaxFloat64, 8},
		{0, 0, 10, 1},
		{10, 0, 10, 8},
		{3, 3, 3, 4},
	} {
		if got := level(c.v, c.lo, c.hi, len(blocks)); got != c.want {
			t.Errorf("level(%g, %g, %g) = %d, want %d", c.v, c.lo, c.hi, got, c.want)
		}
	}
	s := game.NewSeries("m", "api", "", time.Unix(0, 0), time.Minute, []*float64{ptr(1e308), ptr(-1e308), ptr(0)})
	wn := window{from: s.From, span: 3 * time.Minute}
	if got := string(sparkRunes(resample(s, wn, 3), summarize(s))); got != "█▁▅" {
		t.Errorf("sparkline %q, want █▁▅", got)
	}
}
