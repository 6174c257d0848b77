package logs

import (
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"firedrill/game"
	"firedrill/game/pack"
	"firedrill/internal/bigpack"
	"firedrill/ui/styles"
)

// The interactive costs at 100k and 1M lines (3M with
// FIREDRILL_BENCH_3M=1), on the make perf pack loaded as a player's would
// be. The targets: a substring filter in ≤ 50 ms, a fuzzy find that
// shows its first ranked results in ≤ 100 ms, a keypress drawn in ≤ 16 ms.

// eachSize runs fn on the loaded pack of every benchmark size.
func eachSize(b *testing.B, fn func(b *testing.B, s *game.Scenario)) {
	for _, n := range bigpack.BenchSizes() {
		b.Run(bigpack.SizeName(n), func(b *testing.B) {
			fsys, _ := bigpack.FS(n)
			p, errs := pack.Load(fsys, ".")
			if len(errs) > 0 {
				b.Fatal(errs[0])
			}
			fsys = nil
			p.Scenarios[0].Index.Prepare() // as during the briefing
			runtime.GC()
			b.ResetTimer()
			fn(b, p.Scenarios[0])
		})
	}
}

// BenchmarkSearchSizes is `/timeout` then `f`: every line whose message or
// attrs contain the text, ignoring case.
func BenchmarkSearchSizes(b *testing.B) {
	eachSize(b, func(b *testing.B, s *game.Scenario) {
		for b.Loop() {
			if apply(s, filter{search: "timeout", onlyHits: true}).n() == 0 {
				b.Fatal("no hits")
			}
		}
	})
}

// BenchmarkFuzzySizes is ctrl+f ranking every line on every core, to the
// complete ranked list.
func BenchmarkFuzzySizes(b *testing.B) {
	eachSize(b, func(b *testing.B, s *game.Scenario) {
		res := apply(s, filter{})
		b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
		for b.Loop() {
			if hits, _ := fuzzyFind("uptmout pg", s, res, runtime.GOMAXPROCS(0), nil); len(hits) == 0 {
				b.Fatal("no fuzzy hits")
			}
		}
	})
}

// BenchmarkKeypressFrameSizes is one pgdown and the frame drawn after it,
// at 120×40 with a search highlighted, from the middle of the incident.
func BenchmarkKeypressFrameSizes(b *testing.B) {
	eachSize(b, func(b *testing.B, s *game.Scenario) {
		m := New(s, styles.New(true, false)).SetSize(120, 38)
		m.f.search = "timeout"
		m = m.jumpTo(s.Start.Add(time.Hour))
		pgdn := tea.KeyPressMsg{Code: tea.KeyPgDown}
		for b.Loop() {
			m, _ = m.Update(pgdn)
			_ = m.View()
		}
	})
}
