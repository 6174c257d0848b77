// Package signal is the toolkit both scenario generators draw their
// signals with: seeded random streams and the draws telemetry needs
// (Poisson counts, log-normal latencies, jitter and smooth noise, ids and
// Kubernetes names), curves that give a value as a function of time, and
// the scrape clock that decides which interval a metric sample summarises
// and which instant it carries. The simulator (game/sim) and the curated
// library's generator (scenarios/gen) both build on it, so a fix to how a
// signal is drawn or stamped lands in both.
//
// Nothing here reads the clock or iterates a map: the same seed gives the
// same stream, and the same stream the same bytes.
package signal

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// Rand is a seeded random stream. It embeds *rand.Rand (IntN, Float64,
// NormFloat64, Perm, Uint64) and adds the draws signals are made of.
type Rand struct{ *rand.Rand }

// New is the PCG stream (seed, stream).
func New(seed, stream uint64) *Rand { return &Rand{rand.New(rand.NewPCG(seed, stream))} }

// Hash is the 64-bit FNV-1a of s: a stable seed from a name, so a stream
// can be keyed by what it is for rather than by a number someone picked.
func Hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// Uniform is a float in [lo, hi).
func (r *Rand) Uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// LogNormal is a latency around median: sigma 0.5 gives the p99/p50 of
// about 3 that healthy services show, 0.9 about 8.
func (r *Rand) LogNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// Poisson is a count with the given mean: how many lines a source logs in
// a second, how many requests are sampled. Knuth's method for small means,
// the normal approximation beyond 30.
func (r *Rand) Poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		n := int(math.Round(mean + math.Sqrt(mean)*r.NormFloat64()))
		return max(n, 0)
	}
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// Jitter is a multiplicative noise factor 1 + sd·N(0, 1): a scrape that
// reads a few per cent off the truth.
func (r *Rand) Jitter(sd float64) float64 { return 1 + sd*r.NormFloat64() }

// Pick is one of xs, uniformly, drawn from r (a *Rand, or anything that
// embeds one).
func Pick[T any](r interface{ IntN(int) int }, xs ...T) T { return xs[r.IntN(len(xs))] }
