package logs

import (
	"fmt"
	"strings"
	"testing"

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
	s.Logs[0].Msg = strings.Repeat("abcdefghij", 20)
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
