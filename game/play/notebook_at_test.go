package play

import (
	"testing"

	"firedrill/game"
)

// TestNotebookAt rebuilds the notebook of the handmade result
// testdata/replay/result.json (18 actions against the mini pack) after
// each prefix of its actions.
func TestNotebookAt(t *testing.T) {
	r, err := ReadResult("../../testdata/replay/result.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		n        int // actions applied
		hyps     int
		text     string
		status   game.HypothesisStatus
		evidence int
		hints    int
	}{
		{0, 0, "", "", 0, 0},
		{4, 1, "untitled", game.StatusOpen, 1, 0}, // the log pin made an untitled hypothesis
		{9, 1, "untitled", game.StatusOpen, 2, 0}, // the metric pin joins it
		{13, 1, "cache evictions at +10m drive postgres load", game.StatusOpen, 2, 0},
		{14, 1, "cache evictions at +10m drive postgres load", game.StatusOpen, 2, 1},
		{18, 1, "cache evictions at +10m drive postgres load", game.StatusConfirmed, 2, 1},
	}
	for _, tt := range tests {
		nb := r.NotebookAt(tt.n)
		if len(nb.Hypotheses) != tt.hyps || len(nb.Hints) != tt.hints {
			t.Errorf("n=%d: %d hypotheses %d hints, want %d %d", tt.n, len(nb.Hypotheses), len(nb.Hints), tt.hyps, tt.hints)
			continue
		}
		if tt.hyps == 0 {
			continue
		}
		h := nb.Hypotheses[0]
		if h.Text != tt.text || h.Status != tt.status || len(h.Evidence) != tt.evidence {
			t.Errorf("n=%d: %q %s %d pins, want %q %s %d", tt.n, h.Text, h.Status, len(h.Evidence), tt.text, tt.status, tt.evidence)
		}
	}
}
