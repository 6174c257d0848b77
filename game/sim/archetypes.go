package sim

import "fmt"

// archetype is one incident family (Archetypes lists them; their build
// functions live in files named by family): build lays out the
// services the story needs, the fault, the signals and the texts; the rest
// (fillers, herrings, observation, the answer) is shared.
type archetype struct {
	name, summary string
	build         func(g *gen)
}

// link is one step of the causal chain; ref, when set, is the series whose
// move (with its time) proves it.
type link struct {
	text string
	ref  *SignalRef
}

var archetypes = []*archetype{
	{"cache-stampede", "a release bumps the cache key prefix; misses flood postgres", buildCacheStampede},
	{"retry-storm", "a config push cuts a client timeout under the callee's p95; retries multiply load", buildRetryStorm},
	{"pool-exhaustion", "a release leaks DB connections on an error path; the pool drains", buildPoolExhaustion},
	{"memory-leak", "a release leaks heap; GC thrashes, pods are OOMKilled", buildMemoryLeak},
	{"cpu-throttling", "a right-sizing change cuts a CPU limit; CFS throttling stalls requests", buildCPUThrottling},
	{"bad-config-dns", "a config push misspells a dependency's host; lookups fail", buildBadHost},
	{"consumer-lag", "a consumer release slows each record; lag grows without bound", buildConsumerLag},
	{"feature-flag", "a flag rollout sends a slice of traffic down a path that throws", buildFeatureFlag},
	{"cert-expiry", "a service's mTLS certificate expires; every handshake fails", buildCertExpiry},
	{"traffic-growth", "a new client's traffic grows past a service's fixed replica count", buildTrafficGrowth},
	{"third-party-slow", "an external payment provider slows down; calls to it time out", buildThirdPartySlow},
	{"plan-flip", "fresh table statistics flip a hot query onto a slow plan", buildPlanFlip},
	{"batch-job", "a batch job no one announced floods the shared database", buildBatchJob},
	{"disk-full", "a failing WAL archiver fills the database's disk until writes fail", buildDiskFull},
	{"noisy-neighbour", "another workload takes a shared node's CPU from the pods on it", buildNoisyNeighbour},
	{"clock-skew", "one node's clock falls behind; its pods reject fresh tokens", buildClockSkew},
	{"hot-partition", "one tenant's import piles onto a single partition of a topic", buildHotPartition},
}

// Archetypes lists the archetype names, in catalogue order.
func Archetypes() []string {
	out := make([]string, len(archetypes))
	for i, a := range archetypes {
		out[i] = a.name
	}
	return out
}

// Summary is one line about an archetype, for --list.
func Summary(name string) string {
	if a := lookup(name); a != nil {
		return a.summary
	}
	return ""
}

func lookup(name string) *archetype {
	for _, a := range archetypes {
		if a.name == name {
			return a
		}
	}
	return nil
}

func ref(s, n string) *SignalRef { return &SignalRef{s, n} }

// semver makes a release name: v2.14.1 (3f9c2d1).
func (g *gen) semver() string {
	return fmt.Sprintf("v%d.%d.%d (%s)", 1+g.rng.IntN(5), g.rng.IntN(20), g.rng.IntN(10), g.rng.Hex(7))
}
