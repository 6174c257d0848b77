// Package telemetry emits the standard metric families every service
// exposes, as real exporters do: request rate, errors and duration
// quantiles for the service (the "RED" families, named by the kind of
// server: http_, pg_, redis_, kafka_, consumer_), and per pod its CPU use
// and throttling, working-set memory, GC pauses (Go and JVM runtimes),
// worker and connection-pool saturation and container restarts;
// consumers add their lag per partition, and nodes their CPU, disk,
// network, conntrack table and clock offset.
//
// Every service of a kind gets the same families, so the culprit's
// series is never the only one of its name and no series name states a
// mechanism: a cache flush shows in redis_keyspace_hit_ratio, which every
// redis has; a leak in container_memory_working_set_mib, which every pod
// has.
//
// The caller describes what happened (a Source: the service's traffic and
// each pod's resources as functions of time, and which pods lived when);
// Emit reads it through the scrape clock (signal.Scrape: a sample
// summarises the interval that ENDS at its stamp), aggregates each window
// the way the family is aggregated (rates averaged, ratios and quantiles
// weighted by traffic, gauges read at the scrape, pauses the worst),
// adds scrape noise and gaps, and returns the series. The simulator
// (game/sim) and the curated library's scripts (scenarios/gen) both emit
// through it.
package telemetry

import (
	"time"

	"firedrill/game/sim/signal"
)

// Kind is the kind of server a service is: it names its request families.
type Kind uint8

const (
	HTTP     Kind = iota // an HTTP or gRPC service
	Postgres             // a postgres database: queries
	Redis                // a redis cache: commands, keyspace hit ratio
	Kafka                // a kafka broker: produce and fetch requests
	Consumer             // a queue consumer: records, lag per partition
)

// Runtime is what the service runs on: Go and JVM runtimes have a garbage
// collector and its pause family; native servers (postgres, redis) none.
type Runtime uint8

const (
	Native Runtime = iota
	Go
	JVM
)

// Service is one service whose families Emit writes.
type Service struct {
	Name    string
	Kind    Kind
	Runtime Runtime
	// Pods are every pod that lived during the window, in the order their
	// series are written; a rollout's new pods follow the old ones.
	Pods []Pod
	// Partitions is how many partitions a Consumer reads: one lag series
	// each.
	Partitions int
	// Missed reports whether scrape k of this service failed (an
	// overloaded host, a restarting exporter): every series of the
	// service has a gap there. Nil: no gaps.
	Missed func(k int) bool
}

// Pod is one pod of a service: its name, the node it ran on, the version
// it ran and when it lived. A container restart keeps the pod's name (its
// counters reset and Resources.Restarts counts it); a rollout or a
// reschedule makes a new pod.
type Pod struct {
	Name, Node, Version string
	// From and To bound the pod's life as offsets from the window's start:
	// alive in [From, To); To == 0 means until the end.
	From, To time.Duration
	// Slot is the replica the pod fills: a rollout's new pod takes over
	// the slot of the old pod it replaces.
	Slot int
}

// Alive reports whether the pod lived at offset t.
func (p Pod) Alive(t time.Duration) bool { return t >= p.From && (p.To == 0 || t < p.To) }

// Requests is a service's traffic at one instant: what its request
// families summarise.
type Requests struct {
	RPS           float64 // requests served per second (records, for a Consumer)
	Err           float64 // share that failed, 0..1
	P50, P95, P99 float64 // ms
	// Hit is a Redis' keyspace hit ratio (0..1).
	Hit float64
	// Produced is the messages per second written to a Consumer's topic.
	Produced float64
}

// Resources is one pod's condition at one instant.
type Resources struct {
	CPU       float64 // cores used
	Throttled float64 // share of CFS periods throttled, 0..1
	MemMiB    float64 // working set
	GCPauseMs float64 // the worst GC pause (Go and JVM runtimes)
	// Busy is the share of the pod's workers in use (threads, postgres
	// backends, request handlers), 0..1.
	Busy float64
	// Pool is the share of its client connection pool in use (HTTP and
	// Consumer services), 0..1.
	Pool float64
	// Restarts counts the pod's container restarts so far.
	Restarts int
}

// Source says what a service did. Emit reads it at every Resolution step
// of each scrape window; t is the offset from the window's start.
type Source interface {
	Requests(t time.Duration) Requests
	// Pod is pod i's resources (i indexes Service.Pods); Emit asks only
	// while the pod is alive.
	Pod(i int, t time.Duration) Resources
	// Lag is a Consumer's lag on one partition, in messages.
	Lag(partition int, t time.Duration) float64
}

// Options are how Emit reads and perturbs a source.
type Options struct {
	Clock signal.Scrape
	// Resolution is how finely a scrape window is read (default one
	// second, the simulator's step).
	Resolution time.Duration
	// Rand draws the scrape noise. Nil emits the exact aggregates, with no
	// noise and no gaps: the truth a test compares with.
	Rand *signal.Rand
	// Jitter is the relative standard deviation of the noise; 0 draws it
	// per service in 3–5 %.
	Jitter float64
}

// Funcs is a Source made of functions, for scripts that describe a
// service by curves: nil functions read as zero.
type Funcs struct {
	Req  func(t time.Duration) Requests
	Res  func(pod int, t time.Duration) Resources
	Part func(partition int, t time.Duration) float64
}

func (f Funcs) Requests(t time.Duration) Requests {
	if f.Req == nil {
		return Requests{}
	}
	return f.Req(t)
}

func (f Funcs) Pod(i int, t time.Duration) Resources {
	if f.Res == nil {
		return Resources{}
	}
	return f.Res(i, t)
}

func (f Funcs) Lag(p int, t time.Duration) float64 {
	if f.Part == nil {
		return 0
	}
	return f.Part(p, t)
}
