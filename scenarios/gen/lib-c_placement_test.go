package main

import "testing"

// search-results-slow's story proves with the busy workers of the search
// pod on the node the backfill lands on (hotSlot); a change to the draws
// before search's pods would move it.
func TestNoisyNodeHotSlotRunsOnTheHotNode(t *testing.T) {
	s := noisyNode()
	g := s.placePods()
	hot := s.Hosts.Names[2]
	for _, p := range g.live["search"] {
		if (p.Node == hot) != (p.Slot == hotSlot) {
			t.Errorf("search slot %d runs on %s; hotSlot %d should be the one on %s", p.Slot, p.Node, hotSlot, hot)
		}
	}
}
