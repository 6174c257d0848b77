package main

import "testing"

// orders-401's story needs its skewed orders-api replica on the node whose
// clock it skews: the script names the node from nodeOffset, the
// generator deals the pods. A change to the draws before orders-api's
// pods would move it; this says so instead of shipping a pod that logs
// the wrong node.
func TestOrders401SkewedPodRunsOnTheSkewedNode(t *testing.T) {
	s := clockSkew()
	g := s.placePods()
	nodes := s.Hosts.Names
	for _, p := range g.live["orders-api"] {
		if want := nodes[(p.Slot+nodeOffset)%len(nodes)]; p.Node != want {
			t.Errorf("orders-api slot %d runs on %s; the script says %s (fix nodeOffset)", p.Slot, p.Node, want)
		}
	}
}

// shipping-options-missing's story names the nodes of shipping's and
// node-local-dns' replicas: the caches that hold the negative answer must
// be those of the failing pods' nodes.
func TestShippingPodsAndTheirCachesShareNodes(t *testing.T) {
	s := dnsNegCache()
	g := s.placePods()
	nodes := s.Hosts.Names
	for svc, off := range map[string]int{"shipping": shippingOffset, "node-local-dns": dnsOffset} {
		for _, p := range g.live[svc] {
			if want := nodes[(p.Slot+off)%len(nodes)]; p.Node != want {
				t.Errorf("%s slot %d runs on %s; the script says %s (fix its offset)", svc, p.Slot, p.Node, want)
			}
		}
	}
}

// checkout-timeouts's story puts webhooks and one checkout
// replica on the node whose conntrack table fills.
func TestConntrackStoryPodsOnTheirNodes(t *testing.T) {
	s := conntrack()
	g := s.placePods()
	nodes := s.Hosts.Names
	for svc, off := range map[string]int{"webhooks": webhooksOffset, "checkout": checkoutOffset} {
		for _, p := range g.live[svc] {
			if want := nodes[(p.Slot+off)%len(nodes)]; p.Node != want {
				t.Errorf("%s slot %d runs on %s; the script says %s (fix its offset)", svc, p.Slot, p.Node, want)
			}
		}
	}
}
