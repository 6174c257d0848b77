// Package sim is firedrill's incident simulator: a small discrete-time model
// of a service graph (capacity, log-normal latency, timeouts, retries,
// caches, pools, queues, heaps, CPU limits) stepped once a simulated second.
// Faults change parameters at a time; their effects propagate through the
// graph by the model alone, so a retry storm or a pool drain emerges rather
// than being drawn. Observers turn the per-second states into the metrics,
// logs, traces and events of a source scenario, and the generator wraps that
// in choices and an answer block. Nothing here reads the clock, the network
// or map iteration order: the same inputs give the same bytes.
//
// Its building blocks are shared with the curated library's generator
// (scenarios/gen): game/sim/signal draws (random streams, curves, ids, the
// scrape clock) and game/sim/emit writes the pack format.
package sim

// Kind says what a service is, which decides its metrics and log strings.
type Kind uint8

const (
	KindAPI      Kind = iota // an HTTP/gRPC service with a worker pool
	KindDB                   // postgres: its rps is queries per second
	KindCache                // redis
	KindBroker               // kafka
	KindConsumer             // a queue consumer: no inbound requests
)

// Stack is the runtime of a service; it picks error strings (a Go service
// never prints a Java stack trace).
type Stack uint8

const (
	StackGo Stack = iota
	StackJava
	StackPostgres
	StackRedis
	StackKafka
	StackNginx
)

// Service is one node of the graph with its capacity and latency model.
type Service struct {
	Name  string
	Kind  Kind
	Stack Stack
	Pods  int
	// Workers is the concurrency one pod serves (threads, goroutine limit,
	// postgres backends); requests beyond it queue.
	Workers int
	// CPU is the per-pod CPU limit in cores; CPUms the CPU one request costs.
	CPU   float64
	CPUms float64
	// Median is the service's own work in ms at low load; Sigma the
	// log-normal shape (p99/p50 = e^(2.326σ), 3–10 for σ 0.47–0.99).
	Median float64
	Sigma  float64
	// BaseErr is the background failure fraction of its own work.
	BaseErr float64
	// Endpoint is the server span name ("GET /checkout").
	Endpoint string
	// Uninstrumented services emit no spans: their callees' spans point at
	// a parent that is missing from the trace.
	Uninstrumented bool
	// Quiet services log a fraction of a line a second, busy ones several.
	Quiet bool

	Deps  []Dep
	Pool  *Pool
	Heap  *Heap
	Queue *Queue
	// ServerTimeout sheds a request that waited longer (nginx 504, a
	// gRPC deadline); 0 means 10 s.
	ServerTimeout float64
	// rhoW and rhoC are the worker and CPU utilisation the generator sizes
	// the service for at mean load (0: defaults).
	rhoW, rhoC float64
}

// Dep is one client edge: how often a request calls the callee, with what
// timeout per attempt and how many retries with exponential backoff.
type Dep struct {
	To        int     // index of the callee in Model.Services
	PerReq    float64 // calls per inbound request
	Timeout   float64 // ms per attempt
	Retries   int     // attempts after the first
	BackoffMs float64 // first backoff; it doubles: 100/200/400 ms
	Op        string  // client span name, e.g. "inventory.Reserve"
	// Cache, when set, is a cache-aside in front of this edge: only misses
	// reach the callee; every call also reads the cache server.
	Cache *Cache
	// Host is the name the client resolves (logged when lookups fail).
	Host string
}

// Cache is a cache-aside with a hit ratio that refills toward Target as
// successful misses are written back.
type Cache struct {
	Server int     // index of the cache service (redis)
	Target float64 // steady-state hit ratio
	// RefillPerSec is the fraction of the gap to Target closed a second
	// when every miss succeeds; failed misses fill nothing.
	RefillPerSec float64
}

// Pool is a client connection pool (HikariCP, pgx) to one dependency.
type Pool struct {
	Dep       int     // index into Deps
	Size      int     // connections per pod
	WaitMs    float64 // connectionTimeout: waiters fail after this long
	Hikari    bool    // Java: HikariCP strings and metric names
	LeakPerKE float64 // set by a fault: connections leaked per 1000 failed requests
}

// Heap is a managed heap per pod: live set, limit, GC pause.
type Heap struct {
	LiveMiB  float64
	LimitMiB float64
	PauseMs  float64 // young-GC pause at a healthy heap
	LeakMiBs float64 // set by a fault: live-set growth per second per pod
}

// Queue makes the service a consumer of a topic fed by a producer edge.
type Queue struct {
	Topic      string
	Producer   int     // index of the producing service
	PerReq     float64 // messages per producer request
	Threads    int     // consumer threads per pod
	PerRecord  float64 // ms of work per record
	Partitions int
}

// Model is the graph the simulator steps. Services[0] is the entry point
// that receives external traffic; Deps must form a DAG.
type Model struct {
	Services []Service
	// EntryRPS is the mean external load; Traffic shapes it over time.
	EntryRPS float64
}

// Index finds a service by name, -1 if absent.
func (m *Model) Index(name string) int {
	for i := range m.Services {
		if m.Services[i].Name == name {
			return i
		}
	}
	return -1
}

// topoOrder lists services callers first (Kahn's algorithm over Deps and
// producer edges), ties by index so the order is stable.
func (m *Model) topoOrder() []int {
	n := len(m.Services)
	indeg := make([]int, n)
	for i := range m.Services {
		for _, d := range m.Services[i].Deps {
			indeg[d.To]++
			if d.Cache != nil {
				indeg[d.Cache.Server]++
			}
		}
	}
	var order []int
	done := make([]bool, n)
	for len(order) < n {
		progressed := false
		for i := 0; i < n; i++ {
			if done[i] || indeg[i] > 0 {
				continue
			}
			done[i], progressed = true, true
			order = append(order, i)
			for _, d := range m.Services[i].Deps {
				indeg[d.To]--
				if d.Cache != nil {
					indeg[d.Cache.Server]--
				}
			}
		}
		if !progressed { // a cycle: keep going in index order rather than hang
			for i := 0; i < n; i++ {
				if !done[i] {
					done[i] = true
					order = append(order, i)
				}
			}
		}
	}
	return order
}
