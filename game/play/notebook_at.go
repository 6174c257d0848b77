package play

import (
	"strconv"

	"firedrill/game"
)

// NotebookAt is the candidate's notebook as it stood after Actions[:n]:
// hypotheses in the order first written, each with its latest text and
// status so far and only the evidence already pinned; the final notebook
// supplies what the log does not carry (pin labels, untitled hypotheses a
// pin created, times). Hints: as many as revealed so far. The replay
// shows it beside each step of the timeline.
func (r *InterviewResult) NotebookAt(n int) game.Notebook {
	final := map[int]game.Hypothesis{}
	for _, h := range r.Notebook.Hypotheses {
		final[h.ID] = h
	}
	now := r.TimerStart
	if n > 0 {
		now = now.Add(r.Actions[n-1].Offset)
	}
	var order []int
	byID := map[int]*game.Hypothesis{}
	add := func(h game.Hypothesis) *game.Hypothesis {
		if byID[h.ID] == nil {
			h.Evidence, h.Status = nil, game.StatusOpen
			byID[h.ID] = &h
			order = append(order, h.ID)
		}
		return byID[h.ID]
	}
	noted := map[string]bool{}
	for _, a := range r.Actions {
		if a.Kind == game.ActNote {
			noted[a.Target] = true
		}
	}
	// A hypothesis appears at its wall-clock time even without a note
	// action: a pin on an empty notebook makes an "untitled" one, which a
	// later note may rename (so until then it shows as untitled).
	for _, h := range r.Notebook.Hypotheses {
		if !h.WrittenAt.IsZero() && !h.WrittenAt.After(now) {
			text := h.Text
			if noted[strconv.Itoa(h.ID)] {
				text = "untitled"
			}
			add(game.Hypothesis{ID: h.ID, Text: text, CursorAt: h.CursorAt, WrittenAt: h.WrittenAt})
		}
	}
	pinned := map[[2]string]bool{}
	hints := 0
	for _, a := range r.Actions[:n] {
		id, err := strconv.Atoi(a.Target)
		switch a.Kind {
		case game.ActNote:
			if err != nil {
				continue
			}
			h := final[id]
			h.ID = id
			if h.CursorAt.IsZero() {
				h.CursorAt = a.At
			}
			add(h).Text = a.Detail
		case game.ActStatus:
			if h := byID[id]; err == nil && h != nil {
				h.Status = game.HypothesisStatus(a.Detail)
			}
		case game.ActPin:
			pinned[[2]string{a.Detail, a.Target}] = true
		case game.ActHint:
			hints++
		}
	}
	var nb game.Notebook
	for _, id := range order {
		h := *byID[id]
		for _, p := range final[id].Evidence {
			if pinned[[2]string{string(p.Kind), p.Ref}] {
				h.Evidence = append(h.Evidence, p)
			}
		}
		nb.Hypotheses = append(nb.Hypotheses, h)
	}
	nb.Hints = r.Notebook.Hints[:min(hints, len(r.Notebook.Hints))]
	return nb
}
