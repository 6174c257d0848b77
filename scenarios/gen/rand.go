package main

import (
	"fmt"

	"firedrill/game/sim/signal"
	"firedrill/game/sim/telemetry"
)

// G is a scenario's source of randomness: a signal.Rand seeded from the
// scenario's id (so editing one script never reshuffles another's data),
// plus the pods of its services, named once and drawn from after.
type G struct {
	*signal.Rand
	pods  map[string][]string
	live  map[string][]telemetry.Pod // a Std service's pods with their lives (std.go)
	nodes []string                   // the hosts' names, when the script names none
}

func newG(id string) *G {
	seed := signal.Hash(id)
	return &G{Rand: signal.New(seed, seed^0x9e3779b97f4a7c15), pods: map[string][]string{}, live: map[string][]telemetry.Pod{}}
}

// hexUUID is a version-4 UUID drawn as 32 hex digits and a variant digit.
// signal.Rand.UUID draws differently; the library keeps its own draw so
// that its committed data stays the same bytes.
func (g *G) hexUUID() string {
	h := g.Hex(32)
	return fmt.Sprintf("%s-%s-4%s-%c%s-%s", h[:8], h[8:12], h[13:16], "89ab"[g.IntN(4)], h[17:20], h[20:32])
}

// deployment names a Deployment's n pods, once.
func (g *G) deployment(svc string, n int) []string {
	if p, ok := g.pods[svc]; ok {
		return p
	}
	g.pods[svc] = g.Pods(svc, n)
	return g.pods[svc]
}

// statefulSet names a StatefulSet's n pods (postgres-0, kafka-1…).
func (g *G) statefulSet(svc string, n int) {
	g.pods[svc] = signal.StatefulPods(svc, n)
}

// pod is a random pod of svc (a Deployment of 3 if it has none yet).
func (g *G) pod(svc string) string {
	p := g.deployment(svc, 3)
	return p[g.IntN(len(p))]
}
