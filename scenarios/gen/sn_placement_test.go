package main

import "testing"

// orders-401's story needs its skewed orders-api replica on the node whose
// clock it skews: the script names the node from nodeOffset, the
// generator deals the pods. A change to the draws before orders-api's
// pods would move it; this says so instead of shipping a pod that logs
// the wrong node.
func TestOrders401SkewedPodRunsOnTheSkewedNode(t *testing.T) {
	s := clockSkew()
	g := newG(s.Seed)
	for _, sv := range s.Services {
		if sv.Std != nil {
			s.stdPods(g, sv)
			continue
		}
		n := sv.Pods
		if n == 0 {
			n = 3
		}
		if sv.Sts {
			g.statefulSet(sv.Name, n)
		} else {
			g.deployment(sv.Name, n)
		}
	}
	nodes := s.Hosts.Names
	for _, p := range g.live["orders-api"] {
		if want := nodes[(p.Slot+nodeOffset)%len(nodes)]; p.Node != want {
			t.Errorf("orders-api slot %d runs on %s; the script says %s (fix nodeOffset)", p.Slot, p.Node, want)
		}
	}
}
