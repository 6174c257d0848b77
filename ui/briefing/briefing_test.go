package briefing

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"firedrill/game"
	"firedrill/ui/styles"
	"firedrill/ui/uitest"
)

func scenario() *game.Scenario {
	return &game.Scenario{Title: "Checkout slow", Difficulty: 3, TimeLimit: 15 * time.Minute,
		Briefing: "[SEV2] checkout p95 > 2s", Services: []game.Service{{Name: "checkout"}, {Name: "cache"}},
		Logs: game.NewLogStore(make([]game.LogLine, 12345)), Choices: make([]game.Choice, 4)}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		key     string
		canBack bool
		want    tea.Msg
	}{
		{"enter", false, Start{}},
		{"enter", true, Start{}},
		{"esc", true, Back{}},
		{"esc", false, nil},
	}
	for _, tt := range tests {
		m := New(scenario(), "practice", false, tt.canBack, styles.New(true, true)).SetSize(80, 24)
		_, cmd := m.Update(uitest.Key(tt.key))
		var got tea.Msg
		if cmd != nil {
			got = cmd()
		}
		if got != tt.want {
			t.Errorf("%s (canBack %v) sent %#v, want %#v", tt.key, tt.canBack, got, tt.want)
		}
	}
}

func TestContent(t *testing.T) {
	view := ansi.Strip(New(scenario(), "drill", false, false, styles.New(true, true)).SetSize(100, 40).View())
	for _, want := range []string{"Checkout slow", "[SEV2] checkout p95 > 2s", "drill", "15m",
		"checkout, cache", "12,345 log lines", "one of 4 choices", "enter start the clock"} {
		if !strings.Contains(view, want) {
			t.Errorf("briefing lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "esc back") {
		t.Error("a briefing opened by play offers esc back to a list that is not there")
	}
}

func TestGradedTextPromisesHintsOnlyWhereTheModeHasThem(t *testing.T) {
	tests := []struct {
		mode      game.Mode
		want, not string
	}{
		{game.ModePractice, "each hint (h) costs 100", "no hints"},
		{game.ModeDrill, "no hints in drill mode", "costs 100"},
		{game.ModeDaily, "no hints in daily mode", "costs 100"},
		{game.ModeInterview, "for your interviewer", "costs 100"},
	}
	for _, tt := range tests {
		got := gradedText(tt.mode, 5)
		if !strings.Contains(got, tt.want) || strings.Contains(got, tt.not) {
			t.Errorf("%s: %q\nwant it to say %q and not %q", tt.mode, got, tt.want, tt.not)
		}
	}
}

// Every mode says evidence is attached at the submit; the graded modes say
// what proof is and what a right pick without it costs.
func TestGradedTextStatesTheProofRules(t *testing.T) {
	for _, mode := range []game.Mode{game.ModePractice, game.ModeDrill, game.ModeDaily, game.ModeInterview} {
		got := gradedText(mode, 5)
		want := []string{"attach up to 5 of the signals you pinned (m) as proof"}
		if mode != game.ModeInterview {
			want = append(want, "shows what started it (the trigger) and something it led to",
				"a right pick without proof scores half, with no bonus", "each attached pin that proves nothing costs 50")
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q\nlacks %q", mode, got, w)
			}
		}
	}
}
