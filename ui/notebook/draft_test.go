package notebook

import (
	"strings"
	"testing"
	"time"

	"firedrill/game"
	"firedrill/ui/uitest"
)

// The draft is what would be lost by leaving the editor: nothing while
// browsing or when nothing changed; the text and the stamps while a note
// is being written. Restoring it opens the editor on the same note (a new
// one, or the edit of an existing one), its text made safe to show.
func TestDraftRoundTrip(t *testing.T) {
	m, _ := newModel(t)
	if _, ok := m.Draft(); ok {
		t.Error("a draft while browsing")
	}
	m, _ = uitest.Press(m, "a")
	if _, ok := m.Draft(); ok {
		t.Error("a draft for an empty editor")
	}
	m, _ = uitest.Press(m, strings.Split("cache?", "")...)
	d, ok := m.Draft()
	if !ok || d.Text != "cache?" || d.ID != 0 || !d.WrittenAt.Equal(wall) {
		t.Fatalf("draft %+v %v", d, ok)
	}

	fresh, _ := newModel(t)
	fresh = fresh.SetNotebook(game.Notebook{Hypotheses: []game.Hypothesis{{ID: 4, Text: "old"}}})
	at := wall.Add(-time.Hour)
	fresh, _ = fresh.RestoreDraft(game.NoteDraft{ID: 4, Text: "old, then \x1b[2Jmore", CursorAt: at, WrittenAt: at})
	got, ok := fresh.Draft()
	if !fresh.Capturing() || !ok || got.ID != 4 || got.Text != "old, then ^[[2Jmore" || !got.WrittenAt.Equal(at) {
		t.Errorf("restored the edit of #4 as %+v %v (editing %v)", got, ok, fresh.Capturing())
	}
	gone, _ := newModel(t)
	gone, _ = gone.RestoreDraft(game.NoteDraft{ID: 9, Text: "its hypothesis was deleted"})
	if got, ok := gone.Draft(); !ok || got.ID != 0 {
		t.Errorf("a draft for a missing hypothesis restored as %+v %v; want a new note", got, ok)
	}
}
