package logs

import (
	"reflect"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/ui/msgs"
)

// A saved filter comes back as it was, records no action, and what a
// hand-edited file adds (an unknown service or level, an escape in the
// search) cannot break the pane or reach the terminal.
func TestRestoreFilters(t *testing.T) {
	saved := game.LogFilter{MinLevel: "WARN", Services: []string{"checkout"}, From: t0.Add(time.Minute),
		Search: "timeout", OnlyHits: true}
	m, cmd := newTestPane().RestoreFilters(saved)
	m, out := drive(m, cmd())
	if got := m.Filters(); !reflect.DeepEqual(got, saved) {
		t.Errorf("restored %+v, want %+v", got, saved)
	}
	for _, msg := range out {
		if _, ok := msg.(msgs.Act); ok {
			t.Errorf("restoring recorded an action: %+v", msg)
		}
	}
	want := apply(m.scenario, m.f).rows
	if got := m.res.rows; !reflect.DeepEqual(got, want) || len(got) == 0 {
		t.Errorf("rows %v, want %v", got, want)
	}

	odd, cmd := newTestPane().RestoreFilters(game.LogFilter{MinLevel: "LOUD", Services: []string{"nope", "cache"},
		Search: "a\x1b]52;c;x\x07b"})
	odd, _ = drive(odd, cmd())
	got := odd.Filters()
	if got.MinLevel != "" || !reflect.DeepEqual(got.Services, []string{"cache"}) || got.Search != "a^[]52;c;x^Gb" {
		t.Errorf("a hand-edited filter restored as %+v", got)
	}
}
