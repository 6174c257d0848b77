package main

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
)

// G is a scenario's source of randomness. Each scenario seeds its own PCG
// from its id, so editing one script never reshuffles another's data.
type G struct {
	r    *rand.Rand
	pods map[string][]string
}

func newG(id string) *G {
	h := fnv.New64a()
	h.Write([]byte(id))
	seed := h.Sum64()
	return &G{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), pods: map[string][]string{}}
}

// F returns a uniform float in [0,1).
func (g *G) F() float64 { return g.r.Float64() }

// N is a standard normal sample.
func (g *G) N() float64 { return g.r.NormFloat64() }

// I returns an int in [0,n).
func (g *G) I(n int) int { return g.r.IntN(n) }

// U returns a uniform float in [a,b).
func (g *G) U(a, b float64) float64 { return a + (b-a)*g.r.Float64() }

// LogN is a log-normal sample with the given median; sigma 0.5 gives the
// p99/p50 ratio of about 3 that healthy services show, 0.9 about 8.
func (g *G) LogN(median, sigma float64) float64 {
	return median * math.Exp(sigma*g.r.NormFloat64())
}

// Poisson samples a count with mean lambda (Knuth for small, normal for large).
func (g *G) Poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*g.N()))
		return max(n, 0)
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= g.F()
		if p <= l {
			return k
		}
		k++
	}
}

// Pick returns one of xs.
func Pick[T any](g *G, xs ...T) T { return xs[g.I(len(xs))] }

// Hex returns n lower-case hex digits.
func (g *G) Hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.I(16)]
	}
	return string(b)
}

// UUID is a version-4 UUID.
func (g *G) UUID() string {
	h := g.Hex(32)
	return fmt.Sprintf("%s-%s-4%s-%c%s-%s", h[:8], h[8:12], h[13:16], "89ab"[g.I(4)], h[17:20], h[20:32])
}

// k8s names pods from a restricted alphabet with no vowels, so that no
// generated name spells a word.
const podAlphabet = "bcdfghjklmnpqrstvwxz2456789"

func (g *G) podChars(n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(podAlphabet[g.I(len(podAlphabet))])
	}
	return b.String()
}

// Pods returns the service's pods (a Deployment's ReplicaSet), made once.
func (g *G) Pods(svc string, n int) []string {
	if p, ok := g.pods[svc]; ok {
		return p
	}
	rs := g.podChars(9 + g.I(2))
	p := make([]string, n)
	for i := range p {
		p[i] = svc + "-" + rs + "-" + g.podChars(5)
	}
	g.pods[svc] = p
	return p
}

// StatefulPods names a StatefulSet's pods (postgres-0, kafka-1…).
func (g *G) StatefulPods(svc string, n int) []string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf("%s-%d", svc, i)
	}
	g.pods[svc] = p
	return p
}

// Pod is a random pod of svc (made with 3 replicas if it has none yet).
func (g *G) Pod(svc string) string {
	p := g.Pods(svc, 3)
	return p[g.I(len(p))]
}

// IP is a pod IP in the cluster's 10.2.0.0/16.
func (g *G) IP() string { return fmt.Sprintf("10.2.%d.%d", g.I(16), 2+g.I(250)) }

// Node is an EC2-style node name.
func (g *G) Node() string {
	return fmt.Sprintf("ip-10-0-%d-%d.ec2.internal", 1+g.I(6), 10+g.I(240))
}
