package logs

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/styles"
)

func TestViewOnlyFormatsVisibleRows(t *testing.T) {
	m := newTestPane()
	lines := strings.Split(m.View(), "\n")
	if len(lines) != 12 {
		t.Fatalf("view has %d lines, want the pane height 12", len(lines))
	}
	if !strings.Contains(lines[1], "call 0 hit a Timeout") || !strings.Contains(lines[10], "call 9 hit") {
		t.Errorf("rows 0..9 expected:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.Contains(lines[11], "20 of 20 lines") {
		t.Errorf("status line = %q", lines[11])
	}
}

func TestWrapSplitsLongLines(t *testing.T) {
	s := testScenario()
	editLines(s, func(l []game.LogLine) { l[0].Msg = strings.Repeat("abcdefghij", 20) })
	game.IndexLogs(s)
	m := New(s, styles.New(true, true)).SetSize(60, 12)
	if got := strings.Count(m.View(), "abcdefghij"); got > 5 {
		t.Errorf("without wrap the long line shows %d times", got)
	}
	m, _ = drive(m, press("w"))
	if got := strings.Count(m.View(), "abcdefghij"); got < 15 {
		t.Errorf("wrapped view shows only %d chunks of the long line", got)
	}
}

func TestSplitWidth(t *testing.T) {
	tests := []struct {
		s    string
		w    int
		wrap bool
		want []string
	}{
		{"short", 10, false, []string{"short"}},
		{"exactly10!", 10, false, []string{"exactly10!"}},
		{"eleven chars", 10, false, []string{"eleven ch"}}, // one cell left for "…"
		{"lorem ipsum dolor sit", 12, true, []string{"lorem ipsum ", "dolor sit"}},
		{"abcdefghijklmnop", 6, true, []string{"abcdef", "ghijkl", "mnop"}},
		{"日本語テキスト", 6, true, []string{"日本語", "テキス", "ト"}},
		{"日本語テキスト", 6, false, []string{"日本"}},
	}
	for _, tt := range tests {
		var got []string
		for _, sp := range splitWidth(tt.s, tt.w, tt.wrap) {
			got = append(got, tt.s[sp.start:sp.end])
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
			t.Errorf("splitWidth(%q, %d, %v) = %q, want %q", tt.s, tt.w, tt.wrap, got, tt.want)
		}
	}
}

func TestAttrsFollowTheMessage(t *testing.T) {
	s := testScenario()
	editLines(s, func(l []game.LogLine) {
		l[0].Attrs = game.Attrs{{Key: "attempt", Value: "2"}, {Key: "pod", Value: "checkout-7d9f"}}
	})
	m := New(s, styles.New(true, true)).SetSize(120, 12)
	m, _ = drive(m, keys("j")...) // the cursor row is drawn plain; look at row 0 unselected
	row := ansi.Strip(strings.Split(m.View(), "\n")[1])
	if !strings.Contains(row, "call 0 hit a Timeout  attempt=2 pod=checkout-7d9f") {
		t.Errorf("row 0 = %q, want the attrs after the message", row)
	}
	row = ansi.Strip(strings.Split(m.View(), "\n")[5])
	if !strings.Contains(row, "request 4 ok  trace=trace-4") {
		t.Errorf("row 4 = %q, want its trace id", row)
	}
}

func TestEmptyStates(t *testing.T) {
	empty := &game.Scenario{Start: t0}
	game.IndexLogs(empty)
	tests := []struct {
		name string
		m    Model
		want string
	}{
		{"no logs at all", New(empty, styles.New(true, true)).SetSize(80, 10), "this scenario has no log lines"},
		{"filtered away", func() Model {
			m, _ := drive(newTestPane(), press(">"), press(">"), press(">"), press(">"), press(">"))
			return m
		}(), "no lines match the filters"},
	}
	for _, tt := range tests {
		if v := tt.m.View(); !strings.Contains(v, tt.want) {
			t.Errorf("%s: view lacks %q:\n%s", tt.name, tt.want, v)
		}
		if _, ok := tt.m.Selected(); ok {
			t.Errorf("%s: Selected() returned a line", tt.name)
		}
	}
}

// A message cut exactly where its attrs begin gets a "…" after the cut;
// the row must still be valid UTF-8 at every width (the ellipsis was once
// split between the message and the attrs, leaving broken bytes).
func TestCutBeforeAttrsKeepsValidUTF8(t *testing.T) {
	s := testScenario()
	editLines(s, func(l []game.LogLine) {
		for i := range l {
			l[i].Attrs = game.Attrs{{Key: "pod", Value: "checkout-7d9f8c6b5-x2k4q"}}
		}
	})
	for w := 30; w <= 140; w++ {
		m := New(s, styles.New(true, false)).SetSize(w, 12)
		m, _ = drive(m, keys("j")...)
		if v := m.View(); !utf8.ValidString(v) {
			t.Fatalf("width %d: the view holds invalid UTF-8:\n%q", w, v)
		}
	}
}

// A search and fuzzy find match the whole row text after the columns, as
// shown: a pod in the attrs or part of a trace id finds its line, and the
// hit is highlighted in the attrs too.
func TestSearchMatchesAttrsAndTrace(t *testing.T) {
	s := testScenario()
	editLines(s, func(l []game.LogLine) {
		l[2].Attrs = game.Attrs{{Key: "pod", Value: "cache-7f9-vrqdz"}}
		l[7].Trace = "4f1a42297621ccb0"
	})
	game.IndexLogs(s)
	tests := []struct {
		query string
		want  string
	}{
		{"vrqdz", "[2]"},
		{"42297621CCB", "[7]"},
		{"pod=cache", "[2]"},
		{"trace=trace-14", "[14]"},
	}
	for _, tt := range tests {
		m, _ := drive(New(s, styles.New(true, false)).SetSize(120, 12), keys("/", "type:"+tt.query, "enter")...)
		if got := fmt.Sprint(m.res.hits); got != tt.want {
			t.Errorf("/%s: hits %s, want %s", tt.query, got, tt.want)
		}
	}
	m, _ := drive(New(s, styles.New(true, false)).SetSize(120, 12), keys("/", "type:vrqdz", "enter")...)
	m, _ = drive(m, keys("g")...) // row 2 unselected, so drawn with its styles
	row := strings.Split(m.View(), "\n")[3]
	match := m.styles.Match.Render("vrqdz")
	if !strings.Contains(row, match) {
		t.Errorf("the hit in the attrs is not highlighted: %q", row)
	}
	m, _ = drive(New(s, styles.New(true, false)).SetSize(120, 12), keys("ctrl+f", "type:vrqdz", "enter")...)
	if len(m.fz.hits) == 0 || m.fz.hits[0].line != 2 {
		t.Errorf("fuzzy vrqdz: hits %v, want line 2 first", m.fz.hits)
	}
}
