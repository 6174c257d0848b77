package logs

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/ui/styles"
)

var (
	bigOnce     sync.Once
	bigScenario *game.Scenario
)

// big1M builds (once) a scenario of 1 M log lines spread over an hour:
// eight services, realistic level mix, messages of 40–110 bytes.
func big1M() *game.Scenario {
	bigOnce.Do(func() {
		const n = 1_000_000
		r := rand.New(rand.NewPCG(1, 2))
		svcs := []string{"api-gateway", "checkout", "inventory", "cache", "postgres", "payments", "auth", "search"}
		verbs := []string{"GET /checkout", "POST /cart/items", "SELECT products WHERE id = $1", "cache miss for key",
			"upstream timeout calling", "connection reset by peer", "retrying request", "evicted keys with prefix"}
		s := &game.Scenario{ID: "big", Title: "1M", Start: t0, Duration: time.Hour}
		for _, name := range svcs {
			s.Services = append(s.Services, game.Service{Name: name})
		}
		lines := make([]game.LogLine, n)
		for i := range lines {
			lv := game.LevelInfo
			switch p := r.IntN(100); {
			case p < 2:
				lv = game.LevelError
			case p < 8:
				lv = game.LevelWarn
			case p < 20:
				lv = game.LevelDebug
			}
			lines[i] = game.LogLine{
				At:      t0.Add(time.Duration(i) * 3600 * time.Millisecond),
				Service: svcs[r.IntN(len(svcs))], Level: lv,
				Msg: fmt.Sprintf("%s %s pod-%04x latency=%dms attempt=%d user=%08x", verbs[r.IntN(len(verbs))],
					svcs[r.IntN(len(svcs))], r.IntN(1<<16), r.IntN(5000), r.IntN(4), r.Uint32()),
			}
			if r.IntN(20) == 0 {
				lines[i].Trace = fmt.Sprintf("%016x", r.Uint64())
			}
		}
		s.Logs = game.NewLogStore(lines)
		game.IndexLogs(s)
		bigScenario = s
	})
	return bigScenario
}

// BenchmarkLogsView renders one frame of the pane (120×40) in the middle of
// a million lines with a search highlighted.
func BenchmarkLogsView(b *testing.B) {
	m := New(big1M(), styles.New(true, false)).SetSize(120, 38)
	m.f.search = "timeout"
	m = m.jumpTo(t0.Add(30 * time.Minute))
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkFilterSubstring1M is the substring search over every line (the
// `/` search and the "only hits" filter), via the index.
func BenchmarkFilterSubstring1M(b *testing.B) {
	s := big1M()
	b.ResetTimer()
	for b.Loop() {
		res := apply(s, filter{search: "timeout", onlyHits: true})
		if res.n() == 0 {
			b.Fatal("no hits")
		}
	}
}

// BenchmarkFilterLevelService1M combines the level and service filters.
func BenchmarkFilterLevelService1M(b *testing.B) {
	s := big1M()
	b.ResetTimer()
	for b.Loop() {
		apply(s, filter{minLevel: game.LevelWarn, services: map[string]bool{"checkout": true, "cache": true}})
	}
}

// BenchmarkFuzzy1M ranks a million messages on every available core.
func BenchmarkFuzzy1M(b *testing.B) {
	s := big1M()
	res := apply(s, filter{})
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
	b.ResetTimer()
	for b.Loop() {
		hits, _ := fuzzyFind("uptmout pg", s, res, runtime.GOMAXPROCS(0), nil)
		if len(hits) == 0 {
			b.Fatal("no fuzzy hits")
		}
	}
}
