package metrics

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"firedrill/ui/internal/keyhelp"
	"firedrill/ui/uitest"
)

// Testers could reach only the first series of a row (j/k keep the
// column, ←/→ move the time cursor): h/l pick the column, stop at the
// row's ends, and leave the time cursor alone.
func TestColumnsArePickedWithHAndL(t *testing.T) {
	cases := []struct {
		name    string
		w       int
		keys    []string
		wantSel string
	}{
		// 130 columns: three cells a row
		//   0 http_latency_p95   1 http_5xx_rate       2 payments_retries
		//   3 orders_latency_p99 4 cache_hit_ratio     5 pg_connections
		//   6 pg_query_duration
		{"l is the second series of the row", 130, []string{"l"}, "http_5xx_rate"},
		{"l l is the third", 130, []string{"l", "l"}, "payments_retries"},
		{"l stops at the row's end", 130, []string{"l", "l", "l"}, "payments_retries"},
		{"h comes back", 130, []string{"l", "l", "h"}, "http_5xx_rate"},
		{"h stops at the row's start", 130, []string{"h"}, "http_latency_p95"},
		{"j keeps the picked column", 130, []string{"l", "l", "j"}, "pg_connections"},
		{"l on a short last row stays", 130, []string{"G", "l"}, "pg_query_duration"},
		{"two columns at 80", 80, []string{"j", "l", "l"}, "orders_latency_p99"},
		{"zoomed, h/l do not move", 130, []string{"l", "enter", "l", "h"}, "http_5xx_rate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m0 := newModel(t, "panes", c.w, 30)
			m, _ := uitest.PressRun(m0, c.keys...)
			pin, ok := m.Selected()
			if !ok || pin.Ref != seriesService(m, c.wantSel)+"/"+c.wantSel {
				t.Errorf("selected %q; want %s", pin.Ref, c.wantSel)
			}
			if !m.Cursor().Equal(m0.Cursor()) {
				t.Error("h/l moved the time cursor")
			}
			if !m.Zoomed() && !strings.Contains(ansi.Strip(m.View()), "▸ "+c.wantSel) {
				t.Errorf("the view does not mark %s:\n%s", c.wantSel, ansi.Strip(m.View()))
			}
		})
	}
}

// The grid takes h and l from the root (h is the hint elsewhere); zoomed
// or typing a filter, it does not.
func TestTheGridClaimsHAndL(t *testing.T) {
	m := newModel(t, "panes", 130, 30)
	if !m.Claims(uitest.Key("h")) || !m.Claims(uitest.Key("l")) || m.Claims(uitest.Key("H")) || m.Claims(uitest.Key("q")) {
		t.Error("the grid should claim h and l, and nothing else")
	}
	if z, _ := uitest.PressRun(m, "enter"); z.Claims(uitest.Key("h")) {
		t.Error("the zoomed chart claims h: the hint is out of reach")
	}
	if f, _ := uitest.PressRun(m, "/"); f.Claims(uitest.Key("h")) {
		t.Error("the filter prompt claims h")
	}
}

// The key line and the help say how to pick a column.
func TestKeyLineAndHelpShowTheColumnKeys(t *testing.T) {
	k := DefaultKeyMap()
	line := keyhelp.Text(k.ShortHelp()...)
	for _, want := range []string{"h/l column", "←/→ time cursor"} {
		if !strings.Contains(line, want) {
			t.Errorf("the key line %q lacks %q", line, want)
		}
	}
	var all []string
	for _, col := range k.FullHelp() {
		for _, b := range col {
			all = append(all, b.Help().Key+" "+b.Help().Desc)
		}
	}
	help := strings.Join(all, "\n")
	for _, want := range []string{"h column left", "l column right"} {
		if !strings.Contains(help, want) {
			t.Errorf("the help lacks %q:\n%s", want, help)
		}
	}
}

// A grid of one column (under 80 cells) has no column to pick: h/l are
// not claimed (h is the hint) and the key line does not offer them.
func TestOneColumnGridLeavesHToTheHint(t *testing.T) {
	m := newModel(t, "panes", 70, 30)
	if m.columns() != 1 {
		t.Fatalf("%d columns at 70 cells, want 1", m.columns())
	}
	if m.Claims(uitest.Key("h")) || m.Claims(uitest.Key("l")) {
		t.Error("a one-column grid claims h/l")
	}
	if line := keyhelp.Text(m.keys.ShortHelp()...); strings.Contains(line, "h/l") {
		t.Errorf("the key line %q offers h/l on one column", line)
	}
	if m = m.SetSize(130, 30); !m.Claims(uitest.Key("h")) {
		t.Error("widened to three columns, the grid does not claim h")
	}
}
