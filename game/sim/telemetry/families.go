package telemetry

import "fmt"

// agg is how a scrape window of readings becomes one sample.
type agg uint8

const (
	aggMean     agg = iota // rates and utilisation: the window's mean
	aggWeighted            // ratios and quantiles of requests: weighted by traffic
	aggLast                // gauges and counters: read at the scrape
	aggMax                 // pauses: the worst in the window
)

// family is one standard series of a service or of each of its pods.
type family struct {
	name, unit string
	agg        agg
	exact      bool    // counters: no scrape noise
	noise      float64 // the family's noise over the service's (0: 1)
	req        func(Requests) float64
	res        func(Resources) float64
}

// requestNames are the request families' names per kind: rate, errors,
// and the duration quantiles' stem.
var requestNames = map[Kind]struct{ rate, rateUnit, errors, duration string }{
	HTTP:     {"http_requests_per_second", "rps", "http_errors_ratio", "http_request_duration"},
	Postgres: {"pg_queries_per_second", "qps", "pg_errors_ratio", "pg_query_duration"},
	Redis:    {"redis_commands_per_second", "ops", "redis_errors_ratio", "redis_command_duration"},
	Kafka:    {"kafka_requests_per_second", "rps", "kafka_errors_ratio", "kafka_request_duration"},
	Consumer: {"consumer_records_per_second", "msg/s", "consumer_errors_ratio", "consumer_record_duration"},
}

// RateName, ErrorsName and DurationName are the names of a kind's request
// rate, error ratio and duration quantile q ("p50", "p95", "p99").
func RateName(k Kind) string               { return requestNames[k].rate }
func ErrorsName(k Kind) string             { return requestNames[k].errors }
func DurationName(k Kind, q string) string { return requestNames[k].duration + "_" + q + "_ms" }

// Kind-specific families, every service of the kind has them.
const (
	HitRatioName    = "redis_keyspace_hit_ratio"
	TopicInName     = "kafka_topic_messages_in_per_second"
	LagName         = "consumer_lag_messages"
	CPUName         = "cpu_usage_cores"
	ThrottledName   = "cpu_throttled_ratio"
	MemoryName      = "memory_working_set_mib"
	RestartsName    = "restarts_total"
	GCPauseName     = "gc_pause_p99_ms"
	BusyName        = "workers_busy_ratio"
	PoolName        = "pool_in_use_ratio"
	NodeCPUName     = "node_cpu_utilization_ratio"
	NodeDiskName    = "node_filesystem_free_gib"
	NodeNetworkName = "node_network_receive_mbps"
	NodeConntrack   = "node_conntrack_used_ratio"
	NodeClockName   = "node_clock_offset_ms"
)

// serviceFamilies are the families of the service as a whole.
func serviceFamilies(k Kind) []family {
	n := requestNames[k]
	fs := []family{
		{name: n.rate, unit: n.rateUnit, agg: aggMean, req: func(r Requests) float64 { return r.RPS }},
		{name: n.errors, unit: "ratio", agg: aggWeighted, req: func(r Requests) float64 { return r.Err }},
		{name: n.duration + "_p50_ms", unit: "ms", agg: aggWeighted, req: func(r Requests) float64 { return r.P50 }},
		{name: n.duration + "_p95_ms", unit: "ms", agg: aggWeighted, req: func(r Requests) float64 { return r.P95 }},
		{name: n.duration + "_p99_ms", unit: "ms", agg: aggWeighted, req: func(r Requests) float64 { return r.P99 }},
	}
	switch k {
	case Redis:
		// a hit ratio over thousands of commands a second barely wobbles
		fs = append(fs, family{name: HitRatioName, unit: "ratio", agg: aggWeighted, noise: 0.1, req: func(r Requests) float64 { return r.Hit }})
	case Consumer:
		fs = append(fs, family{name: TopicInName, unit: "msg/s", agg: aggMean, req: func(r Requests) float64 { return r.Produced }})
	}
	return fs
}

// podFamilies are the families every pod of the service has.
func podFamilies(k Kind, rt Runtime) []family {
	fs := []family{
		// CPU use and, more so, throttled CFS periods swing with every
		// burst of requests; a working set barely moves between scrapes.
		{name: CPUName, unit: "cores", agg: aggMean, noise: 1.5, res: func(r Resources) float64 { return r.CPU }},
		{name: ThrottledName, unit: "ratio", agg: aggMean, noise: 3, res: func(r Resources) float64 { return r.Throttled }},
		{name: MemoryName, unit: "MiB", agg: aggLast, noise: 0.25, res: func(r Resources) float64 { return r.MemMiB }},
		{name: RestartsName, unit: "count", agg: aggLast, exact: true, res: func(r Resources) float64 { return float64(r.Restarts) }},
	}
	if rt != Native {
		fs = append(fs, family{name: GCPauseName, unit: "ms", agg: aggMax, noise: 2, res: func(r Resources) float64 { return r.GCPauseMs }})
	}
	fs = append(fs, family{name: BusyName, unit: "ratio", agg: aggMean, noise: 2, res: func(r Resources) float64 { return r.Busy }})
	if k == HTTP || k == Consumer {
		fs = append(fs, family{name: PoolName, unit: "ratio", agg: aggMean, noise: 2, res: func(r Resources) float64 { return r.Pool }})
	}
	return fs
}

// PodSeriesName is the name of a pod's series of a family:
// cpu_usage_cores{pod="x2k4q"}. The label is the pod's own suffix, the
// part after the service and ReplicaSet hash (the whole name of a
// StatefulSet pod): the service is on the series already, and a grid
// cell has room for the rest.
func PodSeriesName(familyName, pod string) string {
	return fmt.Sprintf(`%s{pod="%s"}`, familyName, PodLabel(pod))
}

// PodLabel is the label a pod's series carry (see PodSeriesName).
func PodLabel(pod string) string {
	for i := len(pod) - 1; i >= 0; i-- {
		if pod[i] == '-' {
			tail := pod[i+1:]
			if isDigits(tail) { // a StatefulSet's ordinal: keep the whole name
				return pod
			}
			return tail
		}
	}
	return pod
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// PartitionSeriesName is a Consumer's lag series for one partition.
func PartitionSeriesName(p int) string { return fmt.Sprintf(`%s{partition="%d"}`, LagName, p) }

// NodeSeriesName is a node's series of a family: node_cpu_utilization_ratio{node="ip-10-0-3-17"}.
func NodeSeriesName(familyName, node string) string {
	return fmt.Sprintf(`%s{node="%s"}`, familyName, node)
}
