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

// ledger-writes-failing fills the data volume of postgres-0's node: the
// node the script names must be the one the generator places it on.
func TestDiskFullPostgresRunsOnTheFillingNode(t *testing.T) {
	s := diskFull()
	g := s.placePods()
	for _, p := range g.live["postgres"] {
		if p.Name == "postgres-0" && p.Node != s.Hosts.Names[pgNodeIndex] {
			t.Errorf("postgres-0 runs on %s; the script fills %s (fix pgNodeIndex)", p.Node, s.Hosts.Names[pgNodeIndex])
		}
	}
}
