package services

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/msgs"
	"firedrill/ui/panekit"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func newModel(t testing.TB, pack string, w, h int, cursor time.Duration) Model {
	s := uitest.Scenario(t, pack)
	return New(s, styles.New(true, false)).SetSize(w, h).SetCursor(s.Start.Add(cursor))
}

func TestGolden(t *testing.T) {
	// By scenario id: mini's cache-stampede just after its ERROR line,
	// the panes fixture's retry-storm as payments starts failing.
	cursors := map[string]time.Duration{"cache-stampede": 12*time.Minute + 30*time.Second, "retry-storm": 10 * time.Minute}
	uitest.RunGolden(t, []uitest.Case{
		uitest.C("services_mini_80x20", "mini", 80, 20),
		uitest.C("services_mini_120x36", "mini", 120, 36, "j"),
		uitest.C("services_panes_80x20", "panes", 80, 20, "j", "j"),
		uitest.C("services_panes_120x36", "panes", 120, 36, "G"),
	}, func(s *game.Scenario, w, h int) Model {
		return New(s, styles.New(true, false)).SetSize(w, h).SetCursor(s.Start.Add(cursors[s.ID]))
	})
}

func TestTree(t *testing.T) {
	cases := []struct {
		name     string
		services []game.Service
		want     []string
	}{
		{"the panes fixture: postgres has two callers", uitest.Scenario(t, "panes").Services, []string{
			"api-gateway",
			"├─ orders",
			"│  ├─ postgres",
			"│  └─ cache",
			"└─ payments",
			"   └─ postgres (↑ seen above)",
		}},
		{"a cycle is cut, not followed", []game.Service{
			{Name: "a", Calls: []string{"b"}},
			{Name: "b", Calls: []string{"c"}},
			{Name: "c", Calls: []string{"b"}},
		}, []string{"a", "└─ b", "   └─ c", "      └─ b (↻ cycle)"}},
		{"a pure cycle still shows every service", []game.Service{
			{Name: "x", Calls: []string{"y"}},
			{Name: "y", Calls: []string{"x"}},
		}, []string{"x", "└─ y", "   └─ x (↻ cycle)"}},
		{"several roots in declaration order", []game.Service{
			{Name: "web"}, {Name: "batch", Calls: []string{"db"}}, {Name: "db"},
		}, []string{"web", "batch", "└─ db"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, n := range buildTree(c.services) {
				got = append(got, n.guide+n.service+suffix(n))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("tree:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestBadgesAtCursor(t *testing.T) {
	cases := []struct {
		name      string
		cursor    time.Duration
		service   string
		errText   string
		errHealth health
		latText   string
		latHealth health
	}{
		// Before the incident: one INFO line in the window, latency at baseline.
		{"gateway calm", 1 * time.Minute, "api-gateway", "0% (0/1)", healthOK, "118 ms ×1", healthOK},
		// +09:00…+10:00: payments logs WARN, ERROR, ERROR, INFO.
		{"payments failing", 10 * time.Minute, "payments", "50% (2/4)", healthBad, "—", healthNone},
		// The gateway's p95 at +10:00 is 900 ms against a 121 ms baseline.
		{"gateway slow", 10 * time.Minute, "api-gateway", "50% (1/2)", healthBad, "900 ms ×7.4", healthBad},
		// A window with no lines says so rather than 0 %.
		{"orders quiet", 5 * time.Minute, "orders", "— no lines", healthNone, "83 ms ×1", healthOK},
		// The window is the 60 s before the cursor: +14:00 FATAL counts at +14:30, not at +15:01.
		{"postgres fatal in window", 14*time.Minute + 30*time.Second, "postgres", "100% (1/1)", healthBad, "150 ms ×30", healthBad},
		{"postgres fatal out of window", 15*time.Minute + time.Second, "postgres", "— no lines", healthNone, "160 ms ×32", healthBad},
		// pg_query_duration has a gap at +13:00.
		{"latency gap", 13 * time.Minute, "postgres", "— no lines", healthNone, "gap", healthNone},
		// cache_hit_ratio is not a latency metric.
		{"no latency metric", 10 * time.Minute, "cache", "— no lines", healthNone, "—", healthNone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newModel(t, "panes", 120, 36, c.cursor)
			in := m.info[c.service]
			if got := m.errorText(in.errBadge); got != c.errText || in.errBadge.health() != c.errHealth {
				t.Errorf("errors %q (%d); want %q (%d)", got, in.errBadge.health(), c.errText, c.errHealth)
			}
			if got := m.latencyText(in.latBadge); got != c.latText || in.latBadge.health() != c.latHealth {
				t.Errorf("latency %q (%d); want %q (%d)", got, in.latBadge.health(), c.latText, c.latHealth)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	cases := []struct {
		name    string
		keys    []string
		wantSvc string
		want    []any
	}{
		{"starts on the first root", nil, "api-gateway", nil},
		{"down records the view", []string{"j"}, "orders", []any{
			msgs.Act{Action: game.Action{Kind: game.ActView, Target: "orders", Service: "orders", At: at10()}}}},
		{"up clamps silently", []string{"k"}, "api-gateway", nil},
		{"the repeat of a service is the same service", []string{"G"}, "postgres", []any{
			msgs.Act{Action: game.Action{Kind: game.ActView, Target: "postgres", Service: "postgres", At: at10()}}}},
		{"enter summarizes", []string{"j", "j", "j", "j", "enter"}, "payments", []any{msgs.Status{
			Text: "payments at +10:00: 50% (2/4) error lines · calls postgres · called by api-gateway"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, out := uitest.PressRun(newModel(t, "panes", 80, 20, 10*time.Minute), c.keys...)
			if m.SelectedService() != c.wantSvc {
				t.Errorf("selected %q; want %q", m.SelectedService(), c.wantSvc)
			}
			if len(out) != len(c.want) {
				t.Fatalf("messages %v; want %v", out, c.want)
			}
			for i := range out {
				if out[i] != c.want[i] {
					t.Errorf("message %d = %#v; want %#v", i, out[i], c.want[i])
				}
			}
		})
	}
}

func at10() time.Time { return time.Date(2025, 9, 2, 9, 10, 0, 0, time.UTC) }

func TestSelectedAndReveal(t *testing.T) {
	m := newModel(t, "panes", 80, 20, 10*time.Minute)
	pin, ok := m.Selected()
	want := game.Pin{Kind: game.PinMetric, Ref: "api-gateway/http_latency_p95", At: at10(), Service: "api-gateway",
		Label: "http_latency_p95 (api-gateway) = 900 ms at +10:00", Metric: "http_latency_p95"}
	if !ok || pin != want {
		t.Errorf("pin %+v; want %+v", pin, want)
	}
	m = m.Reveal(game.Pin{Kind: game.PinMetric, Service: "cache"})
	if m.SelectedService() != "cache" {
		t.Errorf("reveal selected %q", m.SelectedService())
	}
	// cache has a metric but no latency one: its first metric is pinned.
	if pin, ok := m.Selected(); !ok || pin.Ref != "cache/cache_hit_ratio" {
		t.Errorf("cache pin %+v", pin)
	}
	mini := newModel(t, "mini", 80, 20, 0).Reveal(game.Pin{Service: "inventory"})
	if _, ok := mini.Selected(); ok {
		t.Error("a service without metrics pinned something")
	}
}

func TestViewFitsEverySize(t *testing.T) {
	for _, pack := range []string{"mini", "panes"} {
		for _, size := range [][2]int{{40, 6}, {60, 16}, {80, 24}, {100, 30}, {200, 50}} {
			m := newModel(t, pack, size[0], size[1], 10*time.Minute)
			uitest.FitsIn(t, m.View(), size[0], size[1])
			if !strings.Contains(ansi.Strip(m.View()), "api-gateway") {
				t.Errorf("%s %v: no root on screen", pack, size)
			}
		}
	}
}

// BenchmarkServicesView renders one frame at 120×40 of 40 services.
func BenchmarkServicesView(b *testing.B) {
	m := benchModel(b)
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkServicesCursor moves the cursor over 1 M log lines: the badges
// are recomputed with binary searches only.
func BenchmarkServicesCursor(b *testing.B) {
	m := benchModel(b)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m = m.SetCursor(m.scenario.Start.Add(time.Duration(i%1000) * time.Second))
		i++
	}
}

func benchModel(b *testing.B) Model {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var lines []string
	for i := range 40 {
		lines = append(lines, "svc-"+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	s := &game.Scenario{Start: start, Duration: 1000 * time.Second}
	for i, name := range lines {
		sv := game.Service{Name: name}
		if i > 0 {
			s.Services[(i-1)/3].Calls = append(s.Services[(i-1)/3].Calls, name)
		}
		s.Services = append(s.Services, sv)
	}
	logs := make([]game.LogLine, 1_000_000)
	for i := range logs {
		logs[i] = game.LogLine{At: start.Add(time.Duration(i) * time.Millisecond), Service: lines[i%len(lines)],
			Level: game.Level(i % game.NumLevels), Msg: "x"}
	}
	s.Logs = game.NewLogStore(logs)
	game.IndexLogs(s) // as the loader does
	return New(s, styles.New(true, false)).SetSize(120, 40)
}

// TestDeepChainGuidesStayBounded: a pack may declare up to 100,000
// services calling one another in a chain. Guides that grow three cells
// a level made the tree quadratic (gigabytes of "│  " for a long chain)
// before a single row was drawn; past panekit.MaxGuideDepth they stop
// growing.
func TestDeepChainGuidesStayBounded(t *testing.T) {
	const n = 3000
	svcs := make([]game.Service, n)
	for i := range svcs {
		svcs[i].Name = fmt.Sprintf("s%d", i)
		if i+1 < n {
			svcs[i].Calls = []string{fmt.Sprintf("s%d", i+1)}
		}
	}
	rows := buildTree(svcs)
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
	if rows[5].guide != "            └─ " {
		t.Errorf("depth 5 guide %q; shallow levels keep their full guides", rows[5].guide)
	}
}

// A service with an error-ratio series is graded by it, not by its log
// lines: a proxy that logs its 502s at INFO (or logs sampled away) must
// not read 0 % while the metric says a third of requests fail.
func TestErrorBadgeReadsTheErrorRatio(t *testing.T) {
	s := uitest.Scenario(t, "panes")
	ratio := func(vs ...float64) []*float64 {
		out := make([]*float64, len(vs))
		for i := range vs {
			if vs[i] >= 0 {
				out[i] = &vs[i]
			}
		}
		return out
	}
	// One sample a minute from the start: calm, failing, then a gap.
	s.Metrics = append(s.Metrics, game.NewSeries("http_errors_ratio", "api-gateway", "ratio", s.Start, time.Minute,
		ratio(0.001, 0.001, 0.33, -1)))
	cases := []struct {
		at     time.Duration
		text   string
		health health
	}{
		{0, "0.1%", healthOK},
		{2 * time.Minute, "33%", healthBad},
		{3 * time.Minute, "gap", healthNone},
	}
	for _, c := range cases {
		m := New(s, styles.New(true, false)).SetSize(120, 36).SetCursor(s.Start.Add(c.at))
		in := m.info["api-gateway"]
		if got := m.errorText(in.errBadge); got != c.text || in.errBadge.health() != c.health {
			t.Errorf("at +%v: errors %q (%d); want %q (%d)", c.at, got, in.errBadge.health(), c.text, c.health)
		}
		if c.at == 2*time.Minute {
			if sum := m.summary("api-gateway"); !strings.Contains(sum, "33% errors (http_errors_ratio)") {
				t.Errorf("summary %q does not name the ratio it read", sum)
			}
			if view := uitest.Plain(m.View()); strings.Contains(view, "33% logs") || !strings.Contains(view, "33%") {
				t.Errorf("row should show the metric's 33%% without a logs mark:\n%s", view)
			}
		}
	}
}
