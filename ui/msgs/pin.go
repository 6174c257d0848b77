package msgs

import "firedrill/game"

// RevealPin asks the root to show a piece of evidence where it lives:
// switch to the pane of the pin's kind and call that pane's Reveal. The
// notebook (enter on a pinned item) and the debrief (enter on an evidence
// line that names a signal) send it.
type RevealPin struct{ Pin game.Pin }

func (RevealPin) forRoot() {}
